"""Fitting the extractor's models to training material (kg.learn.material).

Each model is fitted twice over: first on all but one of a few groups of
releases, to predict the group it did not see (out-of-fold predictions), and
those predictions fix its temperature (calibration) and its decision
thresholds; then on everything, with that temperature and those thresholds.
Releases, never sentences, are split, and the split is fixed by the release
ids, so two runs give the same models."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence

from kg import linear
from kg.learn.material import Material
from kg.linear import LinearModel
from kg.relations.classify import DATE_CLASSES, NONE, RelationModels
from kg.vocabulary import ENTITY_RELATIONS, KIND_NAMES

ENTITY_CLASSES = ["O", *KIND_NAMES]
GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)
ENTITY_GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def fold_of(ids: Sequence[str], k: int) -> dict[str, int]:
    """Releases into k groups, by a hash of their ids (stable across runs and machines)."""
    order = sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
    return {i: n % k for n, i in enumerate(order)}


def out_of_fold(materials: list[Material], rows: Callable[[Material], list], fit: Callable[[list], LinearModel],
                k: int) -> dict[str, list[list[float]]]:
    """For each release, the scores (logits) of its rows from a model fitted without it."""
    groups = fold_of([m.id for m in materials], k)
    out: dict[str, list[list[float]]] = {}
    for g in range(k):
        train = [r for m in materials if groups[m.id] != g for r in rows(m)]
        if not train:
            continue
        model = fit(train)
        for m in materials:
            if groups[m.id] == g:
                out[m.id] = [model.scores(r[0]) for r in rows(m)]
    return out


def _f1(tp: int, n_sys: int, n_gold: int) -> float:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# Entities -----------------------------------------------------------------

def _span_rows(m: Material) -> list:
    return [(f, label, m.id) for _, f, label, _ in m.spans]


def _fit_spans(c: float) -> Callable[[list], LinearModel]:
    def fit(rows: list) -> LinearModel:
        return linear.train([r[0] for r in rows], [r[1] for r in rows], classes=ENTITY_CLASSES, c=c, min_count=2)
    return fit


def _entity_f1(materials: list[Material], probs: dict[str, list[list[float]]], thresholds: dict[str, float]) -> float:
    """F1 over (release, gold entity) found by greedy decoding, each other
    kept span counting as spurious: a cheap stand-in for the scorer, good
    enough to choose thresholds."""
    tp = n_sys = n_gold = 0
    for m in materials:
        scored = []
        for (c, _, label, gold_id), p in zip(m.spans, probs.get(m.id, [])):
            best = max(range(1, len(p)), key=lambda i: p[i])
            kind = ENTITY_CLASSES[best]
            if p[best] >= thresholds.get(kind, 0.5):
                scored.append((p[best], c, kind, gold_id if label == kind else ""))
        taken: set[int] = set()
        found: set = set()
        for _, c, kind, gold_id in sorted(scored, key=lambda x: -x[0]):
            tokens = set(range(c.start, c.end))
            if tokens & taken:
                continue
            taken |= tokens
            found.add(("gold", gold_id) if gold_id else (kind, c.start, c.end))
        tp += sum(1 for f in found if f[0] == "gold")
        n_sys += len(found)
        n_gold += len(m.gold_keys)
    return _f1(tp, n_sys, n_gold)


def fit_entities(materials: list[Material], k: int = 3, c: float = 1.0
                 ) -> tuple[LinearModel, dict[str, list[list[float]]]]:
    """The span classifier, and its out-of-fold probabilities per release."""
    fit = _fit_spans(c)
    oof = out_of_fold(materials, _span_rows, fit, k)
    scores = [s for m in materials for s in oof.get(m.id, [])]
    labels = [ENTITY_CLASSES.index(r[1]) for m in materials if m.id in oof for r in _span_rows(m)]
    temperature = linear.fit_temperature(scores, labels)
    probs = {i: [linear.softmax([v / temperature for v in s]) for s in ss] for i, ss in oof.items()}
    # One threshold for every kind: per-kind thresholds chosen on a few
    # dozen releases fitted their noise (cross-validated F1 fell by 0.007).
    shared = max(ENTITY_GRID, key=lambda t: (_entity_f1(materials, probs, {k: t for k in KIND_NAMES}), -abs(t - 0.35)))
    thresholds = dict.fromkeys(KIND_NAMES, shared)
    model = fit([r for m in materials for r in _span_rows(m)])
    model.temperature = temperature
    model.meta = {"thresholds": thresholds, "oof_f1": round(_entity_f1(materials, probs, thresholds), 4)}
    return model, probs


# Binary models (titles, relation labels) -----------------------------------

def _fit_binary(c: float) -> Callable[[list], LinearModel]:
    def fit(rows: list) -> LinearModel:
        return linear.train([r[0] for r in rows], ["yes" if r[1] else "no" for r in rows], classes=["no", "yes"],
                            c=c, min_count=2)
    return fit


def fit_binary(materials: list[Material], rows: Callable[[Material], list],
               group_f1: Callable[[dict[str, list[float]], float], float], k: int = 3, c: float = 1.0
               ) -> LinearModel | None:
    """A yes/no model, calibrated and thresholded on out-of-fold predictions;
    `group_f1(probabilities by release, threshold)` scores a threshold."""
    found = fit_binary_oof(materials, rows, group_f1, k, c)
    return found[0] if found else None


def fit_binary_oof(materials: list[Material], rows: Callable[[Material], list],
                   group_f1: Callable[[dict[str, list[float]], float], float], k: int = 3, c: float = 1.0
                   ) -> tuple[LinearModel, dict[str, list[float]]] | None:
    all_rows = [r for m in materials for r in rows(m)]
    if not any(r[1] for r in all_rows):
        return None
    fit = _fit_binary(c)
    oof = out_of_fold(materials, rows, fit, k)
    scores = [s for m in materials for s in oof.get(m.id, [])]
    labels = [1 if r[1] else 0 for m in materials if m.id in oof for r in rows(m)]
    temperature = linear.fit_temperature(scores, labels)
    probs = {i: [linear.softmax([v / temperature for v in s])[1] for s in ss] for i, ss in oof.items()}
    threshold = max(GRID, key=lambda t: (group_f1(probs, t), -abs(t - 0.5)))
    model = fit(all_rows)
    model.temperature = temperature
    model.meta = {"threshold": threshold, "oof_f1": round(group_f1(probs, threshold), 4)}
    return model, probs


def _title_span_rows(m: Material) -> list:
    return [(f, y) for _, f, y in m.titles]


def _title_pair_rows(m: Material) -> list:
    return [(tc.features, y) for tc, y in m.title_pairs]


def _pair_rows(label: str) -> Callable[[Material], list]:
    def rows(m: Material) -> list:
        return [(pc.features, label in held, ends) for pc, held, ends in m.pairs if label in pc.labels]
    return rows


def fit_relations(materials: list[Material], k: int = 3, c: float = 1.0) -> RelationModels:
    """One classifier per entity-valued relation, sharing one threshold
    chosen on their pooled out-of-fold predictions (per-label thresholds
    fitted the noise of labels with a dozen examples), then the date and
    title readers."""
    by_id = {m.id: m for m in materials}
    models = RelationModels()
    fitted: dict[str, tuple[LinearModel, dict[str, list[float]], Callable]] = {}
    for rel in ENTITY_RELATIONS:
        rows = _pair_rows(rel.label)

        def counts(probs: dict[str, list[float]], t: float, rows=rows, label=rel.label) -> tuple[int, int, int]:
            tp = n_sys = n_gold = 0
            for mid, ps in probs.items():
                m = by_id[mid]
                found = {r[2] if all(r[2]) else (n, "") for n, (r, p) in enumerate(zip(rows(m), ps)) if p >= t}
                gold = {(s, o) for s, p, o in m.gold_relations if p == label}
                tp += len(found & gold)
                n_sys += len(found)
                n_gold += len(gold)
            return tp, n_sys, n_gold

        def label_f1(probs: dict[str, list[float]], t: float, counts=counts) -> float:
            return _f1(*counts(probs, t))

        found = fit_binary_oof(materials, rows, label_f1, k, c)
        if found is not None:
            fitted[rel.label] = (found[0], found[1], counts)

    def pooled(t: float) -> float:
        totals = [counts(probs, t) for _, probs, counts in fitted.values()]
        return _f1(sum(x[0] for x in totals), sum(x[1] for x in totals), sum(x[2] for x in totals))
    shared = max(GRID, key=lambda t: (pooled(t), -abs(t - 0.5))) if fitted else 0.5
    for label, (model, _, _) in fitted.items():
        model.meta["threshold"] = shared
        models.pairs[label] = model
    models.dates = fit_dates(materials, k, c)

    def title_f1(probs: dict[str, list[float]], t: float) -> float:
        tp = n_sys = n_gold = 0
        for mid, ps in probs.items():
            m = by_id[mid]
            best: dict[str, tuple[float, bool]] = {}
            for (tc, y), p in zip(m.title_pairs, ps):
                if p >= t and (tc.person.entity not in best or p > best[tc.person.entity][0]):
                    best[tc.person.entity] = (p, y)
            tp += sum(1 for _, y in best.values() if y)
            n_sys += len(best)
            n_gold += len({tc.person.entity for tc, y in m.title_pairs if y})
        return _f1(tp, n_sys, n_gold)
    models.titles = fit_binary(materials, _title_pair_rows, title_f1, k, c)
    return models


def _date_rows(m: Material) -> list:
    return [(dc.features, label, dc) for dc, label in m.dates]


def fit_dates(materials: list[Material], k: int = 3, c: float = 1.0) -> LinearModel | None:
    rows_all = [r for m in materials for r in _date_rows(m)]
    if not any(r[1] != NONE for r in rows_all):
        return None

    def fit(rows: list) -> LinearModel:
        return linear.train([r[0] for r in rows], [r[1] for r in rows], classes=DATE_CLASSES, c=c, min_count=2)
    oof = out_of_fold(materials, _date_rows, fit, k)
    scores = [s for m in materials for s in oof.get(m.id, [])]
    labels = [DATE_CLASSES.index(r[1]) for m in materials if m.id in oof for r in _date_rows(m)]
    temperature = linear.fit_temperature(scores, labels)
    probs = {i: [linear.softmax([v / temperature for v in s]) for s in ss] for i, ss in oof.items()}
    by_id = {m.id: m for m in materials}

    def f1(label: str, t: float) -> float:
        tp = n_sys = n_gold = 0
        li = DATE_CLASSES.index(label)
        for mid, ps in probs.items():
            best: dict[str, tuple[float, bool]] = {}
            for (dc, gold), p in zip(by_id[mid].dates, ps):
                top = max(range(1, len(p)), key=lambda i: p[i])
                if top == li and p[li] >= t and (dc.subject.entity not in best or p[li] > best[dc.subject.entity][0]):
                    best[dc.subject.entity] = (p[li], gold == label)
            tp += sum(1 for _, y in best.values() if y)
            n_sys += len(best)
            n_gold += len({dc.subject.entity for dc, gold in by_id[mid].dates if gold == label})
        return _f1(tp, n_sys, n_gold)
    def best_threshold(label: str) -> float:
        return max(GRID, key=lambda t: (f1(label, t), -abs(t - 0.5)))

    thresholds = {label: best_threshold(label) for label in DATE_CLASSES if label != NONE}
    model = fit(rows_all)
    model.temperature = temperature
    model.meta = {"thresholds": thresholds}
    return model


def fit_titles(materials: list[Material], k: int = 3, c: float = 1.0
               ) -> tuple[LinearModel, dict[str, list[float]]] | None:
    def f1(probs: dict[str, list[float]], t: float) -> float:
        tp = n_sys = n_gold = 0
        by_id = {m.id: m for m in materials}
        for mid, ps in probs.items():
            for (_, _, y), p in zip(by_id[mid].titles, ps):
                n_sys += p >= t
                tp += p >= t and y
                n_gold += y
        return _f1(tp, n_sys, n_gold)
    return fit_binary_oof(materials, _title_span_rows, f1, k, c)


def fit_all(materials: list[Material], k: int = 3, c: float = 1.0, progress: Callable[[str], None] | None = None):
    """Every model of the extractor: (entities, titles, relations). The
    relation models learn from the mentions the span classifier finds in
    text it did not see (its out-of-fold predictions, linked as kg links
    them), so they learn to read what they will be given."""
    say = progress or (lambda _: None)
    say("entity spans")
    entities, entity_probs = fit_entities(materials, k, c)
    say("job titles")
    found = fit_titles(materials, k, c)
    titles, title_probs = found if found else (None, {})
    say("relations")
    for m in materials:
        predicted_relation_material(m, entities, entity_probs.get(m.id, []), titles, title_probs.get(m.id, []))
    relations = fit_relations(materials, k, c)
    return entities, titles, relations


def predicted_relation_material(m: Material, entities: LinearModel, probs: list[list[float]],
                                titles: LinearModel | None, title_probs: list[float]) -> None:
    """Relation material from the mentions decoded from out-of-fold probabilities."""
    from spacy.tokens import SpanGroup

    from kg.domain import default_pack
    from kg.extraction import link, pair_mentions
    from kg.learn.gold import match_key
    from kg.learn.material import relation_material
    from kg.learn.score import _matching
    from kg.nlp.mentions import MENTIONS_KEY, TITLES_KEY, _non_overlapping

    doc, annotated = m.doc, m.annotated
    if doc is None or annotated is None or not probs:
        return
    thresholds = entities.meta.get("thresholds", {})
    scored = []
    for (c, _, _, _), p in zip(m.spans, probs):
        best = max(range(1, len(p)), key=lambda i: p[i])
        if p[best] >= thresholds.get(ENTITY_CLASSES[best], 0.5):
            scored.append((p[best], c, ENTITY_CLASSES[best]))
    spans, scores = _non_overlapping(doc, scored)
    group = SpanGroup(doc, name=MENTIONS_KEY, spans=spans)
    group.attrs["scores"] = scores
    doc.spans[MENTIONS_KEY] = group
    title_spans: list[tuple[int, int]] = []
    if titles is not None:
        t = titles.meta.get("threshold", 0.5)
        kept, _ = _non_overlapping(doc, [(p, c, "JobTitle") for (c, _, _), p in zip(m.titles, title_probs) if p >= t])
        title_spans = [(s.start, s.end) for s in kept]
        doc.spans[TITLES_KEY] = SpanGroup(doc, name=TITLES_KEY, spans=kept)
    mentions, found = link(annotated.document, doc, default_pack())
    pms = pair_mentions(doc, mentions, found)
    names = {key: {match_key(n) for n in {e.name, *e.aliases}} for key, e in found.items()}
    candidates = {g.id: {key for key, e in found.items() if e.kind == g.kind and names[key] & g.keys()}
                  for g in annotated.entities.values()}
    gold_of = {key: gid for gid, key in _matching(candidates).items()}
    relation_material(m, pms, gold_of, title_spans, keep=True)


def label_counts(materials: list[Material]) -> dict:
    kinds: dict[str, int] = defaultdict(int)
    for m in materials:
        for _, _, label, _ in m.spans:
            if label != "O":
                kinds[label] += 1
    rels: dict[str, int] = defaultdict(int)
    for m in materials:
        for _, p, _ in m.gold_relations:
            rels[p] += 1
    return {"mention spans": dict(sorted(kinds.items())), "relations": dict(sorted(rels.items()))}
