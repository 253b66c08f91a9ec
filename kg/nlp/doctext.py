"""The text of a spaCy Doc, read once. spaCy's `Doc.text` joins the text of
every token anew on each access (a Token object per token), and kg's
components read a release's text a dozen times: that was a third of their
time. A Doc's tokens, hence its text, do not change once it is made."""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "kg_text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
