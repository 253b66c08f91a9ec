"""Words that decide what kind of thing a name is, and the titles officials
carry. Shared by the name patterns, the kind mapping and the relation rules."""
from __future__ import annotations

import re

EVENT_HEADS = ["Meeting", "Meetings", "Summit", "Forum", "Conference", "Workshop", "Ceremony", "Dialogue",
               "Symposium", "Expo", "Exhibition", "Week", "Seminar", "Roundtable", "Convention", "Congress",
               "Festival", "Session", "Retreat", "Webinar", "Hackathon", "Fair", "Consultation", "Awards"]
DOCUMENT_HEADS = ["Plan", "Framework", "Strategy", "Declaration", "Agreement", "Report", "Act", "Roadmap",
                  "Blueprint", "Guidelines", "Guideline", "Charter", "Vision", "Statement", "Masterplan",
                  "Treaty", "Accord", "Communiqué", "Communique", "Policy", "Understanding", "Discussions",
                  "Law", "Decree", "Resolution", "Protocol", "Toolkit", "Handbook", "Guidebook", "White Paper",
                  "Plans", "Strategies", "Frameworks", "Reports", "Agreements", "Declarations", "Guidelines"]
INITIATIVE_HEADS = ["Programme", "Program", "Project", "Initiative", "Network", "Partnership", "Platform",
                    "Fund", "Scheme", "Facility", "Alliance", "Study", "Mechanism", "Campaign", "Challenge",
                    "Community", "Cooperation", "Pilot", "Movement", "Corridor", "Programmes", "Programs",
                    "Projects", "Initiatives", "Networks", "Partnerships"]
ORGANIZATION_HEADS = ["Ministry", "Department", "Agency", "Bureau", "Division", "Office", "Secretariat",
                      "Council", "Committee", "Commission", "Authority", "University", "Centre", "Center",
                      "Institute", "Association", "Corporation", "Bank", "Company", "Government",
                      "Administration", "Directorate", "Organization", "Organisation", "Board", "Foundation",
                      "Federation", "Chamber", "Group", "Co.", "Ltd.", "Ltd", "Inc.", "Inc", "Corp.", "Unit",
                      "Cabinet", "Parliament", "Assembly", "Court", "Police", "Academy", "College", "School",
                      "Consortium", "Society", "Union", "Service", "Services", "Embassy", "Consulate",
                      "Headquarters", "Team", "Taskforce", "Task Force", "Coordinating Centre", "Enterprises",
                      "Body", "Office for Asia and the Pacific"]
PLACE_HEADS = ["Prefecture", "Province", "City", "Region", "District", "Island", "Islands", "Municipality",
               "Regency", "County", "Town", "Village", "Bay", "Port", "Airport", "Hotel", "Hall",
               "Convention Centre", "Convention Center", "Peninsula", "Valley", "River", "Capital"]

# Words that open a body's name and take an "of" phrase: "Ministry of ...".
ORG_OPENERS = ["Ministry", "Department", "Office", "Bureau", "Agency", "Secretariat", "Council",
               "Committee", "Commission", "Directorate", "Directorate General", "Directorate-General",
               "Division", "University", "Institute", "Association", "Federation", "Chamber", "Board",
               "Embassy", "Government", "Centre", "Center", "Authority"]
PLACE_OPENERS = ["City of", "Province of", "Municipality of", "Municipalities of", "Cities of",
                 "Island Garden City of", "Prefecture of", "Kingdom of", "Republic of"]

TITLE_WORDS = [
    "Minister", "Vice-Minister", "Vice Minister", "Deputy Minister", "Prime Minister", "Deputy Prime Minister",
    "Parliamentary Vice-Minister", "State Minister", "Senior Minister", "Foreign Minister",
    "Secretary-General", "Secretary General", "Deputy Secretary-General", "Deputy Secretary General",
    "Under-Secretary", "Undersecretary", "Permanent Secretary", "Secretary", "Assistant Secretary",
    "Director-General", "Director General", "Deputy Director-General", "Director", "Deputy Director",
    "Executive Director", "Managing Director", "Chief Representative", "Chief Executive", "Chief Executive Officer",
    "CEO", "Chairman", "Chairperson", "Chair", "Co-Chair", "Vice Chairman", "Vice-Chairman", "President",
    "Vice President", "Vice-President", "Governor", "Vice Governor", "Deputy Governor", "State Governor",
    "Mayor", "Vice Mayor", "Deputy Mayor", "Ambassador", "Consul General", "Commissioner", "Head",
    "Senior Vice President", "Professor", "Prof.", "Dean", "Chief", "Advisor", "Adviser", "Special Adviser",
    "Special Advisor", "Spokesperson", "Spokesman", "Representative", "Envoy", "Administrator",
    "Councillor", "Councilor", "Senator", "Congressman", "Congresswoman", "Lawmaker", "Officer",
    "Division Director", "General Manager", "Manager", "Counsellor", "Counselor", "Attaché", "Delegate",
    "Leader", "Prince", "Princess", "King", "Queen", "Sultan", "Premier", "Chancellor", "Rector",
    "Professor Emeritus", "Emeritus", "Associate Professor", "Assistant Professor", "Researcher", "Student",
]
HONORIFICS = ["Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "H.E.", "HE", "His Excellency",
              "Her Excellency", "Excellency", "Madam", "Madame", "Datuk Seri", "Datuk", "Dato' Sri", "Dato Sri",
              "Dato'", "Dato", "Tan Sri", "Pehin", "YB", "Sir", "Dame", "Hon.", "Honorable", "Honourable",
              "Atty.", "Engr.", "Eng.", "Dasho", "Haji", "Hajah", "Pengiran", "Awang", "Dayang", "Samdech",
              "Lok Chumteav", "Oknha", "Khun", "U", "Daw", "Pak", "Ibu", "Bapak", "Tuan", "Puan"]

# Headlines capitalise every word; these verbs end a name there
# ("Vice-Minister Yoshida Attends the 5th ... Meeting").
HEADLINE_VERBS = {"Attends", "Attend", "Attended", "Holds", "Hold", "Held", "Hosts", "Host", "Hosted", "Signs",
                  "Sign", "Signed", "Launches", "Launch", "Launched", "Joins", "Join", "Joined", "Opens", "Open",
                  "Opened", "Meets", "Meet", "Visits", "Visit", "Visited", "Announces", "Announce", "Announced",
                  "Agree", "Agrees", "Agreed", "Discuss", "Discusses", "Discussed", "Participates", "Participate",
                  "Welcomes", "Welcome", "Calls", "Adopts", "Adopt", "Adopted", "Concludes", "Celebrates", "Says",
                  "Said", "Delivers", "Delivered", "Addresses", "Promotes", "Promote", "Strengthen",
                  "Strengthens", "Enhance", "Enhances", "Boost", "Boosts", "Unveils", "Unveiled", "Marks",
                  "Takes", "Take", "Leads", "Lead", "Chairs", "Chaired", "Co-Chairs", "Receives", "Wins", "Is",
                  "Are", "Was", "Were", "To", "Will", "Seeks", "Eyes", "Aims", "Backs", "Supports", "Pledges"}
# Prefixes and suffixes that make a new place of a known one ("Davao del Norte",
# "Metro Davao", "Davao Oriental").
PLACE_PREFIXES = {"Metro", "Metropolitan", "Greater", "North", "South", "East", "West", "Central", "Northern",
                  "Southern", "Eastern", "Western", "Upper", "Lower", "New", "Old"}
PLACE_SUFFIXES = {"Oriental", "Occidental", "Norte", "Sur", "Province", "Prefecture", "Region", "District",
                  "Regency", "Municipality", "Island", "Islands", "Bay", "Port", "Metropolis", "Metro"}
# Plural heads that open a list of places: "the Cities of Panabo, Tagum, and ...".
PLACE_LIST_OPENERS = ["Cities", "Municipalities", "Towns", "Provinces", "Districts", "Regencies", "Islands",
                      "Prefectures", "Villages", "Barangays", "City", "Municipality", "Town", "Province"]

# Lines of page furniture a careful reader skips ("Division in Charge", "photo").
FURNITURE = {"home", "news releases", "back issues", "photo", "photos", "related link", "related links",
             "division in charge", "upload date", "source", "share", "print", "tweet", "contact",
             "top", "back to top", "menu", "search", "news", "press release", "press releases",
             "read more", "download", "subject", "date", "attachment", "attachments", "tags"}


def alternation(words: list[str]) -> str:
    """A regex alternation, longest first, each word escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def head_kind(name: str) -> str | None:
    """The kind a name's last word says it is ("... Meeting" is an Event)."""
    words = name.rstrip(" .,)").split()
    if not words:
        return None
    last = words[-1]
    two = " ".join(words[-2:])
    for kind, heads in (("Event", EVENT_HEADS), ("Document", DOCUMENT_HEADS), ("Initiative", INITIATIVE_HEADS),
                        ("Organization", ORGANIZATION_HEADS), ("Place", PLACE_HEADS)):
        if last in heads or two in heads:
            return kind
    return None
