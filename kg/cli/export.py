"""kg export, and the selection options it shares with kg analyze."""
from __future__ import annotations

import sys

import click

from kg.cli import cli
from kg.export.registry import formats


def selection_options(command):
    """The options that choose a part of the graph (kg.export.registry.Selection)."""
    options = [
        click.option("--release", metavar="ID", help="Only this release's graph."),
        click.option("--center", metavar="ENTITY",
                     help="Only this entity's neighbourhood (IRI or key such as person/x)."),
        click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True, help="Hops around --center."),
        click.option("--kind", "kinds", multiple=True, metavar="KIND",
                     help="Only entities of this kind (repeatable or comma-separated: person, organization, country, "
                          "place, event, initiative, document, theme)."),
        click.option("--theme", metavar="THEME",
                     help="Only the releases that mention this theme (key theme/x, slug, label or IRI)."),
        click.option("--since", metavar="DATE", help="Only releases published on or after DATE (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Only releases published on or before DATE (YYYY[-MM[-DD]])."),
        click.option("--query", "query", metavar="SPARQL|FILE.rq",
                     help="The graph of a SPARQL CONSTRUCT over the store (text, or a .rq file; @FILE also works)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_selection(release=None, center=None, depth=1, kinds=(), theme=None, since=None, until=None, query=None):
    from pathlib import Path

    from kg.export.registry import Selection

    if query:
        path = Path(query[1:] if query.startswith("@") else query)
        if (query.startswith("@") or path.suffix == ".rq") and path.is_file():
            query = path.read_text(encoding="utf-8")
    return Selection(release=release, center=center, depth=depth, kinds=tuple(kinds), theme=theme, since=since,
                     until=until, query=query)


def _formats_help() -> str:
    from kg.export.registry import info

    return "; ".join(f"{name}: {info(name).description}" for name in formats() if info(name).description)


@cli.command("export", epilog="Formats - " + _formats_help())
@click.option("--format", "-f", "fmt", type=click.Choice(formats()), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@selection_options
@click.pass_obj
def export_cmd(obj, fmt, output, **options):
    """Export the graph (or a selection of it): RDF, network formats for
    Gephi, Cytoscape, sigma.js, Graphviz and Neo4j, pictures, or an
    interactive page."""
    from kg.export.registry import info

    plugin = info(fmt)
    if not output and plugin.binary and sys.stdout.isatty():
        raise click.UsageError(f"--format {fmt} writes binary data: give -o FILE{plugin.suffix} or redirect stdout")
    data = plugin.exporter(obj.reader, make_selection(**options))
    if output:
        from kg.fileio import write_atomic

        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
