"""Name shapes and word lists for client-name pseudonymisation (Dutch and Flemish).

The lists are general language knowledge (forms of address, kinship words,
particles, function words, languages, holidays), never names of particular
people: a name list would only find the people someone thought of in advance.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import regex

# A name word: a capital, then lower-case letters; "D'Hondt", "O'Neill", "Jean-Pierre" and
# "Öztürk" are names, "P." and "T" are initials (already pseudonymised), "AZ" an acronym.
NAME_WORD = r"(?:\p{Lu}(?:['’]\p{Lu}?)?\p{Ll}+(?:-\p{Lu}\p{Ll}+)*)"

# Tussenvoegsels, longest first so "van der" wins over "van".
PARTICLES = ("van der", "van den", "van de", "van het", "van 't", "in 't", "in den", "in de",
             "op de", "op den", "op 't", "uit de", "uit den", "van", "de", "den", "der", "ter",
             "ten", "te", "'t", "het", "el", "al", "le", "la", "du", "da", "di", "dos", "del", "von")
PARTICLE = r"(?i:" + "|".join(regex.escape(p) for p in PARTICLES) + r")"

# Forms of address: what follows is a person, and in a case text almost always a
# client or someone close to them. "zuster" is left out: it is also a nurse's title.
# "juf" and "mr." (meester, a lawyer) would name professionals and are left out too.
# Notes abbreviate them with or without a dot, in any case ("mevr janssens", "Dhr de Smet");
# "fam."/"het echtpaar" name a household, "pani"/"pan" are Polish, "bewoner"/"cliënt" the
# way a handover names the person it is about.
ADDRESS = ("mevrouw", "mevr.", "mevr", "mvr.", "mvr", "mw.", "mw", "meneer", "mijnheer", "mnr.", "mnr",
           "dhr.", "dhr", "hr.", "de heer", "heer", "mr.", "mr", "juffrouw", "mejuffrouw", "mej.", "madame",
           "mme.", "mme", "monsieur", "mademoiselle", "mlle", "mlle.", "fam.", "fam", "familie", "het echtpaar",
           "echtpaar", "pani", "pan",
           "opa", "oma", "bomma", "bompa", "meme", "pepe", "moemoe", "moeke", "vake", "nonkel", "tante", "tata",
           "oom", "ome", "gezin", "het gezin",
           # grandparents, aunts and uncles as families of many origins say it: Frisian (pake,
           # beppe), French (mémé, pépé, tatie, tonton), Italian (nonna, nonno, zia, zio),
           # Polish (babcia, dziadek, ciocia, wujek), Turkish (nene, dede, anneanne, babaanne),
           # Surinamese and Antillean (tante is above; omu, tanta, wela, welo), Moroccan Arabic
           # (jedda, jeddi), and the Dutch pet forms (omi, opi, opoe, opoefje). Words that are
           # also common given names ("Hanna", "Zia", "Dede", "Tanta") are left out: as a cue
           # they would no longer be found as names themselves.
           "pake", "beppe", "mémé", "pépé", "tatie", "tantie", "nonna", "nonno", "zio",
           "babcia", "dziadek", "ciocia", "wujek", "nene", "anneanne", "babaanne",
           "omu", "wela", "welo", "jedda", "jeddi", "omi", "opi", "opoe", "opoefje",
           # round nineteen: Sarnami Hindustani (Surinamese Hindustani families: grandparents
           # aja/ajie/nani, aunts and uncles mausi/chacha/chachi/phoewa), spelt the Dutch or the
           # English way, and the Spanish and Portuguese grandparents and uncle ("abuela Rosa",
           # "tio Ronchi"). "Nana", "Didi", "Tia" and "Mamie" are given names and stay out.
           "aja", "adja", "ajie", "aji", "nani", "nanie", "dada", "dadi", "mausi", "mousi",
           "chacha", "tjatja", "chachi", "tjatji", "phoewa", "foewa",
           "abuela", "abuelo", "tio", "avó", "avô")
# Weaker cues: a name may follow ("bewoner Jacobs", "roepnaam Bolleke"), but "van" after
# them means "of" ("bewoner van De Heidebloem"), never a surname's particle.
# Round eleven: the roles a note gives the person it is about, one list for every rule that
# reads them (the weak cue here, a client's role in `ingest._professionals`, a person's label
# before an article place): "Jongere Den Bosch", "Gast Wouters", "Huurder Vermeiren", with
# their feminine forms. A compound ending in one counts too ("Nachtgast", "Medebewoner",
# "Oud-leerling": `client_role`).
CLIENT_ROLES = ("cliënt", "client", "cliënte", "cliente", "bewoner", "bewoonster", "patiënt", "patient",
                "patiënte", "patiente", "deelnemer", "deelneemster", "jongere", "jeugdige", "minderjarige",
                "leerling", "pupil", "gast", "bezoeker", "bezoekster", "huurder", "huurster", "zorgvrager",
                "zorgvraagster", "hulpvrager", "hulpvraagster", "cursist", "cursiste", "aanvrager",
                "aanvraagster", "kraamvrouw", "logé", "logee")
# Round twenty: a home visit's heading names whom it visits ("hb petrauskas", "huisbezoek
# Kuzmová"): a name no list holds, in lower case, stayed after it.
VISIT_HEADS = ("huisbezoek", "thuisbezoek", "hb")
# Round twenty-one: "casus Wuyts", "Casus Vandenberghe:" (a title or a file name): the case is named
# after its client, and a frequent Flemish surname no list holds stayed; a member's name there stays.
WEAK_ADDRESS = ("bijnaam", "roepnaam", "genaamd", "alias", "dossier", "casus", *VISIT_HEADS, *CLIENT_ROLES)

# Kinship and neighbour words: "haar zoon Dirk", "buurvrouw Truus". The people
# around a client are private persons too. "zuster" counts only after a possessive.
KIN = ("zoon", "dochter", "kleinzoon", "kleindochter", "kleinkind", "achterkleinkind", "kind",
       "vrouw", "man", "echtgenoot", "echtgenote", "partner", "weduwe", "weduwnaar", "vriend",
       "vriendin", "broer", "broertje", "zus", "zusje", "zoontje", "dochtertje", "tweeling",
       "tweelingbroer", "tweelingzus", "schoonzoon", "schoondochter",
       "schoonzus", "schoonbroer", "schoonmoeder", "schoonvader", "stiefzoon", "stiefdochter",
       "stiefvader", "stiefmoeder", "vader", "moeder", "papa", "mama", "neef", "nicht",
       "buurman", "buurvrouw", "buurjongen", "buurmeisje", "huisgenoot", "kamergenoot",
       "medebewoner", "medebewoonster", "mantelzorger", "oudste", "jongste", "kleinzoon",
       "maman", "vava", "baba", "yaya", "teyze", "amca", "abla", "khalti", "khali", "tonton", "tata",
       # diminutives, half-, step-, foster and ex- relations ("nichtje Ketevan", "pleegzoon Rik")
       "nichtje", "neefje", "kleinzoontje", "kleindochtertje", "halfbroer", "halfzus",
       "stiefbroer", "stiefzus", "achterneef", "achternicht", "pleegzoon", "pleegdochter",
       "pleegkind", "pleegmoeder", "pleegvader", "pleegbroer", "pleegzus", "ex-man", "ex-vrouw",
       "ex-partner", "verloofde", "vriendje", "vriendinnetje",
       "heit", "mem",  # Frisian father and mother ("heit Wiebe", "zijn mem Baukje")
       "baby", "pasgeborene",  # a newborn of the family ("baby Noor drinkt goed")
       # round twenty-one: French-language notes' family ("sa soeur Nadège", "son fils Kevin"); "mari"
       # and "femme" stay out ("Mari" is a given name, "femme" a word Dutch text borrows)
       "soeur", "sœur", "frère", "frere", "fils", "fille", "épouse", "epouse", "oncle", "cousin",
       "cousine", "neveu", "nièce", "niece", "grand-mère", "grand-père", "petit-fils", "petite-fille",
       "belle-mère", "beau-père", "beau-frère", "belle-soeur", "belle-sœur")
POSSESSIVE_KIN = ("zuster",)
POSSESSIVES = ("zijn", "haar", "hun", "z'n", "d'r", "diens")

# Capitalised words that start a sentence or a phrase but are no names.
FUNCTION_WORDS = frozenset("""
aan achter al als alleen bij binnen boven dan dankzij daar daarna dat de deze die dit door
dus een eerst en ergens gisteren hier hij hoe ik in ja je jij later maar met misschien morgen
na naar naast nee niet nog nu of om omdat onder ondanks ook op over pas samen sinds soms
tegen terwijl thuis tijdens toch toen tot tussen u uit vaak van vandaag vanuit via volgens
voor vroeger waar wanneer want wat we wel wie wij zelfs ze zij zo zoals zonder
""".split())

# Role words before a member's first name ("Collega Lien vroeg", "Casus Jasper:",
# "Inbreng Sien:"): they are not part of the name, so the member's name stays.
ROLE_WORDS = frozenset("""
collega collegas casus inbreng moderator moderatoren voorzitter notulist notulen verslag
verslaggever aanwezig aanwezigen afwezig verontschuldigd spreker sprekers trainer trainers
begeleider begeleiding coordinator coach stagiair stagiaire vrijwilliger vrijwilligster
teamleider teamcoach intervisie vraag vragen reactie tip tips feedback actie acties
afspraak afspraken nabespreking terugkoppeling overdracht dienst nachtdienst dagdienst
vroege late nacht opvolging notulist notulen aan cc onderwerp
mentor mentoren woonbegeleider casushouder casusregisseur verwijzer permanentie chauffeur tolk
buddy buddies contactpersoon tijdschrijver tijdbewaker caseload caseloads
dag hoi hallo hey hi beste goedemorgen goedemiddag goedenavond goeiemorgen goeiemiddag
goeienavond geachte reflectie observatie notitie notities dagboek logboek memo dank bedankt merci groetjes groeten liefs allen iedereen team
nota tel telefoon telefonisch
grt grts grtz grtjs gr mvg vg
""".split())

# Round twenty-three: greetings and thanks that open a message in the languages of these notes
# ("Goeie Sjoukje,", "Dear Griet,", "Merhaba Ayşe", "Salamat ate"): deduce took the greeting and the
# reader's given name for a two-word name. None is a given name or surname in any list; the
# greetings that are ("Lieve", "Selam", "Salam", "Goede", "Hé") are `NAME_LIKE_GREETINGS`, a
# greeting only at a message's start before a member's given name.
GREETINGS = frozenset("""
goeie goeiedag goedendag goeiendag goeienacht goedenacht dear hello heey hola ciao bonjour bonsoir salut
coucou merhaba marhaba salaam thanks thank danku dankuwel dankjewel gracias grazie obrigado
obrigada danke shukran salamat teşekkürler tesekkurler sağol sagol saol
""".split())
NAME_LIKE_GREETINGS = frozenset("lieve selam salam goede hé hee".split())

# Professional titles: the name after them is a professional's ("Zuster Maria gaf de
# medicatie", "huisarts Peeters"), which the lexicon rules leave alone.
TITLES = frozenset("""
zuster zr dokter dr huisarts arts verpleegkundige thuisverpleegkundige verpleger zorgkundige
kine kinesist ergo ergotherapeut logo logopedist psycholoog psychiater pastoor dominee imam
juf meester agent wijkagent postbode apotheker tandarts specialist geriater diëtist
fysio fysiotherapeut kinesitherapeut triagist triagiste poh poh-ggz praktijkondersteuner
ib'er ibber orthopedagoog pedagoog verloskundige vroedvrouw podoloog
""".split())

# Words that look like names but are calendar, language or nationality words, and the
# abbreviations notes and chats are full of ("mvg,", "btw", "ovv Dries", "pls").
NOT_NAMES = frozenset("""
januari februari maart april mei juni juli augustus september oktober november december
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag kerstmis kerst pasen pinksteren
hemelvaart allerheiligen allerzielen nieuwjaar oudejaar sinterklaas ramadan suikerfeest
offerfeest divali diwali holi chanoeka keti koti newroz nowruz eid hanoeka nederlands vlaams frans engels duits spaans italiaans
portugees pools turks arabisch berbers tamazight koerdisch russisch roemeens bulgaars
lingala swahili somalisch tigrinya farsi dari pasjtoe urdu hindi sranan papiamento chinees
limburgs brabants west-vlaams nederlander belg marokkaan turk pool congolees surinamer
roma sinti koerd koerden berber afghaan syriër eritreeër iraniër irakees somaliër
darija wolof twi amhaars pashto kurmanji sorani kikongo bambara fula hausa yoruba igbo tagalog
vietnamees oekraïens oekraiens slowaaks tsjechisch hongaars grieks albanees servisch kroatisch
bosnisch macedonisch armeens georgisch tsjetsjeens perzisch tamil bengaals punjabi
mvg vg mvgr gr grtz grts grz thx tnx pls plz btw fyi asap ivm mbt tav ovv nvt evt zsm idd iig ipv
oid mss ff nb ps ok oke okee np lol omg wrs wss sws bv bijv dwz enz etc ca
aanw afw verontsch varia rondvraag agendapunt vz vzw vd vdb opmerking opmerkingen
ma di wo do vr za zo wvttk todo tbd max min mz overl ovl opm afk zaaknr dossiernr
""".split())

# Capitalised place prefixes inside hyphenated place names (Sint-Jans-Molenbeek).
PLACE_PREFIXES = frozenset("sint sinte saint sainte st ste oud nieuw groot klein oost west noord zuid".split())
# Words that make a capitalised stretch a street or an organisation, not a person.
# Endings that are also common surnames (-dijk, -hof, -huis, -wijk) are left out.
STREET = regex.compile(r"\p{L}+(?:straat|laan|plein|weg|dreef|kade|kaai|gracht|singel|steenweg|lei|markt|"
                       r"baan|steeg|park|plantsoen|pad|boulevard|square)$", regex.IGNORECASE)
ORGANISATION = regex.compile(r"\p{L}*(?:regio|centrum|centra|praktijk|fonds|team|dienst|diensten|"
                             r"netwerk|school|raad|vereniging|stichting|kliniek|ziekenhuis|apotheek|"
                             r"instelling|organisatie|project|loket|overleg|kamer|zorg|werk|groep|"
                             r"club|welzijn|lyceum|college|atheneum|gymnasium|academie|instituut|"
                             r"revalidatie|hospice)$", regex.IGNORECASE)
# Round sixteen: the heads of venues that are named after a person and write the head as a word of
# its own ("Abe Lenstra Stadion", "Anne Frank Huis", "Vincent van Gogh Museum"): the whole name was
# replaced as a person's ("A. F. H."), as the probe of round fourteen found. "Huis" is also a
# surname ("Ria Huis"), so it counts only as the last of three or more capitalised words
# (`_named_venue`); the others are in no surname list.
INSTITUTION_HEADS = frozenset("stadion museum theater theatre schouwburg bibliotheek monument zwembad "
                              "sporthal concertgebouw paviljoen".split())
# A capitalised word right after a name that makes it a place of worship or a venue's name
# ("Fatih Moskee", "Mevlana Moskee"); only right after it: "gulsen van Moskee Mevlana" is
# someone who goes there.
FOLLOWING_HEADS = frozenset("moskee synagoge tempel kathedraal basiliek kerk kapel pagode gurdwara "
                            # English heads of venues and organisations ("Family Justice Center", "Free
                            # Clinic", "Thor Park", "Christ Apostolic Church")
                            "center centre clinic church hospital park plaza hotel arena mall "
                            # and of companies named after people ("Tata Steel", "Damen Shipyards")
                            "steel shipyards shipyard pharma pharmaceutica pharmaceuticals logistics foods "
                            "airlines motors holding group industries chemicals "
                            # round twelve: the tails of firms and event companies ("Safe-Guard Events",
                            # "Hoekstra Advocaten", "Claes & Zonen")
                            "events advocaten notarissen architecten makelaars accountants partners "
                            "zonen zn solutions consulting".split()) | INSTITUTION_HEADS  # round sixteen
ACRONYM = regex.compile(r"\p{Lu}{2,6}$")
# Words before a capitalised stretch that make it a place, project or organisation:
# "Stad Herentals", "Zorgzame Buurt Sivari Leuven", "Warme Wijk Kessel-Lo".
ORGANISATION_LEADS = frozenset("""
stad gemeente buurt wijk zorgzame warme project dorp erve provincie regio wijkcentrum
dienstencentrum woonzorgcentrum ziekenhuis huis hof residentie campus station halte
bureau firma bedrijf vzw bv nv cv lokaal zaal buurthuis wijkhuis ontmoetingshuis
wijkpunt buurtpunt moskee kerk kapel tempel synagoge kapsalon bakker bakkerij slager
slagerij beenhouwer winkel kringwinkel supermarkt café restaurant frituur apotheek
school basisschool kinderdagverblijf creche park plein markt station metrostation
halte afdeling afd vleugel blok residentie serviceflat
chez atelier maison voedselbank kringloop kringloopwinkel bibliotheek dagverzorging
dagcentrum wzc wgc ocmw cpas caw cgg az uz zaak garage apotheek tandartspraktijk
villa huize home rusthuis rustoord resto brasserie bistro taverne herberg eetcafé hotel pension
jeugdhuis jeugdhonk inloophuis clubhuis gemeenschapscentrum cultuurcentrum ontmoetingscentrum
sporthal zwembad speelplein speeltuin domein kasteel hoeve zorgboerderij boerderij klooster abdij
parochie parochiezaal feestzaal theater cinema museum kliniek hospitaal praktijk groepspraktijk
huisartsenpraktijk wijkgezondheidscentrum revalidatiecentrum buurtcentrum buurtkamer buurtrestaurant
buurtwinkel wijkteam buurtteam kinderopvang nachtopvang dagopvang heilig heilige
sint sinte fitness sportschool sportclub voetbalclub vastgoed immo bouwbedrijf transport taxi
schoonmaak poetsdienst interim uitzendbureau drukkerij brouwerij beenhouwerij traiteur snackbar
pizzeria nachtwinkel avondwinkel optiek spoed spoedafdeling spoedeisende
dagbesteding peuteropvang peuterspeelzaal kraamzorg kantoor advocatenkantoor notariskantoor
wijkverpleging thuisverpleging
st st. ste ste. saint sainte rue avenue boulevard chaussee quai hopital clinique pharmacie boulangerie
boucherie epicerie librairie
gevangenis jeugdgevangenis brandweer politie politiezone rechtbank parket universiteit luchthaven kazerne
mutualiteit ambassade consulaat gemeentehuis stadhuis azc
slijterij wijnhandel drankenhandel kapper kapperszaak barbier camping kampeerterrein vakantiepark
bungalowpark recreatiepark tent
poli polikliniek verpleeghuis verzorgingshuis gezinshuis woongroep leefgroep kinderboerderij sportpark
scouting chiro cafetaria kantine ijssalon drogisterij podium
kebab kebabzaak shoarmazaak grillroom toko verhuizingen verhuisbedrijf zorgvervoer textiel place allee impasse
""".split())
# A French article opens an organisation's name in Brussels ("Le Logement Molenbeekois",
# "La Poste", "Les Petits Riens"), when the word after it is a French word.
FRENCH_ARTICLES = frozenset("le la les l'".split())
# After one of these and "De"/"Het" with a capital, a Dutch word is a place or a venue
# ("op De Schakel", "in De Kroon", "naar Het Anker"): a surname is not where one goes.
PLACE_PREPOSITIONS = frozenset("in op naar uit vanuit richting tot".split())
LOCATIVE = frozenset("in te uit vanuit vanaf richting nabij".split())  # round twelve: "vanaf"
WORD = regex.compile(r"[\p{L}'’]+(?:-[\p{L}'’]+)*")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key: case, accents and spacing do not make another name; nor do the letters
    that no accent makes and a Dutch keyboard lacks ("Yıldız" = "yildiz", "Michał" = "michal")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d"})


# Compared folded, like every other list here: "Café De Zwaan" opens with "cafe".
ORGANISATION_LEADS = frozenset(fold(w) for w in ORGANISATION_LEADS)


def is_particle(word: str) -> bool:
    return fold(word) in _SINGLE_PARTICLES


_SINGLE_PARTICLES = frozenset(w for p in PARTICLES for w in p.split())


_NATIONALITY = regex.compile(r"(?:isch|ische|iaans|iaanse|aans|aanse|ees|eese|kse|aose|aase)$")


@functools.lru_cache(maxsize=65536)
def nationality_word(word: str) -> bool:
    """"Syrische", "molukse", "Curaçaose", "rwandees": where someone comes from, by the
    endings of Dutch adjectives and nouns of origin, unless a list knows it as a name."""
    from ingest import _lexicon as lx

    key = fold(word)
    return (len(key) > 5 and bool(_NATIONALITY.search(key)) and not lx.first_name_frequency(word)
            and not lx.is_surname(word) and not key.startswith(("van", "ver", "de")))  # "Vanhees", "Verhees"


# An abbreviation a note explains ("afk: hb = huisbezoek, uitk = uitkering", "wwc =
# woonwagencentrum"): a short lower-case word, "=", then a lower-case word.
_DEFINED = regex.compile(r"(?<![\p{L}\p{N}_])(?P<key>\p{Ll}{2,6})[ \t]*=[ \t]*(?P<long>\p{Ll}[\p{L}-]+)")


def explained_abbreviations(text: str) -> frozenset[str]:
    """The abbreviations a note explains by a Dutch word ("uitk = uitkering"): no names,
    wherever they stand in the note ("voor uitk Jeffrey")."""
    from ingest import _lexicon as lx

    return frozenset(fold(m.group("key")) for m in _DEFINED.finditer(text)
                     if lx.is_dutch_word(m.group("long")) or lx.is_compound(m.group("long")) or lx.looks_dutch(m.group("long")))


def is_not_name(word: str) -> bool:
    """Calendar, language and function words that a capital makes look like names, also
    joined by a hyphen ("ma-wo", "do-vr": a roster's days)."""
    key = fold(word)
    if "-" in key.strip("-"):
        return all(part in NOT_NAMES or part in FUNCTION_WORDS for part in key.split("-") if part)
    return (key in NOT_NAMES or key in FUNCTION_WORDS or key in ROLE_WORDS or key in TITLES or key in GREETINGS
            or nationality_word(word))


def name_groups(name: str) -> list[str]:
    """Split a name into its given names and one surname with its particles:
    "Joke van der Meer" -> ["Joke", "van der Meer"]; "Van Damme" -> ["Van Damme"]."""
    words = name.split()
    for i, word in enumerate(words):
        if (is_particle(word) or _ends_in_a_particle(word)) and i < len(words) - 1:
            return words[:i] + [" ".join(words[i:])]
    return words


def _ends_in_a_particle(word: str) -> bool:
    """"Laenen-De" in "Koen Laenen-De Bie", "Peeters-van" in "An Peeters-van den Broeck": a
    double surname whose second surname opens with a particle starts there (privacy probe 11:
    read as a given name, it left the member's surname "Laenen-De Bie" unprotected)."""
    head, dash, tail = word.rpartition("-")
    return bool(dash and head and tail) and is_particle(tail)


def initials(name: str) -> str:
    """"Els Vermeulen" -> "E. V.", "Jean-Pierre" -> "J.-P.", "Van der Meer" -> "V."."""
    return " ".join(_initial(group) for group in name_groups(name))


def _initial(group: str) -> str:
    if "-" in group and " " not in group:
        return "-".join(_initial(part) for part in group.split("-") if part)
    letters = group.lstrip("'’")
    head = "IJ" if letters[:2].upper() == "IJ" else letters[:1].upper()
    return f"{head}."


@dataclass(frozen=True)
class Members:
    """The community's members and the document's authors: their names stay.

    `full` holds whole names; `parts` the first names and surnames, which protect a
    bare "Griet" or "Van Hecke" but not a longer name that merely shares a part.
    """

    full: frozenset[str]
    parts: frozenset[str]
    names: tuple[str, ...]
    given: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str]) -> Members:
        cleaned = tuple(n for n in (regex.sub(r"\(.*?\)", "", str(x)).strip() for x in names) if n)
        full: set[str] = set()
        parts: set[str] = set()
        given: set[str] = set()
        variants: list[str] = []
        for name in cleaned:
            groups = name_groups(name)
            given.update(fold(g) for g in groups[:-1])
            full.add(fold(name))
            parts.update(fold(g) for g in groups)
            parts.update(fold(w) for g in groups[-1:] for w in g.split() if not is_particle(w))
            # "Anne Sophie" for Anne-Sophie; "De Graaf Sanne", "Vermeulen Dirk": the surname
            # first, as Flemish attendance lists write it
            spaced = [g.replace("-", " ") for g in groups[:-1] if "-" in g]
            parts.update(fold(g) for g in spaced)
            if len(groups) > 1:
                variants.append(" ".join([groups[-1], *groups[:-1]]))
        full.update(fold(v) for v in variants)
        surnames = {fold(g) for name in cleaned for g in name_groups(name)[-1:]}
        return cls(frozenset(full), frozenset(parts), cleaned + tuple(variants), frozenset(given - surnames))

    def protects(self, name: str, addressed: bool) -> bool:
        """A member's full name always stays; a bare first or last name stays unless a
        form of address says it is someone else ("mevrouw Peeters" beside member Marc Peeters);
        so does a member's given name as a pet form or a possessive ("Dirkje", "Sannetje",
        "Sanne's")."""
        key = fold(name)
        if key in self.full or (not addressed and key in self.parts) or self._joined_surname(key):
            return True
        if addressed and "-" in key and key in self.parts:
            return True  # round eleven: "mevrouw Verbeke-Claes" beside member Ingrid Verbeke-Claes
        if addressed and key in self.given:
            return True  # "meneer Ruben", "juffrouw Lien": a member addressed by first name
        if addressed:
            return False
        if " " in key:
            return self._initialled(key)
        if key.endswith(("'s", "’s")):
            return key[:-2] in self.parts
        if key.endswith("s") and key[:-1] in self.parts and _possessive_only(key):
            return True  # "Gert-Jans auto", "Sjoukjes idee": no surname or given name of its own
        return any(key.endswith(suffix) and key[:-len(suffix)] in self.parts for suffix in _PET_ENDINGS) and not _own_name(key)


    def _joined_surname(self, key: str) -> bool:
        """Round eleven: a member's full name with a second surname joined by a hyphen ("Lien
        Baeten-Wouters", "Ingrid Claes-Verbeke" for member Lien Baeten, Ingrid Verbeke), as a
        married name is written, or with the two parts of a double surname swapped ("Ingrid
        Claes-Verbeke" for Ingrid Verbeke-Claes); a bare "Baeten-Wouters" is not protected by one
        member's surname (round ten)."""
        head, _, last = key.rpartition(" ")
        parts = last.split("-")
        return bool(head) and "-" in last and (any(f"{head} {part}" in self.full for part in parts)
                                               or f"{head} {'-'.join(reversed(parts))}" in self.full)

    def _initialled(self, key: str) -> bool:
        """A member's given name with the initial of that member's surname ("lien b." for
        Lien Baeten, in a roster); "lien v." is someone else."""
        first, _, initial = key.rstrip(".").rpartition(" ")
        if len(initial) != 1 or not first:
            return False
        return any(fold(groups[0]) == first and fold(groups[-1]).lstrip("'’")[:1] == initial
                   for groups in (name_groups(n) for n in self.names) if len(groups) > 1)


def _possessive_only(key: str) -> bool:
    """A member's name + "s" that no list knows as a surname or given name ("Gert-Jans",
    "Sjoukjes"): a possessive. "Wouters", "Jans", "Peters" are surnames and stay replaceable."""
    from ingest import _lexicon as lx

    given = "-" not in key and lx.first_name_frequency(key)  # a double name counts as its parts there
    return not lx.is_surname(key) and not given and not lx.is_dutch_word(key)


def _own_name(key: str) -> bool:
    """A pet form that is a common given name of its own ("Anke", "Mieke", "Joke") names
    someone else than member An, Mie or Jo."""
    from ingest import _lexicon as lx

    return lx.first_name_frequency(key) >= 3


# Dutch and Flemish pet forms and the possessive with an apostrophe: "Dirkje", "Sannetje",
# "Jefke", "Sanne's". A bare "-s" is left out: beside member Wouter, "Wouters" is a surname.
_PET_ENDINGS = ("etje", "tje", "pje", "je", "ske", "ke")


def is_name(word: str) -> bool:
    """A capitalised word that can be a name: no cue ("Mevrouw") or calendar word."""
    key = fold(word)
    return bool(regex.fullmatch(NAME_WORD, word)) and not (
        is_not_name(word) or key in CUE_WORDS or key + "." in CUE_WORDS)


CUE_WORDS = frozenset(fold(w) for cues in (ADDRESS, WEAK_ADDRESS, KIN) for c in cues for w in c.split())


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to its name words: no leading cue ("collega", "Via") and no trailing
    calendar or language word; a particle may start a surname ("De Wit", "de Jong")."""
    words = list(WORD.finditer(text, start, end))
    while words and not _starts_name([w.group() for w in words]):
        words.pop(0)
    while words and not is_name(words[-1].group()):
        words.pop()
    return (words[0].start(), words[-1].end()) if words else (start, start)


def _starts_name(words: list[str]) -> bool:
    if is_particle(words[0]):
        return len(words) > 1 and _starts_name(words[1:])
    return opens_name(words[0]) and not (len(words) > 1 and role_word(words[0]))


# Endings of the words for a role in a meeting or a job ("Gespreksleider Hanne",
# "Trajectbegeleider Ilse", "Supervisor Lode", "Casusinbrenger Tom"): before a name they
# say who is speaking and are never part of the name (ROLE_WORDS lists the short ones).
ROLE_ENDING = regex.compile(r"(?:leider|leidster|begeleider|begeleidster|inbrenger|inbrengster|werker|werkster|"
                            r"coach|co[öo]rdinator|facilitator|supervisor|moderator|consulent|consulente|"
                            r"deskundige|medewerker|medewerkster|verantwoordelijke|therapeut|assistent|"
                            r"vrijwilliger|vrijwilligster|stagiair|stagiaire|mentor|trainer|docent|spreker|"
                            r"notulist|voorzitter|kundige|verlener|verleenster|agent|arts|directeur|directrice)$")


_CLIENT_ROLE_FORMS = frozenset(fold(w) for w in CLIENT_ROLES)


@functools.lru_cache(maxsize=65536)
def client_role(word: str) -> bool:
    """Round eleven: a word for the person a note is about: a role of `CLIENT_ROLES` or its
    feminine form, or a compound of a Dutch word and one ("Nachtgast", "Medebewoner",
    "Oud-leerling", "Dagdeelnemer"); not a word that is a listed surname or given name."""
    from ingest import _lexicon as lx

    key = fold(word)
    if key in _CLIENT_ROLE_FORMS:
        return True
    for role in _CLIENT_ROLE_FORMS:
        if key.endswith(role) and len(key) - len(role) >= 3:
            head = key[:-len(role)].rstrip("-")
            if len(head) >= 3 and (lx.is_dutch_word(head) or lx.is_compound(head)) and not (
                    lx.is_known_name(word)):
                return True
    return False


@functools.lru_cache(maxsize=65536)
def role_word(word: str) -> bool:
    """A capitalised role or job word before a name, never the name's first word
    ("Casusinbrenger Tom"); a surname with such an ending ("Koster", "Smeets") is not one."""
    from ingest import _lexicon as lx

    key = fold(word)
    return bool(ROLE_ENDING.search(key)) and not lx.is_surname(word) and key not in CUE_WORDS


def opens_name(word: str) -> bool:
    """A name may open with a particle, never with a word like "Stad" or "Bureau" (but
    "Bakker" and "Hof" are surnames too)."""
    from ingest import _lexicon as lx

    return is_name(word) and (fold(word) not in ORGANISATION_LEADS or lx.is_surname(word))


def employer_word(word: str) -> bool:
    """After a full name and "van", a word that says where the person works rather than
    continuing the surname: an organisation, a word that opens one ("Atelier"), or a
    Dutch word that is no surname ("Sociale" in "van de Sociale Dienst"; "de Wit" stays)."""
    from ingest import _lexicon as lx

    word = word.strip(".,;:()'’")
    return bool(word) and (fold(word) in ORGANISATION_LEADS or lx.is_organisation(word) or (
        lx.is_dutch_word(word) and not lx.is_surname(word)))


def organisation_word(word: str) -> bool:
    """After a given name alone and "van", a word that opens an organisation's name
    ("Sophie van Infirmiers de Rue"), never a listed surname ("Jan van Dam")."""
    from ingest import _lexicon as lx

    word = word.strip(".,;:()'’")
    return bool(word) and not lx.is_surname(word) and (
        fold(word) in ORGANISATION_LEADS or lx.is_organisation(word) or french_word(word))


def plausible(text: str, start: int, end: int, places: Iterable[tuple[int, int]] = (),
              gazetteer: bool = True, person: bool = False) -> bool:
    """Not part of a place, street, organisation or hyphenated compound ("AZ Jan Palfijn",
    "Antoon Catriestraat", "Sint-Jans-Molenbeek", "woont in Brugge", "Helix Herentals").
    `gazetteer` off for a name already found as a person ("Meneer De Boer", then "De Boer");
    `person` for a name known to be a person's (a listed client, a found name's repeat):
    then "in", "uit", "te" before it make it a place only if it is a known one ("staat in
    Yilmaz", "in Yilmaz' kamer"; "in Brugge" stays a place), and neither a word that opens a
    venue's name nor "het" makes it one unless it is a known place ("Taxi Aerts om 9.30 ...
    Sem Aerts mag voorin"; "gevangenis Leuven" beside "mevr. Leuven" stays)."""
    from ingest import _lexicon as lx

    words = text[start:end].split()
    before, after = text[max(0, start - 40):start].split(), text[end:end + 40].split()
    # "uit Sofia", "in Zonnewende": "in", "uit" and "te" are particles too, so look before stripping those
    locative = len(words) == 1 and bool(before) and before[-1].casefold() in LOCATIVE and not (
        person and not lx.is_place(words[0].strip("'’")))
    # round twelve: after a lower-case "in", "uit", "te", "vanuit", "vanaf", "nabij" a run of
    # capitalised words without a common given name is a hospital, venue or country too ("afspraak
    # in Treant Scheper", "uit Sierra Leone"); not "geloof in Yasmina Azzouzi", nor before a
    # possessive ("in Jan Peeters zijn kamer", "in Marie Claes' bed")
    locative = locative or (len(words) > 1 and not person and bool(before) and before[-1] in LOCATIVE
                            and all(w[:1].isupper() and not is_particle(w) and lx.first_name_frequency(w) < 3
                                    for w in words)
                            and not _POSSESSIVE_AFTER.match(text, end))
    found_person = person and not lx.is_place(" ".join(words))   # "gevangenis Leuven" beside "mevr. Leuven"
    while before and is_particle(before[-1]) and len(before) > 1:  # "lokaal De Rinck"
        if fold(before[-1]) == "van" and (_given_name(words[0]) or words[0][:1].islower()):
            before = []  # "de badkamer van simonne", "de flat van rinse": of someone, not an organisation's name
            break
        before = before[:-1]
    # "van Careyn. Bilal wil": a new sentence; "St. Antonius" is none
    if before and before[-1][-1] in ".,;:!?)" and fold(before[-1]) not in ORGANISATION_LEADS:
        before = []
    # "Rechtbank Kevin Janssens: zitting op 12/1", "Bakkerij Karin de Vries belde over haar moeder":
    # a public body never opens with a person's full name, and a person's cue after says person
    if before and len(words) > 1 and words[0][:1].isupper() and lx.first_name_frequency(words[0]) and (
            fold(before[-1].lstrip("([{\"'“‘")) in PUBLIC_BODIES or person_after(text, end)):
        before = []
    of_a_street = _from_a_street(text, end, words)  # "Hasan van de Hoogstraat": where he lives
    return not (
        (start and text[start - 1] == "-") or text[end:end + 1] == "-"
        or any(_street_or_organisation(w) for w in words + (_next_word(after) if text[end:end + 1] in " \t"
                                                            and not of_a_street else []))
        or _venue(text[max(0, start - 40):start].split(), words) or _french_organisation(words)
        or _opens_with_lead(words + [w.strip(".,;:!?()") for w in after[:1] if w[:1].isupper()])
        or _room(text[max(0, start - 40):start].split(), words)
        or _numbered_heading(text, start, end) or _article_venue(text, start, words)
        or (not person and _venue_after_in_de(text, start, end, words))
        or any(w[:1].isupper() and fold(w.strip(".,;:!?()")) in FOLLOWING_HEADS for w in words[1:] + after[:1])
        or _named_venue(text[max(0, start - 40):start].split(), words, after)
        or _organisation_context(text[max(0, start - 40):start].split(), words)
        or (gazetteer and (_inside_known(text, start, end) or _ter_venue(words) or _article_place(text, start, words)))
        or any(w.split("-")[0].casefold() in PLACE_PREFIXES or _compass_district(w)
               or _place_and_part(w, _town_article(text[max(0, start - 40):start].split() + words[:i]))
               for i, w in enumerate(words) if "-" in w and not _double_surname(w))
        or (_organisation_tail(_same_line(text, end)) and not of_a_street)
        or (before and ((ACRONYM.match(before[-1].lstrip("([{\"'“‘")) and before[-1].lstrip("([{\"'“‘") not in MEASURES)
                        or (fold(before[-1].lstrip("([{\"'“‘")) in ORGANISATION_LEADS
                            and not _owned(before[-1], words[0]) and not found_person)
                        or ORGANISATION.match(before[-1]) or _organisation(before[-1])
                        or business_compound(before[-1].strip(".,;:()")) or _lower_business(before[-1])))
        or (after and ACRONYM.match(after[0].strip(".,;:")) and after[0].strip(".,;:") not in _ROMAN
            and not _shouted(after[0].strip(".,;:")))
        or (gazetteer and _names_a_place(words) and not _article_surname(text, start, words))
        or locative or _before_a_region(text, start, end) or _after_a_lead_and_given_name(text, start, end)
        or (_after_het(text, start, words) and not found_person) or _firm(text, start, end) or _brothers_firm(text, start)
        or _named_after_someone(text, start, end, words) or _acronym_before_a_place(text, end, words)
        or (_trade_before(text, start, end, words) and not found_person)
        or (_inside_places(text, start, end, places) and not _article_surname(text, start, words)))


_PLACE_AFTER = regex.compile(r"[ \t]+(?P<place>\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?)")


def _acronym_before_a_place(text: str, end: int, words: list[str]) -> bool:
    """Round fourteen: "werkt bij TU Delft", "opname in UZ Leuven", "HU Utrecht": two to four capitals
    before a known place or a district are an organisation's branch, not a given name in capitals
    ("Tu", "Hu" are rare given names somewhere); a common one stays a name ("ANNA GENT")."""
    from ingest import _lexicon as lx

    if len(words) != 1 or not regex.fullmatch(r"\p{Lu}{2,4}", words[0]) or lx.first_name_frequency(words[0]) >= 5:
        return False  # "ANNA GENT", "JAN LEUVEN": a common given name in capitals and where she lives
    after = _PLACE_AFTER.match(text, end)
    if not after:
        return False
    first = after.group("place").split()[0]
    return lx.is_place(after.group("place")) or lx.is_place(first) or fold(first) in _DISTRICTS


def _double_surname(word: str) -> bool:
    """Round fourteen: "de groot-hendriks", "Klein-Peeters": a hyphenated word that opens with a place
    prefix ("groot", "klein", "oud" open "Groot-Bijgaarden") whose parts are all listed surnames, none
    after the first a place or district ("Hasselt-Oost", "Bosch-Rosmalen"), is a double surname."""
    from ingest import _lexicon as lx

    parts = [p for p in word.strip(".,;:!?()").split("-") if p]
    return (len(parts) > 1 and fold(parts[0]) in PLACE_PREFIXES and all(lx.is_surname(p) for p in parts)
            and not any(lx.is_place(p) or fold(p) in _DISTRICTS for p in parts[1:])
            and not lx.is_place(word.strip(".,;:!?()")))


_CAPITALISED_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<word>\p{Lu}\p{Ll}{3,})[ \t]+\Z")


def _trade_before(text: str, start: int, end: int, words: list[str]) -> bool:
    """Round thirteen: "solliciteren bij Bloemen Els", "was bij Wasserette Kim", "Fietsenmaker Kees
    belde": Dutch writes a noun with a capital in mid-sentence only as part of a name, so a
    capitalised Dutch word (or compound) right before a given name, on the same line and not
    opening a sentence, names a shop or venue by its trade or wares (the word may open the span
    itself, as deduce finds "Bloemen Els"). Not a surname ("Bakker Bart" may be a client listed
    surname first), a given name, a place, a form of address, kinship, role, job or label word
    ("Zuster Hilde", "Oma Jans", "Casus Kees")."""
    if person_after(text, end) or regex.match(r"[ \t]+\p{Lu}", text[end:end + 2]):
        return False  # "Bakkerij Karin de Vos belde over haar moeder", "Rechtbank Wouter Lambrechts"
    if len(words) == 2 and _given_name(words[1]) and _trade_word(words[0]):
        return not sentence_start(text, start)
    if _wares_shop(text, start, words):
        return True
    if len(words) != 1 or not _given_name(words[0]):
        return False
    match = _CAPITALISED_BEFORE.search(text, max(0, start - 40), start)
    return bool(match) and _trade_word(match.group("word")) and not sentence_start(text, match.start("word"))


@functools.lru_cache(maxsize=65536)
def _trade_word(word: str) -> bool:
    from ingest import _lexicon as lx

    key = fold(word)
    if (len(word) < 4 or not word[:1].isupper() or not word[1:].islower() or lx.is_surname(word) or key in PUBLIC_BODIES
            or lx.first_name_frequency(word) or lx.is_place(word) or key in CUE_WORDS or role_word(word)
            or key in PERSON_LABELS or key in TITLES or key in ROLE_WORDS or is_not_name(word)):
        return False
    if key.endswith(_ABOUT_SOMEONE):  # "na Overleg Kees", "zie Huisbezoek Kees": a meeting or a record about someone
        return False
    if key.endswith(_A_PERSON) or key in _PERSON_NOUNS:  # "met Vluchteling Ahmed", "Gezinslid Fenna": who, not a shop
        return False
    return lx.is_noun(word.lower()) or lx.is_compound(word) or lx.looks_dutch(word)


# Round fourteen: "lampje van Fietsen Verhaegen", "bij Bloemen Els", "naar Tegels Jansen": a shop
# named by its wares (a capitalised plural of a Dutch noun) and its owner's given name or surname,
# right after a preposition in mid-sentence. A client written surname first ("Bloemen Els") stands
# at a line's head or in a list, not after "bij" or "van".
_WARES_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?:bij|van|naar|via|voor|aan|tegenover|achter|naast)[ \t]+"
                              r"(?P<word>\p{Lu}\p{Ll}{3,})[ \t]+\Z")
_WARES_OPENING = regex.compile(r"(?<![\p{L}'’-])(?:bij|van|naar|via|voor|aan|tegenover|achter|naast)[ \t]+\Z")


def _wares_shop(text: str, start: int, words: list[str]) -> bool:
    from ingest import _lexicon as lx

    if len(words) == 2 and _WARES_OPENING.search(text, max(0, start - 20), start):
        wares, name = words
    elif 1 <= len(words) <= 3 and (before := _WARES_BEFORE.search(text, max(0, start - 40), start)):
        wares, name = before.group("word"), words[-1]  # "bij Fietsen Van Rooy": a surname with its particle
    else:
        return False
    name = name.strip(".,;:!?()")
    return _wares_word(wares) and (lx.is_known_name(name, 3) or lx.is_surname(name))


WARES_ZIPF = 4.0  # a surname that is a plural ("Bloemen": "bloem" 4.2) names wares only for a common thing
_PEOPLE = frozenset("""ouder ouders dame dames heer heren gast gasten klant klanten mens mensen zoon zonen dochter
vriend vrienden vriendin buur buren lid leden familie families gezin gezinnen""".split())


@functools.lru_cache(maxsize=65536)
def _wares_word(word: str) -> bool:
    """A capitalised plural of a Dutch noun for things ("Fietsen", "Bloemen", "Tegels", "Keukens"):
    no person, cue, role, job or label word ("Bewoners", "Broers", "Kinderen")."""
    from ingest import _lexicon as lx

    key = fold(word)
    if not word[:1].isupper() or not word[1:].islower() or len(key) < 5 or not key.endswith(("en", "s")):
        return False
    if not lx.is_dutch_word(word.lower()) and not lx.is_compound(word):
        return False
    if key in CUE_WORDS or role_word(word) or key in PERSON_LABELS or key in ROLE_WORDS or key in TITLES:
        return False
    for stem in (key[:-2], key[:-1], key[:-3]):
        if len(stem) >= 3 and lx.is_noun(stem):
            if lx.first_name_frequency(stem) >= 3 or lx.is_surname(word):
                return False  # "bij Jansen Piet", "van Peeters Jan": a surname first, no wares ("jan", "peet")
            return (stem not in CUE_WORDS and not role_word(stem) and stem not in _PERSON_NOUNS and stem not in TITLES
                    and stem not in _PEOPLE and key not in _PEOPLE
                    and not stem.endswith(_A_PERSON) and not stem.endswith(_ABOUT_SOMEONE))
    return False


# Late attack 10: a noun for a person, not a trade: "-ling" (vluchteling, nieuwkomeling),
# "-lid" (gezinslid, teamlid) and the words for a child or a newcomer by age or status.
_A_PERSON = ("ling", "lid")
_PERSON_NOUNS = frozenset("""kleuter peuter tiener puber baby kind kindje jongen jongetje meisje zoontje dochtertje
tweeling nieuwkomer statushouder asielzoeker minderjarige bewoonster volwassene""".split())
_ABOUT_SOMEONE = tuple("""overleg gesprek intake bezoek verslag rapport rapportage melding aanmelding afspraak evaluatie
notitie notities opvolging bespreking dossier plan planning doel doelen verjaardag begrafenis uitvaart""".split())


# Round twelve: a lower-case "het" or "'t" before a capitalised word names a venue, school or
# organisation ("opleiding bij het Delta", "in 't Kabouterke"); "van het Reve" is a surname's
# particle, and a common given name after "'t" is a girl in Flemish ("'t Mieke").
_HET_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<before>[\p{L}]+[ \t]+)?(?:het|'t|’t)[ \t]+\Z")


_HOSPITAL_PREPOSITIONS = frozenset("in bij naar uit vanuit op richting tot".split())


def _after_het(text: str, start: int, words: list[str]) -> bool:
    from ingest import _lexicon as lx

    het = _HET_BEFORE.search(text, max(0, start - 30), start)
    if not het or not words or not words[0][:1].isupper():
        return False
    word = words[0].strip(".,;:!?")
    given = lx.first_name_frequency(word)
    # A listed given name, however rare, is a girl in Flemish ("bij het Yentl", "het Kato"),
    # unless it is a surname too, as venues are named ("bij het Terra")
    if (len(words) == 1 and given >= 3 and not lx.is_female_name(word) and het.group("before")
            and fold(het.group("before").strip()) in _HOSPITAL_PREPOSITIONS):
        return True  # round fourteen: "ligt in het Antonius", "naar 't Franciscus": a hospital, no girl (not "dat het Moussa was")
    return (not (het.group("before") and fold(het.group("before").strip()) in ("van", "in", "op"))
            and (given == 0 or (given < 3 and lx.is_surname(word))))


# Round fourteen: institutions named after someone who is no client: a monarch or pope by a
# numeral after the name ("Willem II", "Koning Willem I College") or a title before it ("Prinses
# Amalia", "Paus Johannes"), a saint's full name ("Sint-Vincentius a Paulo", "Sint Franciscus van
# Assisi"), and a priest's schools and clubs ("Don Bosco").
_NUMERAL_AFTER = regex.compile(r"[ \t]+(?:II|III|IV|VI|VII|VIII|IX|XI|XII|I(?=[ \t]+\p{Lu}))(?![\p{L}\p{N}.])")
_ROYAL_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<title>Koning|Koningin|Prins|Prinses|Keizer|Keizerin|Paus|Kardinaal)"
                              r"[ \t]+\Z")
_SAINT_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?:Sint|Sinte|St\.?|Heilige|Don)[- \t]+\p{Lu}[\p{L}'’]+[ \t]+"
                              r"(?:a|à|van|de|di|da|of)[ \t]+\Z")


DON_ZIPF = 3.0  # "Don Bosco", "Don Orione": a priest Italian names ("bosco" 4.5), not "Don Kwabena" (0)


def _named_after_someone(text: str, start: int, end: int, words: list[str]) -> bool:
    from ingest import _lexicon as lx

    if not words or not words[0][:1].isupper():
        return False
    if _NUMERAL_AFTER.match(text, end) and lx.first_name_frequency(words[-1].strip(".,;:!?()")) >= 3:
        return True
    royal = _ROYAL_BEFORE.search(text, max(0, start - 20), start)
    if royal and lx.first_name_frequency(words[0]) >= 3 and not sentence_start(text, royal.start("title")):
        return True
    if _SAINT_BEFORE.search(text, max(0, start - 40), start):
        return True
    name = words[-1].strip(".,;:!?()")
    return (len(words) == 2 and words[0] == "Don" and not lx.is_surname(name) and lx.first_name_frequency(name) < 3
            and lx.zipf_in(name, "it") >= DON_ZIPF)


# Round twelve: "&" joins the names of a firm ("Kantoor Verbeke & Van Hove", "Hoekstra & Zonen",
# "Bloem & Blad"): after a word that opens an organisation, before a firm's tail, or between two
# capitalised Dutch words that no list knows as a given name or surname. Two persons are joined
# by "en", "&" too ("Jan & Els", "fam. Peeters & Janssens"), so surnames alone are no firm.
_AMPERSAND_LEFT = regex.compile(r"(?:[\p{L}'’.-]+[ \t]+){1,4}&[ \t]+\Z")
_AMPERSAND_AFTER = regex.compile(r"[ \t]+&[ \t]+(?P<right>\p{Lu}[\p{L}'’-]*(?:[ \t]+[\p{L}'’-]+){0,3})")
_AMPERSAND_BEFORE = regex.compile(r"(?P<left>\p{Lu}[\p{L}'’-]*)[ \t]+&[ \t]+\Z")


def _firm(text: str, start: int, end: int) -> bool:
    from ingest import _lexicon as lx

    def thing(word: str) -> bool:  # "Bloem", "Blad": a Dutch word, no given name or surname
        return (word[:1].isupper() and lx.is_dutch_word(word.lower()) and not lx.first_name_frequency(word)
                and not lx.is_surname(word))

    name = text[start:end].split()
    left = _AMPERSAND_LEFT.search(text, max(0, start - 60), start)
    after = _AMPERSAND_AFTER.match(text, end)
    before = _AMPERSAND_BEFORE.search(text, max(0, start - 40), start)
    if left and any(w[:1].isupper() and (fold(w) in ORGANISATION_LEADS or business_compound(w))
                    for w in (w.strip(".,;:()") for w in left.group().split()[-5:-1]) if w):
        return True  # "Kantoor Verbeke & Van Hove"
    tail = after.group("right").split() if after else []
    if any(fold(w.strip(".,;:")) in FOLLOWING_HEADS for w in tail):
        return True  # "Hoekstra & Zonen", "Smits & Van Dijk Advocaten"
    if after and lx.is_dutch_word(name[-1].lower()) and thing(name[-1]) and thing(tail[0].strip(".,;:")):
        return True  # "Bloem & Blad"
    return bool(before) and len(name) == 1 and thing(before.group("left")) and thing(name[0])


def after_organisation_lead(text: str, start: int) -> bool:
    """Round twelve: the word before `start` (past a capitalised article) opens a firm's or
    venue's name: "Taxi Verlinden", "huisartsenpraktijk De Linde", "Garage Peeters"."""
    before = text[max(0, start - 40):start].split()
    while len(before) > 1 and before[-1] in ("De", "Den", "Het", "'t"):
        before = before[:-1]
    if not before:
        return False
    word = before[-1].lstrip("([{\"'“‘")
    return (word[:1].isupper() and fold(word) in ORGANISATION_LEADS and fold(word) not in ("heilig", "heilige")) or (
        business_compound(word) or _lower_business(word) or bool(ORGANISATION.match(word)))


def _brothers_firm(text: str, start: int) -> bool:
    """"Schilderwerken Gebroeders Claes", "Gebr. Van Dam": a capitalised "Gebroeders" inside a
    sentence opens a firm's name ("de gebroeders Claes" are brothers)."""
    before = text[max(0, start - 30):start]
    return bool(regex.search(r"(?<=[\p{L},;:(][ \t]+)(?:Gebroeders|Gebr\.|Gebrs\.)[ \t]+(?:(?:Van|De|Den|Der|van|de)[ \t]+)*\Z", before))


# Leads of a venue that is as often someone's own: "tent Harlindis" is a venue, "in tent Noor"
# is where Noor sleeps. Lower-case, before a listed given name, they name the person.
_OWNED_LEADS = frozenset({"tent"})


def _owned(lead: str, word: str) -> bool:
    from ingest import _lexicon as lx

    return lead in _OWNED_LEADS and lx.first_name_frequency(word.strip(".,;:!?")) > 0


# Round twelve (probe 11): measures a court or agency takes about a person, written before the
# person's name ("OTS Noor Vermeulen", "UHP Sem de Jong"), unlike a school's or a service's
# acronym before its own name ("OBS Anne Frank", "AZ Jan Palfijn").
MEASURES = frozenset("OTS VOTS UHP PIJ TBS".split())


_POSSESSIVE_AFTER = regex.compile(r"(?:['’]s|['’])?[ \t]+(?:zijn|haar|z'n|d'r|hun|z’n|d’r)(?![\p{L}'’])|['’]s?(?![\p{L}])")


# Public bodies an organisation's name opens with a place ("gevangenis Hasselt", "Politiezone
# Gent", "Stad Genk"), never with a person's full name: "Rechtbank Kevin Janssens: zitting op
# 12/1" in a desk log is a topic and the client it is about.
PUBLIC_BODIES = frozenset("""
gevangenis jeugdgevangenis brandweer politie politiezone rechtbank parket luchthaven kazerne
mutualiteit ambassade consulaat gemeentehuis stadhuis azc stad gemeente provincie regio ocmw cpas
""".split())
# What only a person has, after the name in its sentence: "hij", "hem", or a possessive with a
# relative or a professional around a client ("belde over haar moeder", "haar bewindvoerder").
_PERSON_AROUND = ("bewindvoerder", "bewindvoerster", "huisarts", "begeleider", "begeleidster", "mentor",
                  "advocaat", "casemanager", "behandelaar", "psychiater", "psycholoog", "budgetbeheerder")
_PERSON_AFTER = regex.compile(
    r"(?<![\p{L}\p{N}_'’])(?i:hij|hem|(?:zijn|haar|z'n|d'r)[ \t]+(?:\p{Ll}+[ \t]+)?(?:"
    + "|".join(sorted({*KIN, *_PERSON_AROUND}, key=len, reverse=True)) + r"))(?![\p{L}\p{N}_-])")


# Round thirteen: "Hasan van de Hoogstraat", "de kleine Sep van de Kerkstraat", "Zakaria van de
# Marie Curiestraat": a given name, "van" and an article, then a street: the person who lives there.
_OF_A_STREET = regex.compile(r"[ \t]+(?:van|uit)[ \t]+(?:de|het|den|'t)[ \t]+(?P<street>(?:\p{Lu}[\p{L}'’-]*[ \t]+){0,2}"
                             r"\p{Lu}[\p{L}'’-]*)(?![\p{L}'’-])")


def _from_a_street(text: str, end: int, words: list[str]) -> bool:
    """A street whose name the article makes a thing ("de Kerkstraat", "de Marie Curiestraat"),
    after a given name: a street named after a person never has "van de" before its last word
    unless its first part is a surname ("Van de Veldestraat"), and the known streets stay."""
    from ingest import _lexicon as lx

    match = _OF_A_STREET.match(text, end)
    if not match or len(words) != 1 or not words[0][:1].isupper():
        return False
    street = match.group("street").split()
    last = street[-1].rstrip(".,;:!?)")
    found = STREET.fullmatch(fold(last))
    if not found or lx.is_street(text[end:match.end()].strip()) or lx.is_street(f"{words[0]} {text[end:match.end()].strip()}"):
        return False
    if len(street) > 1:
        return _given_name(street[0])  # "van de Marie Curiestraat"
    stem = fold(last)[:-len(_street_ending(fold(last)))] if _street_ending(fold(last)) else ""
    # a street named after no surname, or after a given name ("Mariastraat"), on purpose (not lx.is_known_name)
    return bool(stem) and (lx.is_dutch_word(stem) or not lx.is_surname(stem) or lx.first_name_frequency(stem) > 0)


_STREET_ENDINGS = sorted("straat laan plein weg dreef kade kaai gracht singel steenweg lei markt baan steeg park plantsoen "
                         "pad boulevard square".split(), key=len, reverse=True)


def _street_ending(key: str) -> str:
    return next((e for e in _STREET_ENDINGS if key.endswith(e)), "")


def person_after(text: str, end: int) -> bool:
    """A person's cue in the rest of the sentence after `end`: "Bakkerij Karin de Vries belde
    over haar moeder", "Ambassade Yonas Tesfaye: paspoort aangevraagd, hij wacht nog"."""
    stop = regex.compile(r"[.!?](?:[ \t]|$)|\n").search(text, end)
    return _PERSON_AFTER.search(text, end, stop.start() if stop else len(text)) is not None


# After "van" and an article a word ending like these is where someone lives ("achmed van de
# Vlamingdam", "mevrouw Claes van de Kanaaldijk"); "Van Dam", "van Dijk" have no article.
_ARTICLE_PARTICLES = frozenset("de den der het 't".split())
_ADDRESS_ENDINGS = ("dam", "dijk")


def address_word(word: str, particles: Iterable[str] = ()) -> bool:
    """After a name and "van" (`particles`: "van", "van de"), a street or a place says where
    someone lives, not their surname: "mw smulders van het Wagnerplein", "dhr koning van de
    Zambesidreef", "meneer Haddad van Oud-Turnhout" (a hyphenated place: "Van Damme" stays a
    surname, a one-word place after "van" is one too often)."""
    from ingest import _lexicon as lx

    word = word.strip(".,;:!?()")
    if not word:
        return False
    if STREET.match(word) or ("-" in word.strip("-") and lx.is_place(word)):
        return True
    # A one-word street of the list ("Rijp", "Koog") after an article alone is a surname:
    # "Bij Nina De Rijp thuis" kept "De Rijp" as her address (a leak both before and after
    # round nine, found by its privacy probe); after "van", "uit de"... it stays an address.
    particles = list(particles)
    if lx.is_street(word) and not (particles and all(fold(p) in _ARTICLE_PARTICLES for p in particles)):
        return True
    key = fold(word)
    return (any(fold(p) in _ARTICLE_PARTICLES for p in particles) and key.endswith(_ADDRESS_ENDINGS)
            and len(key) > 6 and not lx.is_surname(word))


def _after_a_lead_and_given_name(text: str, start: int, end: int) -> bool:
    """"Bureau Ben Venneman", "Advocatenkantoor Els Peeters": a word that opens an organisation
    (and is no surname: "Bakker Jan Smit" is two people; no public body: "Rechtbank Kevin
    Janssens"), then a given name and the surname this would be: the whole is the
    organisation's name, unless a person's cue follows ("Bakkerij Karin de Vries belde over
    haar moeder")."""
    from ingest import _lexicon as lx

    before = text[max(0, start - 60):start].split()
    if len(before) < 2 or text[start - 1:start] not in " \t":
        return False
    lead, given = before[-2].strip("([{\"'“‘"), before[-1]
    return (given[:1].isupper() and lx.first_name_frequency(given) > 0 and lead[:1].isupper()
            and not lx.is_surname(lead) and fold(lead) not in PUBLIC_BODIES
            and (fold(lead) in ORGANISATION_LEADS or business_compound(lead)) and not person_after(text, end))


def _before_a_region(text: str, start: int, end: int) -> bool:
    """"Syntra Limburg", "Reclassering Nederland", "Brandweer Hollands Midden": capitalised
    words that open with no given name, then a region (ingest._regions), inside the name or
    right after it, name an organisation; "Kevin Limburg" is a person."""
    from ingest import _lexicon as lx
    from ingest import _regions

    if person_after(text, end):
        return False  # "Janssens Limburg wil een gesprek over zijn zoon": one of two families Janssens
    words = list(WORD.finditer(text, start, end))
    for i, word in enumerate([*words[1:], None], 1):
        at = word.start() if word else end
        if not all(w.group()[:1].isupper() and not lx.first_name_frequency(w.group()) for w in words[:i]):
            return False
        if _regions.region_after(text, text.rfind(" ", start, at) if word else end):
            return True
    return False


def _shouted(word: str) -> bool:
    """A Dutch word in capitals for emphasis ("met Sandra ALLEEN", "NIET bellen"), or the
    next line's surname in a list ("VOS"): no acronym of an organisation."""
    from ingest import _lexicon as lx

    return lx.is_dutch_word(word.casefold()) and not lx.is_organisation(word)


# "## Dia 1:", "Deel 2 -", "Stap 3.": a word at the start of a line (or a Markdown heading),
# then a number and a colon, dash, full stop or the line's end.
_HEADING_BEFORE = regex.compile(r"(?:^|\n)[ \t]*(?:#+[ \t]*)?$")
_HEADING_AFTER = regex.compile(r"[ \t]+\d+[a-z]?[ \t]*(?:[:.)]|[-–—][ \t]|$|\n)")


def _article_venue(text: str, start: int, words: list[str]) -> bool:
    """"dagbesteding De Kim", "naar De Kim": a capitalised article before a given name that is
    no surname names a venue; nobody's surname is "De Kim" ("De Vos", "De Roo" are)."""
    from ingest import _lexicon as lx

    before = text[max(0, start - 40):start]
    if regex.search(r"(?<![\p{L}])(?:Bij|Chez|Da|Bei)[ \t]+$", before) and not sentence_start(text, start - 4):
        return True  # "frituur Bij Mario", "Boulangerie Chez Ali"
    if regex.search(r"(?<![\p{L}])\p{Lu}\p{Ll}+[ \t]+by[ \t]+$", before):
        return True  # "Nails by Linh", "Hair by Samira": a shop's English name
    if regex.search(r"(?<![\p{L}])(?:Ter|Ten)[ \t]+$", before) and all(
            lx.is_dutch_word(w.lower()) and not lx.is_surname(w) for w in words):
        return True  # "WZC Ter Wilgen", "van Ter Wilgen"; "Ter Horst" is a surname
    if regex.search(r"(?<![\p{L}])(?:De|Den|Het|'t)[ \t]+(?:\p{Lu}\p{Ll}+(?:e|en)[ \t]+)+$", before):
        return True  # "De Gouden Bal", "Het Hoge Land": an inflected adjective makes it a venue's name
    if _NUMBERED_VENUE.search(before) or (words and fold(words[0]) in _NUMERALS and regex.search(
            r"(?<![\p{L}])(?:De|Het|'t)[ \t]+$", before)):
        return True  # round twelve: "De Vijf Hoven", "Het Zevende Huis": no person's name holds a number
    return (len(words) == 1 and regex.search(r"(?<![\p{L}])(?:De|Het|'t)[ \t]+$", before) is not None
            and lx.first_name_frequency(words[0]) > 0 and not lx.is_surname(words[0]))  # given, no surname: on purpose


# Round twenty: "opgenomen in de Sophia", "zit op de Rozenberg", "vanuit de Wending": a lower-case
# "in", "op", "uit" or "vanuit" and a lower-case article before one capitalised word say where; no
# person is "in de" anyone. "naar de" and "bij de" are left out: Flemish notes write "naar de Smet"
# and "bij de Vos" for a person, with the particle in lower case.
_IN_DE_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(?:in|op|uit|vanuit)[ \t]+(?:de|het|'t|’t)[ \t]+$")


def _venue_after_in_de(text: str, start: int, end: int, words: list[str]) -> bool:
    return (len(words) == 1 and words[0][:1].isupper() and _IN_DE_BEFORE.search(text, max(0, start - 20), start) is not None
            and not _POSSESSIVE_AFTER.match(text, end) and not regex.match(r"[ \t]+\p{Lu}", text[end:end + 2]))


_NUMERALS = frozenset("""twee drie vier vijf zes zeven acht negen tien elf twaalf dertien honderd duizend
derde vierde vijfde zesde zevende achtste negende tiende""".split())
_NUMBERED_VENUE = regex.compile(r"(?<![\p{L}])(?:De|Het|'t)[ \t]+(?i:" + "|".join(sorted(_NUMERALS)) + r")[ \t]+$")

_DISTRICTS = frozenset("oost west noord zuid centrum noordoost noordwest zuidoost zuidwest midden".split())


def _compass_district(word: str) -> bool:
    """"Venlo-Oost", "Roermond-Centrum": a known place and a compass point or centre."""
    from ingest import _lexicon as lx

    head, _, tail = word.strip(".,;:!?()").rpartition("-")
    return fold(tail) in _DISTRICTS and lx.is_place(head)


_ARTICLE_BEFORE = regex.compile(r"(?:^|(?<=[\s(\[\"'“‘,;:/]))(?P<article>De|Den|Het|'t|'s|La|Le|Les)[ \t]+$")


def _article_place(text: str, start: int, words: list[str]) -> bool:
    """"Den Helder", "De Panne", "Den Haag", "La Louvière": a known place whose name opens with
    a capitalised article, which a name's particles were stripped of ("Leger des Heils Den
    Helder", "(Reza Karimi, Den Helder)"); "Helder" alone is a given name too."""
    from ingest import _lexicon as lx

    article = _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    return bool(article) and _place_context(text, article.start()) and lx.is_place(
        " ".join([article.group("article"), *words]).strip(".,;:!?()"))


def _place_context(text: str, start: int) -> bool:
    """What stands before an article place that says it is the place, not a surname that
    is one too ("Cliënt Den Helder", "Zorgvrager Den Helder", "- Den Helder" in a list of
    names, "Aanwezig: Den Helder, Verhoeven"): a locative word ("in", "naar", "van"), a
    comma inside brackets ("(Reza Karimi, Den Helder)") or a capitalised word inside a
    sentence, an organisation's name ("Leger des Heils Den Helder", "nachtopvang Kwadraat
    Den Helder"), that is no cue word."""
    line = text[max(0, start - 80):start].rpartition("\n")[2]
    before = line.split()
    if not before:
        return False
    last = before[-1]
    if last.casefold() in LOCATIVE | {"naar", "van", "regio", "gemeente", "omgeving"}:
        return True
    if last.endswith(",") and line.rfind("(") > line.rfind(")"):
        return True
    return (last[:1].isupper() and last[-1:].isalpha() and len(before) > 1 and before[-2][-1:] not in ".:;!?-*"
            and fold(last) not in CUE_WORDS and not role_word(last))


_ARTICLES = frozenset("De Den Het 't 's La Le Les".split())

# Round ten: words that say a person follows, before an article place that is a surname too
# ("Cliënt De Haan", "Deelnemer Den Helder", "Kind: Den Bosch, Lieke", "mevr. Den Hollander"):
# the cue words, the roles a note gives its client, and the labels of a form's person field.
PERSON_LABELS = frozenset(fold(w) for w in """
naam voornaam achternaam familienaam roepnaam deelnemer deelneemster leerling jongere pupil
zorgvrager hulpvrager cursist huurder aanvrager kraamvrouw gast bezoeker aanwezig afwezig
verontschuldigd
""".split())
_ROOM = regex.compile(r"(?i:k|kamer|kr|ap|app|nr)\.?[ \t]?\d+[a-z]?")
_ROOM_AFTER = regex.compile(r"[ \t]*\([ \t]*(?i:k|kamer|kr|ap|app|nr)\.?[ \t]?\d+[a-z]?[ \t]*\)")


def _article_surname(text: str, start: int, words: list[str]) -> bool:
    """Round ten: a known place that opens with a capitalised article ("De Haan", "Den Haag",
    "Den Bosch") is a surname where what stands right before it says a person follows: a cue
    word or client role ("Cliënt De Haan", "Bewoner Den Haag", "Deelnemer De Bilt"), a person's
    label with its colon ("Kind: Den Bosch, Lieke", "Aanwezig: De Haan, Verhoeven"), or a room
    before or after it at a handover line's head ("- k12 De Haan:", "- De Haan (k12):"). The
    privacy probe of round nine found those surnames stored as places."""
    if not words or words[0] not in _ARTICLES:
        return False
    line = text[max(0, start - 80):start].rpartition("\n")[2]
    before = line.split()
    if before:
        last = fold(before[-1].rstrip(":,").lstrip("([-*•"))
        if (last in CUE_WORDS or last in PERSON_LABELS or client_role(last)
                or (before[-1].endswith(":") and role_word(before[-1].rstrip(":")))):
            return True
        if _ROOM.fullmatch(before[-1].rstrip(":,-")) or _ROOM.fullmatch(" ".join(before[-2:]).rstrip(":,-")):
            return True  # "k12 De Bilt:", "Kamer 12 De Haan wil douchen"
    end = start + len(" ".join(words))
    return not "".join(before).strip("-*•>") and bool(_ROOM_AFTER.match(text, end))


def _town_article(before: list[str]) -> bool:
    """The words before a hyphenated word end with a town's capitalised article ("woonwagenkamp
    Den Bosch-Rosmalen"), not after a capitalised word: "Ilse Den Bosch-Oosterhout" is a
    given name and a double surname."""
    return bool(before) and before[-1] in _ARTICLES and not (len(before) > 1 and before[-2][:1].isupper())


@functools.lru_cache(maxsize=65536)
def _place_and_part(word: str, article: bool = False) -> bool:
    """"Gent-Sint-Pieters", "Antwerpen-Centraal", "Bosch-Maaspoort": a known place joined to a
    station, district or part by a hyphen. The part must be place-like: a double surname
    opens with a town's name as often as not ("Mol-Peeters", "Venlo-Coenen", "Temse-Mertens"),
    and a place can be a surname ("Hoorn-Westerveld"): such a part only after a town whose
    name opens with an article (`article`: "Den Bosch-Rosmalen"), which no surname does."""
    from ingest import _lexicon as lx

    head, _, tail = word.strip(".,;:!?()'’").partition("-")
    if len(head) <= 2 or not head[:1].isupper() or not lx.is_place(head):
        return False
    return (fold(tail.split("-")[0]) in PLACE_PREFIXES | _DISTRICTS | _STATION_PARTS
            or (lx.is_place(tail) and (article or not lx.is_surname(tail))) or place_compound(tail))


# What follows a town's name in a station's or district's ("Gent-Dampoort", "Antwerpen-Centraal").
_STATION_PARTS = frozenset("centraal dampoort zuid noord oost west centrum station haven".split())


def _ter_venue(words: list[str]) -> bool:
    """"Ter Wilgen", "Ter Zee" alone, with no given name or form of address: a venue's name (a
    Dutch noun or its plural after "Ter"/"Ten"). Only for a guessed name: once a cue has made
    "Ter Haar" someone ("mevrouw Ter Haar"), its repeats are hers."""
    from ingest import _lexicon as lx

    if len(words) != 2 or words[0] not in ("Ter", "Ten"):
        return False
    word = words[1].strip(".,;:!?()")
    key = word.lower()
    return not lx.first_name_frequency(word) and any(
        lx.is_dutch_word(k) for k in (key, key.removesuffix("en"), key.removesuffix("s")) if len(k) >= 3)


def _numbered_heading(text: str, start: int, end: int) -> bool:
    """A numbered slide or section heading whose word is a Dutch word ("Dia" is slide, "Deel"
    part): a label, not a name. A name after a bullet ("- roos 84: valt") is not one."""
    from ingest import _lexicon as lx

    word = text[start:end]
    return (" " not in word and lx.is_dutch_word(word.lower()) and bool(_HEADING_AFTER.match(text, end))
            and bool(_HEADING_BEFORE.search(text, max(0, start - 20), start)))


# A noun or verb and a preposition that name an organisation after them: "een medewerker
# van Laurens", "lid van Femma", "doorverwezen naar Amaryllis", "werkt bij Vanmarcke".
# STRONG: whatever capitalised name follows is an organisation (people are no one's
# "medewerker van" or "lid van"); WEAK: only when the name is no given name, since "bij"
# and "naar" also lead to people ("werkt bij Ali in de garage").
_ORGANISATION_CONTEXT_STRONG = {
    "van": frozenset("""medewerker medewerkster medewerkers werknemer werknemers personeel directie directeur
                        directrice loket kantoor website site app factuur facturen aanmaning aanmaningen
                        vestiging filiaal lid leden klantendienst""".split()),
    # a bank, an insurer or a health fund: "rekening bij Argenta", "aangesloten bij Helan"
    "bij": frozenset("lid klant ingeschreven rekening spaarrekening verzekerd aangesloten".split()),
    # a referral goes to a service or a professional, never to a client ("doorverwijzen naar Laurens")
    "naar": frozenset("""doorverwezen doorverwijzen doorverwijs doorverwijzing verwezen verwijzen verwijzing
                         doorgestuurd doorsturen""".split()),
}
_ORGANISATION_CONTEXT_WEAK = {
    "naar": frozenset("aangemeld".split()),
    "bij": frozenset("""aangemeld wachtlijst behandeling opgenomen geholpen hulpverlening werkt werkte werken
                        gewerkt tewerkgesteld stage vrijwilliger vrijwilligster vrijwilligerswerk
                        werk job baan""".split()),  # round ten: "werk bij Vandemoortele?"
}


def organisation_after(noun: str, preposition: str) -> bool:
    """Whether a capitalised name after `noun` and `preposition` is always an organisation
    ("medewerker van", "lid van", "doorverwezen naar")."""
    return fold(noun) in _ORGANISATION_CONTEXT_STRONG.get(fold(preposition), ())


def _organisation_context(before: list[str], words: list[str]) -> bool:
    """A capitalised name after "medewerker van", "lid van", "werkt bij", "doorverwezen naar"."""
    if len(before) < 2 or not words or not words[0][:1].isupper() or words[-1][-1:] in "'’":
        return False  # "lid van Peeters' koor": someone's
    preposition, noun = fold(before[-1]), fold(before[-2].strip(".,;:!?()"))
    if noun in _ORGANISATION_CONTEXT_STRONG.get(preposition, ()):
        return True
    return noun in _ORGANISATION_CONTEXT_WEAK.get(preposition, ()) and not _given_name(words[0])


def _opens_with_lead(words: list[str]) -> bool:
    """"Blok Zeemeeuw", "Heilig Hart", "Bakker Verhaeghe": a word that opens a place or an
    organisation, then its name. Some such words are surnames too ("Blok", "Bakker"), but a
    person is written given name first, so after one of those the next word must not be a
    given name ("Hof Marieke" is no place's name)."""
    if len(words) < 2 or fold(words[0]) not in ORGANISATION_LEADS:
        return False
    from ingest import _lexicon as lx

    return not lx.is_surname(words[0]) or not _given_name(words[1])


# Round eleven: rooms are named after flowers and given names ("in Zaal Iris", "naar zaal Roos"),
# and "Zaal" is a surname too: after a preposition of place or an article it is the room; in a
# list ("Aanwezig: Zaal Iris, ...") it may be a surname written first.
_ROOM_LEADS = frozenset({"zaal", "lokaal", "vergaderzaal"})
_ROOM_BEFORE = frozenset("in naar op uit van de het".split())


def _room(before: list[str], words: list[str]) -> bool:
    return (len(words) >= 2 and fold(words[0]) in _ROOM_LEADS and bool(before)
            and fold(before[-1]) in _ROOM_BEFORE)


def _given_name(word: str) -> bool:
    from ingest import _lexicon as lx

    return lx.first_name_frequency(word.strip(".,;:!?()")) >= 3


def french_word(word: str) -> bool:
    """A word French uses more than Dutch ("Infirmiers", "Logement"): in Brussels it opens
    an organisation's name, not a surname after "van"."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return False
    word = word.strip(".,;:!?()").lower()
    return zipf_frequency(word, "fr") >= 3.0 and zipf_frequency(word, "fr") > zipf_frequency(word, "nl")


def _street_or_organisation(word: str) -> bool:
    """"Catsstraat", "Witt-scholengroep", "ziekenhuis,": a street or organisation word,
    also as the last part of a hyphenated compound and before punctuation."""
    last = word.strip(".,;:!?()'’\"“”").rsplit("-", 1)[-1]
    return bool(last) and bool(STREET.match(last) or ORGANISATION.match(last) or business_compound(last))


def _next_word(after: list[str]) -> list[str]:
    """The first word after a name, past a surname's particles when a capitalised word
    follows them: "Johan de Witt-scholengroep" (not "Fatima in het ziekenhuis")."""
    skipped = 0
    if after and after[0][:1] in "([{\"'“‘":  # "Annelies De Wilde (Ziekenfonds ...)": where she works
        return []
    for word in after[:3]:
        if not is_particle(word) or fold(word) in _PREPOSITION_PARTICLES:
            return [word] if not skipped or word[:1].isupper() and fold(word) not in _PREPOSITION_PARTICLES else []
        skipped += 1
    return []


def _same_line(text: str, end: int) -> list[str]:
    """Round twenty-four (a): the words after a name up to the line's end. A signature's name on its
    own line with the sender's street below it ("Ingrid Nijssen\nBosstraat 12, Maaseik") is a person
    and an address, not a school or street named after a person ("Etty Hillesum Lyceum")."""
    line_end = text.find("\n", end, end + 40)
    return text[end:line_end if line_end >= 0 else end + 40].split()


def _organisation_tail(after: list[str]) -> bool:
    """"Thomas a Kempis College", "Etty Hillesum Lyceum", "Jan van Eyck Academie": schools,
    institutes and hospitals are named after people; the capitalised words after the name
    (past "a", "van", "de") end in an organisation's word before any punctuation."""
    for word in after[:4]:
        if word[:1] in "([{\"'“‘":  # "Swinnen (Kiewitstraat)": where someone lives, not a name's end
            return False
        bare = word.strip(".,;:!?()\"“”")
        if fold(bare) in _TAIL_JOINERS:
            continue
        if not bare[:1].isupper() or not regex.fullmatch(NAME_WORD + r"(?:-" + NAME_WORD + r")*", bare):
            return False
        if _street_or_organisation(bare) or fold(bare) in INSTITUTION_HEADS:
            return True  # round sixteen: "Vincent van Gogh Museum"
        if bare != word:  # punctuation ends the stretch
            return False
    return False


_TAIL_JOINERS = frozenset("a à van de der den het 't ter ten".split())


VENUE_WORDS_AFTER = 2  # a name's last word, then "Huis" ("Ronald" + "McDonald Huis")


def _named_venue(before: list[str], words: list[str], after: list[str]) -> bool:
    """Round sixteen: "het Anne Frank Huis", "Jan Wolkers Huis,": "Huis" as the last of three or
    more capitalised words (the name, the words right before it and the word right after it) is a
    venue named after someone; "Ria Huis" (a surname) stays a person."""
    lead: list[str] = []
    for word in reversed(before):
        if not regex.fullmatch(NAME_WORD, word):
            break
        lead.insert(0, word)
    stretch = lead + [w.strip(".,;:!?()") for w in words]
    if after and stretch and stretch[-1] == words[-1]:
        # round twenty-four (b): deduce finds "Ronald" alone in "Ronald McDonald Huis": after a
        # one-word span up to VENUE_WORDS_AFTER words may reach the head ("Kevin het Ronald" found
        # by the rules is Kevin, and a longer span ends the stretch as before)
        for word in (w.strip(".,;:!?()") for w in after[:VENUE_WORDS_AFTER if len(words) == 1 else 1]):
            stretch.append(word)
            if word == "Huis" or not word[:1].isupper():
                break
    while stretch and stretch[-1] != "Huis":
        stretch.pop()
    names = [w for w in stretch[:-1] if w[:1].isupper()]
    return len(stretch) >= 3 and len(names) >= 2 and all(w[:1].isupper() or is_particle(w) for w in stretch)


# Particles that are prepositions or an article on their own ("in het ziekenhuis").
_PREPOSITION_PARTICLES = frozenset("in op uit het 't te".split())


def _venue(before: list[str], words: list[str]) -> bool:
    """"op De Schakel", "in De Kroon": a capitalised article after a preposition of place,
    then a Dutch word that is no given name, names a venue."""
    from ingest import _lexicon as lx

    if words and words[0] in ("De", "Het", "'t") and len(words) > 1:
        article, rest, before = words[0], words[1:], before[-1:]
    elif before and before[-1] in ("De", "Het", "'t"):
        article, rest, before = before[-1], words, before[-2:-1]
    else:
        return False
    lead = fold(before[0]) if before else ""
    if article == "De" and lead in _INSIDE:  # "in De Rinck", "op De Schakel": a venue
        return True
    nouns = [w.strip(".,;:!?()") for w in rest]
    if article != "De":  # no surname opens with "Het": "op Het Hooghuis", "naar 't Kampke"
        return all((lx.is_dutch_word(w.lower()) or lx.is_compound(w)) and lx.first_name_frequency(w) < 3
                   for w in nouns if w)
    return all(lx.is_dutch_word(w.lower()) and lx.first_name_frequency(w) < 3
               and (lead in PLACE_PREPOSITIONS or not lx.is_surname(w)) for w in nouns if w)


# Where one is, rather than whom one goes to ("naar De Smet" may be a person).
_INSIDE = frozenset("in op uit vanuit".split())


def _french_organisation(words: list[str]) -> bool:
    """"Le Logement Molenbeekois", "La Poste": a French article and a French word."""
    return len(words) >= 2 and fold(words[0]) in FRENCH_ARTICLES and french_word(words[1])


def _inside_known(text: str, start: int, end: int) -> bool:
    """The name lies in a known organisation of several words ("Albert Heijn", "AZ Jan Palfijn"),
    or opens inside one and goes on with its branch ("Albert Heijn Westzijde")."""
    return any(s <= start < e for s, e in _known_spans(text))


@functools.lru_cache(maxsize=64)
def _known_spans(text: str) -> tuple[tuple[int, int], ...]:
    from ingest import _lexicon as lx

    return tuple(m.span() for m in lx.known_organisations_pattern().finditer(text))


def _organisation(word: str) -> bool:
    from ingest import _lexicon as lx

    return word[:1].isupper() and lx.is_organisation(word.strip(".,;:()'’"))


_ROMAN = frozenset("II III IV VI VII VIII IX XI XII".split())


def _names_a_place(words: list[str]) -> bool:
    """A known place or organisation ("Herentals", "Kessel-Lo", "Aldi"), or a stretch that
    holds one and does not open with a given name ("Helix Herentals", "Sivari Leuven";
    "Marc Peeters" and "pol mertens" pass, even where "Pol" is also a village)."""
    from ingest import _lexicon as lx

    names = [w.strip(".,;:()'’") for w in words]
    if lx.is_place(" ".join(names)) or any(lx.is_organisation(w) and w[:1].isupper() for w in names):
        return True
    if names and names[0][:1].isupper() and lx.is_street(" ".join(names)):
        return True
    opens_with_given_name = len(names) > 1 and lx.first_name_frequency(names[0]) > 0
    return any(lx.is_place(w) or place_compound(w) for w in names) and not opens_with_given_name


# The last part of a compound that names a place, a home or a venue ("Kersenhof",
# "Zilverlinde", "Gagelbosch", "Lindenhove", "Schuttershof"). Endings that Dutch and
# Flemish surnames often have (-berg, -huis, -veld, -beek, -man, -dijk) are left out.
PLACE_HEADS = ("hof", "hove", "gaarde", "hoeve", "dreef", "kouter", "weide", "meers", "linde",
               "burcht", "poort", "kerk", "kapel", "zaal", "honk", "stede", "oord", "heem", "rust",
               "vreugde", "zicht", "bosch", "wijk", "hoek", "akker", "kamp", "tuin", "park", "hal",
               "haven", "plaats", "plein", "straat", "laan", "markt", "dorp", "buurt", "polder", "kwartier",
               "eiland", "meer", "dam", "veen", "broek")


@functools.lru_cache(maxsize=65536)
def place_compound(word: str) -> bool:
    """A capitalised compound of Dutch words that ends in a place word and is no listed
    surname or given name: "Kersenhof", "Zilverlinde", "Molenhoek" (not "Verhoek", a
    surname, nor "Goldberg": -berg is no place ending here)."""
    from ingest import _lexicon as lx

    key = fold(word)
    if not word[:1].isupper() or "-" in key or lx.is_known_name(word):
        return False
    head = next((h for h in PLACE_HEADS if key.endswith(h) and len(key) - len(h) >= 3), None)
    if head is None:
        return False
    stem = key[:-len(head)]
    return any(lx.is_dutch_word(s) or lx.zipf(s) >= lx.COMPOUND_PART_ZIPF
               for s in (stem, stem.removesuffix("s"), stem.removesuffix("en"), stem.removesuffix("e")) if len(s) >= 3)


# The last part of a compound that names a business or service ("Banketbakkerij",
# "Schoonmaakbedrijf", "Fotostudio", "Fietsenmakerij", "Koekfabriek", "Strijkatelier",
# "Seniorenflats"): its name follows, and is often a person's ("Banketbakkerij Brouwer").
BUSINESS_HEADS = ("bakkerij", "slagerij", "beenhouwerij", "bedrijf", "bedrijven", "fabriek", "fabrieken", "studio",
                  "makerij", "atelier", "flats", "winkel", "handel", "zaak", "salon", "kantoor", "garage", "shop",
                  "bureau", "kwekerij", "drukkerij", "brouwerij", "wasserij", "stomerij", "verhuur", "bewindvoering",
                  "zorgwinkel", "opvang", "centrale", "diensten", "kapsalon", "groothandel", "zaken",
                  # after a name that is a given name too: "Vitalis Alarmering", "Anatolia Grill",
                  # "Caritas International", "Noord Installaties"
                  "alarmering", "grill", "international", "internationaal", "installaties", "techniek",
                  "logistiek", "makelaardij", "verzekeringen", "boekhouding", "consultancy", "services",
                  # round eleven: workshops named after their owner ("Schrijnwerkerij Van Damme")
                  "werkerij", "smederij", "zagerij", "stoffeerderij", "werkplaats", "transport",
                  # round twelve: trades named by their works ("Dakwerken Jansen", "Schilderwerken Claes")
                  "werken")


@functools.lru_cache(maxsize=65536)
def business_compound(word: str) -> bool:
    """A capitalised word that ends in a business word and is no listed surname or given
    name, as a compound of a Dutch word and that word ("Koekfabriek", "Fotostudio") or the
    word alone ("Bewindvoering", "Fabriek"; not "Winkel", a surname)."""
    from ingest import _lexicon as lx

    key = fold(word)
    if not word[:1].isupper() or "-" in key or lx.is_known_name(word):
        return False
    return _ends_in(key, BUSINESS_HEADS, 0)


def _ends_in(key: str, heads: tuple[str, ...], stem_length: int) -> bool:
    """`key` is one of `heads` (when `stem_length` is 0) or a Dutch word joined to one."""
    from ingest import _lexicon as lx

    head = next((h for h in heads if key.endswith(h) and len(key) - len(h) >= stem_length), None)
    if head is None:
        return False
    stem = key[:-len(head)]
    return not stem or any(lx.is_dutch_word(s) or lx.zipf(s) >= lx.COMPOUND_PART_ZIPF
                           for s in (stem, stem.removesuffix("s"), stem.removesuffix("en"), stem + "en") if len(s) >= 3)


# Business words that, ending a compound in lower case, name the business after them
# ("begrafenisonderneming Al-Rahma", "fietsenwinkel Vermeulen"); not "zaak": "rechtszaak
# Peeters" is a case about someone.
_LOWER_BUSINESS_HEADS = ("bakkerij", "slagerij", "beenhouwerij", "bedrijf", "fabriek", "studio", "makerij", "atelier",
                         "winkel", "salon", "kantoor", "garage", "shop", "onderneming", "kwekerij", "drukkerij",
                         "brouwerij", "wasserij", "stomerij", "restaurant", "snackbar", "grill", "eethuis")


@functools.lru_cache(maxsize=65536)
def _lower_business(word: str) -> bool:
    """A lower-case compound of a Dutch word and a business word, right before a capitalised
    name: "begrafenisonderneming Al-Rahma", "fietsenwinkel Vermeulen", "kebabrestaurant Anatolia"."""
    key = word.strip(".,;:()")
    return key.islower() and "-" not in key and _ends_in(key, _LOWER_BUSINESS_HEADS, 3)


def _inside_places(text: str, start: int, end: int, places: Iterable[tuple[int, int]]) -> bool:
    """Every name word lies in a place the model found ("de Kempen", "Den Haag")."""
    places = list(places)
    words = [w for w in WORD.finditer(text, start, end) if not is_particle(w.group())]
    return bool(places) and all(any(s <= w.start() and w.end() <= e for s, e in places) for w in words)


def sentence_start(text: str, start: int) -> bool:
    """Whether a word opens a sentence, where its capital proves nothing."""
    before = text[max(0, start - 200):start].rstrip(" \t\u00a0\"'“‘(")
    return not before or before[-1] in ".!?:\n"
