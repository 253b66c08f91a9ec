"""kg export."""
from __future__ import annotations

import sys

import click

from kg.cli import cli

FORMAT_CHOICES = ["nquads", "trig", "turtle", "jsonld", "ntriples"]


@cli.command("export")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option("--release", help="Only this release's graph.")
@click.option("--center", metavar="ENTITY", help="Only this entity's neighbourhood (IRI or key such as person/x).")
@click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True, help="Hops around --center.")
@click.pass_obj
def export_cmd(obj, fmt, output, release, center, depth):
    """Export the graph (or a selection of it)."""
    from kg.export.registry import Selection, exporter

    data = exporter(fmt)(obj.store, Selection(release=release, center=center, depth=depth))
    if output:
        from kg.fileio import write_atomic

        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)
