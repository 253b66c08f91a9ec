"""What the generators in tools/ share: write a generated file, or with
`--check` report (exit 1) that it is out of date."""
from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, text: str, tool: str) -> int:
    if "--check" in sys.argv:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target.name} is out of date: run python tools/{tool}")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0
