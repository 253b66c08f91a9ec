"""Write docs/cli.md from the real `--help` output of every kg command, so the
reference cannot drift from the code.

    python tools/gen_cli_docs.py          # rewrite docs/cli.md
    python tools/gen_cli_docs.py --check  # exit 1 when it is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner
from generated import write_or_check  # noqa: E402  (tools/ is on sys.path as a script)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET = ROOT / "docs" / "cli.md"

from kg.cli import load_commands  # noqa: E402


def render() -> str:
    cli = load_commands()
    runner = CliRunner()

    def help_of(*args: str) -> str:
        result = runner.invoke(cli, [*args, "--help"], prog_name="kg", terminal_width=100)
        assert result.exit_code == 0, result.output
        return result.output.rstrip()

    parts = ["# Command-line reference", "",
             "Generated from the real `--help` output by `tools/gen_cli_docs.py`; a test fails when it is out of "
             "date. Run `python tools/gen_cli_docs.py` after changing a command.", "",
             "## kg", "", "```text", help_of(), "```", ""]
    for name in sorted(cli.commands):
        parts += [f"## kg {name}", "", "```text", help_of(name), "```", ""]
    return "\n".join(parts)


def main() -> int:
    return write_or_check(TARGET, render(), "gen_cli_docs.py")


if __name__ == "__main__":
    sys.exit(main())
