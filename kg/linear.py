"""A linear classifier over named binary features, stored as plain JSON.

Training uses scikit-learn's logistic regression; predicting needs only this
module (a dot product and a softmax), so an installed kg reads its model
without scikit-learn and without unpickling anything. Probabilities are
calibrated by a temperature fitted on out-of-fold predictions
(`fit_temperature`): the figures a user reads as confidences are
probabilities that hold on text the model did not see."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class LinearModel:
    classes: list[str]
    weights: dict[str, list[float]]  # feature -> one weight per class
    bias: list[float]
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)

    def scores(self, features: Sequence[str]) -> list[float]:
        out = list(self.bias)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                for i, v in enumerate(w):
                    out[i] += v
        return out

    def predict_proba(self, features: Sequence[str]) -> list[float]:
        return softmax([s / self.temperature for s in self.scores(features)])

    def predict_proba_many(self, rows: Sequence[Sequence[str]]) -> list[list[float]]:
        """predict_proba of many rows at once: one matrix sum instead of a
        Python loop per feature (the span classifier scores hundreds of
        candidates per release)."""
        import numpy as np

        if not rows:
            return []
        index, matrix = self._arrays()
        ids: list[int] = []
        offsets: list[int] = []
        for row in rows:
            offsets.append(len(ids))
            ids.extend(index[f] for f in row if f in index)
            ids.append(0)  # the zero row: every group has one element
        totals = np.add.reduceat(matrix[np.asarray(ids, dtype=np.int64)], np.asarray(offsets, dtype=np.int64), axis=0)
        logits = (totals + np.asarray(self.bias)) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exps = np.exp(logits)
        return (exps / exps.sum(axis=1, keepdims=True)).tolist()

    def _arrays(self):
        cached = self.__dict__.get("_cache")
        if cached is None:
            import numpy as np

            names = sorted(self.weights)
            index = {f: i + 1 for i, f in enumerate(names)}
            matrix = np.zeros((len(names) + 1, len(self.classes)))
            for f, i in index.items():
                matrix[i] = self.weights[f]
            cached = self.__dict__["_cache"] = (index, matrix)
        return cached

    def probability(self, features: Sequence[str], label: str) -> float:
        return self.predict_proba(features)[self.classes.index(label)]

    def to_json(self) -> dict:
        return {"classes": self.classes, "bias": [round(b, 5) for b in self.bias],
                "temperature": round(self.temperature, 5), "meta": self.meta,
                "weights": {f: [round(v, 5) for v in w] for f, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(classes=list(data["classes"]), weights={k: list(v) for k, v in data["weights"].items()},
                   bias=list(data["bias"]), temperature=float(data.get("temperature", 1.0)),
                   meta=dict(data.get("meta", {})))


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def train(rows: Sequence[Sequence[str]], labels: Sequence[str], classes: Sequence[str] | None = None,
          c: float = 1.0, min_count: int = 1, class_weight: dict | str | None = None,
          groups: Sequence[str] | None = None) -> LinearModel:
    """Logistic regression on binary features (L2, lbfgs: deterministic).
    Features seen in fewer than `min_count` groups (documents, when `groups`
    names each row's document; else rows) are dropped: a word that only one
    release uses teaches the model that release, not English."""
    from collections import Counter

    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    classes = list(classes) if classes else sorted(set(labels))
    if groups is not None:
        counts = Counter(f for f, _ in {(f, g) for row, g in zip(rows, groups) for f in row})
    else:
        counts = Counter(f for row in rows for f in set(row))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    indptr, indices = [0], []
    for row in rows:
        cols = sorted({vocab[f] for f in row if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    y = np.array([classes.index(label) for label in labels])
    present = sorted(set(y.tolist()))
    if len(present) == 1:  # nothing to learn: a constant model
        bias = [-20.0] * len(classes)
        bias[present[0]] = 20.0
        return LinearModel(classes=classes, weights={}, bias=bias)
    model = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight)
    model.fit(x, y)
    coef, intercept = model.coef_, model.intercept_
    names = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    weights: dict[str, list[float]] = {}
    bias = [0.0] * len(classes)
    if len(model.classes_) == 2:
        # scikit-learn keeps one weight vector for two classes: w for the
        # second, nothing for the first. Spread it symmetrically.
        lo, hi = (int(c) for c in model.classes_)
        for j, f in enumerate(names):
            w = float(coef[0, j])
            if abs(w) >= 1e-4:
                vec = [0.0] * len(classes)
                vec[hi], vec[lo] = w / 2, -w / 2
                weights[f] = vec
        bias[hi], bias[lo] = float(intercept[0]) / 2, -float(intercept[0]) / 2
        for k in range(len(classes)):
            if k not in (lo, hi):
                bias[k] = -50.0
    else:
        for j, f in enumerate(names):
            vec = [0.0] * len(classes)
            for r, cls in enumerate(model.classes_):
                vec[int(cls)] = float(coef[r, j])
            if max(abs(v) for v in vec) >= 1e-4:
                weights[f] = vec
        for r, cls in enumerate(model.classes_):
            bias[int(cls)] = float(intercept[r])
        for k in range(len(classes)):
            if k not in {int(c) for c in model.classes_}:
                bias[k] = -50.0
    return LinearModel(classes=classes, weights=weights, bias=bias)


def fit_temperature(scores: Sequence[Sequence[float]], labels: Sequence[int]) -> float:
    """The temperature that minimises the log loss of held-out predictions
    (a one-parameter calibration: it keeps the ranking, fixes the sharpness)."""
    if not scores:
        return 1.0

    def loss(t: float) -> float:
        total = 0.0
        for s, y in zip(scores, labels):
            p = softmax([v / t for v in s])[y]
            total -= math.log(max(p, 1e-12))
        return total

    # Golden-section search on log t over [0.2, 5].
    lo, hi = math.log(0.2), math.log(5.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = loss(math.exp(a)), loss(math.exp(b))
    for _ in range(40):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = loss(math.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = loss(math.exp(b))
    return math.exp((lo + hi) / 2)


def expected_calibration_error(probabilities: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """ECE: the mean gap between stated confidence and observed accuracy,
    over equal-width confidence bins, weighted by how many predictions fall in each."""
    if not probabilities:
        return 0.0
    totals = [[0.0, 0.0, 0] for _ in range(bins)]
    for p, ok in zip(probabilities, correct):
        b = min(int(p * bins), bins - 1)
        totals[b][0] += p
        totals[b][1] += 1.0 if ok else 0.0
        totals[b][2] += 1
    n = len(probabilities)
    return sum(abs(conf - acc) / n for conf, acc, count in totals if count)
