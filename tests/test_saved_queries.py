"""The analyst's saved queries in queries/ answer with what the sample
releases (data/releases) say: meetings with their hosts and speakers, an
official's appearances, themes over time, a member state's cooperation with
Japanese bodies, programmes and their funders, cities and their projects, and
releases that mention two entities. And every saved query declares a title
and a description, and runs with its parameters bound to real IRIs."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import ROOT, SAMPLE_IDS, opened

from kg.api import run_query
from kg.errors import UnknownEntity
from kg.queries import saved_queries
from kg.rdf.iri import ENTITY

SAVED = saved_queries(ROOT / "queries")

HLM2 = ENTITY + "event/2nd-asean-japan-smart-cities-network-high-level-meeting"
HLM3 = ENTITY + "event/3rd-asean-japan-smart-city-network-high-level-meeting"
HLM6 = ENTITY + "event/6th-asean-japan-smart-cities-network-high-level-meeting"
ASCN3 = ENTITY + "event/3rd-ascn-annual-meeting"
ASCN = ENTITY + "initiative/asean-smart-cities-network"
SMART_JAMP = ENTITY + "initiative/smart-city-supported-by-japan-asean-mutual-partnership"
MLIT = ENTITY + "organization/ministry-of-land-infrastructure-transport-and-tourism"
ASEAN = ENTITY + "organization/association-of-southeast-asian-nations"
VNNEWS = "sample-vnnews-2020-1217-hlm2-smart-jamp"
THAINEWS = "sample-thainews-2023-0714-ascn6-new-thai-cities"
CONSTRUCTIONNEWS = "sample-constructionnews-2021-1019-hlm3-tokoname"

# Real values for the saved queries' parameters, by name (then by type).
REAL_VALUES = {
    "person": ENTITY + "person/lim-jock-hoi",
    "event": HLM2,
    "country": ENTITY + "country/viet-nam",
    "theme": ENTITY + "theme/gx",
    "organizer": MLIT,
    "organization": MLIT,
    "funder": ASEAN,
    "entity": ASCN,
    "subject": ASCN,
    "predicate": "http://schema.org/foundingDate",
    "a": ENTITY + "person/lim-jock-hoi",
    "b": HLM2,
    "release": VNNEWS,
    "from": "2020-01-01",
    "to": "2020-12-31",
    "year": "2020",
}
BY_TYPE = {"iri": ASCN, "string": VNNEWS, "date": "2020-01-01", "integer": "2020"}


@pytest.fixture(scope="module")
def store(curated_store):
    with opened(curated_store) as s:
        yield s


def rows(store, name: str, **params) -> list[dict[str, str | None]]:
    """The query's solutions as dicts of lexical values (None when unbound)."""
    result = run_query(store, name, params=params)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def parts(value: str | None, separator: str = "; ") -> set[str]:
    return set(value.split(separator)) if value else set()


def by(rows_: list[dict], key: str) -> dict[str, dict]:
    out = {}
    for row in rows_:
        assert row[key] not in out, f"two rows for {row[key]}"
        out[row[key]] = row
    return out


# -- every saved query --------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_query_declares_title_and_description(name):
    query = SAVED[name]
    assert query.title.strip() and query.description.strip()
    for param in query.params:
        assert param.description


@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_query_runs_with_real_parameters(store, name):
    query = SAVED[name]
    value = {p.name: REAL_VALUES.get(p.name, BY_TYPE[p.type]) for p in query.params}
    required = {p.name: value[p.name] for p in query.params if not p.optional}
    for params in (required, value):
        result = run_query(store, name, params=params)
        assert isinstance(result, ox.QuerySolutions)
        got = list(result)
        if all(p.name in REAL_VALUES for p in query.params):
            assert got, f"{name} {params}: no rows"


# -- meetings-hosts-speakers --------------------------------------------------

def test_meetings_hosts_speakers_second_hlm(store):
    events = by(rows(store, "meetings-hosts-speakers"), "event")
    hlm2 = events[HLM2]
    assert "Lim Jock Hoi" in parts(hlm2["speakers"])
    assert "Nguyen Van Sinh" in parts(hlm2["organizers"])  # co-chaired from Hanoi
    assert (hlm2["year"], hlm2["startDate"]) == ("2020", "2020-12-16")
    assert VNNEWS in parts(hlm2["releases"], " ")
    hlm3 = events[HLM3]
    assert "Tetsuo Saito" in parts(hlm3["speakers"])
    assert parts(hlm3["locations"]) == {"Tokoname"}
    hlm6 = events[HLM6]
    assert parts(hlm6["organizers"]) == {"Ministry of Land, Infrastructure, Transport and Tourism"}
    assert parts(hlm6["locations"]) == {"Tokyo"}
    assert "sample-jica-2024-1031-hlm6-tokyo-gx" in parts(hlm6["releases"], " ")
    # every row names a host, speaker or attendee, and its releases are sample releases
    for row in events.values():
        assert row["organizers"] or row["speakers"] or row["attendees"], row["event"]
        assert parts(row["releases"], " ") <= SAMPLE_IDS


def test_meetings_hosts_speakers_by_year(store):
    in_2020 = rows(store, "meetings-hosts-speakers", year="2020")
    assert {r["event"] for r in in_2020} == {HLM2, ASCN3}
    assert {r["year"] for r in in_2020} == {"2020"}
    assert "Pham Hong Ha" in parts(by(in_2020, "event")[ASCN3]["organizers"])
    assert rows(store, "meetings-hosts-speakers", year="1999") == []


# -- official-appearances -----------------------------------------------------

def test_official_appearances_tetsuo_saito(store):
    (row,) = rows(store, "official-appearances", person=ENTITY + "person/tetsuo-saito")
    assert row["event"] == HLM3
    assert row["roles"] == "speaker"
    assert row["startDate"] == "2021-10-18"
    assert row["posts"] == ("Minister of Land, Infrastructure, Transport and Tourism "
                            "(Ministry of Land, Infrastructure, Transport and Tourism, 2021-10-19)")
    assert row["releases"] == CONSTRUCTIONNEWS


def test_official_appearances_roles_and_posts_of_the_time(store):
    (lim,) = rows(store, "official-appearances", person=ENTITY + "person/lim-jock-hoi")
    assert (lim["event"], lim["roles"]) == (HLM2, "speaker")
    assert lim["posts"] == "ASEAN Secretary-General (Association of Southeast Asian Nations, 2020-12-17)"
    (pham,) = rows(store, "official-appearances", person=ENTITY + "person/pham-hong-ha")
    assert (pham["event"], pham["roles"], pham["startDate"]) == (ASCN3, "organizer", "2020-07-17")
    assert pham["posts"] == "Minister (2020-12-17)"  # the release names no body for the post
    (sar,) = rows(store, "official-appearances", person=ENTITY + "person/sar-kheng")
    assert sar["eventLabel"] == "5th ASEAN Smart Cities Network Meeting"
    assert sar["posts"].startswith("Minister of Interior (")
    with pytest.raises(UnknownEntity):  # an entity the store does not hold is named, not an empty answer
        rows(store, "official-appearances", person=ENTITY + "person/no-such-person")


# -- themes-over-time ---------------------------------------------------------

def test_themes_over_time_counts_under_the_broadest_theme(store):
    table = {(r["theme"], r["year"]): r for r in rows(store, "themes-over-time")}
    # the ASEAN Smart Cities Framework (2018) is about the six focus areas
    framework = table[(ENTITY + "theme/built-infrastructure", "2018")]
    assert (framework["documents"], framework["events"], framework["releases"]) == ("1", "0", "1")
    assert framework["releaseIds"] == "sample-regionwire-2018-0709-ascn-inaugural-meeting"
    # GX (the 6th HLM, 2024) counts under its broader themes, never on its own
    assert (ENTITY + "theme/gx", "2024") not in table
    assert table[(ENTITY + "theme/industry-innovation", "2024")]["events"] == "1"
    assert table[(ENTITY + "theme/quality-environment", "2024")]["events"] == "1"
    for row in table.values():
        assert int(row["items"]) == int(row["events"]) + int(row["documents"]) + int(row["initiatives"])
        assert int(row["releases"]) == len(parts(row["releaseIds"], " "))


def test_themes_over_time_for_one_theme(store):
    gx = {r["year"]: r for r in rows(store, "themes-over-time", theme=ENTITY + "theme/gx")}
    assert set(gx) == {"2022", "2024"}  # the 5th ASCN meeting, the 6th HLM
    assert gx["2024"]["releaseIds"] == "sample-jica-2024-1031-hlm6-tokyo-gx"
    assert {r["theme"] for r in gx.values()} == {ENTITY + "theme/gx"}
    broad = rows(store, "themes-over-time", theme=ENTITY + "theme/built-infrastructure")
    assert {r["year"] for r in broad} == {"2018", "2020", "2022", "2023", "2025"}


# -- country-cooperation-with-japan -------------------------------------------

def test_country_cooperation_with_japan_viet_nam(store):
    """The 2nd High Level Meeting: co-chaired by Viet Nam's Deputy Minister of
    Construction with MLIT, the host."""
    found = by(rows(store, "country-cooperation-with-japan", country=ENTITY + "country/viet-nam"), "item")
    hlm2 = found[HLM2]
    assert "Nguyen Van Sinh / Ministry of Construction (organizer)" in parts(hlm2["countrySide"])
    assert "Ministry of Land, Infrastructure, Transport and Tourism (organizer)" in parts(hlm2["japaneseBodies"])
    assert VNNEWS in parts(hlm2["releases"], " ")
    for row in found.values():
        assert row["countrySide"] and row["japaneseBodies"]
        assert row["country"] == ENTITY + "country/viet-nam"


def test_country_cooperation_with_japan_needs_a_japanese_body(store):
    """Thailand's cities joined the network, but no Japanese body takes part
    in anything the sample releases say about them: no row."""
    found = by(rows(store, "country-cooperation-with-japan", country=ENTITY + "country/thailand"), "item")
    assert ASCN not in found


def test_country_cooperation_with_japan_government_bodies_and_people(curated_copy):
    """On made-up statements: a person of an Indonesian ministry speaks at an
    event MLIT hosts (counted); the ASEAN Secretariat, seated in Jakarta but
    no Indonesian body, attends another (not counted)."""
    release = "https://w3id.org/aseankg/release/synthetic"
    with opened(curated_copy) as store:
        store.update(f"""
            PREFIX schema: <http://schema.org/>
            PREFIX kgo: <https://w3id.org/aseankg/ontology#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            INSERT DATA {{ GRAPH <https://w3id.org/aseankg/graph/release/synthetic> {{
              <{release}> a kgo:Release ; dcterms:identifier "synthetic" .
              <{ENTITY}event/workshop-a> a schema:Event ; rdfs:label "Workshop A" ;
                  schema:organizer <{MLIT}> ; kgo:speaker <{ENTITY}person/budi> .
              <{ENTITY}person/budi> a schema:Person ; rdfs:label "Budi" ;
                  schema:affiliation <{ENTITY}organization/ministry-of-home-affairs-indonesia> .
              <{ENTITY}event/workshop-b> a schema:Event ; rdfs:label "Workshop B" ;
                  schema:organizer <{MLIT}> ; schema:attendee <{ENTITY}organization/asean-secretariat> .
            }} }}""")
        found = by(rows(store, "country-cooperation-with-japan", country=ENTITY + "country/indonesia"), "item")
    assert ENTITY + "event/workshop-b" not in found
    workshop = found[ENTITY + "event/workshop-a"]
    assert workshop["countrySide"] == "Budi / Ministry of Home Affairs (speaker)"
    assert workshop["japaneseBodies"] == "Ministry of Land, Infrastructure, Transport and Tourism (organizer)"
    assert workshop["releases"] == "synthetic"


# -- programmes-and-funders ---------------------------------------------------

def test_programmes_and_funders(store):
    programmes = by(rows(store, "programmes-and-funders"), "programme")
    ascn = programmes[ASCN]
    assert parts(ascn["founders"]) == {"Association of Southeast Asian Nations"}
    assert ascn["foundingDate"] == "2018-04-28"  # launched at the 32nd ASEAN Summit
    assert {"Built Infrastructure", "Quality Environment", "Health & Well-being"} <= parts(ascn["themes"])
    assert int(ascn["releaseCount"]) == len(SAMPLE_IDS)  # every sample release names the network
    jamp = programmes[SMART_JAMP]
    assert {VNNEWS, CONSTRUCTIONNEWS} <= parts(jamp["releases"], " ")
    assert int(jamp["releaseCount"]) == len(parts(jamp["releases"], " "))
    founded_by_asean = rows(store, "programmes-and-funders", funder=ASEAN)
    assert [r["programme"] for r in founded_by_asean] == [ASCN]


# -- cities-and-projects ------------------------------------------------------

def test_cities_and_projects_chiang_mai(store):
    places = by(rows(store, "cities-and-projects"), "place")
    chiang_mai = places[ENTITY + "place/chiang-mai"]
    assert (chiang_mai["country"], chiang_mai["countryLabel"]) == (ENTITY + "country/thailand", "Thailand")
    assert (chiang_mai["type"], chiang_mai["ascnMember"]) == ("City", "yes")
    assert "6th ASCN Annual Meeting" in parts(chiang_mai["events"])  # admitted there, one sentence says
    assert "ASEAN Smart Cities Network" in parts(chiang_mai["initiatives"])
    assert THAINEWS in parts(chiang_mai["releases"], " ")
    luang_prabang = places[ENTITY + "place/luang-prabang"]
    assert luang_prabang["countryLabel"] == "Laos"
    assert "7th ASCN Annual Meeting" in parts(luang_prabang["events"])
    # the background's 31 network cities are all there, each once, in their member state
    members = [p for p in places.values() if p["ascnMember"] == "yes"]
    assert len(members) >= 31 and all(p["country"] for p in members)


def test_cities_and_projects_of_one_member_state(store):
    thai = {r["placeLabel"] for r in rows(store, "cities-and-projects", country=ENTITY + "country/thailand")}
    assert {"Bangkok", "Chiang Mai", "Chonburi", "Khon Kaen", "Phuket", "Rayong"} <= thai
    assert "Hanoi" not in thai


def test_cities_and_projects_year_joined_from_the_background(store):
    """The domain pack dates each city's membership of the network (W3C ORG
    membership with an OWL-Time beginning in the background graph)."""
    places = by(rows(store, "cities-and-projects", country=ENTITY + "country/thailand"), "place")
    assert places[ENTITY + "place/chiang-mai"]["yearJoined"] == "2023"
    assert places[ENTITY + "place/bangkok"]["yearJoined"] == "2018"


# -- releases-mentioning-two --------------------------------------------------

def test_releases_mentioning_two_shared_sentence(store):
    (row,) = rows(store, "releases-mentioning-two", a=ENTITY + "person/lim-jock-hoi", b=HLM2)
    assert (row["releaseId"], row["datePublished"]) == (VNNEWS, "2020-12-17")
    assert row["headline"].startswith("Vietnam co-chairs ASEAN-Japan smart city talks")
    assert row["sentence"] == "ASEAN Secretary-General Lim Jock Hoi also spoke at the meeting."
    (thai,) = rows(store, "releases-mentioning-two", a=ENTITY + "place/chiang-mai", b=ENTITY + "country/thailand")
    assert thai["releaseId"] == THAINEWS
    assert "Chiang Mai, Khon Kaen and Rayong were accepted" in thai["sentence"]


def test_releases_mentioning_two_sentences_come_from_the_text(store):
    found = rows(store, "releases-mentioning-two", a=ASCN, b=MLIT)
    assert len({r["releaseId"] for r in found}) >= 5
    with_sentence = [r for r in found if r["sentence"]]
    assert with_sentence and len(with_sentence) < len(found)  # some only in different sentences
    for r in with_sentence:
        text = next(iter(store.query(
            "SELECT ?r ?t WHERE { ?r <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?t }",
            {"r": ox.NamedNode(r["release"])})))["t"].value
        assert r["sentence"] == text[int(r["begin"]):int(r["end"])].strip()
        assert "MLIT" in r["sentence"] or "Ministry of Land" in r["sentence"]
    dates = [r["datePublished"] for r in found]
    assert dates == sorted(dates)
    with pytest.raises(UnknownEntity):
        rows(store, "releases-mentioning-two", a=ASCN, b=ENTITY + "person/no-such-person")
