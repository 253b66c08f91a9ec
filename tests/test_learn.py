"""Learning the extractor (kg.learn): from kg's own annotated examples in
data/training, a model recovers what it was taught, a cross-validation
never scores a text with a model that saw it, and two runs agree."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_kg
from rdflib import Dataset

from kg.learn.evaluate import fit_extractor, load_corpus, predict
from kg.learn.score import score
from kg.learn.train import fold_of

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "data" / "training"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def few(tmp_path_factory) -> tuple[Path, Path]:
    """Twelve of kg's written examples, as a set (texts, gold)."""
    base = tmp_path_factory.mktemp("few")
    texts, gold = base / "texts", base / "gold"
    texts.mkdir()
    gold.mkdir()
    ids = sorted(p.stem for p in (TRAINING / "gold").glob("*.json"))[:12]
    rows = [line for line in (TRAINING / "texts" / "manifest.jsonl").read_text().splitlines()
            if json.loads(line)["id"] in ids]
    (texts / "manifest.jsonl").write_text("\n".join(rows) + "\n")
    for i in ids:
        shutil.copy(TRAINING / "texts" / f"{i}.txt", texts)
        shutil.copy(TRAINING / "gold" / f"{i}.json", gold)
    return texts, gold


@pytest.fixture(scope="module")
def corpus(few):
    return load_corpus([few])


def test_learn_a_model_recovers_the_facts_it_was_taught(corpus):
    extractor = fit_extractor(corpus.materials)
    totals = None
    for x, item in zip(predict(extractor, corpus, range(len(corpus.items))), corpus.items):
        s = score(x, item)
        totals = s if totals is None else (totals.add(s) or totals)
    summary = totals.summary()
    assert summary["entity"]["f1"] >= 0.85, summary["entity"]
    assert summary["relation"]["f1"] >= 0.6, summary["relation"]


def test_learn_folds_split_documents_stably():
    ids = [f"doc-{i}" for i in range(20)]
    folds = fold_of(ids, 5)
    assert folds == fold_of(list(reversed(ids)), 5)  # by id, not by order
    assert sorted(list(folds.values()).count(k) for k in range(5)) == [4] * 5


def test_learn_evaluate_writes_cross_validated_graph_and_report(few, tmp_path):
    texts, gold = few
    out = tmp_path / "eval"
    run = run_kg("evaluate", "--set", texts, gold, "--folds", "3", "--out", out, "--json")
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["texts"] == 12 and report["stored"] == 12 and report["folds"] == 3
    for part in ("cross_validated", "in_sample"):
        assert set(report[part]["entity"]) >= {"p", "r", "f1"}
        assert report[part]["by_kind"] and report[part]["by_label"]
    assert 0 <= report["cross_validated"]["ece"] <= 1
    # Held-out text is harder than memorised text.
    assert report["in_sample"]["entity"]["f1"] >= report["cross_validated"]["entity"]["f1"]
    ds = Dataset()
    ds.parse(out / "cross-validated.nq", format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert sum(g.startswith("https://w3id.org/aseankg/graph/release/") for g in graphs) == 12
    assert "https://w3id.org/aseankg/graph/background" in graphs  # the layout of kg export --format nquads


def test_learn_train_writes_an_artefact_kg_uses(few, tmp_path):
    texts, gold = few
    out = tmp_path / "model"
    run = run_kg("train", "--set", texts, gold, "--folds", "3", "--out", out, "--json")
    assert run.exit_code == 0, run.stderr
    meta = json.loads(run.stdout)
    assert meta["texts"] == 12 and meta["cross_validated"]["entity"]["f1"] > 0
    assert {p.name for p in out.iterdir()} >= {"entities.json", "titles.json", "relations.json", "meta.json",
                                                "MODEL_CARD.md"}
    assert "Cross-validated" in (out / "MODEL_CARD.md").read_text()
    sample = texts / "kgtrain-01-hue-forum.txt"
    extracted = run_kg("extract", sample, env={"KG_EXTRACTOR": str(out)})
    assert extracted.exit_code == 0, extracted.stderr
    names = {e["name"].casefold() for e in json.loads(extracted.stdout)["entities"]}
    assert {"hue", "mekong heritage cities forum"} <= names


def test_learn_two_trainings_give_the_same_models(corpus):
    a, b = fit_extractor(corpus.materials), fit_extractor(corpus.materials)
    assert a.entities.to_json() == b.entities.to_json()
    assert {k: m.to_json() for k, m in a.relations.pairs.items()} == {
        k: m.to_json() for k, m in b.relations.pairs.items()}


def test_learn_unannotated_folder_is_a_clear_error(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "g").mkdir()
    run = run_kg("evaluate", "--set", tmp_path / "t", tmp_path / "g", "--out", tmp_path / "o")
    assert run.exit_code == 1 and "no annotated texts" in run.stderr
