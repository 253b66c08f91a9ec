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

# Small words that names hold inside ("Ministry of Economy, Trade and
# Industry", "Forum on Smart Cities", "Davao del Norte").
NAME_CONNECTORS = {"of", "and", "for", "on", "the", "de", "del", "la", "da", "in", "to", "with", "&", "at", "between"}

# Words that present what follows as a theme, topic or field ("in areas such
# as ...", "focusing on ...", "themes of ...").
THEME_CUES = {"such", "including", "include", "includes", "focus", "focusing", "focused", "focuses", "areas",
              "area", "fields", "field", "sectors", "sector", "theme", "themes", "topics", "topic", "priorities",
              "priority", "pillars", "domains", "on", "covering", "covered", "discussed", "discuss", "like",
              "namely", "regarding", "concerning", "addressing", "promote", "promoting", "towards", "toward"}

# Cue words of each relation, the data the relation classifier reads as
# features ("hosted", "chaired" for an organizer). A cue is a hint, never a
# rule: the classifier learns how much each is worth from annotated text.
RELATION_CUES: dict[str, set[str]] = {
    "organizer": {"host", "hosts", "hosted", "hosting", "organise", "organised", "organises", "organising", "organize",
                  "organized", "organizes", "organizing", "organiser", "organizer", "convene", "convened", "convenes",
                  "chair", "chaired", "chairs", "co-chaired", "co-chair", "co-chairs", "presided", "presides", "led",
                  "co-hosted", "co-organised", "co-organized", "sponsored", "by"},
    "location": {"in", "at", "held", "venue", "took", "place", "hosted", "city"},
    "attendee": {"attended", "attend", "attends", "attending", "participated", "participate", "participants", "joined",
                 "join", "delegation", "delegations", "delegates", "present", "representatives", "took", "part",
                 "participation", "gathered", "brought", "together", "among", "sent"},
    "speaker": {"said", "says", "speech", "remarks", "keynote", "address", "addressed", "spoke", "speaking",
                "delivered", "presented", "presentation", "stated", "noted", "told", "message", "emphasised",
                "emphasized", "stressed", "highlighted", "opened", "opening"},
    "about": {"on", "about", "theme", "themed", "focus", "focused", "focusing", "focuses", "covering", "covered",
              "discussed", "discuss", "areas", "such", "including", "regarding", "addressing", "topics", "sectors",
              "fields", "priorities", "aims", "aimed", "promote", "promoting", "towards", "improve", "improving"},
    "affiliation": {"of", "from", "at", "minister", "secretary", "director", "president", "head", "chairman",
                    "representative", "ambassador", "mayor", "governor", "'s", "’s", "official", "officials"},
    "memberOf": {"member", "members", "joined", "join", "network", "cities", "city", "include", "includes",
                 "including", "participating", "pilot", "among", "selected", "named", "added"},
    "containedInPlace": {"in", ",", "of", "province", "prefecture", "region", "island", "located", "capital"},
    "parentOrganization": {"of", "under", "'s", "’s", "within", "part", "division", "bureau", "department", "unit"},
    "founder": {"launched", "launch", "launches", "established", "establish", "founded", "created", "initiated",
                "set", "up", "started", "proposed", "signed", "introduced", "by"},
    "funder": {"funded", "fund", "funds", "funding", "financed", "finance", "financing", "supported", "support",
               "grant", "grants", "loan", "loans", "million", "billion", "contribution", "contributed", "sponsored"},
    "superEvent": {"part", "during", "sidelines", "of", "at", "session", "ceremony", "opening", "closing"},
}
