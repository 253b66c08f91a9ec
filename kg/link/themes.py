"""Linking theme mentions to the theme scheme of the domain pack.

A mention that spells a scheme theme ("green transformation", "GX") is that
theme, under its preferred label. A phrase the scheme lists under a theme
without being it ("water quality" under Quality Environment) is a theme of
its own, narrower than the scheme's (skos:broader). Any other theme is named
as the text writes it, its first letter raised as a heading would."""
from __future__ import annotations

import re

from kg.domain import DomainPack, Theme, norm


def _key(value: str) -> str:
    value = re.sub(r"\([^)]*\)", " ", value.casefold())
    words = [w for w in re.split(r"[^\w]+", value) if w and w not in ("and", "the")]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words).replace("ize", "ise")


def same_theme(text: str, theme: Theme) -> bool:
    """Is `text` the scheme theme itself (its label in another spelling, or
    its acronym) rather than a narrower phrase listed under it?"""
    acronyms = set(re.findall(r"\(([A-Z]{2,6})\)", theme.pref_label))
    return (_key(text) == _key(theme.pref_label) or text in acronyms
            or text.isupper() and text in theme.alt_labels and len(text) <= 4)


def theme_name(text: str) -> str:
    """A theme's label as a heading writes it: "water quality" -> "Water quality"."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def scheme_theme(text: str, key: str | None, pack: DomainPack) -> Theme | None:
    """The scheme theme a mention names: by its gazetteer key, else by its label."""
    if key and key in pack.themes:
        return pack.themes[key]
    return pack.theme_by_label.get(norm(text))
