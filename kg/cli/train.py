"""kg train and kg evaluate: learning the extractor from annotated texts."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli import cli

_SET = click.Path(exists=True, file_okay=False, path_type=Path)


def _sets(pairs) -> list[tuple[Path, Path]]:
    return [(Path(t), Path(g)) for t, g in pairs]


def _say(obj):
    def say(message: str) -> None:
        if not obj.quiet:
            click.echo(f"kg: {message}", err=True)
    return say


@cli.command("train")
@click.option("--set", "sets", nargs=2, type=_SET, multiple=True, required=True, metavar="TEXTS_DIR GOLD_DIR",
              help="Texts (<id>.txt, with a manifest.jsonl of their metadata) and their gold annotations "
                   "(<id>.json); repeatable.")
@click.option("--extra", "extra", nargs=2, type=_SET, multiple=True, metavar="TEXTS_DIR GOLD_DIR",
              help="More annotated texts to learn from, kept in every training fold and never scored "
                   "(kg's own written examples in data/training); repeatable.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the artefact (point KG_EXTRACTOR at it to use it).")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Folds of the cross-validation whose figures go into the model card.")
@click.option("--json", "as_json", is_flag=True, help="Print the artefact's metadata as JSON on stdout.")
@click.pass_obj
def train_cmd(obj, sets, extra, out, folds, as_json):
    """Train the extractor (span, title, relation and date classifiers) on
    annotated texts and write it, with a model card, to --out."""
    from kg.learn.evaluate import train

    meta = train(_sets(sets), out, folds=folds, progress=_say(obj), extra=_sets(extra))
    if as_json:
        click.echo(json.dumps(meta, indent=1))
    else:
        cv = meta["cross_validated"]
        click.echo(f"wrote {out}: cross-validated entity F1 {cv['entity']['f1']:.3f}, "
                   f"relation F1 {cv['relation']['f1']:.3f} ({folds} folds, {meta['texts']} texts)")


@cli.command("evaluate")
@click.option("--set", "sets", nargs=2, type=_SET, multiple=True, required=True, metavar="TEXTS_DIR GOLD_DIR",
              help="Texts and their gold annotations; repeatable.")
@click.option("--extra", "extra", nargs=2, type=_SET, multiple=True, metavar="TEXTS_DIR GOLD_DIR",
              help="More annotated texts to learn from, in every training fold, never scored; repeatable.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Folds, split by document.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for cross-validated.nq, in-sample.nq and report.json.")
@click.option("--scorer", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="The evaluation's score.py, to score the written graphs with it too. "
                   "Default: score.py beside the first gold folder, when there is one.")
@click.option("--no-in-sample", is_flag=True, help="Skip the in-sample figures (one fit fewer).")
@click.option("--json", "as_json", is_flag=True, help="Print report.json on stdout.")
@click.pass_obj
def evaluate_cmd(obj, sets, extra, folds, out, scorer, no_in_sample, as_json):
    """Cross-validate the extractor: train on K-1 folds, predict the held-out
    one, so every text is read by a model that never saw it."""
    from kg.learn.evaluate import evaluate
    from kg.learn.report import report_table

    pairs = _sets(sets)
    if scorer is None:
        guess = pairs[0][1].parent / "score.py"
        scorer = guess if guess.is_file() else None
    report = evaluate(pairs, folds, out, scorer=scorer, in_sample=not no_in_sample, progress=_say(obj),
                      extra=_sets(extra))
    click.echo(json.dumps(report, indent=1) if as_json else report_table(report))
