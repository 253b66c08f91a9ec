"""The `kg` command line: thin click commands over kg's importable functions.
Each command lives in its own module and registers on the group below."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from kg.errors import KGError
from kg.version import __version__

if TYPE_CHECKING:
    from kg.store.base import Store


class Context:
    def __init__(self, store: str | None, quiet: bool, verbose: bool):
        self.store_location = store
        self.quiet = quiet
        self.verbose = verbose
        self._store: Store | None = None

    @property
    def store(self):
        """The store, for commands that write it."""
        return self._open(reader=False)

    @property
    def reader(self):
        """The store, for commands that only read it: while another process
        writes an embedded store, its newest snapshot."""
        return self._open(reader=True)

    def _open(self, reader: bool):
        if self._store is None:
            from kg.settings import settings
            from kg.store.base import open_store

            self._store = open_store(self.store_location or settings().store, reader=reader)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class Group(click.Group):
    """Reports a KGError as one line, `kg: [Exxx] message`, on stderr and exits
    with its code: the same whether kg runs as a program or is invoked in-process
    (click.testing, another click application)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as error:
            click.echo(f"kg: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="kg")
@click.option("--store", metavar="PATH|URL", envvar="KG_STORE", default=None,
              help="Where the graph lives: a directory (embedded Oxigraph store, created on first use) or "
                   "an http(s):// SPARQL store. Default: $KG_STORE, else ./kg-store.")
@click.option("--quiet", "-q", is_flag=True, help="Print only results and errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print more detail.")
@click.pass_context
def cli(ctx: click.Context, store: str | None, quiet: bool, verbose: bool) -> None:
    """kg: a knowledge graph of ASEAN smart-city cooperation, built from releases."""
    ctx.obj = Context(store, quiet, verbose)
    ctx.call_on_close(ctx.obj.close)


def fail(error: KGError) -> None:
    click.echo(f"kg: {error}", err=True)
    sys.exit(error.exit_code)


def load_commands() -> click.Group:
    """Import every module of this package: each registers its commands on
    `cli`, so a new command is a new module and nothing else."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return cli


def main() -> None:
    load_commands()
    try:
        cli(prog_name="kg")
    except KGError as error:
        fail(error)
