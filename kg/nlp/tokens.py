"""A Doc's token attributes in plain lists, read once. A spaCy Token is a
new object on every access, and kg's components read tokens hundreds of
thousands of times per release; a Doc's tokens do not change once made."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

_KEY = "kg_tokens"


@dataclass
class TokenTable:
    text: list[str]
    lower: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    is_punct: list[bool]
    is_space: list[bool]
    newline_after: list[bool]  # the token's trailing whitespace holds a line break
    start_char: list[int]
    end_char: list[int]


def token_table(doc: Doc) -> TokenTable:
    table = doc.user_data.get(_KEY)
    if table is None:
        text, lower, tag, dep, head, punct, space, newline, start, end = ([] for _ in range(10))
        for t in doc:
            text.append(t.text)
            lower.append(t.lower_)
            tag.append(t.tag_)
            dep.append(t.dep_)
            head.append(t.head.i)
            punct.append(t.is_punct)
            space.append(t.is_space)
            newline.append("\n" in t.text_with_ws)
            start.append(t.idx)
            end.append(t.idx + len(t.text))
        table = doc.user_data[_KEY] = TokenTable(text, lower, tag, dep, head, punct, space, newline, start, end)
    return table


def drop_token_table(doc: Doc) -> None:
    doc.user_data.pop(_KEY, None)
