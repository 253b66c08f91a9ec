"""Relation labels read by the shipped extractor from sentences written for
these tests (never seen in training), with the negatives a careful reader
would not count. What it still misses on such sentences is listed in
docs/evaluation.md ("What is still missed")."""
from __future__ import annotations

import pytest

from kg.document import Document
from kg.extraction import extract


def relations(text: str, date: str = "2024-11-01") -> tuple[set, dict]:
    x = extract(Document(id="t", text=text, date=date))
    names = {k: e.name for k, e in x.entities.items()}
    out = set()
    for r in x.relations:
        obj = names.get(r.object, r.object) if r.object else r.value
        out.add((names[r.subject], r.predicate, obj))
    return out, names


HLM4 = "4th ASEAN-Japan Smart Cities Network High Level Meeting"

POSITIVE = [
    ("organizer", f"The {HLM4} was hosted by the Urban Renaissance Agency in association with the "
                  "Japan International Cooperation Agency.",
     (HLM4, "organizer", "Japan International Cooperation Agency")),
    ("location", f"The {HLM4} was held in Aizuwakamatsu on 4 December 2022.",
     (HLM4, "location", "Aizuwakamatsu")),
    ("attendee", "Mayor Lina Reyes attended the Riverside Innovation Summit in Cebu.",
     ("Riverside Innovation Summit", "attendee", "Lina Reyes")),
    ("speaker", "At the Coastal Cities Forum, Director Arun Patel delivered a keynote speech.",
     ("Coastal Cities Forum", "speaker", "Arun Patel")),
    ("startDate", f"The {HLM4} took place from 4 to 5 December 2022 in Fukushima.",
     (HLM4, "startDate", "2022-12-04")),
    ("endDate", f"The {HLM4} took place from 4 to 5 December 2022 in Fukushima.",
     (HLM4, "endDate", "2022-12-05")),
    ("affiliation", "Minister Pham Hong Ha of the Ministry of Construction opened the meeting.",
     ("Pham Hong Ha", "affiliation", "Ministry of Construction")),
    ("jobTitle", "Datuk Lim Jock Hoi, Secretary-General of ASEAN, sent a video message.",
     ("Lim Jock Hoi", "jobTitle", "Secretary-General of ASEAN")),
    ("memberOf", "Sumedang and Sihanoukville joined the ASEAN Smart Cities Network in 2024.",
     ("Sihanoukville", "memberOf", "ASEAN Smart Cities Network")),
    ("parentOrganization", "Contact: Smart Mobility Division, Urban Transport Bureau",
     ("Smart Mobility Division", "parentOrganization", "Urban Transport Bureau")),
    ("founder", "The Green Corridor Programme was launched by the Asian Development Bank in 2019.",
     ("Green Corridor Programme", "founder", "Asian Development Bank")),
    ("foundingDate", "The Green Corridor Programme was launched by the Asian Development Bank in 2019.",
     ("Green Corridor Programme", "foundingDate", "2019")),
]


@pytest.mark.parametrize("label,text,expected", POSITIVE, ids=[p[0] for p in POSITIVE])
def test_relations_each_label_is_read_from_its_cue(label, text, expected):
    rels, _ = relations(text)
    assert expected in rels, rels


def test_relations_did_not_attend_is_no_attendee():
    rels, _ = relations("Secretary-General Kao Kim Hourn did not attend the ASEAN Mayors Forum.")
    assert not [r for r in rels if r[1] == "attendee"]


def test_relations_person_quoted_in_a_speech_is_not_the_speaker():
    rels, _ = relations("At the Coastal Cities Forum, Mayor Lina Reyes gave a speech praising Governor Maria Santos.")
    speakers = {r[2] for r in rels if r[1] == "speaker"}
    assert speakers == {"Lina Reyes"}


def test_relations_background_facts_are_not_stated():
    # The pack knows Bangkok is in Thailand; this sentence does not say so.
    rels, _ = relations("Delegates from Bangkok met officials from Thailand's digital agency.")
    assert not [r for r in rels if r[1] == "containedInPlace"]


def test_relations_each_relation_keeps_its_sentence():
    text = f"The {HLM4} was held in Aizuwakamatsu. Officials praised it."
    x = extract(Document(id="t", text=text, date="2022-12-06"))
    loc = [r for r in x.relations if r.predicate == "location"]
    assert loc and text[loc[0].sentence[0]:loc[0].sentence[1]].startswith("The 4th")


@pytest.mark.parametrize("text", [
    "Officials from Bangkok, Chonburi met in Cebu City.",
    "Delegates came from DKI Jakarta, Makassar.",
])
def test_relations_two_cities_in_a_list_do_not_contain_each_other(text):
    rels, _ = relations(text)
    assert not [r for r in rels if r[1] == "containedInPlace"]


def test_relations_list_of_places_each_in_its_own_country():
    rels, _ = relations("New members were Sumedang Regency in Indonesia and Sihanoukville in Cambodia.")
    contained = {(r[0], r[2]) for r in rels if r[1] == "containedInPlace"}
    assert ("Sihanoukville", "Cambodia") in contained
    assert not [pair for pair in contained if pair[0] == "Indonesia"]
