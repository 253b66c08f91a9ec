"""kg validate."""
from __future__ import annotations

import sys

import click

from kg.cli import cli


@cli.command("validate")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text", show_default=True)
@click.pass_obj
def validate_cmd(obj, fmt):
    """Check the store against the SHACL shapes in ontology/. Exit 0 conforms, 1 violations."""
    from kg.api import validate_store

    report = validate_store(obj.reader)
    if fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    elif report.conforms:
        click.echo("conforms: the store satisfies every shape", err=obj.quiet)
    else:
        click.echo(report.text)
    sys.exit(0 if report.conforms else 1)
