"""What a text is when its name does not say (stdin, an unknown or a
misleading extension): HTML, JSON Lines or plain text, read from the bytes."""
from __future__ import annotations

import json
import re

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b",
                         re.IGNORECASE | re.DOTALL)
_TAG = re.compile(rb"</?(?:html|head|body|div|span|p|a|article|section|nav|script|style|meta|link|li|ul|h[1-6])\b[^>]*>",
                  re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """A page, or text so full of tags that it is one."""
    head = data[:65536]
    if _HTML_START.match(head):
        return True
    tags = len(_TAG.findall(head))
    return tags >= 5 and tags * 40 >= len(head.split())


def looks_like_jsonl(data: bytes) -> bool:
    lines = [line for line in data[:65536].splitlines() if line.strip()][:20]
    if not lines:
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines)
    except ValueError:
        return False


def looks_like_text(data: bytes) -> bool:
    """Not a PDF, an archive, an image or other binary data."""
    head = data[:8192]
    return not (head.startswith((b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8"))
                or b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")))


def sniff(data: bytes) -> str:
    """The suffix of the reader for these bytes: ".html", ".jsonl" or ".txt"."""
    if looks_like_html(data):
        return ".html"
    if looks_like_jsonl(data):
        return ".jsonl"
    return ".txt"
