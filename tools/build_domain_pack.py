"""Build the domain pack in data/domain/ from the sourced reference tables.

    python tools/build_domain_pack.py [--reference ../shared/reference] [--out data/domain]

The reference tables are research notes (mixed languages, remarks in cells);
the pack is what kg reads: one row per entity with its kind, canonical name,
aliases, Wikidata QID, background facts and the sources that support the row.
Editorial choices (which aliases are too generic to match on their own, nationality
adjectives, series aliases) are made here, in code, so a rebuild reproduces them.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.rdf.iri import entity_key  # noqa: E402  (the pack's keys are kg's IRI keys)

ENTITY_COLUMNS = ["key", "kind", "subtype", "name", "acronym", "aliases", "wikidata", "country",
                  "parent", "member_of", "member_since", "start_date", "end_date", "location",
                  "demonyms", "sources"]
THEME_COLUMNS = ["id", "pref_label", "alt_labels", "definition", "broader", "ascf_focus_area", "sources"]

# Nationality adjectives: "Vietnamese Minister ..." names the country served.
DEMONYMS = {
    "Brunei": "Bruneian", "Cambodia": "Cambodian", "Indonesia": "Indonesian", "Laos": "Lao;Laotian",
    "Malaysia": "Malaysian", "Myanmar": "Myanmar;Burmese", "Philippines": "Philippine;Filipino",
    "Singapore": "Singaporean", "Thailand": "Thai", "Viet Nam": "Vietnamese", "Timor-Leste": "Timorese",
    "Japan": "Japanese", "Republic of Korea": "Korean;South Korean", "China": "Chinese",
    "Australia": "Australian", "United States": "American;U.S.", "India": "Indian", "European Union": "European",
}
EXTRA_COUNTRY_ALIASES = {
    "Viet Nam": ["Vietnam"], "Laos": ["Lao PDR"], "Republic of Korea": ["Korea", "ROK"],
    "United States": ["U.S.", "U.S.A.", "the United States"], "Philippines": ["the Philippines"],
}
# Bodies whose name needs its country to be unique keep it in brackets in the
# reference ("Ministry of Construction (Viet Nam)"); the label drops it.
BRACKET = re.compile(r"\s*\(([^)]*)\)\s*$")
# Aliases too generic to find a theme on their own; the theme keeps its label.
GENERIC_THEME_ALIASES = {"data", "inclusive", "training", "master plan", "innovation", "infrastructure",
                         "trash", "health", "energy", "transport", "mobility", "urban management",
                         "human capital", "startups", "green future"}
INITIATIVE_KINDS = {"ASEAN Smart Cities Network", "Smart City supported by Japan ASEAN Mutual Partnership",
                    "US-ASEAN Smart Cities Partnership"}
ORG_SUBTYPES = {"ministry": "GovernmentBody", "agency": "GovernmentBody", "secretariat": "IntergovernmentalOrganization",
                "intergovernmental": "IntergovernmentalOrganization", "company": "Company",
                "association": "Association", "other": ""}
SERIES_ALIASES = {
    "ASEAN-Japan Smart Cities Network High Level Meeting": [
        "{ord} ASEAN-Japan Smart Cities Network High Level Meeting",
        "{ord} ASEAN-Japan Smart Cities Network High-Level Meeting",
        "{ord} ASEAN-Japan Smart City Network High Level Meeting",
        "{ord} ASEAN-Japan Smart City Network High-Level Meeting",
        "{ord} ASEAN-Japan Smart Cities Network HLM"],
    "ASCN Annual Meeting": [
        "{ord} ASCN Annual Meeting", "{ord} ASEAN Smart Cities Network Annual Meeting",
        "{ord} Annual Meeting of the ASEAN Smart Cities Network", "{ord} ASEAN Smart Cities Network (ASCN) Annual Meeting",
        "ASCN{n}"],
}


ORDINAL_WORDS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", 6: "Sixth", 7: "Seventh",
                 8: "Eighth", 9: "Ninth", 10: "Tenth"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def join(values) -> str:
    seen: list[str] = []
    for v in values:
        if v and v not in seen:
            seen.append(v)
    return ";".join(seen)


def read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def countries(ref: Path) -> list[dict]:
    rows = []
    for file, member in (("member_states.csv", True), ("partners.csv", False)):
        for r in read(ref / file):
            name = r["name"]
            aliases = [r["official_name"], *split(r["aliases"]), *EXTRA_COUNTRY_ALIASES.get(name, [])]
            kind = "Organization" if name == "European Union" else "Country"
            rows.append({
                "kind": kind, "subtype": "IntergovernmentalOrganization" if kind == "Organization" else "",
                "name": name, "aliases": join(a for a in aliases if a != name),
                "acronym": "EU" if name == "European Union" else "",
                "wikidata": r["wikidata_qid"], "member_of": "Association of Southeast Asian Nations" if member else "",
                "member_since": r["asean_join_date"], "demonyms": DEMONYMS.get(name, ""), "sources": r["source"],
            })
    return rows


def organisations(ref: Path) -> list[dict]:
    rows = []
    for r in read(ref / "organisations.csv"):
        full = r["name"]
        name = BRACKET.sub("", full)
        kind = "Initiative" if full in INITIATIVE_KINDS else "Organization"
        subtype = ORG_SUBTYPES.get(r["kind"], "")
        if name.endswith(" City") and r["kind"] == "other":
            subtype = "CityGovernment"
        if "University" in name:
            subtype = "AcademicInstitution"
        aliases = [a for a in split(r["aliases"]) if a != name]
        if full != name:
            aliases.append(full)
        rows.append({
            "kind": kind, "subtype": subtype, "name": name, "acronym": r["acronym"] if r["acronym"] != name else "",
            "aliases": join(aliases), "wikidata": r["wikidata_qid"], "country": r["country"],
            "parent": r["parent"], "sources": r["source"], "key": entity_key(kind, full),
        })
    return rows


def cities(ref: Path) -> list[dict]:
    rows = []
    for r in read(ref / "ascn_cities.csv"):
        rows.append({
            "kind": "Place", "subtype": "City", "name": r["city"], "aliases": r["aliases"],
            "wikidata": r["wikidata_qid"], "country": r["country"],
            "member_of": "ASEAN Smart Cities Network", "member_since": r["year_joined"], "sources": r["source"],
        })
    return rows


def events(ref: Path) -> list[dict]:
    rows = []
    for r in read(ref / "events.csv"):
        aliases = []
        if r["ordinal"].isdigit():
            n = int(r["ordinal"])
            for pattern in SERIES_ALIASES.get(r["series"], []):
                for form in (ordinal(n), ORDINAL_WORDS.get(n)):
                    if form and ("{ord}" in pattern or form == ordinal(n)):
                        aliases.append(pattern.format(ord=form, n=n))
        name = BRACKET.sub("", r["name"]) if r["name"].endswith(")") else r["name"]
        if name != r["name"]:
            aliases.append(r["name"])
        city = r["city"] if not r["city"].startswith("(") else ""
        rows.append({
            "kind": "Event", "subtype": "Meeting", "name": name, "aliases": join(aliases),
            "start_date": r["start_date"], "end_date": r["end_date"], "location": city,
            "sources": r["source"],
        })
    return rows


def themes(ref: Path) -> list[dict]:
    rows = []
    for r in read(ref / "themes.csv"):
        alts = [a for a in split(r["alt_labels"]) if a.casefold() not in GENERIC_THEME_ALIASES]
        broader = [b for b in split(r["maps_to_ascf_area"]) if b != r["theme_id"]]
        rows.append({
            "id": r["theme_id"].replace("_", "-"), "pref_label": r["preferred_label"], "alt_labels": join(alts),
            "definition": r["definition"], "broader": join(b.replace("_", "-") for b in broader),
            "ascf_focus_area": r["ascf_focus_area"], "sources": r["labels_seen_in"],
        })
    return rows


def write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "domain")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    entities = countries(args.reference) + organisations(args.reference) + cities(args.reference) + events(args.reference)
    for row in entities:
        row.setdefault("key", entity_key(row["kind"], row["name"]))
    write(args.out / "entities.csv", ENTITY_COLUMNS, entities)
    write(args.out / "themes.csv", THEME_COLUMNS, themes(args.reference))
    print(f"{len(entities)} entities, themes written to {args.out}")


if __name__ == "__main__":
    main()
