#!/usr/bin/env python3
"""Dependency audit of a pip-compile lock file (default: requirements.lock).

Sources, best first; the first one that answers is used and named in the output:

1. pip-audit with its PyPI service (its default), which asks PyPI's per-release
   JSON (/pypi/<name>/<version>/json) for each pinned version;
2. pip-audit with its OSV service (api.osv.dev);
3. PyPI's project JSON (/pypi/<name>/json). Its `vulnerabilities` list covers
   the project's latest release only, so it is used for exactly the pins that
   ARE the latest release; every other pin is reported as not covered.

pip-audit (pinned with hashes in tools/ci/pip-audit.lock) is installed into a
throw-away venv, so the project's own lock and venv stay as they are; it is
installed only when one of its services answers.

Exit status: 1 if any known vulnerability affects a checked pin; 2 if no source
answered at all (0 with --allow-offline, for CI runs without network); else 0.
Pins that a source could not check are listed, never counted as checked.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import venv
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TOOL_LOCK = Path(__file__).resolve().parent / "pip-audit.lock"
PYPI = "https://pypi.org/pypi"
OSV_QUERY = "https://api.osv.dev/v1/query"
TIMEOUT = 20.0

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;\\]+)")


@dataclass(frozen=True)
class Pin:
    name: str      # canonical (PEP 503) name
    version: str


@dataclass
class Result:
    source: str
    pins: list[Pin]
    checked: list[Pin] = field(default_factory=list)
    not_covered: list[tuple[Pin, str]] = field(default_factory=list)
    findings: list[tuple[Pin, str]] = field(default_factory=list)  # (pin, one-line advisory)
    notes: list[str] = field(default_factory=list)


class Unavailable(Exception):
    """A source did not answer, or answered in a way that cannot be used."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> list[Pin]:
    """Every `name==version` requirement of a pip-compile lock file (hash and
    `# via` lines, comments and option lines are skipped)."""
    pins = []
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        m = _PIN.match(line)
        if not m:
            raise ValueError(f"not a pinned requirement: {line[:80]!r}")
        pins.append(Pin(canonical(m.group(1)), m.group(2)))
    return pins


def same_version(a: str, b: str) -> bool:
    try:
        from packaging.version import InvalidVersion, Version
        try:
            return Version(a) == Version(b)
        except InvalidVersion:
            pass
    except ImportError:
        pass
    return a == b


# -- network (replaced in tests) ------------------------------------------------

def fetch_json(url: str, body: dict[str, Any] | None = None, timeout: float = TIMEOUT) -> Any:
    """GET (or POST `body` as JSON) and decode the answer; Unavailable on any failure."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={
        "Accept": "application/json", "Content-Type": "application/json",
        "User-Agent": "kg-dependency-audit"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as e:
        raise Unavailable(f"HTTP {e.code} from {url}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise Unavailable(f"{url}: {reason}") from None


# -- sources ----------------------------------------------------------------------

def probe_pypi_release_json(pins: list[Pin]) -> None:
    fetch_json(f"{PYPI}/{pins[0].name}/{pins[0].version}/json")


def probe_osv(pins: list[Pin]) -> None:
    fetch_json(OSV_QUERY, {"package": {"name": pins[0].name, "ecosystem": "PyPI"},
                           "version": pins[0].version})


def run_pip_audit(lock: Path, service: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """pip-audit's JSON report for `lock`, from a throw-away venv (`extra`: more pip-audit options)."""
    with tempfile.TemporaryDirectory(prefix="kg-pip-audit-") as tmp:
        env_dir = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        py = env_dir / "bin" / "python"
        inst = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--require-hashes", "--no-deps", "-r", str(TOOL_LOCK)],
                              capture_output=True, text=True, check=False)
        if inst.returncode:
            raise Unavailable(f"installing pip-audit failed: {inst.stderr.strip()[-300:]}")
        out = Path(tmp) / "report.json"
        proc = subprocess.run([str(py), "-m", "pip_audit", "-r", str(lock), "--require-hashes",
                               "--disable-pip", "--progress-spinner", "off", "--desc", "off",
                               "--aliases", "on", "-s", service, "-f", "json", "-o", str(out), *extra],
                              capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1) or not out.exists():
            raise Unavailable(f"pip-audit exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
        report: dict[str, Any] = json.loads(out.read_text())
        return report


def from_pip_audit(report: dict[str, Any], pins: list[Pin], source: str) -> Result:
    """Our result from a pip-audit JSON report (its `dependencies` list)."""
    res = Result(source, pins)
    by_name = {p.name: p for p in pins}
    for dep in report.get("dependencies", []):
        pin = by_name.get(canonical(dep["name"]), Pin(canonical(dep["name"]), dep.get("version", "?")))
        if "skip_reason" in dep:
            res.not_covered.append((pin, dep["skip_reason"]))
            continue
        res.checked.append(pin)
        for v in dep.get("vulns", []):
            aliases = ", ".join(v.get("aliases") or [])
            fixed = ", ".join(v.get("fix_versions") or []) or "none"
            res.findings.append((pin, f"{v['id']}" + (f" ({aliases})" if aliases else "") + f"; fixed in: {fixed}"))
    missing = {p.name for p in pins} - {canonical(d["name"]) for d in report.get("dependencies", [])}
    for name in sorted(missing):
        res.not_covered.append((by_name[name], "not in pip-audit's report"))
    if not res.checked:
        raise Unavailable("pip-audit checked no package: " + "; ".join(r for _, r in res.not_covered[:2]))
    return res


def from_project_json(pins: list[Pin], fetch: Callable[[str], Any] | None = None) -> Result:
    """Advisories from PyPI's project JSON, for the pins that are their project's latest release."""
    fetch = fetch or fetch_json
    res = Result("PyPI project JSON (pypi.org/pypi/<name>/json): its 'vulnerabilities' list, "
                 "which covers each project's latest release only", pins)

    def one(pin: Pin) -> tuple[Pin, Any]:
        try:
            return pin, fetch(f"{PYPI}/{pin.name}/json")
        except Unavailable as e:
            return pin, e

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(one, pins))
    if all(isinstance(a, Unavailable) for _, a in answers):
        raise Unavailable(str(answers[0][1]) if answers else "no pins")
    for pin, data in answers:
        if isinstance(data, Unavailable):
            res.not_covered.append((pin, f"no answer ({data})"))
            continue
        latest = str(data.get("info", {}).get("version", ""))
        files = (data.get("releases") or {}).get(pin.version) or []
        if files and all(f.get("yanked") for f in files):
            why = next((f.get("yanked_reason") for f in files if f.get("yanked_reason")), None)
            res.notes.append(f"{pin.name} {pin.version} is yanked on PyPI" + (f": {why}" if why else ""))
        if not same_version(latest, pin.version):
            why = f"locked {pin.version}, latest is {latest}: PyPI lists advisories for the latest release only"
            res.not_covered.append((pin, why))
            continue
        res.checked.append(pin)
        seen: set[str] = set()  # PyPI lists one advisory under each of its ids (PYSEC-, GHSA-)
        for v in data.get("vulnerabilities") or []:
            if v.get("withdrawn") or v.get("id") in seen:
                continue
            seen.update([str(v.get("id")), *(v.get("aliases") or [])])
            aliases = ", ".join(v.get("aliases") or [])
            fixed = ", ".join(v.get("fixed_in") or []) or "none"
            res.findings.append((pin, f"{v.get('id')}" + (f" ({aliases})" if aliases else "")
                                 + f"; fixed in: {fixed}" + (f"; {v['link']}" if v.get("link") else "")))
    return res


# -- command ----------------------------------------------------------------------

def pip_audit_version() -> str:
    return next((p.version for p in parse_lock(TOOL_LOCK.read_text()) if p.name == "pip-audit"), "?")


def audit(lock: Path, pins: list[Pin], say: Callable[[str], None]) -> Result | None:
    """The result of the first source that answers (None if none does); each
    source that did not is reported through `say` with its reason."""
    def pip_audit_service(service: str, probe: Callable[[list[Pin]], None]) -> Callable[[], Result]:
        def attempt() -> Result:
            probe(pins)  # cheap check first: no pip-audit install when its service is down
            return from_pip_audit(run_pip_audit(lock, service), pins,
                                  f"pip-audit {pip_audit_version()}, {service} service")
        return attempt

    tries: list[tuple[str, Callable[[], Result]]] = [
        ("pip-audit, PyPI service", pip_audit_service("pypi", probe_pypi_release_json)),
        ("pip-audit, OSV service", pip_audit_service("osv", probe_osv)),
        ("PyPI project JSON", lambda: from_project_json(pins)),
    ]
    for label, attempt in tries:
        try:
            return attempt()
        except Unavailable as e:
            say(f"  {label}: unavailable ({e})")
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lock", nargs="?", default=str(ROOT / "requirements.lock"))
    ap.add_argument("--allow-offline", action="store_true",
                    help="exit 0 (not 2) when no source answers, e.g. CI without network")
    args = ap.parse_args(argv)
    lock = Path(args.lock)

    def say(s: str) -> None:
        print(s, flush=True)

    pins = parse_lock(lock.read_text(encoding="utf-8"))
    say(f"dependency audit of {lock.name}: {len(pins)} pinned packages")
    res = audit(lock, pins, say)
    if res is None:
        say(f"NOT AUDITED: no vulnerability source answered; 0 of {len(pins)} pinned versions checked")
        return 0 if args.allow_offline else 2

    say(f"source: {res.source}")
    say(f"checked: {len(res.checked)} of {len(pins)} pinned versions"
        + (f"; {len(res.not_covered)} not covered:" if res.not_covered else " (all)"))
    for pin, why in res.not_covered:
        say(f"  not covered: {pin.name} {pin.version} ({why})")
    for note in res.notes:
        say(f"  note: {note}")
    for pin, adv in res.findings:
        say(f"  FINDING: {pin.name} {pin.version}: {adv}")
    if res.findings:
        n_pkgs = len({p for p, _ in res.findings})
        n = len(res.findings)
        say(f"audit FAILED: {n} known {'vulnerability' if n == 1 else 'vulnerabilities'} "
            f"in {n_pkgs} of the checked packages")
        return 1
    say(f"audit passed: no known vulnerabilities in the {len(res.checked)} checked pinned versions"
        + (f"; {len(res.not_covered)} not checked (listed above)" if res.not_covered else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
