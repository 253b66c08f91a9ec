"""The model card written beside a trained extractor."""
from __future__ import annotations


def _row(name: str, s: dict) -> str:
    return f"| {name} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | {s['gold']} |"


def model_card(meta: dict) -> str:
    cv = meta.get("cross_validated", {})
    lines = [
        "# kg extractor: model card",
        "",
        f"Trained {meta.get('trained')} by `kg train` (kg {meta.get('kg_version')}) on {meta.get('texts')} annotated",
        f"texts: {meta.get('scored_texts', meta.get('texts'))} of the shared development sets "
        f"({', '.join(meta.get('sets', []))})"
        + (f" and {meta['texts'] - meta.get('scored_texts', meta['texts'])} examples written for kg "
           f"({', '.join(meta.get('extra', []))})." if meta.get("extra") else "."),
        "",
        "## What it is",
        "",
        "Linear models (logistic regression, L2) over named binary features of spaCy's",
        "`en_core_web_sm` parse: a span classifier for the eight kinds of entity, a",
        "job-title classifier, one classifier per relation label, a date reader and a",
        "title reader. Probabilities are calibrated by a temperature fitted on",
        "out-of-fold predictions; one decision threshold for the span kinds and one",
        "for the relations are chosen on the same (per-kind thresholds fitted noise).",
        "Stored as plain JSON (feature -> weights); no text of the training data is",
        "stored, only the words the features name (the model's vocabulary).",
        "",
        "## Training data",
        "",
        "Real releases and news articles about ASEAN smart-city cooperation with gold",
        "annotations made under the evaluation guidelines (`../shared/eval/GUIDELINES.md`).",
        "The texts stay with their publishers and are not part of kg; their sources are",
        "listed in the shared corpus (`SOURCES.md`). Used for training and evaluation only.",
        "kg's own examples (`data/training`: short news-style texts written for kg, with",
        "annotations in the same format) are in every training fold and never scored.",
        "",
        f"## Cross-validated scores ({meta.get('folds')} folds by document, kg's scorer)",
        "",
        "The evaluation's own score.py on the cross-validated graph, and these figures",
        "beside in-sample ones, are in kg's docs/evaluation.md.",
        "",
        "Every text scored by a model that never saw it.",
        "",
        "| | P | R | F1 | gold |",
        "|---|---|---|---|---|",
    ]
    if cv:
        lines.append(_row("entities", cv["entity"]))
        lines.append(_row("relations", cv["relation"]))
        lines += ["", f"Expected calibration error of the confidences: {cv.get('ece')}", "",
                  "| kind | P | R | F1 | gold |", "|---|---|---|---|---|"]
        lines += [_row(k, v) for k, v in cv.get("by_kind", {}).items()]
        lines += ["", "| relation | P | R | F1 | gold |", "|---|---|---|---|---|"]
        lines += [_row(k, v) for k, v in cv.get("by_label", {}).items()]
    lines += [
        "",
        "## Limits",
        "",
        "- English only; news and government prose about ASEAN smart-city cooperation.",
        "- Themes are the hardest kind: what a text presents as a theme is a reading.",
        "- Relations are read within a sentence or between neighbouring sentences.",
        "",
        "## Licence",
        "",
        "The weights are kg's, under kg's licence (Apache-2.0). spaCy's `en_core_web_sm`",
        "(MIT) is a separate dependency. The annotated texts are not redistributed.",
        "",
    ]
    return "\n".join(lines)
