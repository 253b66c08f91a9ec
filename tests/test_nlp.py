"""The NLP stage on sentences written for these tests: what a careful reader
finds in them, entities and relations alike."""
from __future__ import annotations

import pytest

from kg.document import Document
from kg.extraction import extract


def run(text: str, date: str = "2024-11-01"):
    x = extract(Document(id="t", text=text, date=date))
    names = {(e.kind, e.name) for e in x.entities.values()}
    rels = {(r.subject, r.predicate, r.object or r.value) for r in x.relations}
    return x, names, rels


def key(x, name):
    return next(k for k, e in x.entities.items() if e.name == name)


def test_nlp_gazetteer_links_acronyms_and_spelling_variants():
    x, names, _ = run("Officials of MLIT and JICA met delegates from Vietnam and Viet Nam's capital, Hanoi.")
    assert ("Organization", "Ministry of Land, Infrastructure, Transport and Tourism") in names
    assert ("Organization", "Japan International Cooperation Agency") in names
    countries = [e for e in x.entities.values() if e.kind == "Country"]
    assert [c.key for c in countries] == ["country/viet-nam"]  # one node for both spellings


def test_nlp_event_name_with_ordinal_and_short_reference_resolve_to_one_event():
    x, names, _ = run("The 6th ASEAN-Japan Smart Cities Network High Level Meeting opened in Tokyo. "
                      "Delegates said the high level meeting was a success.")
    events = [e for e in x.entities.values() if e.kind == "Event"]
    assert len(events) == 1
    assert "high level meeting" in {a.lower() for a in events[0].aliases}


def test_nlp_person_short_form_joins_full_name_and_titles_are_not_names():
    x, names, rels = run("Parliamentary Vice-Minister Takeda Ryota gave a speech at the 4th ASCN Annual Meeting. "
                         "Takeda also met mayors.")
    people = [e for e in x.entities.values() if e.kind == "Person"]
    assert [p.name for p in people] == ["Takeda Ryota"]


def test_nlp_unknown_names_are_found_by_shape():
    _, names, _ = run("The Bureau of Smart Mobility of the Ministry of Urban Affairs signed the Riverside Green "
                      "Corridor Framework with the Lotus Valley Development Corporation.")
    assert ("Document", "Riverside Green Corridor Framework") in names
    assert ("Organization", "Lotus Valley Development Corporation") in names


def test_nlp_hosted_in_on_gives_organizer_location_and_dates():
    x, _, rels = run("The 5th ASEAN-Japan Smart Cities Network High Level Meeting was held in Ibaraki Prefecture "
                     "from October 26 to October 27, 2023, hosted by the Ministry of Land, Infrastructure, "
                     "Transport and Tourism.")
    event = key(x, "5th ASEAN-Japan Smart Cities Network High Level Meeting")
    assert (event, "startDate", "2023-10-26") in rels
    assert (event, "endDate", "2023-10-27") in rels
    assert (event, "location", "place/ibaraki-prefecture") in rels
    assert (event, "organizer", "organization/ministry-of-land-infrastructure-transport-and-tourism") in rels


def test_nlp_did_not_attend_is_no_attendee():
    x, _, rels = run("Foreign Minister Kono did not attend the Japan-ASEAN Foreign Ministers' Meeting.")
    assert not {r for r in rels if r[1] == "attendee"}


def test_nlp_title_gives_job_title_and_implicit_ministry():
    x, _, rels = run("Vietnamese Minister of Construction Pham Hong Ha chaired the meeting in Hanoi on July 17.",
                     date="2020-07-20")
    person = key(x, "Pham Hong Ha")
    titles = {r[2] for r in rels if r[0] == person and r[1] == "jobTitle"}
    assert titles == {"Minister of Construction"}
    ministry = [e for e in x.entities.values() if e.name == "Ministry of Construction"]
    assert ministry and ministry[0].implicit
    assert (person, "affiliation", ministry[0].key) in rels
    assert (person, "affiliation", "country/viet-nam") in rels


def test_nlp_relative_date_resolves_against_release_date():
    x, _, rels = run("The ASEAN Smart Cities Network Annual Meeting was held on Sunday in Bali.", date="2023-07-14")
    assert {r[2] for r in rels if r[1] == "startDate"} == {"2023-07-09"}


def test_nlp_themes_from_scheme_and_from_lists():
    x, names, rels = run("The forum focused on disaster resilience. Projects cover the fields of education, "
                         "health and urban greening.")
    themes = {e.name: e for e in x.entities.values() if e.kind == "Theme"}
    # The scheme's own theme, under its preferred label, and the text's themes as it writes them.
    assert themes["Disaster Prevention & Resilience"].key == "theme/disaster-resilience"
    assert {"education", "health"} <= {t.lower() for t in themes}


def test_nlp_theme_spelled_as_the_scheme_label_is_the_scheme_theme():
    x, names, _ = run("The meeting adopted green transformation (GX) as its theme.")
    assert ("Theme", "Green Transformation (GX)") in names


def test_nlp_every_mention_span_cuts_its_text():
    text = "H.E. SOK Lou, Governor of Battambang Province, signed an MOU with Yachiyo Engineering Co., Ltd."
    x, _, _ = run(text)
    assert x.mentions
    for m in x.mentions:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_nlp_blank_text_extracts_nothing(text):
    x, names, rels = run(text or " ")
    assert not names and not rels
