"""Linking (kg.link) on mentions built by hand: the classifier is not the
point here, what becomes one entity and under which name is."""
from __future__ import annotations

from kg.domain import default_pack
from kg.link.implicit import implicit_bodies
from kg.link.resolve import Candidate, resolve


def cand(text: str, full: str, kind: str, key: str | None = None, nth: int = 0) -> Candidate:
    start = -1
    for _ in range(nth + 1):
        start = full.index(text, start + 1)
    return Candidate(start=start, end=start + len(text), text=text, kind=kind, key=key, source="model",
                     confidence=0.9)


def entities_of(text: str, *candidates: Candidate):
    mentions, entities = resolve(text, list(candidates), default_pack())
    return mentions, entities


def test_link_theme_spelled_as_the_scheme_is_the_scheme_theme_under_its_label():
    text = "The meeting adopted green transformation (GX) as its theme."
    _, entities = entities_of(text, cand("green transformation", text, "Theme"), cand("GX", text, "Theme"))
    themes = [e for e in entities.values() if e.kind == "Theme"]
    assert len(themes) == 1 and themes[0].known
    assert themes[0].name == default_pack().themes[themes[0].key].pref_label


def test_link_phrase_the_scheme_lists_under_a_theme_is_narrower():
    text = "The project improves water quality in the basin."
    _, entities = entities_of(text, cand("water quality", text, "Theme"))
    (theme,) = entities.values()
    assert theme.name == "Water quality" and theme.broader == "theme/water" and theme.key != "theme/water"


def test_link_acronym_after_a_theme_is_that_theme():
    text = "Cities invest in information and communications technology (ICT) for services."
    mentions, entities = entities_of(text, cand("information and communications technology", text, "Theme"),
                                     cand("ICT", text, "Theme"))
    assert len(entities) == 1 and len({m.entity for m in mentions}) == 1


def test_link_short_form_joins_the_one_person_it_names():
    text = "Minister Pham Hong Ha opened the forum. Later Ha met mayors."
    mentions, entities = entities_of(text, cand("Pham Hong Ha", text, "Person"), cand("Ha", text, "Person", nth=1))
    people = [e for e in entities.values() if e.kind == "Person"]
    assert [p.name for p in people] == ["Pham Hong Ha"]


def test_link_two_people_with_one_family_name_stay_apart():
    # Regression (issue 14): a family name shared by two people names neither.
    text = "Kim Hyun-mee met Kim Jong-un. Kim said the talks went well."
    _, entities = entities_of(text, cand("Kim Hyun-mee", text, "Person"), cand("Kim Jong-un", text, "Person"),
                              cand("Kim", text, "Person", nth=2))
    people = sorted(e.name for e in entities.values() if e.kind == "Person")
    assert people == ["Kim", "Kim Hyun-mee", "Kim Jong-un"]


def test_link_gazetteer_key_links_the_known_entity_and_its_acronym():
    text = "The Japan International Cooperation Agency (JICA) funded it. JICA said so."
    pack = default_pack()
    key = next(e.key for e in pack.entities.values() if e.acronym == "JICA")
    mentions, entities = entities_of(text, cand("Japan International Cooperation Agency", text, "Organization", key),
                                     cand("JICA", text, "Organization", key), cand("JICA", text, "Organization", key,
                                                                                  nth=1))
    assert list(entities) == [key] and entities[key].known and len(mentions) == 3


def test_link_minister_title_names_an_implicit_ministry_and_demonym_a_country():
    text = "Vietnamese Minister of Construction Pham Hong Ha spoke."
    mentions, entities = entities_of(text, cand("Pham Hong Ha", text, "Person"))
    start = text.index("Minister")
    implied = implicit_bodies(text, [(start, start + len("Minister of Construction"))], entities, mentions,
                              default_pack())
    bodies = {entities[i.body].name: entities[i.body] for i in implied}
    assert bodies["Ministry of Construction"].implicit
    assert any(e.kind == "Country" and e.implicit for e in bodies.values())
    assert {m.text for m in mentions} >= {"Construction", "Vietnamese"}
