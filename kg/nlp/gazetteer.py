"""The domain pack as a phrase matcher: every surface form of a known entity
and every label of the theme scheme, with its kind and key. Matches are
candidates and features for the span classifier, and links for resolution;
they never decide on their own what a release says."""
from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

# Short upper-case forms are matched case-sensitively ("MIC" is not "mic").
ACRONYM_MAX = 6


class Gazetteer:
    def __init__(self, nlp, pack):
        vocab = nlp.vocab
        self.pack = pack
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        self.by_orth = PhraseMatcher(vocab, attr="ORTH")
        self.labels: dict[str, tuple[str, str]] = {}  # match id string -> (kind, key)
        country_forms = {f.casefold() for e in pack.entities.values() if e.kind == "Country"
                         for f in e.surface_forms()}
        lower: dict[str, list[str]] = {}
        orth: dict[str, list[str]] = {}
        for entity in pack.entities.values():
            for form in entity.surface_forms():
                # A city-state's city row must not shadow the country ("Singapore").
                if entity.kind != "Country" and form.casefold() in country_forms:
                    continue
                if " " not in form and (form.isupper() and len(form) <= ACRONYM_MAX or form == entity.acronym):
                    orth.setdefault(f"{entity.kind}|{entity.key}", []).append(form)
                else:
                    lower.setdefault(f"{entity.kind}|{entity.key}", []).append(form)
        for theme in pack.themes.values():
            lower.setdefault(f"Theme|{theme.key}", []).extend(f for f in theme.labels() if f.strip())
        tokenizer = nlp.make_doc  # the pipeline's own tokenizer: patterns split as texts do
        for label, forms in lower.items():
            self.by_lower.add(label, [tokenizer(f) for f in dict.fromkeys(forms)])
        for label, forms in orth.items():
            self.by_orth.add(label, [tokenizer(f) for f in dict.fromkeys(forms)])

    def matches(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(start, end, kind, key) of every known form in the Doc."""
        out = []
        for matcher in (self.by_lower, self.by_orth):
            for match_id, start, end in matcher(doc):
                kind, key = doc.vocab.strings[match_id].split("|", 1)
                out.append((start, end, kind, key))
        return sorted(set(out))

