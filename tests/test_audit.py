"""tools/ci/audit.py: the dependency audit of requirements.lock. All but the
last test run without network: the sources' answers are local records in the
formats of PyPI's project JSON and of pip-audit's JSON report."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("kg_ci_audit", ROOT / "tools" / "ci" / "audit.py")
assert _spec and _spec.loader
audit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = audit  # dataclasses look their module up there
_spec.loader.exec_module(audit)

# One advisory as PyPI's project JSON lists it (shape copied from a real answer).
ADVISORY = {"aliases": ["CVE-2099-0001", "GHSA-xxxx-yyyy-zzzz"], "details": "test advisory",
            "fixed_in": ["3.1.7"], "id": "PYSEC-2099-1", "link": "https://osv.dev/vulnerability/PYSEC-2099-1",
            "source": "osv", "summary": None, "withdrawn": None}


def project_json(name: str, latest: str, vulns: list[dict] | None = None, yanked: str | None = None) -> dict:
    files = [{"filename": f"{name}-{latest}.tar.gz", "yanked": yanked is not None, "yanked_reason": yanked}]
    return {"info": {"name": name, "version": latest}, "releases": {latest: files},
            "urls": files, "vulnerabilities": vulns or []}


def offline(monkeypatch, projects: dict[str, dict] | None) -> list[str]:
    """Per-release JSON answers 404 and OSV does not resolve, as on this machine; the
    project JSON answers from `projects` (or, if None, does not resolve either)."""
    asked: list[str] = []

    def fetch(url, body=None, timeout=None):
        asked.append(url)
        if url.startswith(audit.OSV_QUERY) or projects is None:
            raise audit.Unavailable(f"{url}: [Errno -2] Name or service not known")
        m = re.fullmatch(re.escape(audit.PYPI) + r"/([^/]+)/json", url)
        if not m:
            raise audit.Unavailable(f"HTTP 404 from {url}")
        return projects[m.group(1)]

    monkeypatch.setattr(audit, "fetch_json", fetch)
    monkeypatch.setattr(audit, "run_pip_audit", lambda *a, **k: pytest.fail("pip-audit run with its service down"))
    return asked


@pytest.fixture
def lock(tmp_path: Path) -> Path:
    p = tmp_path / "requirements.lock"
    p.write_text("# a comment\n"
                 "jinja2==3.1.6 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via kg (pyproject.toml)\n"
                 "NumPy==2.4.6 \\\n    --hash=sha256:cc\n    # via\n    #   pandas\n", encoding="utf-8")
    return p


def test_parser_reads_every_pinned_requirement_of_the_lock_file():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = audit.parse_lock(text)
    expected = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", text, re.MULTILINE)
    assert expected and len(pins) == len(expected) == len({p.name for p in pins})
    assert [(p.name, p.version) for p in pins] == [(audit.canonical(n), v) for n, v in expected]
    assert {"spacy", "rdflib", "pyoxigraph", "setuptools"} <= {p.name for p in pins}  # setuptools: 'unsafe' section
    tool = {p.name: p.version for p in audit.parse_lock(audit.TOOL_LOCK.read_text(encoding="utf-8"))}
    assert tool["pip-audit"] == audit.pip_audit_version()


def test_parser_refuses_an_unpinned_requirement():
    with pytest.raises(ValueError, match="not a pinned requirement"):
        audit.parse_lock("rdflib>=7\n")


def test_a_finding_fails_the_audit_and_coverage_is_what_the_source_covers(monkeypatch, lock, capsys):
    same_as_ghsa = dict(ADVISORY, id="GHSA-xxxx-yyyy-zzzz", aliases=["CVE-2099-0001", "PYSEC-2099-1"])
    offline(monkeypatch, {"jinja2": project_json("jinja2", "3.1.6", [ADVISORY, same_as_ghsa]),
                          "numpy": project_json("numpy", "2.5.5", [ADVISORY])})
    assert audit.main([str(lock)]) == 1
    out = capsys.readouterr().out
    # why the better sources were not used, then the source that was
    assert "pip-audit, PyPI service: unavailable (HTTP 404 from https://pypi.org/pypi/jinja2/3.1.6/json)" in out
    assert "pip-audit, OSV service: unavailable (https://api.osv.dev/v1/query: [Errno -2]" in out
    assert "source: PyPI project JSON" in out and "latest release only" in out
    # numpy's lock lags its latest release: the latest's advisories say nothing about 2.4.6
    assert "checked: 1 of 2 pinned versions; 1 not covered:" in out
    assert "not covered: numpy 2.4.6 (locked 2.4.6, latest is 2.5.5" in out
    assert "FINDING: jinja2 3.1.6: PYSEC-2099-1 (CVE-2099-0001, GHSA-xxxx-yyyy-zzzz); fixed in: 3.1.7" in out
    assert "FINDING: numpy" not in out and "FINDING: jinja2 3.1.6: GHSA" not in out  # one advisory, two ids
    assert "audit FAILED: 1 known vulnerability in 1 of the checked packages" in out


def test_no_advisory_passes_and_withdrawn_ones_and_yanks_do_not_fail(monkeypatch, lock, capsys):
    offline(monkeypatch, {"jinja2": project_json("jinja2", "3.1.6", [dict(ADVISORY, withdrawn="2099-01-02")]),
                          "numpy": project_json("numpy", "2.4.6", yanked="broken wheel")})
    assert audit.main([str(lock)]) == 0
    out = capsys.readouterr().out
    assert "checked: 2 of 2 pinned versions (all)" in out
    assert "note: numpy 2.4.6 is yanked on PyPI: broken wheel" in out
    assert "FINDING" not in out and "audit passed" in out


def test_no_source_reachable_says_so_and_fails_only_without_allow_offline(monkeypatch, lock, capsys):
    offline(monkeypatch, None)
    assert audit.main([str(lock)]) == 2
    out = capsys.readouterr().out
    assert "PyPI project JSON: unavailable (https://pypi.org/pypi/" in out
    assert "NOT AUDITED: no vulnerability source answered; 0 of 2 pinned versions checked" in out
    assert audit.main([str(lock), "--allow-offline"]) == 0


def test_pip_audit_report_findings_and_skips(monkeypatch, lock, capsys):
    monkeypatch.setattr(audit, "probe_pypi_release_json", lambda pins: None)
    report = {"dependencies": [
        {"name": "jinja2", "version": "3.1.6",
         "vulns": [{"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": ["3.1.7"], "aliases": ["CVE-2099-0001"]}]},
        {"name": "numpy", "skip_reason": "Dependency not found on PyPI and could not be audited: numpy (2.4.6)"}],
        "fixes": []}
    monkeypatch.setattr(audit, "run_pip_audit", lambda lock, service, extra=(): report)
    assert audit.main([str(lock)]) == 1
    out = capsys.readouterr().out
    assert f"source: pip-audit {audit.pip_audit_version()}, pypi service" in out
    assert "checked: 1 of 2 pinned versions; 1 not covered:" in out
    assert "not covered: numpy 2.4.6 (Dependency not found on PyPI" in out
    assert "FINDING: jinja2 3.1.6: GHSA-xxxx-yyyy-zzzz (CVE-2099-0001); fixed in: 3.1.7" in out


def test_pip_audit_that_checks_nothing_is_not_a_pass(monkeypatch, lock, capsys):
    """What pip-audit's PyPI service does here: every package skipped, 'No known
    vulnerabilities found', exit 0. That must fall through to the next source."""
    offline(monkeypatch, {"jinja2": project_json("jinja2", "3.1.6"), "numpy": project_json("numpy", "2.4.6")})
    monkeypatch.setattr(audit, "probe_pypi_release_json", lambda pins: None)
    skipped = {"dependencies": [{"name": n, "skip_reason": f"Dependency not found on PyPI and could not be audited: {n}"}
                                for n in ("jinja2", "numpy")], "fixes": []}
    monkeypatch.setattr(audit, "run_pip_audit", lambda lock, service, extra=(): skipped)
    assert audit.main([str(lock)]) == 0
    out = capsys.readouterr().out
    assert "pip-audit, PyPI service: unavailable (pip-audit checked no package: Dependency not found" in out
    assert "source: PyPI project JSON" in out and "checked: 2 of 2" in out


def _pypi_reachable() -> bool:
    try:
        urllib.request.urlopen("https://pypi.org/simple/pip-audit/", timeout=10).close()
        return True
    except OSError:
        return False


@pytest.mark.slow
def test_pinned_pip_audit_installs_runs_and_its_report_is_read(lock):
    """The real pinned pip-audit, from tools/ci/pip-audit.lock into a throw-away venv,
    asking a local stand-in for the OSV API that knows one advisory for jinja2."""
    if not _pypi_reachable():
        pytest.skip("PyPI unreachable: cannot install the pinned pip-audit")

    class OSV(BaseHTTPRequestHandler):
        def do_POST(self):
            q = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            vulns = [{"id": "GHSA-xxxx-yyyy-zzzz", "aliases": ["CVE-2099-0001"], "details": "test",
                      "affected": [{"package": {"name": "jinja2", "ecosystem": "PyPI"}, "ranges": [
                          {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.7"}]}]}]}]
            body = json.dumps({"vulns": vulns} if q["package"]["name"] == "jinja2" else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), OSV)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = audit.run_pip_audit(lock, "osv", ("--osv-url", f"http://127.0.0.1:{server.server_port}/v1/query"))
    finally:
        server.shutdown()
    pins = audit.parse_lock(lock.read_text())
    res = audit.from_pip_audit(report, pins, "test")
    assert [p.name for p in res.checked] == ["jinja2", "numpy"] and not res.not_covered
    # pip-audit names an advisory by its CVE id when it has one
    assert res.findings == [(pins[0], "CVE-2099-0001 (GHSA-xxxx-yyyy-zzzz); fixed in: 3.1.7")]
