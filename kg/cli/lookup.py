"""kg search and kg releases: finding an entity's key, listing what the store holds."""
from __future__ import annotations

import json

import click

from kg.cli import cli


@cli.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search_cmd(obj, text, limit, as_json):
    """Entities whose name, label or alias holds TEXT (case aside), with the
    key that --param, `kg export --center` and the entity pages take."""
    from kg.lookup import search

    found = search(obj.reader, text, limit)
    if as_json:
        click.echo(json.dumps(found, indent=1, ensure_ascii=False))
        return
    if not found["results"]:
        click.echo(f"no entity's name holds '{text}'", err=True)
        return
    for hit in found["results"]:
        also = [m for m in hit["matched"] if m != hit["label"]]
        click.echo(f"{hit['key']:50}  {hit['label']}" + (f"  (also: {'; '.join(also[:3])})" if also else ""))
    if found["truncated"]:
        click.echo(f"... {found['count'] - len(found['results'])} more (--limit)", err=True)


@cli.command("releases")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def releases_cmd(obj, as_json):
    """The releases in the store: id, date, headline, publisher, how many entities each mentions."""
    from kg.lookup import releases

    rows = releases(obj.reader)
    if as_json:
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r['id']:48} {r['date'] or '':10}  {r['entities']:4}  {r['headline'] or ''}")
    click.echo(f"{len(rows)} release(s)", err=True)
