"""Ingest throughput against raw spaCy, and how ingest scales.

Synthetic releases are generated from the domain pack (data/domain: its
bodies, cities, countries, meetings, initiatives and themes, with generated
people, dates and figures), each a press release of about 500 words in the
shapes the real ones take: a headline, a dateline, who hosted what where, who
spoke, which cities joined, what was signed, on which themes.

1. Throughput on the same texts in the same run:
   - raw spaCy: `nlp.pipe` of the same model (spacy.load, nothing added), in
     batches of the same size as kg's (settings.batch_size, KG_BATCH_SIZE);
   - kg's NLP stage alone (kg.extraction.extract_many: the model with kg's
     span classifier, linking and relation classifiers);
   - the whole ingest (kg.pipeline.ingest into a fresh embedded store: NLP,
     RDF, SHACL, store writes),
   in releases/s and words/s, and the ratio ingest / raw spaCy (target >= 0.8):
   two interleaved rounds (--rounds), the best time of each.
2. Scaling: one ingest of N releases (default 10,000) into a fresh store, with
   the time and memory (RSS) at 10, 100, 1,000, ... releases, the per-release
   cost of the first and the last 1,000, their ratio (target <= 1.3), and the
   peak RSS.

    .venv/bin/python bench/bench_ingest.py                       # both, 10,000 for the curve
    .venv/bin/python bench/bench_ingest.py --releases 300 --scale 0   # throughput only
    .venv/bin/python bench/bench_ingest.py --profile             # cProfile of the whole ingest

Run on demand; not part of the test suite.
"""
from __future__ import annotations

import argparse
import csv
import gc
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GIVEN = ["Aiko", "Budi", "Chanthavy", "Dara", "Eko", "Farah", "Hiroshi", "Intan", "Kenji", "Linh", "Maria",
         "Nguyen Van", "Phan Thi", "Rizal", "Siti", "Somchai", "Takeshi", "Thida", "Wan", "Yuki", "Zainal"]
FAMILY = ["Abdullah", "Bounmy", "Chua", "Dizon", "Hartono", "Ishikawa", "Kato", "Lim", "Mendoza", "Nakamura",
          "Phommachanh", "Rahman", "Santos", "Sato", "Sokha", "Suzuki", "Tan", "Tanaka", "Vongsa", "Wijaya"]
TITLES = ["Minister", "Vice Minister", "Deputy Minister", "Director-General", "Secretary-General", "Mayor",
          "Governor", "Ambassador", "State Minister", "Undersecretary"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
FILLER = [
    "Delegates toured a district where sensors now report flooding in real time.",
    "The participants agreed to share data standards and procurement guidelines before the next meeting.",
    "Several speakers stressed that projects must be bankable to attract private investment.",
    "A working session compared mobility pilots, from on-demand buses to integrated fare systems.",
    "Officials said the pilots had cut average commuting time by about a fifth.",
    "The programme also covers training for city staff in data analysis and cybersecurity.",
    "Local universities presented research on heat islands and green building codes.",
    "Business representatives showed technologies for water treatment and waste-to-energy plants.",
    "The organisers said that more than 300 people took part, in person and online.",
    "A joint statement will be published after the cities have reviewed the draft.",
    "Participants visited a control centre that manages traffic signals across the city.",
    "The next round of feasibility studies will start in the second half of the year.",
]


def _pack():
    rows = list(csv.DictReader((ROOT / "data" / "domain" / "entities.csv").open(encoding="utf-8")))
    themes = list(csv.DictReader((ROOT / "data" / "domain" / "themes.csv").open(encoding="utf-8")))
    by = {}
    for row in rows:
        by.setdefault((row["kind"], row["subtype"]), []).append(row)
    cities = by.get(("Place", "City"), [])
    countries = by.get(("Country", ""), [])
    bodies = [r for (kind, _), rs in by.items() if kind == "Organization" for r in rs]
    events = by.get(("Event", "Meeting"), [])
    initiatives = [r for (kind, _), rs in by.items() if kind == "Initiative" for r in rs]
    return cities, countries, bodies, events, initiatives, themes


def generate(n: int, seed: int = 8):
    """`n` varied synthetic releases (kg Documents), the same for the same seed."""
    from kg.document import Document

    cities, countries, bodies, events, initiatives, themes = _pack()
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        def person():
            return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"

        city, other = rng.sample(cities, 2)
        country = next((c for c in countries if c["key"] == city.get("country") or c["name"] == city.get("country")),
                       rng.choice(countries))
        host, partner, third = rng.sample(bodies, 3)
        event = rng.choice(events)
        initiative = rng.choice(initiatives)
        theme_a, theme_b = rng.sample(themes, 2)
        year = rng.randint(2018, 2026)
        month = rng.randrange(12)
        day = rng.randint(1, 28)
        speaker, second, mayor = person(), person(), person()
        joined = ", ".join(c["name"] for c in rng.sample(cities, 3))
        paragraphs = [
            f"{event['name']} held in {city['name']}",
            f"{city['name']}, {day} {MONTHS[month]} {year} —",
            f"The {host['name']} hosted the {event['name']} in {city['name']}, {country['name']}, "
            f"on {day} {MONTHS[month]} {year}, in cooperation with the {partner['name']} and the "
            f"{third['name']}. The meeting brought together officials from the member cities of the "
            f"{initiative['name']}.",
            f"{rng.choice(TITLES)} {speaker} of the {host['name']} delivered the opening remarks. "
            f"{rng.choice(TITLES)} {second} of the {partner['name']} gave a keynote speech on "
            f"{theme_a['pref_label']} and {theme_b['pref_label']}.",
            f"Mayor {mayor} of {other['name']} presented the city's plans for {theme_a['pref_label']}, "
            f"including a pilot project funded by the {third['name']}.",
            f"The cities of {joined} joined the {initiative['name']} this year, bringing the network to "
            f"{rng.randint(26, 40)} cities.",
            " ".join(rng.sample(FILLER, 6)),
            f"The {partner['name']} and the {host['name']} signed a memorandum of cooperation on "
            f"{theme_b['pref_label']} worth {rng.randint(2, 90)} million dollars.",
            " ".join(rng.sample(FILLER, 6)),
            f"The next meeting will take place in {rng.choice(cities)['name']} in {year + 1}.",
            " ".join(rng.sample(FILLER, 5)),
            " ".join(rng.sample(FILLER, 5)),
        ]
        text = "\n\n".join(paragraphs) + "\n"
        docs.append(Document(id=f"synthetic-{i:05d}", text=text, title=paragraphs[0],
                             date=f"{year}-{month + 1:02d}-{day:02d}", source=f"synthetic-{i:05d}.txt"))
    return docs


def words(docs) -> int:
    return sum(len(d.text.split()) for d in docs)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def throughput(n: int, profile: bool, rounds: int = 2) -> None:
    from kg.extraction import extract_many, shared_pipeline
    from kg.nlp.model import load_model, model_info
    from kg.pipeline import ensure_background, ingest
    from kg.settings import settings
    from kg.store.oxigraph import OxigraphStore

    docs = generate(n)
    warm = generate(8, seed=99)
    total_words = words(docs)
    print(f"throughput: {n} synthetic releases, {total_words:,} words "
          f"({total_words / n:.0f} words each), model {'/'.join(model_info())}, "
          f"nlp.pipe batches of {settings().batch_size} (KG_BATCH_SIZE)")

    raw = load_model()
    batch = settings().batch_size  # the same batches for spaCy alone and for kg
    list(raw.pipe((d.text for d in warm), batch_size=batch))
    kg_nlp = shared_pipeline()
    list(extract_many(warm))

    def time_raw() -> float:
        started = time.perf_counter()
        for _ in raw.pipe((d.text for d in docs), batch_size=batch):
            pass
        return time.perf_counter() - started

    def time_nlp() -> float:
        started = time.perf_counter()
        for _ in extract_many(docs, batch_size=batch):
            pass
        return time.perf_counter() - started

    def time_ingest(profiler=None) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            store = OxigraphStore(str(Path(tmp) / "store"))
            ensure_background(store)  # once per store: not part of a release's cost
            ingest(store, warm)
            gc.collect()
            if profiler is not None:
                profiler.enable()
            started = time.perf_counter()
            summary = ingest(store, docs)
            seconds = time.perf_counter() - started
            if profiler is not None:
                profiler.disable()
            store.close()
        assert not summary.rejected, summary.rejected[:3]
        return seconds

    # Interleaved rounds, best of each (as timeit does): a machine that slows
    # down for a while then costs every configuration alike.
    times: dict[str, list[float]] = {"raw": [], "nlp": [], "ingest": []}
    for _ in range(rounds):
        for label, timed in (("raw", time_raw), ("nlp", time_nlp), ("ingest", time_ingest)):
            gc.collect()
            times[label].append(timed())
    raw_s, nlp_s, ingest_s = (min(times[k]) for k in ("raw", "nlp", "ingest"))
    print("  rounds (s): " + "; ".join(f"{k} " + ", ".join(f"{t:.1f}" for t in v) for k, v in times.items()))
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        time_ingest(profiler)
    assert kg_nlp is shared_pipeline()

    def line(label: str, seconds: float) -> str:
        return (f"  {label:<34} {seconds:7.1f} s  {n / seconds:7.2f} releases/s  "
                f"{total_words / seconds:8,.0f} words/s  {raw_s / seconds:5.2f}x raw spaCy")

    print(line("raw spaCy nlp.pipe (same model)", raw_s))
    print(line("kg NLP stage (extract_many)", nlp_s))
    print(line("kg ingest (NLP, RDF, SHACL, store)", ingest_s))
    print(f"  ingest / raw spaCy throughput ratio: {raw_s / ingest_s:.2f} (target >= 0.80)")
    print(f"  per release: raw spaCy {1000 * raw_s / n:.0f} ms, kg NLP extras "
          f"{1000 * (nlp_s - raw_s) / n:.0f} ms, after NLP (RDF, SHACL, store) {1000 * (ingest_s - nlp_s) / n:.0f} ms")
    if profiler is not None:
        import pstats

        print("\ncProfile of the ingest, by cumulative time:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        print("\nby own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def scaling(n: int) -> None:
    from kg.pipeline import ensure_background, ingest
    from kg.store.oxigraph import OxigraphStore

    docs = generate(n, seed=2026)
    print(f"\nscaling: one ingest of {n:,} synthetic releases ({words(docs):,} words) into a fresh embedded store")
    marks = {m for m in (10, 100, 1000, 10_000, 100_000) if m <= n} | {n}
    stamps: list[float] = [0.0] * (n + 1)
    rows = []

    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(str(Path(tmp) / "store"))
        ensure_background(store)
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            now = time.perf_counter() - started
            stamps[done] = now
            if done in marks:
                rows.append((done, now, rss_mb(), peak_mb()))
                print(f"  {done:>7,} releases  {now:8.1f} s  {done / now if now else 0:6.2f} releases/s  "
                      f"RSS {rows[-1][2]:6.0f} MB  peak {rows[-1][3]:6.0f} MB", flush=True)

        summary = ingest(store, docs, progress=progress)
        disk = sum(p.stat().st_size for p in Path(tmp, "store").rglob("*") if p.is_file())
        store.close()
    assert not summary.rejected, summary.rejected[:3]
    if n >= 2000:
        # The first release also waits for the model to load: leave it out.
        first = (stamps[1000] - stamps[1]) / 999
        last = (stamps[n] - stamps[n - 1000]) / 1000
        print(f"  first release after {stamps[1]:.1f} s (model load)")
        print(f"  per release: first 1,000 {1000 * first:.0f} ms, last 1,000 {1000 * last:.0f} ms, "
              f"ratio {last / first:.2f} (target <= 1.3)")
        for start in range(0, n, max(1000, n // 10)):
            stop = min(n, start + max(1000, n // 10))
            lo = max(start, 1)
            print(f"    releases {start + 1:>6,}-{stop:<6,} {1000 * (stamps[stop] - stamps[lo]) / (stop - lo):6.0f} ms each")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak RSS {peak_mb():.0f} MB (the SHACL worker process: {children:.0f} MB); "
          f"store on disk {disk / 2**20:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=300, help="releases for the throughput comparison")
    parser.add_argument("--scale", type=int, default=10_000, help="releases for the scaling run (0: skip)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved timing rounds (best of each)")
    parser.add_argument("--profile", action="store_true", help="cProfile the throughput ingest")
    args = parser.parse_args()
    if args.releases:
        throughput(args.releases, args.profile, args.rounds)
    if args.scale:
        scaling(args.scale)


if __name__ == "__main__":
    main()
