"""Entity keys: the stable, readable part of every entity IRI, made from an
entity's kind and canonical name only, so the same real-world entity gets
the same key in every release and on every run."""
from __future__ import annotations

import hashlib
import re
import unicodedata

# Long names would make unwieldy keys; past this many characters the slug is
# cut and a hash of the whole name keeps it unique.
MAX_SLUG = 120

_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|prof|h\.?\s?e|his excellency|her excellency|madam|datuk seri|datuk|dato'? sri|"
    r"dato'?|tan sri|pehin|yb|the)\.?\s+)+",
    re.IGNORECASE,
)


def slugify(name: str) -> str:
    """Lower-case, accents folded ("Đà Nẵng" and "Da Nang" meet), runs of
    anything but letters and digits collapsed into '-'. Scripts without a Latin
    form (Japanese, Khmer, Thai) are kept and percent-encoded in the IRI."""
    text = unicodedata.normalize("NFKC", _fold_latin_accents(name.casefold()))
    text = text.replace("&", " and ")
    # Separators are punctuation, symbols, spaces and controls; letters, digits
    # and the combining marks of scripts such as Thai stay in the slug.
    marked = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    slug = "-".join(marked.split())
    if not slug:
        slug = "x" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    if len(slug) > MAX_SLUG:
        digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:10]
        slug = slug[:MAX_SLUG].rstrip("-") + "-" + digest
    return slug


def _fold_latin_accents(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text.replace("đ", "d")):
        # Thai and Khmer vowels are combining marks too: fold only Latin letters.
        if unicodedata.combining(char) and out and out[-1] < "\u0250":
            continue
        out.append(char)
    return "".join(out)


def strip_honorifics(name: str) -> str:
    return _HONORIFICS.sub("", name.strip()).strip()


def entity_key(kind: str, name: str) -> str:
    return f"{kind.lower()}/{slugify(strip_honorifics(name))}"
