"""The extractor's quality where it counts: on text it was not fitted to.
`kg evaluate` cross-validates over the shared development sets (5 folds by
document, kg's own written examples in every training fold), and the
evaluation's own score.py scores the written graph. The floors sit just
below the figures in docs/evaluation.md: a regression guard, never an
in-sample figure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_kg

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="needs ../shared (the development sets)")

# Cross-validated floors: kg's scorer over all texts, score.py per set.
FLOORS = {"entity": 0.64, "relation": 0.27}
OFFICIAL_FLOORS = {"gold": {"entity": 0.67, "relation": 0.36}, "gold-news": {"entity": 0.62, "relation": 0.23}}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("evaluate")
    run = run_kg("evaluate", "--set", SHARED / "corpus" / "releases", SHARED / "eval" / "gold",
                 "--set", SHARED / "corpus" / "news" / "releases", SHARED / "eval" / "gold-news",
                 "--extra", ROOT / "data" / "training" / "texts", ROOT / "data" / "training" / "gold",
                 "--folds", "5", "--out", out, "--scorer", SCORER, "--no-in-sample", "--json")
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def test_evaluate_no_text_of_the_development_sets_is_rejected(report):
    assert report["texts"] == report["stored"] == 61
    assert report["rejected"] == {}


def test_evaluate_cross_validated_floors(report):
    cv = report["cross_validated"]
    for part, floor in FLOORS.items():
        assert cv[part]["f1"] >= floor, (part, cv[part])
    for gold, floors in OFFICIAL_FLOORS.items():
        official = next(v for k, v in cv["score.py"].items() if Path(k).name == gold)
        assert official["releases_found"] == official["docs"]
        for part, floor in floors.items():
            assert official[part]["f1"] >= floor, (gold, part, official[part])


def test_evaluate_confidences_are_calibrated(report):
    assert report["cross_validated"]["ece"] <= 0.12
