"""kg extract: one document, no store."""
from __future__ import annotations

import json
import sys

import click

from kg.cli import cli


@cli.command("extract")
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True)
@click.option("--id", "release_id", help="Release id. Default: the file's stem.")
@click.option("--input-format", type=click.Choice(["txt", "md", "html", "jsonl"]), default=None,
              help="Read the input as this. Default: by extension; '-' (stdin) and unknown extensions by content.")
def extract_cmd(path, fmt, release_id, input_format):
    """Extract entities (with spans, kind, link and confidence) and relations
    from one document, without a store. '-' reads stdin."""
    from kg.document import Document
    from kg.errors import InputError
    from kg.extraction import extract
    from kg.extraction_json import extraction_json
    from kg.ingest import read_paths
    from kg.rdf.mapping import release_graph

    items = list(read_paths([path], release_id=release_id, fmt=input_format))
    errors = [i for i in items if isinstance(i, Exception)]
    if errors:
        raise errors[0] if isinstance(errors[0], InputError) else InputError(str(errors[0]))
    out = []
    for document in items:
        assert isinstance(document, Document)  # the errors were raised above
        for warning in document.meta.get("warnings", []):
            click.echo(f"kg: warning: {warning}", err=True)
        extraction = extract(document)
        if fmt == "json":
            out.append(extraction_json(extraction))
        else:
            sys.stdout.write(release_graph(extraction).serialize(format="turtle"))
    if fmt == "json":
        click.echo(json.dumps(out[0] if len(out) == 1 else out, indent=1, ensure_ascii=False))
