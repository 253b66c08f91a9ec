"""Training and cross-validated evaluation of the extractor (`kg train`,
`kg evaluate`). Only these read annotated data; kg itself runs without it.

`evaluate` splits the releases by document into K folds, fits the models on
K-1 of them and predicts the held-out fold, so every release is read by a
model that never saw it; the predictions go through the same mapping and
store as `kg ingest` and come out as `cross-validated.nq`, in the layout of
`kg export --format nquads`. The same is done in-sample (fit on all, predict
all) only to show how much of the in-sample figure is memory."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.learn.gold import Annotated, read_set
from kg.learn.material import Material, material
from kg.learn.score import Score, score
from kg.learn.train import fit_all, fold_of, label_counts
from kg.linear import expected_calibration_error
from kg.settings import settings

Progress = Callable[[str], None]


@dataclass
class Corpus:
    items: list[Annotated]
    docs: list  # parsed spaCy Docs, one per item
    materials: list[Material]
    nlp: Any = None  # the spaCy pipeline that parsed them


def load_corpus(sets: Sequence[tuple[Path, Path]], progress: Progress | None = None) -> Corpus:
    """Read and parse every annotated release of the sets."""
    from kg.domain import default_pack
    from kg.nlp.gazetteer import Gazetteer
    from kg.nlp.pipeline import base_pipeline

    say = progress or (lambda _: None)
    items = [a for texts, gold in sets for a in read_set(Path(texts), Path(gold))]
    if not items:
        from kg.errors import InputError

        raise InputError("no annotated texts found (each gold <id>.json needs a <id>.txt in the texts folder)")
    ids = [a.id for a in items]
    if len(set(ids)) != len(ids):
        from kg.errors import InputError

        raise InputError("two annotated texts share a release id")
    say(f"parsing {len(items)} annotated texts")
    nlp = base_pipeline(settings().model)
    docs = list(nlp.pipe([a.document.text for a in items], batch_size=settings().batch_size))
    gazetteer = Gazetteer(nlp, default_pack())
    say("building training material")
    materials = [material(a, d, gazetteer) for a, d in zip(items, docs)]
    return Corpus(items=items, docs=docs, materials=materials, nlp=nlp)


def fit_extractor(materials: list[Material], progress: Progress | None = None, meta: dict | None = None):
    from kg.extractor import Extractor

    entities, titles, relations = fit_all(materials, progress=progress)
    return Extractor(entities=entities, titles=titles, relations=relations, meta=dict(meta or {}))


def predict(extractor, corpus: Corpus, indices: Sequence[int]) -> list:
    """Extractions of the chosen releases by this extractor (the parsed Docs are reused)."""
    from kg.domain import default_pack
    from kg.extraction import from_doc
    from kg.nlp.mentions import MentionClassifier

    nlp = corpus.nlp
    pack = default_pack()
    component = MentionClassifier(nlp)
    component.initialize(nlp=nlp, entities=extractor.entities, titles=extractor.titles, pack=pack)
    out = []
    for i in indices:
        doc = component(corpus.docs[i])
        out.append(from_doc(corpus.items[i].document, doc, pack, extractor.relations))
    return out


def nquads(extractions: list) -> tuple[bytes, dict]:
    """The graphs `kg ingest` would store for these extractions (validated,
    with what breaks a shape set aside), as N-Quads, and what was set aside
    or rejected."""
    import pyoxigraph as ox

    from kg.pipeline import _release_graph, ensure_background
    from kg.rdf.iri import release_graph_iri
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(None)
    ensure_background(store)
    ontology_dir = str(settings().ontology_dir)
    outcome: dict = {"rejected": {}, "set_aside": {}}
    for x in extractions:
        doc, ntriples, error, _, withdrawn = _release_graph((x, True, ontology_dir))
        if error is not None or ntriples is None:
            outcome["rejected"][doc.id] = str(error)
            continue
        store.replace_graph(release_graph_iri(doc.id), ntriples)
        if withdrawn:
            outcome["set_aside"][doc.id] = withdrawn
    return store.dump(ox.RdfFormat.N_QUADS), outcome


def _score(extractions: list, items: list[Annotated]) -> Score:
    total = Score()
    by_id = {a.id: a for a in items}
    for x in extractions:
        total.add(score(x, by_id[x.document.id]))
    return total


def _official(scorer: Path | None, graph: Path, gold_dirs: Sequence[Path], ontology: Path) -> dict | None:
    """The evaluation's own score.py over the written graph, per gold folder and over all."""
    if scorer is None or not scorer.is_file():
        return None
    results = {}
    for gold in gold_dirs:
        run = subprocess.run([sys.executable, str(scorer), "--graph", str(graph), "--ontology", str(ontology),
                              "--gold", str(gold), "--json"], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            results[str(gold)] = {"error": run.stderr.strip().splitlines()[-1:]}
            continue
        # score.py prints its JSON, then a one-line summary.
        data, _ = json.JSONDecoder().raw_decode(run.stdout)
        results[str(gold)] = data["summary"]
    return results


def cross_validate(corpus: Corpus, folds: int, progress: Progress | None = None, extra: Corpus | None = None) -> list:
    """Every release of `corpus` predicted by models fitted on the other
    folds (plus `extra`, training material that is never scored)."""
    say = progress or (lambda _: None)
    groups = fold_of([a.id for a in corpus.items], folds)
    predicted: dict[int, object] = {}
    always = extra.materials if extra is not None else []
    for k in range(folds):
        train = [m for m in corpus.materials if groups[m.id] != k] + always
        test = [i for i, a in enumerate(corpus.items) if groups[a.id] == k]
        say(f"fold {k + 1}/{folds}: fitting on {len(train)} texts, predicting {len(test)}")
        extractor = fit_extractor(train)
        for i, x in zip(test, predict(extractor, corpus, test)):
            predicted[i] = x
    return [predicted[i] for i in range(len(corpus.items))]


def evaluate(sets: Sequence[tuple[Path, Path]], folds: int, out: Path, scorer: Path | None = None,
             in_sample: bool = True, progress: Progress | None = None,
             extra: Sequence[tuple[Path, Path]] = ()) -> dict:
    say = progress or (lambda _: None)
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(sets, progress)
    extra_corpus = load_corpus(extra, progress) if extra else None
    cv = cross_validate(corpus, folds, progress, extra_corpus)
    data, outcome = nquads(cv)
    (out / "cross-validated.nq").write_bytes(data)
    report: dict = {"folds": folds, "texts": len(corpus.items), "sets": [[str(t), str(g)] for t, g in sets],
                    "extra": [[str(t), str(g)] for t, g in extra],
                    "stored": len(cv) - len(outcome["rejected"]), **outcome}
    cv_score = _score(cv, corpus.items)
    report["cross_validated"] = cv_score.summary()
    report["cross_validated"]["ece"] = round(expected_calibration_error(
        [p for p, _ in cv_score.calibration], [ok for _, ok in cv_score.calibration]), 4)
    gold_dirs = [Path(g) for _, g in sets]
    official = _official(scorer, out / "cross-validated.nq", gold_dirs, settings().ontology_dir)
    if official is not None:
        report["cross_validated"]["score.py"] = official
    if in_sample:
        say("in sample: fitting on every text")
        extractor = fit_extractor(corpus.materials + (extra_corpus.materials if extra_corpus else []))
        ins = predict(extractor, corpus, range(len(corpus.items)))
        (out / "in-sample.nq").write_bytes(nquads(ins)[0])
        report["in_sample"] = _score(ins, corpus.items).summary()
        official = _official(scorer, out / "in-sample.nq", gold_dirs, settings().ontology_dir)
        if official is not None:
            report["in_sample"]["score.py"] = official
    report["seconds"] = round(time.perf_counter() - started, 1)
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


def train(sets: Sequence[tuple[Path, Path]], out: Path, folds: int = 5, progress: Progress | None = None,
          extra: Sequence[tuple[Path, Path]] = ()) -> dict:
    """Fit the extractor on every annotated text (of `sets` and `extra`) and
    write the artefact, with a model card whose figures come from a
    cross-validation over `sets` (with `extra` in every training fold)."""
    from kg.extractor import fingerprint
    from kg.learn.card import model_card
    from kg.version import __version__

    say = progress or (lambda _: None)
    corpus = load_corpus(sets, progress)
    extra_corpus = load_corpus(extra, progress) if extra else None
    cv = cross_validate(corpus, folds, progress, extra_corpus)
    cv_score = _score(cv, corpus.items)
    summary = cv_score.summary()
    summary["ece"] = round(expected_calibration_error([p for p, _ in cv_score.calibration],
                                                      [ok for _, ok in cv_score.calibration]), 4)
    say("fitting the final models on every text")
    meta = {"kg_version": __version__, "trained": datetime.now(UTC).date().isoformat(),
            "texts": len(corpus.items) + (len(extra_corpus.items) if extra_corpus else 0),
            "scored_texts": len(corpus.items),
            "text_ids": sorted(a.id for a in corpus.items + (extra_corpus.items if extra_corpus else [])),
            "sets": [Path(g).name for _, g in sets], "extra": [Path(g).parent.name for _, g in extra], "folds": folds,
            "cross_validated": summary}
    materials = corpus.materials + (extra_corpus.materials if extra_corpus else [])
    meta["labels"] = label_counts(materials)
    extractor = fit_extractor(materials, progress, meta)
    extractor.save(out, card=model_card(meta))
    meta["fingerprint"] = fingerprint(out)
    return meta
