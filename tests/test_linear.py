"""The linear model format (kg.linear): training, JSON round trip,
calibration by temperature and the calibration error."""
from __future__ import annotations

import json
import random

import pytest

from kg import linear


def toy(n: int = 400, seed: int = 1):
    rnd = random.Random(seed)
    rows, labels = [], []
    for _ in range(n):
        label = rnd.choice(["a", "b", "c"])
        features = [f"cue:{label}"] if rnd.random() < 0.8 else [f"cue:{rnd.choice('abc')}"]
        features.append(f"noise:{rnd.randint(0, 9)}")
        rows.append(features)
        labels.append(label)
    return rows, labels


def test_linear_learns_a_cue_and_survives_json():
    rows, labels = toy()
    model = linear.train(rows, labels, c=1.0)
    again = linear.LinearModel.from_json(json.loads(json.dumps(model.to_json())))
    for cls in "abc":
        probs = dict(zip(again.classes, again.predict_proba([f"cue:{cls}"])))
        assert max(probs, key=probs.get) == cls
    assert again.predict_proba(["cue:a"]) == pytest.approx(model.predict_proba(["cue:a"]), abs=1e-4)


def test_linear_training_is_deterministic():
    rows, labels = toy()
    assert linear.train(rows, labels).to_json() == linear.train(rows, labels).to_json()


def test_linear_binary_model_and_unseen_features():
    model = linear.train([["x"], ["x"], ["y"], ["y"]], ["yes", "yes", "no", "no"], classes=["no", "yes"])
    assert model.probability(["x"], "yes") > 0.5 > model.probability(["y"], "yes")
    assert 0 < model.probability(["never-seen"], "yes") < 1


def test_linear_temperature_softens_overconfident_scores():
    # Scores twice as sharp as the truth warrants: the fitted temperature is about 2.
    rnd = random.Random(3)
    scores, labels = [], []
    for _ in range(3000):
        p = rnd.random()
        y = 1 if rnd.random() < p else 0
        logit = 2 * (0.5 * __import__("math").log(max(p, 1e-6) / max(1 - p, 1e-6)))
        scores.append([-logit, logit])
        labels.append(y)
    assert 1.6 < linear.fit_temperature(scores, labels) < 2.5


def test_linear_calibration_error():
    assert linear.expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0, abs=1e-9)
    assert linear.expected_calibration_error([0.9] * 10, [False] * 10) == pytest.approx(0.9)
