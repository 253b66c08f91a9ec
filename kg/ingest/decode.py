"""Bytes to text, refusing what is not a release: empty, binary, too large, or
in an encoding that cannot be told with confidence."""
from __future__ import annotations

import codecs
import os
import re

from kg.errors import InputError

MAX_BYTES = int(os.environ.get("KG_MAX_BYTES", 20 * 1024 * 1024))
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 controls other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: too large ({len(data):,} bytes; the limit is {MAX_BYTES:,}, set KG_MAX_BYTES)")
    text = _decode(data, source)
    if not text.strip():
        raise InputError(f"{source}: empty (no text)")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(f"{source}: binary content ({controls} control characters)")
    # Stray controls would make invalid XML/RDF literals; replace them by spaces,
    # one for one, so character offsets stay the same.
    if controls:
        text = _CONTROL.sub(" ", text)
        if not text.strip():
            raise InputError(f"{source}: empty (only control characters)")
    return text


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: invalid {encoding} after its byte-order mark ({exc.reason})") from None
            return text.lstrip("\ufeff")
    if b"\x00" in data[:4096]:
        raise InputError(f"{source}: binary content (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > 0.2:
        raise InputError(f"{source}: not valid UTF-8 and no other encoding fits (binary or mis-encoded)")
    if best.encoding != "cp1252":
        # Undeclared single-byte text is mostly Latin-1/Windows-1252 (what the
        # web reads "latin-1" as); on short texts charset_normalizer ranks
        # Baltic or DOS code pages first ("Besanēon"). Prefer cp1252 when it
        # reads the bytes about as cleanly.
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos + 0.1:
            best = western
    return str(best)
