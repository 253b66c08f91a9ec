"""kg stats."""
from __future__ import annotations

import json

import click

from kg.cli import cli


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def stats_cmd(obj, as_json):
    """Counts: releases, entities by kind, relations, quads."""
    from kg.api import stats

    figures = stats(obj.reader)
    if as_json:
        click.echo(json.dumps(figures, indent=1))
        return
    for key, value in figures.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k:24} {v}")
        else:
            click.echo(f"{key:26} {value}")
