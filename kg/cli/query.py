"""kg query."""
from __future__ import annotations

import sys

import click

from kg.cli import cli
from kg.results import FORMATS


@cli.command("query")
@click.argument("name", required=False)
@click.option("-e", "expression", metavar="SPARQL", help="Run this SPARQL text.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter (repeatable).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the saved queries with their descriptions.")
@click.option("--wide", is_flag=True, help="Tables: full IRIs, and the columns that only echo a parameter.")
@click.pass_obj
def query_cmd(obj, name, expression, params, fmt, list_, wide):
    """Run a saved query (NAME), a .rq file or -e 'SPARQL' over the store."""
    from kg.api import run_query
    from kg.queries import saved_queries
    from kg.results import render

    if list_:
        for q in saved_queries().values():
            click.echo(f"{q.name}\n    {q.title}\n    {q.description}")
            for p in q.params:
                click.echo(f"    --param {p.name}=<{p.type}>{' (optional)' if p.optional else ''}  {p.description}")
        return
    values = {}
    for item in params:
        if "=" not in item:
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--param")
        key, value = item.split("=", 1)
        values[key.strip()] = value
    result = run_query(obj.reader, name, expression, values)
    echoed: tuple[str, ...] = ()
    if name and not expression and not wide:
        from kg.queries import resolve_query

        echoed = tuple(p.name for p in resolve_query(name, None).params if p.optional and p.name not in values)
    out = render(result, fmt, hide=echoed, wide=wide)
    if fmt == "table":
        assert isinstance(out, list)  # a table is (header, rows)
        _table(out[0], out[1], wide=wide)
    elif isinstance(out, bytes):
        sys.stdout.buffer.write(out)


def _table(header: list[str], rows: list[list[str]], wide: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for n, name in enumerate(header):
        longest = max([len(name)] + [len(r[n]) for r in rows])
        if name.lower().endswith("label"):  # names stay readable, never one word a line
            table.add_column(name, min_width=min(longest, 28))
        elif wide:
            table.add_column(name, overflow="fold")
        else:
            table.add_column(name, overflow="ellipsis", max_width=40)
    for row in rows:
        table.add_row(*row)
    Console(soft_wrap=False, width=200 if not sys.stdout.isatty() else None).print(table)
    click.echo(f"{len(rows)} row(s)", err=True)
