"""Features of a candidate pair of mentions, for the relation classifiers:
the kinds, the words between them, the path between their heads in the
dependency parse, cue words of each relation (kg.lexicon.RELATION_CUES),
distance, and punctuation. They describe how English states a relation,
not what one text says."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from kg.lexicon import RELATION_CUES


@dataclass(frozen=True)
class PairMention:
    """A mention as the relation stage sees it: token offsets, kind, entity."""

    start: int
    end: int
    kind: str
    entity: str
    sentence: int  # index of its sentence


def head_token(doc: Doc, m: PairMention):
    for token in doc[m.start:m.end]:
        if not (m.start <= token.head.i < m.end) or token.head.i == token.i:
            return token
    return doc[m.end - 1]


def _ancestors(token) -> list:
    out = [token]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def dependency_path(doc: Doc, a: PairMention, b: PairMention) -> tuple[str, str, list]:
    """(path of dependency labels, the lowest common ancestor's word, the
    tokens strictly between on the path) from a's head to b's head."""
    ha, hb = head_token(doc, a), head_token(doc, b)
    up_a, up_b = _ancestors(ha), _ancestors(hb)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            m = index_b[t.i]
            ups = [x.dep_ for x in up_a[:n]]
            downs = [x.dep_ for x in reversed(up_b[:m])]
            path = "<".join(ups) + "^" + ">".join(downs)
            inner = up_a[1:n] + [t] + list(reversed(up_b[1:m]))
            inner = [x for x in inner if x.i not in (ha.i, hb.i)]
            return path, t.lower_, inner
    return "none", "", []


def _bucket(n: int, edges=(0, 1, 2, 4, 8, 15)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


_NEGATIONS = {"not", "never", "no", "n't"}
_FUTURE = {"will", "shall", "would", "plans", "plan", "scheduled", "upcoming", "expected", "next"}


def pair_features(doc: Doc, s: PairMention, o: PairMention, mentions_between: int) -> list[str]:
    """Features of "s <relation> o". `mentions_between` counts other mentions between the two."""
    f = [f"kinds:{s.kind}>{o.kind}"]
    first, second = (s, o) if s.start <= o.start else (o, s)
    f.append("order:so" if first is s else "order:os")
    gap_sent = abs(s.sentence - o.sentence)
    f.append(f"sent_gap:{min(gap_sent, 2)}")
    between = doc[first.end:second.start]
    f.append(f"dist:{_bucket(len(between))}")
    f.append(f"ments:{_bucket(mentions_between, (0, 1, 2, 3))}")
    words = [t.lower_ for t in between if not t.is_space]
    if gap_sent == 0:
        if len(words) <= 6:
            f.append("btw:" + "_".join(words))
        for w in set(words[:12]):
            f.append(f"bw:{w}")
        if words:
            f.append(f"bfirst:{words[0]}")
            f.append(f"blast:{words[-1]}")
        if "(" in words:
            f.append("paren")
        if words and all(w in (",", "and", "&", "the", "of", "(", ")") for w in words):
            f.append("list_gap")
    before = doc[first.start - 1].lower_ if first.start > 0 else "^"
    after = doc[second.end].lower_ if second.end < len(doc) else "$"
    f += [f"pre:{before}", f"post:{after}"]
    if gap_sent == 0:
        path, lca, inner = dependency_path(doc, s, o)
        f.append(f"path:{path}")
        f.append(f"lca:{lca}")
        f.append(f"kinds:{s.kind}>{o.kind}|path:{path}")
        f.append(f"kinds:{s.kind}>{o.kind}|lca:{lca}")
        f.append(f"plen:{_bucket(len(inner), (0, 1, 2, 3, 5))}")
        for t in inner[:6]:
            if t.tag_.startswith("VB"):
                f.append(f"pverb:{t.lower_}")
            elif t.tag_ in ("IN", "TO"):
                f.append(f"pprep:{t.lower_}")
            else:
                f.append(f"pword:{t.lower_}")
        sentence = doc[first.start].sent
        sent_words = {t.lower_ for t in sentence}
        if sent_words & _NEGATIONS:
            f.append("negated")
        if sent_words & _FUTURE:
            f.append("future")
        window = set(words) | {t.lower_ for t in inner} | {before}
        for label, cues in RELATION_CUES.items():
            hit = window & cues
            if hit:
                f.append(f"cue:{label}")
                f.append(f"cue:{label}|kinds:{s.kind}>{o.kind}")
    else:
        # Across sentences only the kinds, the distance and what opens the later sentence speak.
        later = second if second.sentence > first.sentence else first
        opener = doc[later.start].sent[0]
        f.append(f"opener:{opener.lower_}")
        f.append(f"kinds:{s.kind}>{o.kind}|gap")
    hs, ho = head_token(doc, s), head_token(doc, o)
    f += [f"sdep:{hs.dep_}", f"odep:{ho.dep_}", f"sdep_odep:{hs.dep_}|{ho.dep_}"]
    if ho.head.i == hs.i or hs.head.i == ho.i:
        f.append(f"direct:{ho.dep_ if ho.head.i == hs.i else hs.dep_}")
    return f
