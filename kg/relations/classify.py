"""The relation classifiers: one linear model per entity-valued relation
(does this pair hold it?), one for dates (is this the start, the end or the
founding date of this subject, or none?), one for job titles (does this
person hold this title?). A release states a relation once or several
times; the relation's confidence is the highest its candidates reach."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.linear import LinearModel
from kg.relations.candidates import DateCandidate, PairCandidate, TitleCandidate
from kg.vocabulary import RELATIONS

NONE = "none"
DATE_CLASSES = [NONE, "startDate", "endDate", "foundingDate"]


@dataclass
class Found:
    """A relation between entities (or an entity and a value) and its confidence."""

    subject: str
    label: str
    object: str | None
    value: str | None
    confidence: float
    sentence: int  # where its most confident candidate lies


@dataclass
class RelationModels:
    pairs: dict[str, LinearModel] = field(default_factory=dict)
    dates: LinearModel | None = None
    titles: LinearModel | None = None

    def threshold(self, model: LinearModel, label: str = "yes") -> float:
        return float(model.meta.get("thresholds", {}).get(label, model.meta.get("threshold", 0.5)))

    def classify_pairs(self, candidates: list[PairCandidate]) -> list[Found]:
        best: dict[tuple[str, str, str], Found] = {}
        by_label: dict[str, list[PairCandidate]] = {}
        for c in candidates:
            for label in c.labels:
                if label in self.pairs:
                    by_label.setdefault(label, []).append(c)
        for label, group in by_label.items():
            model = self.pairs[label]
            yes = model.classes.index("yes")
            for c, probs in zip(group, model.predict_proba_many([c.features for c in group])):
                p = probs[yes]
                if p < self.threshold(model):
                    continue
                key = (c.subject.entity, label, c.object.entity)
                if key not in best or p > best[key].confidence:
                    best[key] = Found(c.subject.entity, label, c.object.entity, None, p,
                                      min(c.subject.sentence, c.object.sentence))
        return list(best.values())

    def classify_dates(self, candidates: list[DateCandidate]) -> list[Found]:
        if self.dates is None:
            return []
        best: dict[tuple[str, str], Found] = {}
        for c in candidates:
            probs = dict(zip(self.dates.classes, self.dates.predict_proba(c.features)))
            allowed = [(k, v) for k, v in probs.items() if k != NONE and c.subject.kind in RELATIONS[k].domain]
            if not allowed:
                continue
            label, p = max(allowed, key=lambda kv: kv[1])
            if p < self.threshold(self.dates, label):
                continue
            # One start date, one end date, one founding date per subject.
            key = (c.subject.entity, label)
            if key not in best or p > best[key].confidence:
                best[key] = Found(c.subject.entity, label, None, c.date.value, p, c.subject.sentence)
        return list(best.values())

    def classify_titles(self, candidates: list[TitleCandidate]) -> list[Found]:
        if self.titles is None:
            return []
        best: dict[str, Found] = {}
        for c in candidates:
            p = self.titles.probability(c.features, "yes")
            if p < self.threshold(self.titles):
                continue
            if c.person.entity not in best or p > best[c.person.entity].confidence:
                best[c.person.entity] = Found(c.person.entity, "jobTitle", None, c.text, p, c.person.sentence)
        return list(best.values())

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        data = {"pairs": {k: m.to_json() for k, m in sorted(self.pairs.items())},
                "dates": self.dates.to_json() if self.dates else None,
                "titles": self.titles.to_json() if self.titles else None}
        (path / "relations.json").write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> RelationModels:
        data = json.loads((path / "relations.json").read_text(encoding="utf-8"))
        return cls(pairs={k: LinearModel.from_json(v) for k, v in data.get("pairs", {}).items()},
                   dates=LinearModel.from_json(data["dates"]) if data.get("dates") else None,
                   titles=LinearModel.from_json(data["titles"]) if data.get("titles") else None)
