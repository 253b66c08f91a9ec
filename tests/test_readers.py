"""Readers (kg.ingest): files, folders, globs and stdin to Documents, and the
refusal of what is not a release, each refusal naming the input and the reason."""
from __future__ import annotations

import importlib
import io
import sys

import pytest
from conftest import DATA, RELEASES, SAMPLE_IDS

from kg.document import Document
from kg.errors import InputError, UnsupportedInput
from kg.ingest import read_bytes, read_paths


def read(*paths, **kw) -> tuple[list[Document], list[InputError]]:
    items = list(read_paths([str(p) for p in paths], **kw))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, Exception)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def read_one(path, **kw) -> Document:
    docs, errors = read(path, **kw)
    assert not errors, [str(e) for e in errors]
    assert len(docs) == 1
    return docs[0]


def test_readers_txt_keeps_text_as_read_with_title_and_date():
    path = DATA / "release-vientiane-workshop.txt"
    doc = read_one(path)
    assert doc.id == "release-vientiane-workshop"
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.title == "Vientiane Hosts Regional Workshop on Flood-Resilient Streets"
    assert doc.date == "2024-03-14"
    assert doc.source == str(path)


def test_readers_md_title_from_heading_and_markup_kept():
    path = DATA / "release-heading.md"
    doc = read_one(path)
    assert doc.title == "Makassar Joins Data Platform Pilot for Coastal Cities"
    assert doc.date == "2024-02-02"
    # Markdown stays in place so character offsets point into the file's text.
    assert doc.text == path.read_text(encoding="utf-8")


def test_readers_html_main_text_without_boilerplate():
    doc = read_one(DATA / "release-page.html")
    assert "opened a smart traffic control centre on Monday" in doc.text
    assert "Officials from Davao City and Manila visited the centre" in doc.text
    for boilerplate in ("cookies", "Sports Roundup", "Subscribe to our newsletter", "Privacy policy",
                        "Contact the newsroom", "Basketball league", "Most read"):
        assert boilerplate not in doc.text


def test_readers_html_metadata_from_page():
    doc = read_one(DATA / "release-page.html")
    assert doc.id == "release-page"
    assert doc.title == "Cebu City opens smart traffic centre"
    assert doc.date == "2024-05-21"
    assert doc.url == "https://example.org/visayas-test-gazette/2024/05/21/cebu-traffic-centre"
    assert doc.publisher == "Visayas Test Gazette"


def test_readers_html_entity_declaration_refused():
    path = DATA / "entity-bomb.html"
    docs, errors = read(path)
    assert docs == []
    assert len(errors) == 1
    assert str(path) in str(errors[0]) and "entit" in str(errors[0]).lower()


def test_readers_jsonl_ids_and_metadata_from_records():
    docs, _ = read(DATA / "releases.jsonl")
    by_id = {d.id: d for d in docs}
    assert set(by_id) == {"fixture-jsonl-bandar", "fixture-jsonl-html", "releases-4"}
    bandar = by_id["fixture-jsonl-bandar"]
    assert (bandar.title, bandar.date, bandar.publisher, bandar.url) == (
        "Bandar Seri Begawan pilots e-bus route", "2024-04-09", "Borneo Test Wire",
        "https://example.org/borneo-test-wire/2024/04/09/e-bus")
    assert bandar.source == f"{DATA / 'releases.jsonl'}:1"
    # An "html" record goes through the HTML reader: navigation and footer dropped.
    html = by_id["fixture-jsonl-html"]
    assert "Sarawak Multimedia Authority added transport" in html.text
    assert "Sport pages" not in html.text and "cookie" not in html.text
    assert html.title == "Kuching widens its open data portal"
    # A record without an id gets the file's stem and its line number.
    assert by_id["releases-4"].text.startswith("Phuket, 12 July 2024")


def test_readers_jsonl_malformed_line_named_with_line_number_and_others_read():
    path = DATA / "releases.jsonl"
    docs, errors = read(path)
    assert len(docs) == 3
    assert len(errors) == 1
    assert f"{path}:2:" in str(errors[0])
    assert "malformed JSON" in str(errors[0])


@pytest.mark.parametrize("line, reason", [
    ('[1, 2]', "expected a JSON object"),
    ('{"id": "", "text": "Some text"}', "'id' must be a non-empty string"),
    ('{"id": "x", "text": "   "}', "no 'text' or 'html'"),
    ('{"id": "x"}', "no 'text' or 'html'"),
    ('{"id": "x", "text": "nul \\u0000 inside"}', "binary"),
])
def test_readers_jsonl_bad_record_reason(tmp_path, line, reason):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "ok", "text": "A good release about Jakarta."}\n' + line + "\n", encoding="utf-8")
    docs, errors = read(path)
    assert [d.id for d in docs] == ["ok"]
    assert len(errors) == 1 and f"{path}:2:" in str(errors[0]) and reason in str(errors[0])


def test_readers_stdin_dash(monkeypatch):
    data = b"Phnom Penh, 1 March 2024 - A smart parking trial began in Phnom Penh."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    doc = read_one("-")
    assert doc.text == data.decode()
    assert doc.source == "<stdin>"
    # Without --id the id is derived from the content, so re-reading is stable.
    assert doc.id.startswith("stdin-")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert read_one("-").id == doc.id


def test_readers_stdin_with_id_and_format(monkeypatch):
    data = (DATA / "release-heading.md").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    doc = read_one("-", release_id="from-stdin", stdin_suffix=".md")
    assert doc.id == "from-stdin"
    assert doc.title == "Makassar Joins Data Platform Pilot for Coastal Cities"


def test_readers_folder_recursive_skips_readme_and_unknown_types(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "top.txt").write_text("Top release about Hanoi.", encoding="utf-8")
    (tmp_path / "a" / "mid.md").write_text("# Mid\n\nMid release about Hue.", encoding="utf-8")
    (tmp_path / "a" / "b" / "deep.html").write_bytes((DATA / "release-page.html").read_bytes())
    (tmp_path / "README.md").write_text("# About this folder", encoding="utf-8")
    (tmp_path / "a" / "readme.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "a" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    docs, errors = read(tmp_path)
    assert errors == []
    assert sorted(d.id for d in docs) == ["deep", "mid", "top"]


def test_readers_glob(tmp_path):
    for name in ("one.txt", "two.txt", "three.md"):
        (tmp_path / name).write_text(f"Release {name} about Yangon.", encoding="utf-8")
    docs, errors = read(tmp_path / "*.txt")
    assert errors == []
    assert sorted(d.id for d in docs) == ["one", "two"]


def test_readers_sample_releases_all_read():
    docs, errors = read(RELEASES)
    assert errors == []
    assert {d.id for d in docs} == SAMPLE_IDS
    assert all(d.text.strip() and d.title for d in docs)


def test_readers_missing_file_named(tmp_path):
    path = tmp_path / "nowhere.txt"
    _, errors = read(path)
    assert len(errors) == 1 and str(path) in str(errors[0]) and "cannot read" in str(errors[0])


def test_readers_unsupported_file_type_named(tmp_path):
    path = tmp_path / "slides.pdf"
    path.write_bytes(b"%PDF-1.4 whatever")
    _, errors = read(path)
    assert len(errors) == 1 and isinstance(errors[0], UnsupportedInput)
    assert str(path) in str(errors[0]) and "unsupported file type '.pdf'" in str(errors[0])


BAD_INPUTS = {
    "empty": (b"", "empty"),
    "whitespace-only": (b"  \n\t \r\n  ", "empty"),
    "binary with NUL bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "control characters": (b"Jakarta" + bytes(range(1, 9)) * 40, "binary"),
    # Random high bytes: invalid UTF-8 and no plausible single- or multi-byte text.
    "undecodable": (bytes((i * 73 + 151) % 128 + 128 for i in range(600)), "no other encoding fits"),
}


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_readers_bad_input_named_with_reason(tmp_path, name, suffix):
    data, reason = BAD_INPUTS[name]
    path = tmp_path / f"bad-input{suffix}"
    path.write_bytes(data)
    docs, errors = read(path)
    assert docs == []
    assert len(errors) == 1
    message = str(errors[0])
    assert str(path) in message and reason in message
    assert "\n" not in message


def test_readers_oversize_refused(tmp_path, monkeypatch):
    # The limit is read from KG_MAX_BYTES at import; the module attribute is
    # what decode() checks. (kg.ingest.decode the attribute is the function,
    # so reach the module through importlib.)
    monkeypatch.setattr(importlib.import_module("kg.ingest.decode"), "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("Smart cities in Vientiane. " * 50, encoding="utf-8")
    _, errors = read(path)
    assert len(errors) == 1
    assert str(path) in str(errors[0]) and "too large" in str(errors[0]) and "KG_MAX_BYTES" in str(errors[0])
    small = tmp_path / "small.txt"
    small.write_text("Smart cities in Vientiane.", encoding="utf-8")
    assert read_one(small).text == "Smart cities in Vientiane."


def test_readers_utf16_with_bom_decoded():
    doc = read_one(DATA / "utf16-bom.txt")
    assert doc.text.startswith("Đà Nẵng and Huế share smart-lighting results\n")
    assert "\ufeff" not in doc.text
    assert doc.date == "2024-08-05"


def test_readers_utf8_bom_dropped():
    doc = next(read_bytes("\ufeffHà Nội smart city news.".encode("utf-8"), "bom.txt", "bom"))
    assert doc.text == "Hà Nội smart city news."


def test_readers_latin1_decoded():
    path = DATA / "latin1.txt"
    doc = read_one(path)
    assert doc.text == path.read_bytes().decode("latin-1")
    assert doc.title == "Smart city visit to Besançon and Zürich"


def test_readers_cp1252_punctuation_decoded():
    text = "The Minister said “smart cities” matter – and the café’s Wi-Fi… was free in Cebu."
    doc = next(read_bytes(text.encode("cp1252"), "quotes.txt", "quotes"))
    assert doc.text == text


@pytest.mark.parametrize("text, encoding", [
    ("กรุงเทพมหานคร เป็นเมืองหลวงของประเทศไทย และเป็นเมืองอัจฉริยะในเครือข่ายอาเซียน", "cp874"),
    ("横浜市で第1回日ASEANスマートシティ・ネットワーク・ハイレベル会合が開催されました。", "shift_jis"),
])
def test_readers_other_legacy_encodings_decoded(text, encoding):
    doc = next(read_bytes(text.encode(encoding), "legacy.txt", "legacy"))
    assert doc.text == text


def test_readers_stray_control_characters_replaced_offsets_kept():
    text = "Yangon\x07 launches a smart-bus\x1b app for commuters in Myanmar."
    doc = next(read_bytes(text.encode(), "ctl.txt", "ctl"))
    assert len(doc.text) == len(text)
    assert doc.text == text.replace("\x07", " ").replace("\x1b", " ")
