"""A sequence tagger over tokens (a linear-chain CRF, python-crfsuite): it
reads a release token by token, with each token's words, shape, tag, parse
and the statistical model's entity around it, and marks names with BIO tags
of the eight kinds. It decides boundaries jointly, where the span
classifier judges each candidate alone; its spans are one more feature of
the span classifier (kg.nlp.mentions), never the last word."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.lexicon import HONORIFICS, THEME_CUES, TITLE_WORDS, head_kind
from kg.nlp.tokens import token_table

_TITLE = {w.casefold() for t in TITLE_WORDS for w in t.replace("-", " ").split()}
_HONORIFIC = {h.casefold().rstrip(".") for h in HONORIFICS if " " not in h}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"}
# The features of a token that its neighbours see too.
_SHARED = ("w=", "sh=", "tag=", "ent=", "gaz=", "title", "hon", "headk=", "cap", "cue")


def _shape(text: str) -> str:
    s = re.sub("[A-Z]", "X", text)
    s = re.sub("[a-z]", "x", s)
    s = re.sub("[0-9]", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


def token_features(doc: Doc, gazetteer: list[str]) -> list[dict[str, float]]:
    """One feature dict per token; `gazetteer` holds each token's "B-Kind" /
    "I-Kind" tag from the domain pack's matches ("" for none)."""
    table = token_table(doc)
    own: list[dict[str, float]] = []
    for i, t in enumerate(doc):
        text, lower = table.text[i], table.lower[i]
        f = {"b": 1.0, "w=" + lower: 1.0, "sh=" + _shape(text): 1.0, "suf3=" + lower[-3:]: 1.0,
             "pre3=" + lower[:3]: 1.0, "tag=" + table.tag[i]: 1.0, "dep=" + table.dep[i]: 1.0,
             "hw=" + table.lower[table.head[i]]: 1.0, "ent=" + t.ent_iob_ + t.ent_type_: 1.0}
        if text[:1].isupper():
            f["cap"] = 1.0
        if text.isupper() and len(text) > 1:
            f["upper"] = 1.0
        if lower in _TITLE:
            f["title"] = 1.0
        if lower.rstrip(".") in _HONORIFIC:
            f["hon"] = 1.0
        if lower in _MONTHS:
            f["month"] = 1.0
        if lower in THEME_CUES:
            f["cue"] = 1.0
        kind = head_kind(text) if text[:1].isupper() else None
        if kind:
            f["headk=" + kind] = 1.0
        if gazetteer[i]:
            f["gaz=" + gazetteer[i]] = 1.0
        if t.is_sent_start:
            f["sstart"] = 1.0
        if table.newline_after[i]:
            f["eol"] = 1.0
        own.append(f)
    out = []
    for i, f in enumerate(own):
        g = dict(f)
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(own):
                for k in own[j]:
                    if k.startswith(_SHARED):
                        g[f"{d}:{k}"] = 1.0
            else:
                g[f"{d}:pad"] = 1.0
        out.append(g)
    return out


def gazetteer_tags(doc: Doc, matches: list[tuple[int, int, str, str]]) -> list[str]:
    tags = [""] * len(doc)
    for start, end, kind, _ in matches:
        for k in range(start, end):
            tags[k] = ("B-" if k == start else "I-") + kind
    return tags


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each BIO run."""
    out, i = [], 0
    while i < len(tags):
        if tags[i] != "O":
            kind, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == "I-" + kind:
                j += 1
            out.append((i, j, kind))
            i = j
        else:
            i += 1
    return out


class SequenceTagger:
    """A trained CRF, held as the bytes of its crfsuite model file."""

    def __init__(self, model: bytes):
        import pycrfsuite

        self.model = model
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model)

    def spans(self, doc: Doc, gazetteer: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str]]:
        if not len(doc):
            return []
        return spans_of(self._tagger.tag(token_features(doc, gazetteer_tags(doc, gazetteer))))

    def __reduce__(self):  # picklable for spaCy's worker processes: rebuilt from the bytes
        return (SequenceTagger, (self.model,))


def train_tagger(sequences: list[tuple[list[dict[str, float]], list[str]]], c1: float = 0.1,
                 c2: float = 0.1, iterations: int = 150) -> SequenceTagger:
    """A CRF fitted with L-BFGS (deterministic) on (token features, BIO tags) sequences."""
    import os
    import tempfile

    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, tags in sequences:
        trainer.append(features, tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        with open(path, "rb") as file:
            return SequenceTagger(file.read())
    finally:
        os.unlink(path)


def span_relation(start: int, end: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """How a candidate span stands to the tagger's spans, as features."""
    out = []
    for s, e, kind in spans:
        if (s, e) == (start, end):
            out.append("crf:" + kind)
        elif s <= start and end <= e:
            out.append("crf_over:" + kind)
        elif start <= s and e <= end:
            out.append("crf_in:" + kind)
        elif s < end and start < e:
            out.append("crf_cross")
    return out or ["crf:-"]
