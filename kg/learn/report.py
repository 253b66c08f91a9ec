"""The tables `kg evaluate` prints: per kind and per relation label,
cross-validated beside in-sample."""
from __future__ import annotations


def _cell(s: dict | None) -> str:
    return f"{s['p']:.2f} {s['r']:.2f} {s['f1']:.2f}" if s else "   -    -    -"


def report_table(report: dict) -> str:
    cv, ins = report["cross_validated"], report.get("in_sample")
    lines = [f"{report['texts']} texts, {report['folds']} folds by document ({report['seconds']} s)", "",
             f"{'':20} {'cross-validated P R F1':22}   {'in-sample P R F1':22}"]

    def row(name: str, a: dict, b: dict | None, gold: int | None = None) -> str:
        tail = f"   gold {gold}" if gold is not None else ""
        return f"{name:20} {_cell(a):22}   {_cell(b):22}{tail}"

    lines.append(row("entities", cv["entity"], ins["entity"] if ins else None, cv["entity"]["gold"]))
    lines.append(row("relations", cv["relation"], ins["relation"] if ins else None, cv["relation"]["gold"]))
    lines += ["", "by kind"]
    for kind, s in cv["by_kind"].items():
        lines.append(row("  " + kind, s, ins["by_kind"].get(kind) if ins else None, s["gold"]))
    lines += ["", "by relation label"]
    for label, s in cv["by_label"].items():
        lines.append(row("  " + label, s, ins["by_label"].get(label) if ins else None, s["gold"]))
    lines += ["", f"expected calibration error (cross-validated confidences): {cv.get('ece')}"]
    official = cv.get("score.py")
    if official:
        lines += ["", "score.py on cross-validated.nq:"]
        for gold, s in official.items():
            if "entity" in s:
                lines.append(f"  {gold}: entity F1 {s['entity']['f1']:.3f}, relation F1 {s['relation']['f1']:.3f} "
                             f"({s['releases_found']}/{s['docs']} releases)")
    return "\n".join(lines)
