"""Quarantine: a release that could not be read, or whose graph breaks the
SHACL shapes, is kept where the user can inspect it, one folder per release:

    quarantine/<release-id>/
        reason.txt    why it was rejected (the SHACL report in full when there is one)
        input.txt     the text as read (input.bin: the bytes, when they could not be decoded)
        graph.nt      the rejected graph, when one was built

The folder is $KG_QUARANTINE when set, else `quarantine/` inside an embedded
store's directory, else `./quarantine` (a remote or an in-memory store). A
release that later commits has its quarantine folder removed."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def quarantine_dir(store) -> Path:
    configured = os.environ.get("KG_QUARANTINE")
    if configured:
        return Path(configured)
    if store.embedded and store.location != ":memory:":
        return Path(store.location.removeprefix("file://")) / "quarantine"
    return Path.cwd() / "quarantine"


def folder_name(release_id: str) -> str:
    name = _UNSAFE.sub("_", release_id).strip("._") or "release"
    return name[:150]


def quarantine(store, release_id: str, reason: str, *, text: str | None = None, data: bytes | None = None,
               graph: str | None = None, report: str | None = None) -> Path | None:
    """Write a rejected release into its quarantine folder (replacing an older
    one); None when the folder cannot be written (the rejection stands)."""
    folder = quarantine_dir(store) / folder_name(release_id)
    try:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / "reason.txt").write_text(reason + "\n" + (f"\n{report.rstrip()}\n" if report else ""),
                                           encoding="utf-8")
        if text is not None:
            (folder / "input.txt").write_text(text, encoding="utf-8", newline="")
        elif data is not None:
            (folder / "input.bin").write_bytes(data)
        if graph is not None:
            (folder / "graph.nt").write_text(graph, encoding="utf-8")
    except OSError:
        return None
    return folder


def release(store, release_id: str) -> None:
    """Forget a release's quarantine once it has committed."""
    folder = quarantine_dir(store) / folder_name(release_id)
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
