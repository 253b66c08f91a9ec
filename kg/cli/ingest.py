"""kg ingest / kg remove."""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from kg.cli import cli


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--id", "release_id", help="Release id (one input only). Default: the JSONL id or the file's stem.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for the NLP stage.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary on stdout.")
@click.option("--format", "input_format", type=click.Choice(["txt", "md", "html", "jsonl"]), default=None,
              help="Read every input as this. Default: by extension; '-' (stdin) and unknown extensions "
                   "by their content, and a .txt/.md that is HTML as HTML (with a warning).")
@click.pass_obj
def ingest_cmd(obj, paths, release_id, jobs, as_json, input_format):
    """Ingest releases: files or folders (recursively), globs, or '-' for stdin.

    Unchanged releases are skipped; a changed release replaces its named graph
    atomically. Exit 0: all ingested or unchanged; 1: some inputs rejected
    (each named with its reason; the others committed)."""
    from kg.ingest import read_paths
    from kg.pipeline import ingest

    if release_id and len(paths) > 1:
        raise click.UsageError("--id names one release: give one input")
    items = read_paths(paths, release_id=release_id, fmt=input_format)
    with _progress(obj.quiet) as progress:
        summary = ingest(obj.store, items, jobs=jobs, progress=progress)
    for rejected in summary.rejected:
        where = f" (quarantined in {rejected.quarantine})" if rejected.quarantine else ""
        click.echo(f"kg: rejected {rejected.reason}{where}", err=True)
    if not obj.quiet:
        for warning in summary.warnings:
            click.echo(f"kg: warning: {warning}", err=True)
    for release_id, facts in summary.set_aside.items():
        if obj.verbose:
            for fact in facts:
                click.echo(f"kg: {release_id}: set aside {fact}", err=True)
        elif not obj.quiet:
            click.echo(f"kg: {release_id}: {len(facts)} fact(s) set aside for breaking a shape "
                       "(kgo:SetAsideStatement in its graph; -v lists them)", err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=1))
    elif not obj.quiet:
        click.echo(f"{len(summary.ingested)} ingested, {len(summary.updated)} updated, "
                   f"{len(summary.unchanged)} unchanged, {len(summary.rejected)} rejected "
                   f"({summary.seconds:.1f} s)", err=True)
    sys.exit(0 if summary.ok else 1)


@cli.command("remove")
@click.argument("release_ids", nargs=-1, required=True)
@click.pass_obj
def remove_cmd(obj, release_ids):
    """Remove releases (their named graphs) from the store. Exit 1 if one was not there."""
    from kg.pipeline import remove

    removed, missing = remove(obj.store, release_ids)
    for release_id in missing:
        click.echo(f"kg: no release '{release_id}' in the store", err=True)
    if not obj.quiet:
        click.echo(f"{len(removed)} removed", err=True)
    sys.exit(1 if missing else 0)


class _progress:
    """A rich progress bar on stderr (nothing when quiet or not a terminal)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar: Any = None  # a rich Progress, once started
        self.task: Any = None

    def __enter__(self):
        if self.quiet:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.__enter__()
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.bar.add_task("ingest", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False
