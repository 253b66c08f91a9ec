"""kg analyze."""
from __future__ import annotations

import sys

import click

from kg.cli import cli
from kg.cli.export import make_selection, selection_options

REPORT_CHOICES = ["all", "centrality", "communities", "yearly"]


@cli.command("analyze")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--report", "-r", "reports", type=click.Choice(REPORT_CHOICES), multiple=True,
              help="Which report (repeatable; default: all).")
@click.option("--top", type=click.IntRange(0), default=10, show_default=True,
              help="Rows per ranking (0: all).")
@selection_options
@click.pass_obj
def analyze_cmd(obj, fmt, reports, top, **options):
    """Degree and betweenness centrality, communities (Louvain), and the most
    connected officials, bodies and cities per year, over the graph or a
    selection of it."""
    from kg.analyze import REPORTS, analyze_store, tables, to_csv, to_json

    chosen = REPORTS if not reports or "all" in reports else tuple(r for r in REPORTS if r in reports)
    analysis = analyze_store(obj.reader, make_selection(**options), top=top, reports=chosen)
    if fmt == "json":
        sys.stdout.buffer.write(to_json(analysis))
    elif fmt == "csv":
        sys.stdout.buffer.write(to_csv(analysis))
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
        sections = tables(analysis)
        if not sections:
            click.echo(f"nothing to report: {analysis.nodes} entities, {analysis.edges} relations in the selection")
        for title, header, rows in sections:
            table = Table(*header, title=title, title_justify="left")
            for row in rows:
                table.add_row(*row)
            console.print(table)
