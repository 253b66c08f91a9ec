"""Candidate relations of a release: pairs of mentions that could be related
(kinds the relation allows, in one sentence, or in neighbouring sentences
for relations news often states across two), dates beside the events and
initiatives they may date, and job titles beside the people who may hold
them. Each candidate carries its features; the classifiers
(kg.relations.classify) decide."""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.dates import DateExpression, find_dates
from kg.relations.features import PairMention, head_token, pair_features
from kg.vocabulary import RELATIONS, labels_for

# Past this many tokens apart, a job title and a name are not one phrase.
TITLE_REACH = 12
DATED_KINDS = ("Event", "Initiative", "Organization", "Document")


@dataclass
class PairCandidate:
    subject: PairMention
    object: PairMention
    labels: list[str]  # the relations the kinds allow
    features: list[str]


@dataclass
class DateCandidate:
    subject: PairMention
    date: DateExpression
    features: list[str]


@dataclass
class TitleCandidate:
    person: PairMention
    start: int  # token offsets of the title
    end: int
    text: str
    features: list[str]


def sentence_index(doc: Doc) -> list[int]:
    """Each token's sentence number."""
    out = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def main_subjects(mentions: list[PairMention], n: int = 2) -> set[str]:
    """The events, initiatives and documents a release names most: what it is about."""
    counts = Counter(m.entity for m in mentions if m.kind in ("Event", "Initiative", "Document"))
    return {key for key, _ in counts.most_common(n)}


def pair_candidates(doc: Doc, mentions: list[PairMention]) -> list[PairCandidate]:
    ms = sorted(mentions, key=lambda m: m.start)
    main = main_subjects(ms)
    out = []
    for i, s in enumerate(ms):
        for j, o in enumerate(ms):
            if i == j or s.entity == o.entity:
                continue
            gap = abs(s.sentence - o.sentence)
            if gap > 1:
                continue
            labels = [label for label in labels_for(s.kind, o.kind)
                      if gap == 0 or RELATIONS[label].reach in ("near", "release")]
            if not labels:
                continue
            lo, hi = min(i, j), max(i, j)
            between = sum(1 for k in range(lo + 1, hi) if ms[k].sentence in (s.sentence, o.sentence))
            features = pair_features(doc, s, o, between)
            if s.entity in main:
                features += ["main_subject", f"main_subject|{features[0]}"]
            out.append(PairCandidate(s, o, labels, features))
    out += release_candidates(doc, ms, main_subjects(ms, 1))
    return out


def release_candidates(doc: Doc, ms: list[PairMention], main: set[str]) -> list[PairCandidate]:
    """For relations a release states of its main subject anywhere in it
    (what a meeting or a programme is about): the main subject with each
    object named sentences away from every mention of it."""
    out = []
    near: dict[str, set[int]] = {}
    for m in ms:
        near.setdefault(m.entity, set()).add(m.sentence)
    for key in main:
        subject = next(m for m in ms if m.entity == key)
        seen: set[str] = set()
        for o in ms:
            if o.entity == key or o.entity in seen:
                continue
            labels = [label for label in labels_for(subject.kind, o.kind) if RELATIONS[label].reach == "release"]
            if not labels or any(abs(o.sentence - n) <= 1 for n in near[key]):
                continue
            seen.add(o.entity)
            siblings = sum(1 for x in ms if x.sentence == o.sentence and x.kind == o.kind)
            opener = doc[o.start].sent[0].lower_
            features = [f"kinds:{subject.kind}>{o.kind}", "sent_gap:far", "main_subject",
                        f"far|kinds:{subject.kind}>{o.kind}", f"far_siblings:{min(siblings, 4)}",
                        f"far_opener:{opener}", f"far_odep:{doc[o.end - 1].dep_}"]
            out.append(PairCandidate(subject, o, labels, features))
    return out


_DATE_PREPOSITIONS = {"on", "in", "from", "until", "till", "to", "since", "by", "at", "during", "of", "as", "between"}
_DATE_CUES = {"held", "hold", "holds", "opened", "opens", "began", "begin", "started", "start", "launched", "launch",
              "established", "establish", "founded", "created", "signed", "sign", "adopted", "run", "runs", "ran",
              "ended", "ends", "closed", "concluded", "took", "place", "convened", "met", "meeting", "inaugurated",
              "kicked", "will", "scheduled", "since", "until", "approved", "announced", "set"}


def date_candidates(doc: Doc, mentions: list[PairMention], ref, main_event: PairMention | None,
                    text: str) -> list[DateCandidate]:
    """(subject, date) pairs: a date with each dated mention of its sentence,
    and with the release's main event when the sentence names no event."""
    starts = [t.idx for t in doc]
    sentences = list(doc.sents)
    sent_of = sentence_index(doc)
    out = []
    for expr in find_dates(text, ref):
        first = bisect.bisect_right(starts, expr.start) - 1
        if first < 0:
            continue
        n = sent_of[first]
        sent = sentences[n]
        subjects = [m for m in mentions if m.sentence == n and m.kind in DATED_KINDS]
        implicit = not any(m.kind == "Event" for m in subjects) and main_event is not None
        if implicit and main_event is not None:
            subjects = [*subjects, main_event]
        words = {t.lower_ for t in sent}
        prev = doc[first - 1].lower_ if first > 0 else "^"
        precision = {10: "day", 7: "month", 4: "year"}.get(len(expr.value), "other")
        shared = [f"role:{expr.role}", f"prep:{prev}", f"precision:{precision}"]
        shared += [f"scue:{w}" for w in sorted(words & _DATE_CUES)]
        if prev not in _DATE_PREPOSITIONS:
            shared.append("prep:other")
        if ref is not None and expr.value == ref.isoformat():
            shared.append("is_publication_date")
        if n == 0 or sent.start == 0:
            shared.append("first_sentence")
        for m in subjects:
            f = [*shared, f"kind:{m.kind}", f"kind:{m.kind}|role:{expr.role}", f"kind:{m.kind}|prep:{prev}"]
            if m is main_event and m.sentence != n:
                f.append("main_event_elsewhere")
            elif m.sentence == n:
                gap = first - m.end if first >= m.end else m.start - first
                f.append("date_after" if first >= m.end else "date_before")
                f.append(f"gap:{min(gap // 3, 5)}")
                between = {t.lower_ for t in doc[min(m.end, first):max(m.start, first)]}
                f += [f"bcue:{w}" for w in sorted(between & _DATE_CUES)]
                events_between = sum(1 for o in subjects if o is not m and o.sentence == n
                                     and min(m.end, first) <= o.start < max(m.start, first))
                if events_between:
                    f.append("other_subject_between")
            if m is main_event:
                f.append("main_event")
            out.append(DateCandidate(m, expr, f))
    return out


def title_candidates(doc: Doc, people: list[PairMention], titles: list[tuple[int, int]]) -> list[TitleCandidate]:
    """(person, title) pairs within a few tokens of each other in one sentence."""
    sent_of = sentence_index(doc)
    out = []
    for person in people:
        for start, end in titles:
            if sent_of[start] != person.sentence:
                continue
            if end <= person.start:
                gap, side = person.start - end, "before"
            elif start >= person.end:
                gap, side = start - person.end, "after"
            else:
                continue
            if gap > TITLE_REACH:
                continue
            between = doc[end:person.start] if side == "before" else doc[person.end:start]
            words = [t.lower_ for t in between]
            f = [f"side:{side}", f"gap:{min(gap, 6)}", f"side:{side}|gap:{min(gap, 6)}"]
            if words:
                f.append("btw:" + "_".join(words[:4]))
                f += [f"bw:{w}" for w in set(words)]
            else:
                f.append(f"adjacent:{side}")
            if any(t.ent_type_ == "PERSON" for t in between):
                f.append("person_between")
            title = doc[start:end]
            if any(t.lower_ == "of" for t in title):
                f.append("title_of")
            f.append(f"title_len:{min(end - start, 6)}")
            f.append(f"title_head:{head_token(doc, PairMention(start, end, '', '', 0)).lower_}")
            out.append(TitleCandidate(person, start, end, title.text, f))
    return out
