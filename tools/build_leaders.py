"""Build src/frenemy/data/leaders.csv: heads of state and government, foreign and defence
ministers of the UN member states, 1990 onwards, with their terms.

Two sources, merged:

* tools/leaders_manual.csv, entered by hand (same columns as leaders.csv). Its rows win:
  a reference row of the same person, country and kind of office that overlaps one of
  them is dropped.
* the facts (names, country, office, dates) of CountryInfo.120116.txt (Schrodt, Penn State
  Event Data Project, CC BY-SA 3.0), read from ../shared/data/formats/ when it is there:
  the <Leaders> block of each country (terms from rulers.org, to about 2009-2011) and the
  foreign and defence ministers of its <Government> block (the CIA's World Leaders,
  monthly, Jan 2003 - Feb 2011). Without the file, the rows of the current leaders.csv
  that the manual file does not hold are taken to be the reference's and kept as they are.

Usage: python tools/build_leaders.py [--reference PATH] [--check]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "frenemy" / "data"
OUTPUT = DATA / "leaders.csv"
MANUAL = Path(__file__).resolve().parent / "leaders_manual.csv"
REFERENCE = ROOT.parent / "shared" / "data" / "formats" / "CountryInfo.120116.txt"
SURNAMES = ROOT / "src" / "frenemy" / "coding" / "data" / "common_surnames.csv"
COLUMNS = ["name", "country", "role", "start", "end", "office", "aliases"]

FIRST_YEAR = 1990
# The reference's <Government> block was last updated in Feb 2011: "[>date]" there is
# "still in office in Feb 2011". Unless the manual file knows the real end, that is the end
# written, so that such a minister is not taken to be in office ever after.
GOVERNMENT_LAST_SEEN = date(2011, 2, 28)
SOVIET_END = date(1991, 12, 26)

# The 193 members of the United Nations, by the codes of data/countries.csv.
UN_MEMBERS = set("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MTN
MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
QAT KOR MDA ROM RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TMP TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA
USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())

# The reference's codes that countries.csv spells otherwise.
CODE_MAP = {"ROU": "ROM", "TLS": "TMP", "MNE": "MTN"}

# <Leaders> sub-blocks kept, by their label (lower case, as the reference writes it), and
# the office each holds. Labels not listed (governors-general, occupation administrators,
# co-princes, colonial officers...) are not heads of the state or of its government.
LEADER_OFFICES = {
    "presidents": "president",
    "president": "president",
    "interim president": "interim president",
    "prime ministers": "prime minister",
    "prime minister": "prime minister",
    "premiers": "premier",
    "premier": "premier",
    "chancellors": "chancellor",
    "kings": "king",
    "king": "king",
    "kings/queens": "monarch",
    "emirs": "emir",
    "sultans": "sultan",
    "emperor": "emperor",
    "emperors/empresses": "emperor",
    "grand dukes/grand_duchesses": "grand duke",
    "sovereign princes": "prince",
    "princes/princesses": "prince",
    "heads of state": "head of state",
    "head of state": "head of state",
    "heads of government": "head of government",
    "chiefs of government": "head of government",
    "co-prime_ministers": "co-prime minister",
    "coequal prime ministers": "co-prime minister",
    "first prime ministers": "first prime minister",
    "second prime minister": "second prime minister",
    "general secretaries": "Communist Party general secretary",
    "general secretaries of the communist party": "Communist Party general secretary",
    "chairmen of the council of ministers": "prime minister",
    "chairman of the council of ministers": "prime minister",
    "chairmen of the council of ministers (premiers": "premier",
    "chairmen of the council of ministers (prime_ministers": "prime minister",
    "prime ministers (presidents_of_the_council_of_ministers": "prime minister",
    "presidents of the council of ministers": "prime minister",
    "presidents of the executive yuan (premiers": "premier",
    "presidents of the presidency": "chairman of the presidency",
    "chairmen of the presidency of the republic": "chairman of the presidency",
    "chairman of the state peace and development council": "head of state",
    "chairman of the state law and order restoration council": "head of state",
    "leader of the revolution": "leader",
    "secretaries of the general people's_committee": "prime minister",
    "chairman of the presidium of the supreme people's_assembly": "head of state",
    "chairmen of the presidium of the supreme people's_assembly": "head of state",
    "presidents of the governing council": "governing council president",
    "captains-regent": "captain regent",
    "chairman of the supreme council, president": "president",
    "chairman of the supreme council": "head of state",
    "chairmen of the supreme soviet": "head of state",
    "chairman of the supreme soviet": "head of state",
    "chairmen of the rada": "head of state",
    "chairman of the state presidency": "chairman of the presidency",
    "presidents, prime_ministers": "president",
    "government leaders": "head of government",
    "chief executives": "chief executive",
    "head of the interim military government": "head of state",
    "chairman of the military council": "head of state",
    "chairmen of the military council": "head of state",
    "chairman of the national salvation council": "head of state",
    "chairman of the military council for justice and democracy": "head of state",
    "chairman of the national reconciliation council": "head of state",
    "chairman of the high council of state": "head of state",
    "chairman of the supreme military council": "head of state",
    "chairman of the national transitional government": "head of state",
    "president of the interim government of national unity": "president",
    "president of the provisional government": "president",
    "chairmen of the provisional ruling council": "head of state",
    "chairman of the national provisional defense council": "head of state",
    "chairman of the committee on operative management of the national economy":
        "prime minister",
    "presidential commission": "president",
    "junta": "junta member",
    "military junta": "junta member",
    "revolutionary junta": "junta member",
    "paramount rulers": "king",
    "rulers": "ruler",
    "rulers (hakim": "emir",
    "kings (title_maharajadhiraja": "king",
    "kings (title_druk_gyalpo": "king",
    "cabinet chiefs": "head of government",
    "chairmen of the council of state": "head of state",
    "presidents of the council of state": "head of state",
    "chairmen of the state council": "head of state",
    "chairmen of the presidium of the state great khural": "head of state",
    "general secretaries of the central committee of the mprp": "party leader",
    "chairmen of the presidium of the supreme soviet": "head of state",
    "chairmen of the state law and order restoration council": "head of state",
    "chairman of the supreme national council": "head of state",
    "chairmen of the presidium of the people's_assembly": "head of state",
    "secretary-general_of_the_provisional_government": "head of state",
    "head of the armed forces revolutionary council": "head of state",
    "chief minister": "chief minister",
}

# Reference entries that are not the country's own heads or ministers: governments in exile,
# faction leaders, a row filed under the wrong country, cabinet chiefs, the British monarch
# in the other Commonwealth realms.
REFERENCE_ERRORS = {
    ("BLR", "Barys Ragula"), ("BLR", "Ivonka Survilla"), ("MUS", "Mohamed Ould Abdel Aziz"),
    ("SLE", "Yayah Kanu"), ("SOM", "Abdulkadir Muhammad Aden"), ("SOM", "Aden Abdullahi Nur"),
    ("SOM", "Ali Mahdi Muhammad"), ("SOM", 'Osman Hassan Ali "ato"'),
    ("SOM", "Abdinur Ahmed Darman"), ("AND", "Joan Gabriel Estany"),
}
REFERENCE_OFFICE_ERRORS = {("ARG", "head of government")}
# Offices that several hold at once.
COLLECTIVE = {"captain regent", "co-prime minister", "junta member", "presidency member",
              "chairman of the presidency", "governing council president"}

# Titles, not names, that the reference sometimes writes before a name.
HONORIFICS = {"ayatollah", "hojatolislam", "hojatoleslam", "prince", "princess", "sir",
              "general", "gen.", "colonel", "col.", "lt.", "maj.", "dr.", "doctor",
              "dame", "lord", "baroness", "baron", "marshal", "field", "brig.", "capt.",
              "mgr.", "rev.", "reverend", "chief", "sheikh", "shaikh", "king", "queen",
              "emir", "sultan", "his", "her", "majesty", "highness", "admiral", "adm."}
PARTICLES = {"al", "el", "bin", "bint", "de", "da", "do", "dos", "das", "du", "del", "della",
             "der", "van", "von", "den", "la", "le", "y", "e", "ter", "zu", "di", "wa", "ul",
             "ibn", "ad", "as", "ash", "at", "az", "ould", "ag", "ben"}
KEEP_UPPER = {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xvi"}

FOREIGN = re.compile(
    r"^(minister|secretary)( of state)? (of|for) (foreign|external) (affairs|relations)\b"
    r"|^minister of foreign and european affairs"
    r"|^secretary of state for foreign and commonwealth affairs"
    r"|^minister of state and foreign affairs", re.I)
DEFENCE = re.compile(
    r"^(minister|secretary)( of state)? (of|for) (national )?defen[cs]e\b"
    r"(?! production| industry| industries| science)"
    r"|^minister of the armed forces$|^minister responsible for defen[cs]e affairs$", re.I)
JUNIOR = re.compile(r"\bdeputy\b|\bvice\b|^minister of state for\b|^secretary of state to\b"
                    r"|^state secretary|^secy\.|\bassistant\b|\bfirst deputy\b", re.I)
# Countries whose "Secretary of State for Defence/Foreign Affairs" is a junior post.
JUNIOR_SECRETARY_OF_STATE = {"FRA", "ESP", "PRT", "BEL", "LUX", "CMR", "SEN", "CIV", "GAB",
                             "COG", "COD", "BFA", "BEN", "TGO", "GIN", "MLI", "NER", "TCD",
                             "CAF", "MDG", "DJI", "COM", "MRT", "BDI", "RWA", "HTI", "AGO",
                             "MOZ", "GNB", "STP", "CPV"}


@dataclass(frozen=True)
class Row:
    name: str
    country: str
    role: str
    start: date
    end: date | None
    office: str
    aliases: tuple[str, ...] = ()
    source: str = "manual"

    def as_csv(self) -> dict[str, str]:
        return {"name": self.name, "country": self.country, "role": self.role,
                "start": self.start.isoformat(), "end": self.end.isoformat() if self.end else "",
                "office": self.office, "aliases": "|".join(self.aliases)}


# --- names -------------------------------------------------------------------------------

def _word(word: str, first: bool) -> str:
    low = word.lower()
    if low in KEEP_UPPER and not first:
        return word.upper()
    if low in {"jr.", "jr"}:
        return "Jr."
    parts = low.split("-")
    out = []
    for i, part in enumerate(parts):
        if not part:
            out.append(part)
            continue
        if i == 0 and len(parts) > 1 and part in {"al", "el", "ad", "as", "ash", "at", "az",
                                                    "ul", "ud"} and not first:
            out.append(part)
            continue
        if part.startswith("mc") and len(part) > 2:
            out.append("Mc" + part[2].upper() + part[3:])
            continue
        if "'" in part and part.index("'") == 1 and len(part) > 2:
            out.append(part[0].upper() + "'" + part[2].upper() + part[3:])
            continue
        out.append(part[0].upper() + part[1:])
    text = "-".join(out)
    if not first and low in PARTICLES and low not in {"ben", "ould", "ag", "ibn"}:
        return low
    return text


def title_name(raw: str) -> str:
    """``NURI_AL-MALIKI_`` -> ``Nuri al-Maliki``."""
    words = [w for w in re.split(r"[_\s]+", raw.strip()) if w]
    while len(words) > 1 and words[-1].lower() in PARTICLES:
        words = words[:-1]  # the World Leaders lists cut some long names short
    while len(words) > 1 and words[0].lower().rstrip(",") in HONORIFICS:
        words = words[1:]
    if len(words) > 1 and words[0].lower() == "field":
        words = words[1:]
    return " ".join(_word(w, i == 0) for i, w in enumerate(words))


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z]", "", text)


def surname_key(name: str) -> str:
    words = [w for w in name.split() if w not in {"Jr.", "II", "III", "King", "Queen", "Emir",
                                                   "Sultan"}]
    last = words[-1] if words else name
    last = re.sub(r"^(al|el|ad|as|ash|at|az)-", "", last, flags=re.I)
    return name_key(last)


# --- the reference -----------------------------------------------------------------------

_INTERVAL = re.compile(r"\[\s*([<>])?\s*(\d{8})(?:\s*-\s*(\d{8}))?\s*\]")
_GOV_INTERVAL = re.compile(r"\[\s*([A-Z]{3,9})\s+([<>])?\s*(\d{8})(?:\s*-\s*(\d{8}))?\s*\]")


def _day(text: str, last: bool = False) -> date:
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    month = min(max(month, 1), 12)
    days = calendar.monthrange(year, month)[1]
    return date(year, month, min(max(day, 1), days) if not last else min(day, days))


def _names(field: str) -> list[str]:
    field = field.split("#", 1)[0]
    braced = re.findall(r"\{([^{}]*)\}", field)
    raw = braced if braced else [field]
    names = []
    for item in raw:
        item = item.strip()
        if item and re.search(r"[A-Za-z]", item):
            name = title_name(item)
            if name and name not in names:
                names.append(name)
    return names


def _blocks(text: str):
    """(code, leaders block, government block) of each <Country>."""
    for match in re.finditer(r"<Country>(.*?)</Country>", text, re.S):
        body = match.group(1)
        code = re.search(r"^<CountryCode>\s*([A-Z]+)\s*</CountryCode>", body, re.M)
        if not code:
            continue
        leaders = re.search(r"<Leaders>(.*?)</Leaders>", body, re.S)
        government = re.search(r"<Government>(.*?)</Government>", body, re.S)
        yield (code.group(1), leaders.group(1) if leaders else "",
               government.group(1) if government else "")


def reference_rows(path: Path) -> list[Row]:
    text = path.read_bytes().decode("utf-8", "replace")
    rows: list[Row] = []
    seen_codes: set[str] = set()
    for code, leaders, government in _blocks(text):
        country = CODE_MAP.get(code, code)
        if country not in UN_MEMBERS or country in seen_codes:
            continue
        seen_codes.add(country)
        found = _leader_rows(country, leaders) + _minister_rows(country, government)
        for row in found:
            if ((country, row.name) in REFERENCE_ERRORS or (country, row.office) in
                    REFERENCE_OFFICE_ERRORS or (row.name == "Elizabeth II" and country != "GBR")):
                continue
            # The Russian block begins with the Soviet Union's leaders.
            if country == "RUS" and row.end is not None and row.end <= SOVIET_END:
                row = replace(row, country="SUN")
            rows.append(row)
    return rows


def _leader_rows(country: str, block: str) -> list[Row]:
    rows = []
    office = None
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        label = re.match(r"^<(/?)([^>]*)>", stripped)
        if label:
            office = None if label.group(1) else LEADER_OFFICES.get(label.group(2).strip().lower())
            continue
        if office is None:
            continue
        head = stripped.split("[", 1)[0]
        names = _names(head)
        if not names:
            continue
        for mark, start, end in _INTERVAL.findall(stripped):
            first = _day(start)
            if mark == "<":
                continue
            last = None if mark == ">" or not end else _day(end, last=True)
            if last is not None and last.year < FIRST_YEAR:
                continue
            rows.append(Row(names[0], country, "GOV", first, last, office, tuple(names[1:]),
                            "reference-leaders"))
    return rows


def _minister_rows(country: str, block: str) -> list[Row]:
    rows = []
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or "#" not in stripped:
            continue
        before, comment = stripped.split("#", 1)
        names = _names(before.split("[", 1)[0])
        intervals = _GOV_INTERVAL.findall(before)
        titles = [t.strip() for t in comment.split("&")]
        if not names or not intervals:
            continue
        if len(titles) == len(intervals):
            pairs = list(zip(intervals, titles, strict=True))
        elif len(titles) == 1:
            pairs = [(i, titles[0]) for i in intervals]
        else:
            codes = list(dict.fromkeys(i[0] for i in intervals))
            if len(codes) != len(titles):
                continue  # which term held which title cannot be told
            by_code = dict(zip(codes, titles, strict=True))
            pairs = [(i, by_code[i[0]]) for i in intervals]
        for (_actor, mark, start, end), title in pairs:
            plain = title.replace('"Acting"', "").strip()
            if JUNIOR.search(plain):
                continue
            if plain.lower().startswith("secretary of state") and (
                    country in JUNIOR_SECRETARY_OF_STATE):
                continue
            if FOREIGN.search(plain):
                office = "foreign minister"
            elif DEFENCE.search(plain):
                office = "defence minister"
            else:
                continue
            if '"acting"' in title.lower():
                office = "acting " + office
            if mark == "<":
                # In office when the source began (Jan 2003): the start is not known.
                first, last = date(2003, 1, 1), _day(start, last=True)
            elif mark == ">":
                first, last = _day(start), None
            else:
                first, last = _day(start), _day(end or start, last=True)
            rows.append(Row(names[0], country, "GOV", first, last, office, tuple(names[1:]),
                            "reference-government"))
    return _dedupe(_join_terms(rows))


def _dedupe(rows: list[Row]) -> list[Row]:
    """The World Leaders lists write some ministers twice, under two spellings of the name
    ("Salah Eddin Bashir", "Salah al Din al Bashir"): one row, the other name an alias."""
    out: list[Row] = []
    for row in sorted(rows, key=lambda r: (r.start, -len(r.name))):
        twin = next((i for i, o in enumerate(out) if o.country == row.country
                     and o.office == row.office and surname_key(o.name) == surname_key(row.name)
                     and _overlap(o, row) > 0), None)
        if twin is None:
            out.append(row)
            continue
        kept = out[twin]
        names = tuple(dict.fromkeys(n for n in (*kept.aliases, row.name, *row.aliases)
                                    if n != kept.name))
        end = None if kept.end is None or row.end is None else max(kept.end, row.end)
        out[twin] = replace(kept, aliases=names, end=end)
    return out


def _join_terms(rows: list[Row]) -> list[Row]:
    """One row for terms of one person in one office that follow within two months."""
    rows = sorted(rows, key=lambda r: (r.country, r.office, name_key(r.name), r.start))
    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if (prev is not None and prev.country == row.country and prev.office == row.office
                and name_key(prev.name) == name_key(row.name) and prev.end is not None
                and row.start - prev.end <= timedelta(days=62)):
            end = None if row.end is None else max(row.end, prev.end)
            out[-1] = replace(prev, end=end, aliases=tuple(dict.fromkeys(prev.aliases +
                                                                          row.aliases)))
        else:
            out.append(row)
    return out


# --- surnames that must not name a leader alone ------------------------------------------

# Surnames and given names common in the news (English, Hispanic, Lusophone, Arabic, Persian,
# South and East Asian), and words a capital letter can make look like a name. Only those
# that are some leader's surname are written to the data file.
COMMON_NAMES = set("""
smith johnson williams jones brown davis miller wilson moore taylor anderson thomas jackson
white harris martin thompson clark lewis robinson walker young allen king wright scott hill
green adams baker nelson carter mitchell roberts turner phillips campbell parker evans
edwards collins stewart morris rogers reed cook morgan bell murphy bailey cooper richardson
cox howard ward peterson gray james watson brooks kelly sanders price bennett wood barnes ross
henderson coleman jenkins perry powell long patterson hughes washington butler simmons foster
bryant alexander russell griffin hayes myers ford hamilton graham sullivan wallace woods cole
west jordan owens reynolds fisher ellis harrison gibson mcdonald marshall kennedy wells tucker
porter hunter hicks crawford henry boyd mason warren dixon burns gordon shaw holmes rice
hunt black daniels palmer mills grant knight ferguson rose stone hawkins dunn perkins hudson
spencer gardner stephens payne pierce berry matthews arnold wagner willis ray watkins olson
carroll duncan snyder hart cunningham bradley lane andrews ryan fox riley armstrong carpenter
weaver greene lawrence elliott chapman johnston peters franklin lawson fields ryan newman
jacobs reid fuller lynch dean gilbert garrett romero welch larson frazier burke hanson day
mendoza moreno bowman medina fowler brewer hoffman carlson silva pearson holland douglas
fleming jensen vargas byrd davidson hopkins may terry herrera wade soto walters curtis neal
caldwell lowe jennings barnett graves jimenez horton shelton barrett obrien castro sutton
gregory mckinney lucas miles craig rodriquez chambers holt lambert fletcher watts bates hale
rhodes pena beck newton haynes mcdaniel mendez bush vaughn parks dawson santiago norris hardy
love steele curry powers schultz barker guzman page munoz ball keller chandler weber leonard
walsh lyons ramsey wolfe schneider mullins benson sharp bowen daniel barber cummings hines
baldwin griffith valdez hubbard salazar reeves warner stevenson burgess santos tate cross
garner mann mack moss thornton dennis mcgee farmer delgado aguilar vega glover manning cohen
harmon rodgers robbins newton todd blair higgins ingram reese cannon strickland townsend
potter goodwin walton rowe hampton ortega patton swanson joseph francis goodman maldonado
yates becker erickson hodges rios conner adkins webster norman malone hammond flowers cobb
moody quinn blake maxwell pope floyd osborne paul mccarthy guerrero lindsey estrada sandoval
gibbs tyler gross fitzgerald stokes doyle sherman saunders wise colon gill alvarado greer
padilla simon waters nunez ballard schwartz mcbride houston christensen klein pratt briggs
parsons mclaughlin zimmerman french buchanan moran copeland roy pittman brady mccormick
holloway brock poole frank logan owen bass marsh drake wong jefferson park morton abbott
sparks patrick norton huff clayton massey lloyd figueroa carson bowers roberson barton tran
lamb harrington casey boone cortez clarke mathis singleton wilkins cain bryan underwood hogan
mckenzie collier luna phelps mcguire allison bridges wilkerson nash summers atkins wilcox
pitts conley marquez burnett richard cochran chase davenport hood gates clay ayala sawyer
roman vazquez dickerson hodge acosta flynn espinoza nicholson monroe wolf morrow kirk randall
anthony whitaker oconnor skinner ware molina kirby huffman bradford charles gilmore dominguez
oneal bruce lang combs kramer heath hancock gallagher gaines shaffer short wiggins mathews
mcclain fischer wall small melton hensley bond dyer cameron grimes contreras christian
wyatt baxter snow mosley shepherd larsen hoover beasley glenn petersen whitehead meyers keith
garrison vincent shields horn savage olsen schroeder hartman woodard mueller kemp deleon
booth patel calhoun wiley eaton cline navarro harrell lester humphrey parrish duran hutchinson
hess dorsey bullock robles beard dalton avila vance rich blackwell york johns blankenship
trevino salinas campos pruitt moses callahan golden montoya hardin guerra mcdowell carey
stafford gallegos henson wilkinson booker merritt miranda atkinson orr decker hobbs preston
tanner knox pacheco stephenson glass rojas serrano marks hickman english sweeney strong
prince mcclure conway walter roth maynard farrell lowery hurst nixon weiss trujillo ellison
sloan juarez winters mclean randolph leon boyer villarreal mccall gentry carrillo kent ayers
lara shannon sexton pace hull leblanc browning velasquez leach chang house sellers herring
noble foley bartlett mercado landry durham walls barr mckee bauer rivers everett bradshaw
pugh velez rush estes dodson morse sheppard weeks camacho bean barron livingston middleton
spears branch blevins chen kerr mcconnell hatfield harding ashley solis herman frost giles
blackburn william pennington woodward finley mcintosh koch best solomon mccullough dudley
nolan blanchard rivas brennan mejia kane benton joyce buckley haley valentine maddox russo
mcknight buck moon mcmillan crosby berg dotson mays roach church chan richmond meadows faulkner
oneill knapp kline barry ochoa jacobson gay avery hendricks horne shepard hebert cherry
cardenas mcintyre whitney waller holman donaldson cantu terrell morin gillespie fuentes
tillman sanford bentley peck key salas rollins gamble dickson battle santana cabrera
cervantes howe hinton hurley spence zamora yang mcneil suarez case petty gould mcfarland
sampson carver bray rosario macdonald stout hester melendez dillon farley hopper galloway
potts bernard joyner stein aguirre osborn mercer bender franco rowland sykes benjamin travis
pickett crane sears mayo dunlap hayden wilder mckay coffey mccarty ewing cooley vaughan
bonner cotton holder stark ferrell cantrell fulton lynn lott calderon rosa pollard hooper
burch mullen fry riddle levy david duke odonnell guy michael britt frederick daugherty berger
dillard alston jarvis frye riggs chaney odom duffy fitzpatrick valenzuela merrill mayer
alford mcpherson acevedo donovan barrera albert cote reilly compton raymond mooney mcgowan
craft cleveland clemons wynn nielsen baird stanton snider rosales bright witt stuart hays
holden rutledge kinney clements castaneda slater hahn emerson conrad burks delaney pate
lancaster sweet justice tyson sharpe whitfield talley macias irwin burris ratliff mccray
madden kaufman beach goff cash bolton mcfadden levine good byers kirkland kidd workman
carney dale mcleod holcomb england finch head burt hendrix sosa haney franks sargent nieves
downs rasmussen bird hewitt lindsay le foreman valencia oneil delacruz vinson dejesus hyde
forbes gilliam guthrie wooten huber barlow boyle mcmahon buckner rocha puckett langley
knowles cooke velazquez whitley noel vang
ali mohamed mohammed muhammad mohammad ahmed ahmad hassan hasan hussein husain hussain
ibrahim ismail yusuf youssef yousef omar umar abdullah abdallah abdul hamid rahman karim
khalil salem saleh salih mahmoud mahmud mustafa mostafa said saeed aziz nasser khaled khalid
jamal rashid hashem hashim haddad jaber jabir sharif khan malik qureshi siddiqui chaudhry
akhtar iqbal rana butt mirza hosseini ahmadi mohammadi rezaei karimi moradi rahimi jafari
hashemi kazemi sadeghi singh kumar sharma gupta patel shah das rao reddy verma yadav mishra
pandey jain mehta iyer nair pillai menon bose ghosh roy banerjee mukherjee chatterjee dutta
sen dey islam hossain uddin alam begum chowdhury kim lee park choi jung chung kang cho yoon
jang lim han oh shin seo kwon hwang ahn song yoo hong jeon ko moon yang baek heo nam
wang li zhang liu chen yang zhao huang zhou wu xu sun ma zhu hu guo he lin gao luo zheng liang
xie tang song feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei
su lu ding ren shen yao nguyen tran le pham hoang vu vo dang bui do ho ngo duong ly
santos silva souza oliveira pereira lima costa ferreira rodrigues alves gomes martins araujo
ribeiro carvalho almeida lopes soares fernandes vieira barbosa rocha dias nascimento andrade
moreira nunes marques machado mendes freitas cardoso ramos goncalves teixeira correia
garcia rodriguez gonzalez fernandez lopez martinez sanchez perez gomez diaz hernandez alvarez
ramirez torres flores rivera morales ortiz castillo ruiz reyes cruz gutierrez chavez
mohamud abdi farah hussein osman warsame yusuf
""".split())
# Words that a capital letter can make look like a surname, and titles, numerals and
# particles that the last word of a name can be.
COMMON_WORDS = set("""
i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi al el bin ben ibn ould de da do dos
van von der la le jr junior senior the new one first second third grand great prince
princess queen king emir sultan sheikh lord sir dame general president minister chairman
field key hope love bird hill young rich good best swift noble wise strong sharp bright
little long short small gay guy rose may major straw bishop cook hunt gates baker carter
price stone church banks wood mills fields cash gold silver day night summer winter spring
march august june christmas easter page head hand foot bell ball case house park street
""".split())


def common_surnames(rows: list[Row]) -> tuple[list[str], list[str]]:
    """The leaders' surnames too common to name one alone, and those that leaders of several
    countries bore at the same time (a surname alone cannot tell which is meant)."""
    import spacy.lang.en.stop_words as stop_words

    with (DATA / "countries.csv").open(encoding="utf-8") as handle:
        places = set()
        for rec in csv.DictReader(handle):
            for field in ("name", "other_names", "adjectives", "capital", "metonyms"):
                for value in (rec.get(field) or "").split("|"):
                    places.update(w.lower() for w in value.split())
    words = COMMON_NAMES | COMMON_WORDS | set(stop_words.STOP_WORDS) | places
    by_surname: dict[str, list[Row]] = {}
    for row in rows:
        for name in (row.name, *row.aliases):
            parts = [p for p in name.split() if p not in {"Jr.", "II", "III", "King"}]
            last = (parts[-1] if parts else name).lower()
            keys = {last}
            head, _, rest = last.partition("-")
            if rest and head in {"al", "el", "ad", "as", "ash", "at", "az", "ul"}:
                keys.add(rest)
            for key in keys:
                by_surname.setdefault(key, [])
                if row not in by_surname[key]:
                    by_surname[key].append(row)
    common = sorted(k for k in by_surname if k in words or len(k) <= 2)
    shared = []
    for key, holders in sorted(by_surname.items()):
        if key in common:
            continue
        states = [r for r in holders if r.role]
        if any(a.country != b.country and kind(a.office) == kind(b.office)
               and _overlap(a, b) >= 0 and not same_person(a, b)
               for i, a in enumerate(states) for b in states[i + 1:]):
            shared.append(key)
    return common, shared


def write_surnames(rows: list[Row]) -> tuple[int, int]:
    common, shared = common_surnames(rows)
    # Surnames of leaders in leaders.csv that do not name a leader on their own
    # (frenemy.coding.people.leaders_by_surname): common names and words, then those borne at the
    # same time by leaders of different countries in the same kind of office.
    lines = ["surname", *common, *shared]
    SURNAMES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(common), len(shared)


# --- merging -----------------------------------------------------------------------------

def kind(office: str) -> str:
    """head, foreign or defence (minister), or other (deputies, spokesmen, party leaders...)."""
    office = office.lower()
    if re.search(r"deputy|spokes|vice|interior|ministry|army chief|chief of|leader\b|commander"
                 r"|speaker|mayor|secretary-general|director|national people", office) and (
            "supreme leader" not in office and office != "leader"):
        return "other"
    if "foreign" in office or office == "secretary of state":
        return "foreign"
    if "defen" in office or office == "secretary of war":
        return "defence"
    return "head"


def _keys(row: Row) -> set[str]:
    return {name_key(n) for n in (row.name, *row.aliases)}


def _overlap(a: Row, b: Row) -> int:
    end_a = a.end or date(2100, 1, 1)
    end_b = b.end or date(2100, 1, 1)
    return (min(end_a, end_b) - max(a.start, b.start)).days


def same_person(a: Row, b: Row) -> bool:
    """The same name, or the same surname and first name ("Nuri al-Maliki", "Nouri
    al-Maliki" share neither: the overlap of their terms decides, see merge)."""
    if _keys(a) & _keys(b):
        return True
    first = lambda r: name_key(r.name.split()[0])  # noqa: E731
    return surname_key(a.name) == surname_key(b.name) and first(a)[:3] == first(b)[:3]


def merge(manual: list[Row], reference: list[Row]) -> tuple[list[Row], list[Row]]:
    """The manual rows, and the reference rows that none of them supersedes."""
    by_country: dict[tuple[str, str], list[Row]] = {}
    for row in manual:
        by_country.setdefault((row.country, kind(row.office)), []).append(row)
    kept = []
    for row in reference:
        rivals = by_country.get((row.country, kind(row.office)), [])
        if any((same_person(row, m) and _overlap(row, m) > -62)
               or (m.office == row.office and abs((m.start - row.start).days) <= 62)
               or (m.office == row.office and row.office not in COLLECTIVE
                   and _overlap(row, m) > 180)
               for m in rivals):
            continue
        kept.append(row)
    return manual, kept


def read_csv(path: Path, source: str) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = []
        for rec in csv.DictReader(handle):
            if not rec["name"] or rec["name"].startswith("#"):
                continue
            rows.append(Row(rec["name"].strip(), rec["country"].strip(), rec["role"].strip(),
                            date.fromisoformat(rec["start"].strip()),
                            date.fromisoformat(rec["end"].strip()) if rec["end"].strip()
                            else None, rec["office"].strip(),
                            tuple(a.strip() for a in (rec.get("aliases") or "").split("|")
                                  if a.strip()), source))
        return rows


def _sort_key(row: Row):
    # Heads of state and government first: frenemy.coding.actors takes the first of several
    # leaders in office that a surname fits.
    tier = {"head": 0, "foreign": 1, "defence": 2, "other": 3}[kind(row.office)] if row.role else 4
    return (tier, row.country, row.start, row.name, row.office)


def build(reference: Path | None) -> tuple[list[Row], dict[str, int]]:
    manual = read_csv(MANUAL, "manual")
    if reference is not None:
        ref = reference_rows(reference)
        ref = [r for r in ref if r.end is None or r.end.year >= FIRST_YEAR]
    else:
        known = {(r.name, r.country, r.start, r.office) for r in manual}
        ref = [r for r in read_csv(OUTPUT, "previous")
               if (r.name, r.country, r.start, r.office) not in known]
    manual, kept = merge(manual, ref)
    fixed = []
    for row in kept:
        if row.source == "reference-government" and row.end is None:
            row = replace(row, end=GOVERNMENT_LAST_SEEN)
        fixed.append(row)
    rows = sorted(set(manual) | set(fixed), key=_sort_key)
    stats = {"manual": len(manual), "reference": len(fixed)}
    return rows, stats


def check(rows: list[Row]) -> list[str]:
    problems = []
    with (DATA / "countries.csv").open(encoding="utf-8") as handle:
        codes = {r["code"] for r in csv.DictReader(handle)}
    with (DATA / "organizations.csv").open(encoding="utf-8") as handle:
        orgs = {r["code"] for r in csv.DictReader(handle)}
    roles = {r.split(",")[0] for r in (DATA / "roles.csv").read_text().splitlines()[1:]}
    for row in rows:
        country = row.country
        if country not in codes | orgs and country[:3] not in codes | {"IGO", "IMG"}:
            problems.append(f"unknown country {country}: {row.name}")
        if row.role and row.role not in roles:
            problems.append(f"unknown role {row.role}: {row.name}")
        if row.end is not None and row.end < row.start:
            problems.append(f"ends before it starts: {row}")
        if row.end is None and row.source.startswith("reference"):
            problems.append(f"open-ended reference row: {row.country} {row.office} {row.name}"
                            f" from {row.start}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--check", action="store_true", help="report problems, write nothing")
    args = parser.parse_args(argv)
    reference = args.reference if args.reference.exists() else None
    if reference is None:
        print(f"{args.reference} not found: keeping the reference rows of {OUTPUT.name}",
              file=sys.stderr)
    rows, stats = build(reference)
    problems = check(rows)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.check:
        return 1 if problems else 0
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_csv())
    print(f"wrote {len(rows)} rows ({stats['manual']} manual, {stats['reference']} from the "
          f"reference) to {OUTPUT.relative_to(ROOT)}")
    common, shared = write_surnames(rows)
    print(f"wrote {common} common and {shared} shared surnames to {SURNAMES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
