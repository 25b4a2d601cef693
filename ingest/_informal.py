"""Names in the notes people really type: lower case, abbreviations, lists, handovers.

"mevr janssens belde", "dhr. de smet", "fam. el amrani", "nonkel staf", "zus roos",
"- maria (k4) at niets vandaag", "germaine wil haar dochter bellen". Without a
capital the shape of a word says nothing, so the word lists of `ingest._lexicon`
decide, in three situations of falling certainty:

1. right after a form of address or kinship word (any case, with or without a dot):
   a word is a name unless it is a Dutch word form or a closed-class word; a word
   that is both ("jan", "roos", "staf") counts as a name there unless Dutch uses it
   very often ("dan", "wil", "ben");
2. a given name on its own: a word that gender-guesser or deduce knows as a given
   name and that is no Dutch word form ("germaine", "kevin", "fatima"); with a
   capital after the start of a sentence any known given name counts;
3. the start of a list item or handover line, followed by a status (":", "(", ","):
   any rare word that is no Dutch word ("- bolleke (k12): onrustig").

A surname that follows a found name is taken along ("maria janssens").
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ingest import _lexicon as lx
from ingest import _names as nm
from ingest import _shapes as shapes

_WORD = regex.compile(r"[\p{L}'’]+(?:-[\p{L}'’]+)*")
_CUE = regex.compile(
    r"(?<![\p{L}\p{N}_'])(?i:" + "|".join(regex.escape(c) for c in sorted(
        (*nm.ADDRESS, *nm.WEAK_ADDRESS, *nm.KIN, *(f"{p} {k}" for p in nm.POSSESSIVES for k in nm.POSSESSIVE_KIN)),
        key=len, reverse=True))
    # round eleven: a compound ending in a client's role ("Nachtgast", "Oud-leerling"), checked
    # by `nm.client_role` in `_after_cues`
    + r"|\p{L}{3,}-?(?:" + "|".join(regex.escape(r) for r in sorted(nm.CLIENT_ROLES, key=len, reverse=True))
    + r"))(?=,?[ \t\u00a0])")
_GAP = regex.compile(r"[ \t\u00a0]+")
# A list item or handover line: a bullet, a number, a room ("k4", "kamer 12") or a time first.
_LINE_HEAD = regex.compile(r"(?m)^[ \t]*(?:[-*•·>]+|\d+[.)]|\(?\d{1,2}[.:u]\d{0,2}\)?)?[ \t]*"
                           r"(?:(?i:k|kamer|kr|ap|app|nr)\.?[ \t]?\d+[a-z]?[ \t:,-]+)?")
_STATUS = regex.compile(r"[ \t]*(?:[:(,;]|[-–][ \t])")
_NICKNAME = regex.compile(r"(?P<q>[\"“”'‘’«])?(?(q)(?:(?i:de|den|het|'t)[ \t]+)?)(?P<name>[\p{L}'’-]+)"
                          r"(?(q)[\"“”'‘’»]),?[ \t]*\(?[ \t]*zo[ \t]+"
                          r"(?:noemt|noemen|heet)\b", regex.IGNORECASE)
# "ze noemen hem bolleke", "iedereen noemt haar 'mammie lou'", "noemen hem den dikke": a
# naming verb and a pronoun, then the nickname (quoted, after an article, or no Dutch word).
_CALLED = regex.compile(r"(?:(?i:\bnoem(?:t|en|de|den))(?:[ \t]+(?i:hem|haar|hen|ze|zij|zich|we|wij|jullie)){1,2}|(?i:\bbijgenaamd))[ \t]+"
                        r"(?:(?i:gewoon|altijd|allemaal|nog|steeds|hier)[ \t]+)?"
                        r"(?P<q>[\"“'‘«])?(?P<article>(?i:de|den|het|'t)[ \t]+)?"
                        r"(?P<name>[\p{L}'’]+(?:-[\p{L}'’]+)*(?:[ \t]+[\p{L}'’]+)?)(?(q)[\"”'’»])")

# Given-name frequency (lexicon scale 1-13) a lower-case word needs to count as a
# name on its own, and the Zipf above which even a given name after a cue is a word.
BARE_FREQUENCY = 3
CUE_WORD_ZIPF = 5.5
CUE_COMMON_NAME = 10  # "jan": so common a name that its word use does not count
SURNAME_ZIPF = 4.0  # a lower-case word after a name that Dutch does not use: "pol mertens" (3.5)
WORD_SURNAME_ZIPF = 4.5  # "vos" (4.1), "dam" (3.9) are surnames after "mw. de"; "dienst" (5.1) is not


@dataclass(frozen=True)
class Found:
    start: int       # where the cue (if any) starts
    name_start: int
    end: int
    cued: bool
    slot: bool = False  # round thirteen: found in a person's slot, so a place of the same name does not count


def find(text: str) -> list[Found]:
    """Candidate names of the three kinds above, not yet checked against members,
    places or organisations (the caller does that)."""
    return [*_after_cues(text), *_bare(text), *_list_heads(text), *_nicknames(text), *_unknown_people(text),
            *_word_names_as_subjects(text), *_person_slots(text), *_unknown_subjects(text), *_hashtags(text), *_kin_after(text),
            *_surnames_by_ending(text), *_initialled_lower(text), *_aged(text), *_listed_surnames(text),
            *_timed_surnames(text), *_speakers(text), *_unknown_companions(text), *_unknown_item_heads(text),
            *_room_surnames(text), *_timed_lower_heads(text)]


# Round eighteen: a visit list's line that opens with a time and a lower-case name before its status
# ("9u30 callebaut. oma kwam mee", "13.40 ramdin (mevrouw) - schimmel", "15.10 chanel - gesprek"):
# over every tuning and seen file such a word that is no Dutch word was a client's 10 times of 10
# (less the abbreviations "dhr.", "tel.", which the cue rules read); a Dutch word there is the
# line's status ("22u aangekomen.", "23.50 man, wil ...").
_TIMED_LOWER = regex.compile(r"(?m)^[ \t]*(?:[-*•·][ \t]*)?\d{1,2}(?:[u:.h]\d{2}|u)[ \t]+"
                             r"(?P<name>\p{Ll}[\p{Ll}'’]{2,}(?:-\p{Ll}{2,})?)(?=[ \t]*[.:,;(]|[ \t]+[-–][ \t])")


def _timed_lower_heads(text: str) -> list[Found]:
    found = []
    for match in _TIMED_LOWER.finditer(text):
        word = match.group("name")
        if _timed_lower_name(word):
            found.append(Found(match.start("name"), match.start("name"), match.end("name"), False))
    return found


@functools.lru_cache(maxsize=65536)
def _timed_lower_name(word: str) -> bool:
    key = nm.fold(word)
    return (not lx.is_dutch_word(word) and key not in lx.CLOSED and key not in nm.CUE_WORDS and not nm.is_not_name(word)
            and not lx.is_place(word) and not lx.is_organisation(word) and not nm.role_word(word)
            and not lx.is_compound(word) and not nm.nationality_word(word) and key not in nm.TITLES
            and (lx.is_surname(word) or lx.first_name_frequency(word) >= 1 or lx.zipf(word) < lx.RARE_ZIPF))


# Round eighteen: a surname right after a room, bed or flat code, anywhere on a line ("k12 Peeters at
# niets", "kamer 6 Verbist sliep door", "S2.07 Vandenbroucke wil de dokter", "K9 De Smet"): a residents'
# board or handover names its people by room, and what follows the code is who lives there. A listed
# surname (also one that is a rare Dutch word, "Vos") or a word Dutch hardly uses (a Flemish surname the
# lists lack, "Verbist"); not a given name (the other rules take those), a place, organisation, street,
# cue, title, compound or Dutch word ("k4 Koffie", "kamer 2 Badkamer").
_ROOM_CODE = regex.compile(
    r"(?<![\p{L}\p{N}@#/._-])(?:(?i:k|kr|kmr|kamer|bed|app|appt|studio|unit)\.?[ \t]?\d{1,4}[a-z]?"
    r"|\p{Lu}\d{1,2}\.\d{2,3})[ \t]*[:,-]?[ \t]+"
    r"(?P<particles>(?:(?i:van[ \t]+(?:de|der|den)|van|de|den|der|ter|ten|el|al)[ \t]+)?)"
    r"(?P<name>\p{Lu}\p{Ll}[\p{Ll}'’]*(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\p{N}'’-])")


def _room_surnames(text: str) -> list[Found]:
    found = []
    for match in _ROOM_CODE.finditer(text):
        name = match.group("name")
        if match.group("particles") and not surname_after_particle(name) or not _room_surname(name):
            continue
        start = match.start("particles") if match.group("particles") else match.start("name")
        found.append(Found(start, start, match.end("name"), False))
    return found


@functools.lru_cache(maxsize=65536)
def _room_surname(word: str) -> bool:
    key = nm.fold(word)
    if (lx.first_name_frequency(word) >= BARE_FREQUENCY or lx.is_place(word) or lx.is_organisation(word)
            or lx.is_street(word) or nm.STREET.match(word) or nm.ORGANISATION.match(word) or nm.is_not_name(word)
            or key in lx.CLOSED or key in nm.CUE_WORDS or key in nm.TITLES or key in nm.ORGANISATION_LEADS
            or nm.role_word(word) or nm.nationality_word(word)):
        return False
    if lx.is_surname(word):
        return lx.zipf(word.lower()) < WORD_SURNAME_ZIPF
    # a Flemish surname the Dutch lists lack ("Verbist" 2.7, "Devos" 2.8): no Dutch word, rare in Dutch
    return (len(word) >= 3 and not lx.is_dutch_word(word.lower()) and lx.zipf(word.lower()) < lx.RARE_ZIPF
            and not lx.is_compound(word) and not shapes.long_compound(key) and not nm.place_compound(word))


# Round fifteen: a visit in a route or timetable, a time and a surname with its particle in lower case
# ("9u van der Linden, 10u de Wit", "11u30 van den Berg (wondzorg)"): where a time stands, a lower-case
# particle before a capitalised word is how Dutch writes a surname; a venue writes its article with a
# capital ("14u De Kim") and a place has no particle ("10u Vries"; "de Haan", "De Panne" are places).
_TIMED = regex.compile(r"(?<![\p{L}\p{N}:.])\d{1,2}(?:[u:.h]\d{2}|u)[ \t]+"
                       r"(?P<particles>(?:van[ \t]+(?:de|der|den)|van|de|den|der|ter|ten)[ \t]+)"
                       r"(?P<name>\p{Lu}\p{Ll}[\p{L}'’]*(?:-\p{Lu}?[\p{L}'’]+)*)(?![\p{L}\p{N}'’-])")


def _timed_surnames(text: str) -> list[Found]:
    found = []
    for match in _TIMED.finditer(text):
        name, particles = match.group("name"), " ".join(match.group("particles").split())
        head = name.split("-")[0]
        if (nm.is_not_name(head) or lx.is_organisation(name) or lx.is_street(name) or nm.STREET.match(name)
                or nm.ORGANISATION.match(name) or nm.fold(head) in nm.ORGANISATION_LEADS or nm.role_word(head)
                or lx.is_place(f"{particles} {name}") or nm.fold(head) in nm.CUE_WORDS):
            continue
        if particles == "van" and lx.is_place(head):
            continue  # "9u van Gent naar Brussel"
        if particles in ("van der", "van den") or (lx.is_surname(head) and not (lx.is_place(head) and lx.is_dutch_word(head.lower()))):
            found.append(Found(match.start("particles"), match.start("particles"), match.end("name"), True))
    return found


# A capitalised word with an age in brackets right after it: "Saba (12)", "Nardos (9 jr)",
# "Mikael (3 mnd)". A place, a team or a count has no age written so, but a child in a family
# list has, and a given name that is also a place ("Saba", "Lier") is a child there.
_AGED = regex.compile(r"(?<![\p{L}\p{N}@#/.'’-])(?P<name>" + nm.NAME_WORD + r")[ \t]*\([ \t]*\d{1,2}"
                      r"(?:[ \t]*(?:j|jr|jaar|m|mnd|maanden|weken|wk))?[ \t]*\)")


def _aged(text: str) -> list[Found]:
    """A known given name, or a word no list knows as anything else, before an age in brackets
    (`_AGED`) is a person's name even where a place or Dutch word has it; a known place that is
    no given name ("Genk (12)" in a count per town), an organisation, street or Dutch word
    stays. Marked cued, like a name after a kinship word: the age is the cue."""
    found = []
    for match in _AGED.finditer(text):
        word = match.group("name")
        key = nm.fold(word)
        if (nm.is_not_name(word) or key in nm.CUE_WORDS or key in lx.CLOSED or nm.role_word(word)
                or lx.is_organisation(word) or lx.is_street(word) or after_title(text, match.start())):
            continue
        given = lx.first_name_frequency(word) > 0
        if given or (lx.zipf(word) < UNKNOWN_ZIPF and not (lx.is_place(word) or lx.is_dutch_word(word)
                                                      or _long_compound(key) or lx.looks_dutch(word))):
            found.append(Found(match.start("name"), match.start("name"), match.end("name"), True))
        elif _word_name_aged(text, match, word):
            found.append(Found(match.start("name"), match.start("name"), match.end("name"), True))
    return found


_AGE_UNIT = regex.compile(r"\([ \t]*\d{1,2}[ \t]*(?:j|jr|jaar|mnd|maanden)[ \t]*\)")


def _word_name_aged(text: str, match: regex.Match, word: str) -> bool:
    """Round fourteen: "Hoop (14 jr)", "Vrede (9), Saba (12) en Noah (6)": a Dutch word as a child's
    given name, before an age with its unit (round fifteen: a word a name list holds), or beside
    another given name with an age on the same line; a count per group or place is a plural or a
    place ("Deelnemers (14)", "Genk (12)")."""
    key = nm.fold(word)
    if (lx.is_place(word) or key.endswith(("en", "s")) or _long_compound(key) or lx.is_compound(word)
            or nm.fold(word) in nm.ORGANISATION_LEADS or nm.ORGANISATION.match(word) or nm.STREET.match(word)):
        return False
    if _AGE_UNIT.search(text, match.end("name"), match.end()):
        # round fifteen: a period with its length is no child ("Opname (3 mnd)", "Detentie (2 jr)",
        # "Bewind (2 jaar)"): a word no name list holds as a given name or surname needs a named
        # sibling beside it; the words parents give ("Hoop", "Geluk", "Vrede", "Storm") are listed
        return lx.is_surname(word) or lx.first_name_frequency(word) > 0
    line_start, line_end = text.rfind("\n", 0, match.start()) + 1, text.find("\n", match.end())
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return any(other.group("name") != word and lx.first_name_frequency(other.group("name")) > 0
               for other in _AGED.finditer(line))


# Verbs that say a person did something ("djaysen is 15", "kenzo belde", "jurgen zegt"), and
# the words before a person in a note ("met djaysen", "bij kenzo", "voor shaniqua").
_PERSON_VERBS = frozenset("""
is was belde belt zegt zei wil wou wilde komt kwam heeft had vraagt vroeg gaat ging slaapt sliep
eet at huilt huilde lacht lachte woont woonde werkt werkte zit zat ligt lag staat stond doet deed
""".split())
_PERSON_BEFORE = frozenset("met bij voor tegen aan en samen zonder via".split())


def _unknown_people(text: str) -> list[Found]:
    """A lower-case word that no word list knows (hardly any Dutch use, no given name, no place),
    maybe with a second such word or a listed surname after it ("lutgarde vandenbroeck belt"),
    as the subject of a person's verb or after "met", "bij", "via": a name the lists lack."""
    found = []
    for word in _WORD.finditer(text):
        value = word.group()
        if not _unknown_word(value) or _inside_word(text, word):
            continue
        end = word.end()
        nxt = _WORD.match(text, end + 1) if text[end:end + 1] == " " else None
        if nxt and nxt.group().islower() and nxt.group().casefold() not in _SUBJECT_VERBS and _lower_surname(nxt.group()):
            end = nxt.end()
            nxt = _WORD.match(text, end + 1) if text[end:end + 1] == " " else None
        before = text[max(0, word.start() - 20):word.start()].split()
        if (nxt and nxt.group().casefold() in _SUBJECT_VERBS) or (
                before and before[-1].casefold() in _PERSON_BEFORE and lx.zipf(value) == 0):  # not "met börek"
            found.append(Found(word.start(), word.start(), end, False))
    return found


def _lower_surname(word: str) -> bool:
    """A lower-case word after an unknown name that is its surname: listed, or unknown too."""
    return not lx.is_dutch_word(word) and (lx.is_surname(word) or _unknown_word(word))


# A person's verbs after a capitalised name no list knows ("Tedros zei", "Awet kent hem").
_SUBJECT_VERBS = _PERSON_VERBS | frozenset("""
zegt zei vertelt vertelde kent kende lachte schreeuwde stuurde deelt deelde mag mocht moet moest kan kon
""".split()) | frozenset("""
blijft bleef voelt voelde mist miste durft durfde hoopt hoopte twijfelt twijfelde schaamt schaamde
rookt rookte drinkt dronk kookt kookte fietst fietste wandelt wandelde trouwt trouwde overleed sterft stierf
droomt droomde huilt glimlacht glimlachte piekert piekerde
""".split())  # verbs only a person does (an organisation "zoekt" and "vindt", it never "voelt" or "durft")
# ... unless an article or preposition before it makes it a thing or a place ("van de Vlamingdam komt").
_THING_BEFORE = frozenset("de het 't een in aan van bij naar op uit via door".split())
LOWER_UNKNOWN_ZIPF = 2.0  # "lowieke" (2.0), "ousmane" (1.8): lower case, before a verb
UNKNOWN_ZIPF = 1.5  # "Tedros" (1.45), "Kidane" (0): Dutch text hardly ever uses them


def _unknown_subjects(text: str) -> list[Found]:
    """A capitalised word that no list knows (no given name, surname, place, organisation,
    street or Dutch word, hardly used in Dutch) before a person's verb: a name of an origin
    the lexicon lacks ("Yohannes had", "Tedros zei", "Abrehet kent hem"). Measured on all
    tuning halves of sets 1-5: of such words before such a verb 27 were clients, 7 not
    (streets after "van de", organisations, members)."""
    found = []
    for word in regex.finditer(r"(?<![\p{L}@#/.'’-])\p{Lu}\p{Ll}+(?![\p{L}-])", text):
        nxt = regex.match(r"[ \t]+(\p{Ll}+)", text[word.end():word.end() + 20])
        if not nxt or nxt.group(1) not in _SUBJECT_VERBS or not _unknown_capitalised(word.group()):
            continue
        before = text[max(0, word.start() - 20):word.start()].split()
        if before and nm.fold(before[-1]) in _THING_BEFORE or after_title(text, word.start()):
            continue
        found.append(Found(word.start(), word.start(), word.end(), False))
    return found


# Round seventeen: given names of origins no lexicon holds (Tigrinya, Igbo, Chinese, Caucasian:
# "Senait", "Chidera", "Dewei", "Zelimkhan") by the company they keep. Measured over every tuning
# file before the rule: such a word after "en" was a client's 29 times of 31, after "+" 7 of 9, after
# "voor" 11 of 11; after "bij", "via", "in" and "naar" it was mostly an organisation or a place.
_COMPANION_WORD = r"\p{Lu}\p{Ll}{2,}"
_COMPANIONS = regex.compile(r"(?<![\p{L}\p{N}@#/.'’_-])(?P<a>" + _COMPANION_WORD + r")(?:[ \t]*[+&][ \t]*|[ \t]+(?:en|of)[ \t]+)"
                            r"(?P<b>" + _COMPANION_WORD + r")(?![\p{L}\p{N}'’_-]|\.\p{L})")
_COMPANION_AFTER = regex.compile(r"(?<![\p{L}\p{N}@#/.'’_-])(?P<cue>(?i:met|voor))[ \t]+(?P<a>" + _COMPANION_WORD
                                 + r")(?![\p{L}\p{N}'’_-]|\.\p{L})")
# words before a pair that make it places or firms ("in Heechterp en Bilgaard", "bij Stuvo en Covebo")
_NO_COMPANIONS_AFTER = frozenset("de den het 't in naar uit op te van bij via vanuit richting tussen door langs tot".split()) | frozenset(
    "metro metrostation station halte tram bus wijk wijken straat straten plein park buurt dorp dorpen stad gemeente"
    " deelgemeente deelgemeenten kerk school scholen campus".split())  # "in de metro Anneessens of Lemonnier"
# endings of venues and places beside nm.PLACE_HEADS ("Dijledal", "Kapelleveld")
_COMPANION_PLACE_ENDINGS = (*nm.PLACE_HEADS, "dal", "dael", "berg", "bergen", "veld", "velde", "rode", "gem", "zele",
                            "plas", "beek", "bos", "bosch", "ven", "vliet", "gracht", "kade")


def _unknown_companions(text: str) -> list[Found]:
    """An unknown capitalised word (no listed given name, surname, place, organisation or Dutch,
    English or French word) beside another one or a listed given name, joined by "en", "of", "+"
    or "&" ("Senait en Mebrat", "Esohe + Osaro"), or after "met" or "voor" in mid-sentence
    ("met Tigist", "voor Tesfalem"): Dutch joins and accompanies people so; the lexicon lacks them."""
    found = []
    for match in _COMPANIONS.finditer(text, overlapped=True):
        a, b = match.group("a"), match.group("b")
        if not ((_companion(a) and (_companion(b) or _companion_given(b)))
                or (_companion(b) and _companion_given(a))):
            continue
        before = text[max(0, match.start() - 30):match.start()].split()
        if nm.sentence_start(text, match.start()) and not _companion(a):
            continue
        if before and (nm.fold(before[-1]) in _NO_COMPANIONS_AFTER or nm.fold(before[-1]) in nm.ORGANISATION_LEADS):
            continue
        if after_title(text, match.start()) or _place_follows(text, match.end()):
            continue
        found += [Found(match.start(g), match.start(g), match.end(g), False) for g in ("a", "b")
                  if _companion(match.group(g))]
    for match in _COMPANION_AFTER.finditer(text):
        if _companion(match.group("a")) and not nm.sentence_start(text, match.start()) and not _place_follows(text, match.end()):
            found.append(Found(match.start("a"), match.start("a"), match.end("a"), False))
    return found


COMPANION_ZIPF = 2.5  # "Ibrahima" (2.0), "Giorgi" (2.1) are names Dutch text seldom uses; "Favour" is English (4.3)


def _place_follows(text: str, end: int) -> bool:
    """"met Mindermobielencentrale Zottegem": a known place after the word makes it a branch."""
    after = regex.match(r"[ \t]+(\p{Lu}\p{Ll}+)", text[end:end + 40])
    return bool(after) and lx.is_place(after.group(1)) and lx.first_name_frequency(after.group(1)) == 0


# Round seventeen: the head of a numbered, bulleted or coded item ("3. Mbala: zie intake", "- Tsegay (9)",
# "S1.03 Verbist - GROEN", "k.12 Dawit, 14") that no list knows. Measured over every tuning file before
# the rule: such a word (the `_companion` test) before ":", "(", ",", "?" or a spaced dash after a
# number, bullet or room code was a client's 68 times of 71 (the others two villages before a dash
# after a number, left out, and a neighbourhood); a line keyed by a time is `_columns`' (`_TIMED`).
_ITEM_HEAD = regex.compile(r"(?m)^[ \t]*(?:(?P<bullet>[-*•·])|(?P<num>\d{1,2}[.)])|(?P<code>\p{L}{1,3}\.?\d[\d.]*))"
                           r"[ \t]+(?P<name>" + _COMPANION_WORD + r")"
                           r"(?P<after>[ \t]*(?:[:(,?]|[-–—][ \t]))")


def _unknown_item_heads(text: str) -> list[Found]:
    """A capitalised word no list knows (`_companion`), or only a surname list, opening a numbered,
    bulleted or coded item before its status ("4. Tsegay: slaapt slecht", "S1.03 Verbist - rustig")."""
    found = []
    for match in _ITEM_HEAD.finditer(text):
        if match.group("after").strip()[:1] in "-–—" and match.group("num"):
            continue  # "3. Zammel - Larum": a route's villages
        if _companion(match.group("name")) or _surname_only(match.group("name")):
            found.append(Found(match.start("name"), match.start("name"), match.end("name"), False))
    return found


@functools.lru_cache(maxsize=65536)
def _companion(word: str) -> bool:
    key = nm.fold(word)
    if lx.first_name_frequency(word) == 0 and any(key.endswith(e) and len(key) - len(e) >= 3 for e in _COMPANION_PLACE_ENDINGS):
        return False
    if len(word) >= 10 and lx.is_compound(word):  # "Mindermobielencentrale"
        return False
    return (len(word) >= 3 and lx.zipf(word) < COMPANION_ZIPF and lx.zipf_in(word, "en") < 3.0 and lx.zipf_in(word, "fr") < 3.0
            and not lx.is_dutch_word(word.lower()) and not lx.is_surname(word) and not lx.is_place(word)
            and not lx.is_organisation(word) and not lx.is_street(word) and not shapes.long_compound(key)
            and not nm.place_compound(word) and not nm.STREET.match(word) and not nm.ORGANISATION.match(word)
            and not nm.is_not_name(word) and not nm.nationality_word(word) and not nm.role_word(word)
            and key not in nm.ORGANISATION_LEADS and key not in nm.CUE_WORDS and key not in nm.TITLES
            and key not in lx.CLOSED)


@functools.lru_cache(maxsize=65536)
def _companion_given(word: str) -> bool:
    return (lx.first_name_frequency(word) >= BARE_FREQUENCY and not lx.is_dutch_word(word.lower())
            and not lx.is_place(word) and not nm.is_not_name(word) and nm.fold(word) not in nm.CUE_WORDS)


_SURNAME_BEFORE = frozenset("bij met".split())
_GIVEN_BEFORE = regex.compile(r"(?<![\p{L}\p{N}@#/.'’-])(\p{Lu}\p{Ll}+)[ \t]+\Z")  # on the same line
_CLAUSE_OPENERS = frozenset("en maar want dus toen omdat dat als ook nu of".split())


def _listed_surnames(text: str) -> list[Found]:
    """Round eleven: a client's surname alone in prose ("Bosmans belde terug", "zat bij Bosmans",
    "ging langs bij Verstrepen"): a capitalised word that a surname list holds and nothing else
    does (no given name, place, organisation, street or Dutch word, rare in Dutch), before a
    person's verb or after "bij" or "met". `nm.plausible` (the caller's) keeps "werkt bij X"
    and the other contexts that name an organisation."""
    found = []
    for word in regex.finditer(r"(?<![\p{L}\p{N}@#/.'’-])\p{Lu}\p{Ll}{3,}(?![\p{L}\p{N}'’-])", text):
        if not _surname_only(word.group()):
            continue
        nxt = regex.match(r"[ \t]+(\p{Ll}+)", text[word.end():word.end() + 20])
        before = text[max(0, word.start() - 20):word.start()].split()
        given = _GIVEN_BEFORE.search(text, max(0, word.start() - 30), word.start())
        if given and lx.first_name_frequency(given.group(1)) and nm.fold(given.group(1)) not in nm.CUE_WORDS and not (
                nm.role_word(given.group(1)) or nm.fold(given.group(1)) in nm.TITLES or nm.is_not_name(given.group(1))):
            start = given.start(1)  # "Joke Lemmens is gevallen": a given name and the surname
            found.append(Found(start, start, word.end(), False))
            continue
        after_cue = bool(before) and nm.fold(before[-1]) in _SURNAME_BEFORE
        subject = (nxt is not None and nxt.group(1) in _SUBJECT_VERBS
                   and (nm.sentence_start(text, word.start()) or before[-1][-1:] in ",;" or before[-1] in _CLAUSE_OPENERS))
        if not (after_cue or subject):  # not "chef Dubois kwam": a job before the subject
            continue
        if after_title(text, word.start()):
            continue
        found.append(Found(word.start(), word.start(), word.end(), False))
    return found


@functools.lru_cache(maxsize=65536)
def _surname_only(word: str) -> bool:
    lower = word.lower()
    # a surname and no given name, on purpose (not lx.is_known_name)
    return (lx.is_surname(word) and lx.first_name_frequency(word) == 0 and lx.zipf(lower) < SURNAME_ZIPF
            and not lx.is_place(word) and not lx.is_dutch_word(lower) and not lx.is_organisation(word)
            and not lx.is_street(word) and not nm.STREET.match(word) and not nm.ORGANISATION.match(word)
            and not nm.is_not_name(word) and nm.fold(word) not in nm.ORGANISATION_LEADS and not nm.role_word(word)
            and not nm.nationality_word(word) and nm.fold(word) not in nm.CUE_WORDS)


@functools.lru_cache(maxsize=65536)
def _unknown_capitalised(word: str) -> bool:
    lower = word.lower()
    return (len(word) >= 3 and lx.zipf(lower) < UNKNOWN_ZIPF and lx.first_name_frequency(word) == 0
            and not lx.is_surname(word) and not lx.is_place(word) and not lx.is_dutch_word(lower)
            and not lx.is_organisation(word) and not lx.is_street(word) and not _long_compound(lower)
            and not nm.STREET.match(word) and not nm.ORGANISATION.match(word) and not nm.is_not_name(word)
            and nm.fold(word) not in nm.ORGANISATION_LEADS and not nm.role_word(word))


# Endings of surnames from Central and Eastern Europe, the Caucasus and Turkey, which no Dutch
# word or place has: Polish (-ski, -ska, -wicz, -czyk), South Slavic (-ović, -ić), Ukrainian
# (-enko, -chuk), Russian and Chechen (-ov, -ova, -ev, -eva), Lithuanian (-aitė, -ienė),
# Armenian (-yan), Georgian (-shvili, -dze), Turkish (-oğlu), Romanian (-escu, -eanu).
_SURNAME_ENDING = regex.compile(r"(?:ski|ska|cki|cka|wicz|czyk|czak|ović|ovic|ević|evic|ić|enko|chuk|czuk|yan|ov|ova|ev"
                                r"|eva|aitė|ytė|ienė|iūtė|ová|ská|shvili|dze|oğlu|escu|eanu)$")
ENDING_ZIPF = 3.0  # "Petrov" (2.9) is a client's surname; "Rostov" (3.1), "Alaska" (3.6) are places


def _surnames_by_ending(text: str) -> list[Found]:
    """"Kowalska (Morsweg):", "broers Tsechoev", "Kazlauskaitė": a capitalised word with the
    ending of a Slavic, Baltic, Armenian, Georgian or Turkish surname that no list knows and
    Dutch hardly uses is a surname, wherever it stands (its capital proves nothing, its
    shape does); a place, organisation or street keeps its name."""
    found = []
    for word in regex.finditer(r"(?<![\p{L}@#/.'’-])" + nm.NAME_WORD + r"(?![\p{L}'’-])", text):
        value = word.group()
        key = nm.fold(value)
        if (len(value) < 6 or not _SURNAME_ENDING.search(value.casefold()) or lx.zipf(key) >= ENDING_ZIPF
                or lx.is_place(value) or lx.is_organisation(value) or lx.is_street(value) or lx.is_dutch_word(key)
                or nm.is_not_name(value) or lx.first_name_frequency(value) >= BARE_FREQUENCY or after_title(text, word.start())):
            continue
        found.append(Found(word.start(), word.start(), word.end(), False))
    return found


# "hb rostas d. + esther", "ana f. (Erasmus)": a roster's surname or given name in lower case
# with an initial after it; the initial is part of the name.
_INITIALLED_LOWER = regex.compile(r"(?<![\p{L}\p{N}_.@/'’-])(?P<name>\p{Ll}[\p{Ll}'’-]{2,})[ \t]+\p{Ll}\.(?![\p{L}\p{N}]|[ \t]?\p{Ll}\.)")


def _initialled_lower(text: str) -> list[Found]:
    found = []
    for match in _INITIALLED_LOWER.finditer(text):
        word = match.group("name")
        key = nm.fold(word)
        if (lx.is_dutch_word(word) or key in nm.CUE_WORDS or nm.is_not_name(word) or nm.is_particle(word)
                or lx.is_place(word) or lx.is_organisation(word) or after_title(text, match.start())):
            continue
        if lx.is_known_name(word, BARE_FREQUENCY) or lx.zipf(word) < lx.RARE_ZIPF:
            found.append(Found(match.start(), match.start(), match.end() - 1, False))
    return found


_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_#])#(?P<word>\p{L}[\p{L}'’]*(?:-\p{L}+)*)(?![\p{L}\p{N}_])")


def hashtags_holding(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each hashtag word (or a mail address's domain) that holds one of `names` glued to other
    words ("#mevrouwdevries", "#casusyilmaz" for "De Vries", "Yilmaz"): the tag is a topic
    by its shape (a compound) but still spells the client's name. A name counts by all
    its words joined, its surname with its particle joined ("degroot"), and by each word
    of five letters or more that is no Dutch word."""
    keys: dict[str, str] = {}
    for name in names:
        words = name.replace(".", " ").split()
        if len(words) > 1 or len(words[0]) >= 5:
            keys.setdefault(nm.fold("".join(words)), name)
        if len(words) > 2 or (len(words) == 2 and nm.is_particle(words[0])):
            keys.setdefault(nm.fold("".join(words[-2:] if nm.is_particle(words[-2]) else words[-1:])), name)
        for word in words:
            if len(word) >= 5 and not lx.is_dutch_word(word.lower()):
                keys.setdefault(nm.fold(word), name)
    found = []
    for tag in [*_HASHTAG.finditer(text), *_MAIL_DOMAIN.finditer(text)]:
        key = nm.fold(tag.group("word"))
        hit = next((n for k, n in keys.items() if k in key), None)
        if hit is not None:
            found.append((tag.start("word"), tag.end("word"), hit))
    return found


# the first label of a mail address's domain ("kevin@degrootbouw.nl"): a family business
# or a private domain spells the family's name as a hashtag does
_MAIL_DOMAIN = regex.compile(r"(?<=[\p{L}\p{N}._%+-]@)(?P<word>\p{L}[\p{L}\p{N}-]*)(?=\.\p{L})")


def _hashtags(text: str) -> list[Found]:
    """"- #dumon: 2 vallen", "#kowalczyk in de casuïstiek": a team tags a client by surname;
    a tag that is a Dutch word or compound, a place or an organisation is a topic
    ("#valpreventie", "#Mechelen"), one with digits a label ("#week47")."""
    found = []
    for tag in _HASHTAG.finditer(text):
        word = tag.group("word")
        key = nm.fold(word)
        if (len(word) < 3 or lx.is_dutch_word(word.lower()) or lx.is_compound(word) or lx.is_place(word)
                or lx.is_organisation(word) or nm.is_not_name(word) or key in nm.CUE_WORDS or key in lx.CLOSED):
            continue
        if lx.is_known_name(word) or lx.zipf(word.lower()) < lx.RARE_ZIPF:
            found.append(Found(tag.start("word"), tag.start("word"), tag.end("word"), False))
    return found


_KIN_AFTER = regex.compile(
    r"(?<![\p{L}'’-])[\"“‘']?(?P<name>" + nm.NAME_WORD + r")[\"”’']?[ \t]+(?P<kin>"
    + "|".join(sorted((k for k in nm.KIN if " " not in k), key=len, reverse=True)) + r")(?![\p{L}-])")


def _kin_after(text: str) -> list[Found]:
    """A contact list's "Martine dochter", '"Bartek" kleinzoon', "Roger buurman": a capitalised
    name with the kinship word after it; the name must be a given name or a word Dutch does not
    use, never the first word of a sentence that happens to precede one ("Vader zoon")."""
    found = []
    for match in _KIN_AFTER.finditer(text):
        name = match.group("name")
        key = nm.fold(name)
        if (nm.is_not_name(name) or key in nm.CUE_WORDS or lx.is_place(name) or lx.is_organisation(name)
                or key in nm.ORGANISATION_LEADS or nm.role_word(name)):
            continue
        if lx.first_name_frequency(name) >= BARE_FREQUENCY or (not lx.is_dutch_word(name.lower()) and lx.zipf(name.lower()) < lx.RARE_ZIPF):
            found.append(Found(match.start("name"), match.start("name"), match.end("name"), False))
    return found


# ingest._shapes holds these (a double surname must not be two places joined, and _shapes
# cannot import this module, which imports it).
place_shaped = shapes.place_shaped
_long_compound = shapes.long_compound


def _word_names_as_subjects(text: str) -> list[Found]:
    """A given name that is also a Dutch word, in lower case, where only a person fits: opening
    a sentence before a person's verb ("roos wil niet eten", "jan zegt", "hoop belde"), or
    after such a verb at the end of a clause ("vanmorgen belde roos, ..."). Closed-class words
    ("dan zei ze", "wil kwam") are never read so."""
    found = []
    for word in _WORD.finditer(text):
        value = word.group()
        if not value.islower() or not _word_name(value) or _inside_word(text, word):
            continue
        nxt = _WORD.match(text, word.end() + 1) if text[word.end():word.end() + 1] == " " else None
        before = text[max(0, word.start() - 20):word.start()].split()
        subject = nm.sentence_start(text, word.start()) and nxt and nxt.group() in _PERSON_VERBS
        inverted = (before and before[-1] in _PERSON_VERBS and text[word.end():word.end() + 1] in (",", ".", ";", ":")
                    and not nm.sentence_start(text, word.start()))
        if subject or inverted:
            found.append(Found(word.start(), word.start(), word.end(), False))
    return found


# Round thirteen: a person's slots, where Dutch puts no bare noun and no place. A possessive "z'n",
# "d'r" after the word ("griet z'n zoon", "Daan d'r fiets"); a clause's subject before a verb only
# a person does ("jet huilde", "dat sep koorts had" is not read, "sep had koorts" is); a name that is
# also a place only before a verb no place does ("ans huilde", not "ans ligt bij Luik").
_POSSESSIVE = regex.compile(r"[ \t]+(?:z['’]n|d['’]r|zn|dr)[ \t]+\p{Ll}")
_CLAUSE_OPENER = frozenset("en maar want dus toen omdat dat als".split())
_PLACE_VERBS = frozenset("is was heeft had ligt lag staat stond wordt werd gaat ging zit zat blijft bleef telt".split())
_SLOT_VERBS = _SUBJECT_VERBS | frozenset("""
vertelt vertelde zingt zong speelt speelde valt viel belt belde hoest hoestte roept riep slaapt sliep
eet at drinkt dronk wacht wachtte loopt liep zegt zei heeft had krijgt kreeg wordt werd zorgt zorgde
""".split())


_PRONOUNS = frozenset("gij gie gulle gullie ulle zulle zullie hullie jullie".split())  # Flemish "ge zit" is "you"


def _person_slots(text: str) -> list[Found]:
    found = []
    for word in _WORD.finditer(text):
        value = word.group()
        if not (value.islower() or (value[:1].isupper() and nm.sentence_start(text, word.start()))):
            continue
        if _inside_word(text, word):
            continue
        if _POSSESSIVE.match(text, word.end()) and (_slot_name(value) or _unknown_word(value.lower())):  # "Ousmane z'n"
            before = text[max(0, word.start() - 20):word.start()].split()
            if not (before and nm.fold(before[-1]) in _THING_BEFORE):  # "de bakker z'n fiets"
                found.append(Found(word.start(), word.start(), word.end(), False, True))
            continue
        if not value.islower() or not _slot_name(value):
            continue
        nxt = _WORD.match(text, word.end() + 1) if text[word.end():word.end() + 1] == " " else None
        end = word.end()
        if nxt and nxt.group().islower() and _slot_surname(nxt.group()):  # "griet hermans had", "bas kok zorgt"
            end = nxt.end()
            nxt = _WORD.match(text, end + 1) if text[end:end + 1] == " " else None
        if not nxt or nxt.group() not in _SLOT_VERBS or (lx.is_place(value) and end == word.end()
                                                          and nxt.group() in _PLACE_VERBS):
            continue
        before = text[max(0, word.start() - 20):word.start()].split()
        opener = nm.sentence_start(text, word.start()) or (before and before[-1] in _CLAUSE_OPENER)
        if opener:
            found.append(Found(word.start(), word.start(), end, False, True))
    return found


@functools.lru_cache(maxsize=65536)
def _slot_surname(word: str) -> bool:
    """A listed surname after a given name in a person's slot, also one that is a Dutch noun ("kok");
    never a verb, adjective or closed-class word ("bas had", "jet boos")."""
    key = nm.fold(word)
    if len(word) < 2 or key in lx.CLOSED or key in _SLOT_VERBS or not lx.is_surname(word) or nm.is_particle(word):
        return False
    return not lx.is_dutch_word(word) or lx.is_noun(word)


@functools.lru_cache(maxsize=65536)
def coordinated_name(word: str) -> bool:
    """Round thirteen: beside a given name found in lower case, joined by "en", "of", "+" or a comma,
    a common given name that is also a Dutch word ("job en maria", "emine en jun"); one that is
    also a place only when common as a name ("ans"), not "brecht"."""
    return lx.first_name_frequency(word) >= BARE_FREQUENCY and _slot_name(word)


@functools.lru_cache(maxsize=65536)
def _slot_name(word: str) -> bool:
    """A common given name, also one that is a Dutch word or a place ("jet", "bas", "ans")."""
    key = nm.fold(word)
    frequency = lx.first_name_frequency(word)
    return (len(word) >= 3 and key not in _PRONOUNS
            and (frequency >= BARE_FREQUENCY or (frequency > 0 and not lx.is_dutch_word(word)))  # "sep", "brecht"
            and key not in lx.CLOSED and key not in nm.CUE_WORDS
            and not nm.is_not_name(word) and not nm.is_particle(word) and lx.zipf(word) < lx.WORD_ZIPF
            and not lx.is_organisation(word) and key not in nm.ORGANISATION_LEADS)


@functools.lru_cache(maxsize=65536)
def _word_name(word: str) -> bool:
    key = nm.fold(word)
    return (lx.first_name_frequency(word) >= BARE_FREQUENCY and key not in lx.CLOSED and key not in nm.CUE_WORDS
            and not nm.is_not_name(word) and not lx.is_place(word) and not nm.is_particle(word))


@functools.lru_cache(maxsize=65536)
def _unknown_word(word: str) -> bool:
    return (len(word) >= 4 and word.islower() and "'" not in word and lx.zipf(word) < LOWER_UNKNOWN_ZIPF
            and not lx.is_dutch_word(word) and not lx.is_compound(word) and not lx.looks_dutch(word)
            and not lx.is_place(word)
            and not lx.is_organisation(word) and lx.first_name_frequency(word) == 0 and not nm.is_not_name(word))


@functools.lru_cache(maxsize=65536)
def cue_name(word: str) -> bool:
    """After "mevr", "opa", "zus": is `word` (any case) a name?"""
    key = nm.fold(word)
    if (key in lx.CLOSED or key in nm.CUE_WORDS or nm.is_not_name(word) or nm.is_particle(word)
            or lx.is_organisation(word)):
        return False
    if "-" in word.strip("-"):  # "bloem-mol", "de smet-verhulst": a double surname
        return all(lx.is_surname(part) or nm.is_particle(part) or not lx.is_dutch_word(part)
                   for part in word.split("-") if part)
    if regex.match(r"(?i:[dlo])['’]\p{L}{3,}$", word):  # "d'hondt", "o'neill": the name after the apostrophe
        return not lx.is_dutch_word(word[2:]) or lx.is_surname(word[2:]) or lx.is_surname(word)
    frequency, word_use = lx.first_name_frequency(word), lx.is_dutch_word(word)
    if frequency and (not word_use or frequency >= CUE_COMMON_NAME
                      or (frequency >= BARE_FREQUENCY and lx.zipf(word) < CUE_WORD_ZIPF)):
        return True
    if word_use:
        return False
    if lx.is_surname(word):  # "achterberg", "vandevelde": surnames are often compounds
        return True
    return not lx.is_compound(word) and lx.zipf(word) < lx.RARE_ZIPF  # not "schoonouders"


@functools.lru_cache(maxsize=65536)
def bare_name(word: str, capital_proves: bool) -> bool:
    """A given name with no cue: `capital_proves` when it has a capital mid-sentence."""
    key = nm.fold(word)
    if len(word) < 2 or nm.is_not_name(word) or lx.is_place(word) or key in lx.CLOSED or key in nm.CUE_WORDS:
        return False
    frequency = lx.first_name_frequency(word)
    if capital_proves:  # "Dan kwam Staf binnen": a capital mid-sentence is a name's
        return frequency >= BARE_FREQUENCY or (frequency >= 1 and not lx.is_dutch_word(word))
    if len(word) < 3 or lx.is_dutch_word(word):
        return False
    return frequency >= BARE_FREQUENCY or (frequency >= 1 and lx.zipf(word) < lx.RARE_ZIPF)


@functools.lru_cache(maxsize=65536)
def _surname_after(word: str) -> bool:
    key = nm.fold(word)
    if nm.is_not_name(word) or key in lx.CLOSED or key in nm.CUE_WORDS or lx.is_place(word) or lx.is_organisation(word):
        return False
    if key in nm.ORGANISATION_LEADS:
        return False
    if word[0].isupper():
        return bool(regex.fullmatch(nm.NAME_WORD, word))
    return not lx.is_dutch_word(word) and (lx.is_surname(word) or lx.zipf(word) < SURNAME_ZIPF)


def _tokens_after(text: str, pos: int, limit: int = 5) -> list[regex.Match]:
    """The words that follow `pos` on the same line, separated only by spaces."""
    tokens: list[regex.Match] = []
    while len(tokens) < limit:
        gap = _GAP.match(text, pos)
        if not gap:
            break
        word = _WORD.match(text, gap.end())
        if not word:
            break
        tokens.append(word)
        pos = word.end()
    return tokens


def _extend(text: str, end: int) -> int:
    """Take a following surname along, with its particles ("maria van dam"). A lower-case
    surname after a particle only follows a name typed in lower case ("freddy de vos"):
    after "Henk", "de trap" is a staircase."""
    window = text[max(0, end - 60):end].split()
    last = window[-1].lstrip("([{\"'“‘«") if window else ""  # round twenty-four (a): "(monique de graaf)"
    typed_lower = last[:1].islower()
    tokens, pending = _tokens_after(text, end, 4), int(nm.is_particle(last.rsplit("-", 1)[-1]) and "-" in last)
    particles: list[str] = []
    for token in tokens:
        if nm.is_particle(token.group()) and token.group().casefold() not in _PREPOSITIONS:
            pending += 1
            particles.append(token.group())
            continue
        if pending and nm.address_word(token.group(), particles):
            break  # "tante fatiha van de Diepestraat": where she lives
        lower = token.group()[0].islower()
        if lower and not typed_lower and not pending:
            break  # "Orlando wijst", "Annelies pls": who capitalises a name capitalises its surname
        if lower and not typed_lower and not lx.is_surname(token.group()):
            break  # round fourteen: "Tom de medicatiekar", "Sanne de nieuwe": a nickname or a phrase, not "Jan de vries"
        if pending and _where_they_work(token.group(), end, text):
            break  # "Sophie Peeters van Atelier Groot Eiland": a full name, then where she works
        particle_surname = pending and lower and typed_lower and lx.is_surname(token.group())
        if not (_surname_after(token.group()) or (particle_surname and surname_after_particle(token.group()))
                or (_shouted_name(last) and _shouted_surname(token.group(), bool(pending)))):
            break
        end = token.end()
        if nm.is_particle(token.group().rsplit("-", 1)[-1]):  # "van damme-de wit"
            pending = 1
            continue
        if pending:  # one word after "van": "Sophie van Infirmiers de Rue" is Sophie at work
            break
    return end


def _shouted_name(word: str) -> bool:
    """A word in capitals ("ANOUK", "AL-HASSAN") or a particle after one ("VAN DER")."""
    return len(word) >= 2 and word.isupper() and word.isalpha() or (word.isupper() and "-" in word)


@functools.lru_cache(maxsize=65536)
def _shouted_surname(word: str, after_particle: bool = False) -> bool:
    """Round thirteen: "DOSSIER ANOUK MERTENS", "BERT SMIT staat", "NOOR AL-HASSAN": after a name in
    capitals, a surname in capitals (a listed surname, or a word that is no Dutch word, place,
    organisation or acronym anyone knows); a Dutch word in capitals is emphasis ("BERT NIET bellen")."""
    if not word.isupper() or len(word) < 2 or nm.is_particle(word):
        return False
    title = "-".join(part.capitalize() for part in word.split("-"))
    if (lx.is_organisation(word) or (lx.is_place(title) and not (after_particle and lx.is_surname(title)))
            or nm.fold(word) in nm.ORGANISATION_LEADS or nm.is_not_name(title)):
        return False
    if lx.is_surname(title):  # "SMIT"; "VAN DER MEER" after a particle; not "HEEFT"
        return after_particle or not lx.is_dutch_word(word.lower()) or lx.zipf(word.lower()) < WORD_SURNAME_ZIPF
    parts = [p for p in word.lower().split("-") if p and not nm.is_particle(p)]  # "AL-HASSAN"
    return (bool(regex.fullmatch(nm.NAME_WORD, title)) and len(word) >= 3 and bool(parts)
            and all(lx.is_surname(p) or (not lx.is_dutch_word(p) and lx.zipf(p) < lx.RARE_ZIPF) for p in parts))


def _where_they_work(word: str, end: int, text: str) -> bool:
    """"Sophie Peeters van Atelier Groot Eiland": after a given name and a surname (two
    capitalised words), "van" + a word that is no surname says where someone works."""
    before = text[max(0, end - 80):end].split()
    if len(before) >= 2 and all(w[:1].isupper() for w in before[-2:]):
        return nm.employer_word(word)
    # "Sophie van Infirmiers de Rue": after a given name alone only an organisation's word
    return nm.organisation_word(word)


# Parts of "in 't", "op de", "uit den" that alone are prepositions ("Tomasz in Wrocław").
_PREPOSITIONS = frozenset({"in", "op", "uit"})


def _preposition_alone(tokens: list[regex.Match]) -> bool:
    """"in", "op", "uit" start a surname only with an article after them ("in 't Veld",
    "op de Beeck", "uit den Bogaard"); alone they are the preposition."""
    return (tokens[0].group().casefold() in _PREPOSITIONS
            and not (len(tokens) > 1 and nm.is_particle(tokens[1].group())))


def _after_cues(text: str) -> list[Found]:
    found = []
    for cue in _CUE.finditer(text):
        after = cue.end() + (text[cue.end():cue.end() + 1] == ",")  # "haar oudste, djaysen"
        key = nm.fold(cue.group())
        if key not in _CUE_KEYS and not nm.client_role(cue.group()):
            continue
        tokens, weak = _tokens_after(text, after), key in _WEAK or key not in _CUE_KEYS
        strong = nm.fold(cue.group()) in _STRONG
        first = tokens[0].start() if tokens else 0  # "dhr. de smet": the name starts at "de"
        particles = 0
        # round twenty: a visit's heading takes no particle ("huisbezoek_de_Groot.md" keeps its "de_")
        while ((not weak or _weak_particle(tokens)) and key not in _VISIT_KEYS and tokens
               and nm.is_particle(tokens[0].group()) and len(tokens) > 1):
            if _preposition_alone(tokens):  # "vrouw in tranen", "man op bezoek": no name
                tokens = []
                break
            tokens, particles = tokens[1:], particles + 1
        if not tokens:
            continue
        if particles == 1 and _of_someone(text[first:tokens[0].start()], tokens[0].group()) and (
                not strong or (text[first:tokens[0].start()].strip() == "van" and not lx.is_surname(tokens[0].group()))):
            continue  # "zus van Sanne", "de zoon van marie", "geen familie van Marco": of a person, no surname
        if particles and tokens and _no_surname_after_particle(tokens[0].group(), strong):
            continue  # "mantelzorger van veertien", "zoon van de buren", "gezin van statushouders"
        if particles == 2 and saint_venue(text[first:tokens[0].start()], tokens[0].group()):
            continue  # round fourteen: "meneer in het Antonius": where he lies
        if not tokens or not (_names_after_cue(tokens[0].group(), weak, key not in _CUE_KEYS or key in _ROLE_KEYS)
                              or (strong and _surname_after_address(tokens[0].group()))
                              or (particles and surname_after_particle(tokens[0].group()))
                              or (weak and particles == 1 and _article_place(text[first:tokens[0].end()]))):
            continue
        end = tokens[0].end()
        found.append(Found(cue.start(), first, end if _visited_alone(key, tokens[0].group()) else _extend(text, end), True))
    return found


_VISIT_KEYS = frozenset(nm.fold(c) for c in nm.VISIT_HEADS)


def _visited_alone(key: str, word: str) -> bool:
    """Round twenty: after a visit's heading a surname alone is the family, and a word after it
    is where they live ("hb wiśniewski getsewoud"); only a given name takes the surname after it
    along ("hb kevin demeulemeester")."""
    return key in _VISIT_KEYS and not lx.first_name_frequency(word)


# After a weak cue "van", "te", "in", "op", "uit" mean "of", "at", "in" ("bewoner van De Heidebloem",
# "cliënt te Hasselt"); the other particles open a surname ("Cliënt De Haan", "Bewoner Van Dam"
# with a capital, "cliënt de haan", "patiënt el amrani").
_WEAK_PREPOSITIONS = frozenset("van te in op uit het 't".split())


def _weak_particle(tokens: list[regex.Match]) -> bool:
    """Round ten: whether the particle after a weak cue opens a surname: a capitalised particle
    before a capitalised word ("Cliënt De Haan", "Bewoner Den Haag", "Patiënt Van der Meer"), or a
    lower-case particle that is no preposition ("cliënt de haan"). Before, a weak cue never took a
    particle, and a surname that is also an article place was kept as the place."""
    if len(tokens) < 2:
        return False
    word = tokens[0].group()
    if word[:1].isupper():
        following = next((t.group() for t in tokens[1:] if not nm.is_particle(t.group())), "")
        return following[:1].isupper() and not institution_after_article(word, following)
    return nm.fold(word) not in _WEAK_PREPOSITIONS


def saint_venue(particles: str, word: str) -> bool:
    """Round fourteen: "in het Antonius", "op 't Franciscus": "in", "op" or "uit" with "het" before a
    man's given name open no surname ("in 't Veld" holds no given name) but a hospital or home named
    after a saint; a girl's name may follow "het" in Flemish ("het Mieke")."""
    words = [nm.fold(w) for w in particles.split()]
    return (len(words) == 2 and words[0] in _PREPOSITIONS and words[1] in ("het", "'t", "’t")
            and lx.first_name_frequency(word) >= 3 and not lx.is_female_name(word))


def institution_after_article(article: str, word: str) -> bool:
    """Round ten's privacy probe: "Bewoner De Heidebloem", "Cliënt Het Zand", "Kind: De Regenboog":
    a capitalised article before a Dutch word that no list knows as a surname, a compound or a
    place-shaped word names a home, school or venue, not a surname; so does "Het" before any word
    (Dutch surnames open with "'t", not "Het"). An article place stays a surname there ("Bewoonster
    De Panne"), and so does a listed surname ("Cliënt De Wit", "Bewoner De Boer")."""
    key = nm.fold(article)
    if key == "het":
        return True
    if key not in ("de", "den", "der") or lx.is_surname(word) or lx.is_place(f"{article} {word}"):
        return False
    return lx.is_dutch_word(word.lower()) or lx.is_compound(word) or place_shaped(word)


_NUMBER_WORD = regex.compile(
    r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n)?"
    r"(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien"
    r"|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
    r"|honderd|duizend)(?:tal|jarige?n?)?")
_GROUP_PLURAL = ("ers", "ingen", "lingen", "ieken")  # houders, vluchtelingen, katholieken


@functools.lru_cache(maxsize=65536)
def _no_surname_after_particle(word: str, strong: bool) -> bool:
    """What follows "van", "de", "van de" after a cue is not a surname when it is a number
    ("mantelzorger van veertien", "oma van zeventig"), a plural of people no list knows
    as a surname ("gezin van statushouders"), or, after a kinship or role word rather
    than a form of address, a word Dutch uses often ("zoon van de buren", "moeder de
    post"; "mevr. de post" stays a name). Capitalised words are left to the other rules."""
    if not word[:1].islower():
        return False
    key = nm.fold(word)
    if _NUMBER_WORD.fullmatch(key):
        return True
    if key.endswith(_GROUP_PLURAL) and len(key) > 6 and not lx.is_known_name(word):
        return True
    return not strong and lx.zipf(word) >= WORD_SURNAME_ZIPF and not lx.first_name_frequency(word)


@functools.lru_cache(maxsize=65536)
def given_after_van(word: str) -> bool:
    """A capitalised word after a lower-case "van" that is a given name, so "van" says whose
    ("de mentor van Yara", "de zus van Karim"): a common given name, or a rarer one that is no
    Dutch word ("Yara"); a place or a word no list knows as a given name is a surname's
    ("van Dam", "van Dyck")."""
    frequency = lx.first_name_frequency(word)
    return (frequency >= BARE_FREQUENCY or (frequency >= 1 and not lx.is_dutch_word(word.lower())
                                            and not lx.is_surname(word))) and not nm.is_not_name(word)


@functools.lru_cache(maxsize=65536)
def whose_given(word: str) -> bool:
    """Round eleven: "de meester van Fleur", "de zus van Jasmijn": after a job or kinship word
    and "van" a given name that no surname list holds ("Jasmijn", a Dutch word too), or a given
    name of some frequency that a surname list also holds ("Fleur"), is whose: a surname "van
    X" is listed, or is a place ("van Dam", "van Kessel"). A rare given name that is also a
    listed surname ("van Storm", "van Mees") is left to `given_after_van` and the note's bare uses."""
    frequency = lx.first_name_frequency(word)
    if not frequency or lx.is_place(word) or nm.is_not_name(word) or nm.is_particle(word):
        return False
    return not lx.is_surname(word) or frequency >= 2


def _of_someone(particle: str, word: str) -> bool:
    """After a kinship word, "van" and a given name say whose kin it is."""
    return nm.fold(particle.strip()) == "van" and (given_after_van(word) or whose_given(word))


_WEAK = frozenset(nm.fold(c) for c in nm.WEAK_ADDRESS)
_ROLE_KEYS = frozenset(nm.fold(c) for c in nm.CLIENT_ROLES)
_CUE_KEYS = frozenset(nm.fold(c) for c in (*nm.ADDRESS, *nm.WEAK_ADDRESS, *nm.KIN, *(
    f"{p} {k}" for p in nm.POSSESSIVES for k in nm.POSSESSIVE_KIN)))
# Forms of address proper ("mevr.", "dhr", "fam", "opa"): what follows is the person's
# name far more often than after a kinship word ("haar man heeft ..."), so a known
# surname counts even where Dutch also uses it as a word ("mevr. bakker", "dhr. mol").
_STRONG = frozenset(nm.fold(c) for c in nm.ADDRESS)


@functools.lru_cache(maxsize=65536)
def _surname_after_address(word: str) -> bool:
    """"mevr. bakker: valt vaak", "dhr mol (piet)": a listed surname after a form of address is
    a name, also where a town has it (nobody writes "dhr Mol" for the town), unless it is a
    closed-class word or a verb form ("mevr. kan", "dhr. ligt")."""
    key = nm.fold(word)
    return (word[:1].islower() and lx.is_surname(word) and key not in lx.CLOSED
            and key not in nm.CUE_WORDS and not nm.is_not_name(word) and not nm.is_particle(word)
            and not lx.is_organisation(word))


@functools.lru_cache(maxsize=65536)
def _names_after_cue(word: str, weak: bool, role: bool = False) -> bool:
    """Lower case is judged by the word lists; a capital counts after a weak cue only
    (after the others the capitalised rules of ingest._pseudonymise already look). After a
    client's role (`role`: "Huurder Vermeiren") a word merely built like Dutch is a name."""
    if word[0].islower():
        return cue_name(word)
    dutch_built = lx.looks_dutch(word) and not role
    return weak and bool(regex.fullmatch(nm.NAME_WORD, word)) and not (
        nm.is_not_name(word) or nm.is_particle(word) or lx.is_place(word) or lx.is_organisation(word)
        or (((lx.is_dutch_word(word) and lx.zipf(word) >= lx.RARE_ZIPF) or dutch_built) and not lx.is_surname(word)
            and not lx.first_name_frequency(word)))  # "dossier Huisvesting", "dossier Energie"


def _article_place(words: str) -> bool:
    """Round eleven: after a client's role a capitalised article and a word that are a known
    place together are a surname ("Gast De Pinte", "Cliënt De Pinte"), as round ten made
    "Bewoner Den Haag" one."""
    article, _, word = words.partition(" ")
    return (article in ("De", "Den", "Der") and word[:1].isupper() and bool(regex.fullmatch(nm.NAME_WORD, word))
            and not nm.is_not_name(word) and lx.is_place(f"{article} {word}"))


@functools.lru_cache(maxsize=65536)
def surname_after_particle(word: str) -> bool:
    """"mw. de vos", "mevr van dam": after a cue and a particle a word is a surname,
    unless Dutch uses it very often ("mevr van de dienst")."""
    if nm.fold(word) in lx.CLOSED or nm.fold(word) in nm.CUE_WORDS or nm.is_not_name(word):
        return False
    if lx.is_place(word) and not lx.is_surname(word):  # "de graaf", "van gent": a listed surname first
        return False
    limit = lx.WORD_ZIPF + 0.5 if lx.is_surname(word) else WORD_SURNAME_ZIPF  # "de wit", "de graaf"
    return lx.zipf(word) < limit


def _bare(text: str) -> list[Found]:
    found = []
    for word in _WORD.finditer(text):
        value = word.group()
        upper = value[0].isupper()
        if upper and nm.sentence_start(text, word.start()):
            ok = bare_name(value, False)
        else:
            ok = bare_name(value, upper) or _short_name_with_surname(text, word)
        slot = not ok and not upper and (_unknown_before_a_persons_verb(text, word)
                                          or _word_name_before_a_persons_verb(text, word))
        if (ok or slot) and not _inside_word(text, word) and not after_title(text, word.start()):
            start = _shouted_surname_before(text, word.start()) if value.isupper() else word.start()
            # a word found by the verb after it ends there ("plamedi ne va": "ne" is no surname)
            found.append(Found(start, start, word.end() if slot else _extend(text, word.end()), False, slot))
    return found


# Round twenty: the verbs only a person does ("avin vertelde", "yazan huilde", "dasha at niets"):
# before one of them a lower-case word that no list holds at all (no given name, surname, Dutch
# word, compound, organisation) is a name of an origin the lexicon lacks. "zegt", "komt" and
# "loopt" are left out: an organisation says and a pump runs ("medicare zegt", "morfinepomp loopt").
_PERSONS_VERBS = frozenset("""zei vertelde vertelt huilde huilt lachte lacht bleef durfde durft belde wilde wil
wou vroeg vraagt sliep slaapt at eet weigert weigerde kwam woont woonde speelt speelde""".split())
_NEXT_WORD = regex.compile(r"[ \t]+(\p{Ll}+)(?![\p{L}'’-])")


def _unknown_before_a_persons_verb(text: str, word: regex.Match) -> bool:
    after = _NEXT_WORD.match(text, word.end())
    return bool(after) and after.group(1) in _PERSONS_VERBS and _listed_nowhere(word.group())


# Round twenty-one: French-language notes say what a person does with these ("plamedi ne va plus à
# l'école", "glodi est malade"); a lower-case word no list holds (nor French uses) before them is a name.
_FRENCH_PERSONS_VERBS = frozenset("""est était ne dit disait pleure pleurait dort dormait mange veut voulait
vit habite parle parlait travaille reste joue""".split())
_CLAUSE_BEFORE = regex.compile(r"(?:^|[.,;:!?(•*–—-]|(?<![\p{L}'’-])(?:en|maar|toen|want|komma|punt))[ \t]*\Z",
                               regex.MULTILINE)


def _word_name_before_a_persons_verb(text: str, word: regex.Match) -> bool:
    """Round twenty-one: a lower-case given name that Dutch also uses as a word or a place ("ben zei dat",
    "roos vertelde"), before a verb only a person does (round twenty's) and at the start of a clause (a
    line's start, after a stop, a comma, "en" or dictated "komma"): "ik ben" never stands before "zei";
    not when a subject follows the verb ("anders speelt hij": an adverb, its verb, its subject). And a
    word no list holds that French does not use either, before a verb of a person in French."""
    after = _NEXT_WORD.match(text, word.end())
    if not after or not _CLAUSE_BEFORE.search(text, max(0, word.start() - 12), word.start()):
        return False
    value = word.group()
    if after.group(1) in _FRENCH_PERSONS_VERBS:
        return _listed_nowhere(value) and lx.zipf_in(value, "fr") < lx.RARE_ZIPF
    subject = _NEXT_WORD.match(text, after.end())  # "anders speelt hij": a word, the verb, its subject
    return (after.group(1) in _PERSONS_VERBS and _word_given_name(value)
            and not (subject and subject.group(1) in _SUBJECTS))


_SUBJECTS = frozenset("hij ze zij ik we wij je jij u men er het die".split())


@functools.lru_cache(maxsize=65536)
def _word_given_name(word: str) -> bool:
    key = nm.fold(word)
    return (len(word) >= 3 and lx.first_name_frequency(word) >= 1 and key not in lx.CLOSED and key not in nm.CUE_WORDS
            and key not in nm.ORGANISATION_LEADS and not nm.is_not_name(word) and not nm.is_particle(word)
            and not lx.is_organisation(word))


@functools.lru_cache(maxsize=65536)
def _listed_nowhere(word: str) -> bool:
    """No list holds it: no given name, Dutch word, compound, organisation or cue, and Dutch does not
    use it (a village's name counts: "Avin" is one, and no village cries)."""
    key = nm.fold(word)
    return (len(word) >= 3 and not lx.first_name_frequency(word) and not lx.is_dutch_word(word)
            and not lx.is_compound(word) and not lx.looks_dutch(word) and not lx.is_organisation(word)
            and key not in lx.CLOSED and key not in nm.CUE_WORDS and key not in nm.ORGANISATION_LEADS
            and not nm.is_not_name(word) and not nm.is_particle(word) and lx.zipf(word) < lx.RARE_ZIPF
            and bool(regex.search(r"[aeiouy]", key)))


_CAPITALS_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<particles>(?:(?:VAN|DE|DEN|DER|TER|TEN|VAN DE|VAN DER|VAN DEN|EL|AL)[ \t]+)*)"
                                 r"(?P<word>\p{Lu}[\p{Lu}'’]+(?:-\p{Lu}[\p{Lu}'’]+)*)[ \t]+\Z")


def _shouted_surname_before(text: str, start: int) -> int:
    """Round fourteen: a surname in capitals written before a given name in capitals, as forms and
    registers write people ("VANDEPUTTE ROGER", "Bewoner GOOSSENS MARCEL", "VAN DAMME LUC"):
    where the name starts, past that surname and its particles."""
    before = _CAPITALS_BEFORE.search(text, max(0, start - 40), start)
    if not before or not _shouted_surname(before.group("word"), bool(before.group("particles"))):
        return start
    title = before.group("word").title()
    if lx.first_name_frequency(title) >= BARE_FREQUENCY and not lx.is_surname(title):
        return start  # "ANNA MARIA": two given names, the first found on its own
    return before.start("particles") if before.group("particles") else before.start("word")


def _short_name_with_surname(text: str, word: regex.Match) -> bool:
    """"jo vaessen", "bo claes": a two-letter given name in lower case is a name when a listed
    surname that is no Dutch word follows it. Round fourteen: so is a longer one that is also a
    Dutch word Dutch uses less than "roos", when the listed surname after it is rare in Dutch
    ("sita ramdin gebeld", "roos peeters")."""
    value = word.group()
    if (len(value) < 2 or not value.islower() or lx.first_name_frequency(value) < BARE_FREQUENCY
            or nm.is_not_name(value) or nm.is_particle(value) or lx.is_place(value) or nm.fold(value) in lx.CLOSED):
        return False
    if len(value) == 2 and lx.is_dutch_word(value):
        return False
    if len(value) > 2 and (not lx.is_dutch_word(value) or lx.zipf(value) >= WORD_NAME_ZIPF):
        return False  # not a word: bare_name decides
    nxt = _WORD.match(text, word.end() + 1) if text[word.end():word.end() + 1] == " " else None
    if len(value) > 2 and _particle_surname_after(text, word.end()):
        return True
    if nxt is None or not nxt.group().islower() or not lx.is_surname(nxt.group()) or lx.is_dutch_word(nxt.group()):
        return False
    return len(value) == 2 or lx.zipf(nxt.group()) < SURNAME_ZIPF


_LOWER_PARTICLES_AFTER = regex.compile(r"[ \t]+(?:van[ \t]+(?:de|der|den)|van|de|den|der|ter|ten)[ \t]+(?P<surname>\p{Ll}[\p{Ll}'’-]+)"
                                       r"(?![\p{L}'’-])")


def _particle_surname_after(text: str, end: int) -> bool:
    """Round twenty-four (a): "bram de vos", "aaltje de boer", "arie van dam": a lower-case given name
    that is also a Dutch word, then a surname's particle and a listed surname in lower case that Dutch
    uses less than `WORD_SURNAME_ZIPF` ("vos" 4.2, "boer" 4.5; not "tuin" 4.8, "baas" 4.7); "ik ben de
    baas" never gets here ("ben" is too common a word, `WORD_NAME_ZIPF`)."""
    after = _LOWER_PARTICLES_AFTER.match(text, end)
    surname = after.group("surname") if after else ""
    return (bool(after) and lx.is_surname(surname) and lx.zipf(surname) < WORD_SURNAME_ZIPF
            and surname_after_particle(surname))  # not "roos de tuin in", "ben de baas"


# Round fourteen: a lower-case given name that is also a Dutch word used less than this (Zipf)
# opens a full name before a listed surname Dutch hardly uses ("sita" 2.8, "roos" 4.2; "wil", "ben" are words).
WORD_NAME_ZIPF = 4.5


def line_heads(text: str) -> list[regex.Match]:
    """Where list items and handover lines start, past a bullet, a time or a room ("- k4 ")."""
    return list(_LINE_HEAD.finditer(text))


def status_after(text: str, pos: int) -> bool:
    """A status follows at `pos` (":", "(", ",", " - "): the head of a handover line ends there."""
    return bool(_STATUS.match(text, pos))


def _list_heads(text: str) -> list[Found]:
    """"- jef (k4): onrustig", "- k5 pol mertens: bloeddruk", "bolleke: at niets": the head
    of a list or handover line (after a bullet, time or room) before a status. A given
    name counts as after a form of address; so does one followed by a surname; an unknown
    word only in lower case and when it is no compound of Dutch words: a capitalised
    unknown head ("Brusano :", "Roosteruren:") is a heading far more often than a nickname."""
    found = []
    for head in _LINE_HEAD.finditer(text):
        word = _WORD.match(text, head.end())
        if not word or len(word.group()) < 3:
            continue
        value, end = word.group(), _extend(text, word.end())
        if end == word.end() and value.islower():  # "- jan koning (niet ...)": a surname that is a noun
            end = shapes.lower_surname_end(text, end) or end
        if not _STATUS.match(text, end):
            continue
        alone = end == word.end()
        if nm.is_not_name(value) or (alone and lx.is_place(value)) or lx.is_organisation(value) or nm.fold(value) in nm.CUE_WORDS:
            continue
        named = cue_name(value) if value[0].islower() else bare_name(value, False)
        surname = end > word.end() and lx.first_name_frequency(value) > 0
        unknown = (value[0].islower() and not lx.is_dutch_word(value) and lx.zipf(value) < lx.RARE_ZIPF
                   and not lx.is_compound(value))
        if value[0].islower() and not lx.first_name_frequency(value) and _LABEL.match(text, end):
            continue  # a form's field label
        if named or surname or unknown or (alone and _unknown_head(text, head, value, end)):
            found.append(Found(word.start(), word.start(), end, False))
    return found


# Round fifteen: the speaker of a chat line ("[14:02] Abrehet: ik kom later", "12-11-26 07:05 - Tesfalem: ok")
# or a line that opens with the name and a colon before a lower-case message ("Abrehet: ik kom later"),
# when the name is a word no list knows and Dutch, English and French hardly use (`_unknown_head`'s test);
# a chat's member or professional is told apart later, as for every name.
_SPEAKER = regex.compile(r"(?m)^[> \t]*(?:(?P<stamp>\[[^\]\n]{1,30}\][ \t]*"
                      r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ \t]+\d{1,2}[:.]\d{2}[ \t]*[-–][ \t]*))?"
                      r"(?P<name>\p{Lu}\p{Ll}{2,})[ \t]*:[ \t]+(?P<first>\S)")


def _speakers(text: str) -> list[Found]:
    found = []
    for match in _SPEAKER.finditer(text):
        name = match.group("name")
        if not (match.group("stamp") or match.group("first").islower()):
            continue
        # round eighteen: behind a chat's time stamp, a name Dutch text seldom uses is enough ("[14/10
        # 07:40] Nordine:", used in French text: 2.4); the chat's members and professionals are known
        if not (_unknown_name(name) or match.group("stamp") and _companion(name)):
            continue
        found.append(Found(match.start("name"), match.start("name"), match.end("name"), False))
    return found


@functools.lru_cache(maxsize=65536)
def _unknown_name(value: str) -> bool:
    return (_unknown_capitalised(value) and not lx.looks_dutch(value) and not lx.is_compound(value)
            and lx.zipf_in(value, "en") < UNKNOWN_ZIPF and lx.zipf_in(value, "fr") < UNKNOWN_ZIPF)


_BULLET = regex.compile(r"[ \t]*[-*•·][ \t]*\Z")
_HEAD_STATUS = regex.compile(r"[ \t]*(?::[ \t]*\p{Ll}|\([ \t]*\d)")


def _unknown_head(text: str, head: regex.Match, value: str, end: int) -> bool:
    """Round fourteen: "- Mulu: concentratie beter", "* Tsegay (9): slaapt slecht": a capitalised
    word that no list knows and Dutch, English and French hardly use, alone after a bullet and
    before a colon and a lower-case status or an age, is a client's given name. A heading of such a
    list is a Dutch word or compound, a place, organisation or acronym ("- Roosteruren:")."""
    return (bool(_BULLET.fullmatch(text, head.start(), head.end())) and bool(_HEAD_STATUS.match(text, end))
            and value[:1].isupper() and value[1:].islower() and _unknown_capitalised(value)
            and not lx.looks_dutch(value) and not lx.is_compound(value)
            and lx.zipf_in(value, "en") < UNKNOWN_ZIPF and lx.zipf_in(value, "fr") < UNKNOWN_ZIPF)


_MARKED_HEAD = regex.compile(r"(?m)^[ \t]*(?:[-*•·>]+[ \t]*(?:\d{1,2}[.:u]\d{2}[ \t]+)?|\d+[.)][ \t]*|\d{1,2}[.:u]\d{2}[ \t]+)"
                          r"(?:(?i:k|kamer|kr|ap|app|nr)\.?[ \t]?\d+[a-z]?[ \t:,-]+)?")


def sibling_heads(text: str, named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Round nine: "1. Sjra - Kloosterstraat 14", "2. Truuke - Sint Martinusstraat" in a list whose
    other items open with a found name: the heads of the lines of one block (no blank line
    between) that a bullet, number or time opens and a status closes. Once two heads of the
    block are found names, another head of one word that is no Dutch word, place, organisation,
    street or cue word, and rare in Dutch, is a name too (a nickname, a name no list holds)."""
    found: list[tuple[int, int]] = []
    bounds = [0, *[p for gap in regex.finditer(r"\n[ \t]*\n", text) for p in gap.span()], len(text)]
    for offset, block_end in zip(bounds[::2], bounds[1::2]):
        block = text[offset:block_end]
        heads = []
        for head in _MARKED_HEAD.finditer(block):
            word = _WORD.match(block, head.end())
            if word and _STATUS.match(block, word.end()):
                heads.append((offset + word.start(), offset + word.end(), word.group()))
        hits = [h for h in heads if any(a <= h[0] < b for a, b in named)]
        if len(hits) < 2:
            continue
        for start, end, value in heads:
            if any(a <= start < b for a, b in named) or len(value) < 3:
                continue
            if (nm.is_not_name(value) or lx.is_place(value) or lx.is_organisation(value) or lx.is_street(value)
                    or nm.STREET.match(value) or nm.ORGANISATION.match(value) or nm.fold(value) in nm.CUE_WORDS
                    or nm.fold(value) in nm.ORGANISATION_LEADS or lx.is_dutch_word(value.lower())
                    or lx.is_compound(value) or nm.role_word(value) or lx.zipf(value) >= lx.RARE_ZIPF):
                continue
            found.append((start, end))
    return found


# A form's field: a lower-case label, a colon, then a capitalised value or a number
# ("afhaalpunt: Buurthuis De Rivier", "inkomen: 1.240"); a nickname at a line's head is
# followed by what the person did ("bolleke: at niets").
_LABEL = regex.compile(r"[ \t]*:[ \t]*(?:\p{Lu}|\d)")


# "ze noemt haar kleinzoon altijd 'kiki'": a quoted word a few words after a naming verb.
_CALLED_QUOTED = regex.compile(r"(?i:\bnoem(?:t|en|de|den)\b)(?P<object>(?:[ \t]+[\p{L}'’]+){1,4}?)[ \t]+[\"“'‘«]"
                               r"(?P<name>[\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+)?)[\"”'’»]")


_PERSON_OBJECT = frozenset("hem haar hen ze zij zich zichzelf iedereen".split())
_ARTICLES = frozenset("de den het 't een".split())

# Round nineteen: a person saying what they are called, the quoted name before the verb: 'een man
# die "Papa Bakary" heet', 'zegt dat hij "Abi" heet hier', 'wil liever "Zon" genoemd worden'. A
# pronoun or "die" opens the clause and no more than two words stand between it and the quote (a
# shop "die 'Bij Ans' heet" is a place: the caller's place and organisation checks keep it).
_HEET_QUOTED = regex.compile(r"(?i:\b(?:die|hij|ze|zij|zich|hem|haar|wil|willen|liever)\b)(?:[ \t]+[\p{L}'’]+){0,2}?[ \t]+"
                             r"[\"“'‘«](?P<name>\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*)?)[\"”'’»][ \t]+"
                             r"(?i:heet|heette|genoemd[ \t]+(?:wil[ \t]+|wilde[ \t]+)?worden|genoemd[ \t]+wil)\b")


def _nicknames(text: str) -> list[Found]:
    found = []
    for match in _CALLED_QUOTED.finditer(text):
        if not any(nm.fold(w) in _PERSON_OBJECT or nm.fold(w) in nm.CUE_WORDS for w in match.group("object").split()):
            continue  # "we noemen dat 'de pauze'": not a person
        words = [w for w in _WORD.finditer(text, match.start("name"), match.end("name"))
                 if nm.fold(w.group()) not in nm.CUE_WORDS and not nm.is_particle(w.group())]
        if words and not any(nm.is_not_name(w.group()) or nm.fold(w.group()) in lx.CLOSED for w in words):
            found.append(Found(words[0].start(), words[0].start(), words[-1].end(), False))
    for match in _HEET_QUOTED.finditer(text):
        words = [w for w in _WORD.finditer(text, match.start("name"), match.end("name"))
                 if nm.fold(w.group()) not in nm.CUE_WORDS]  # 'die "Papa Bakary" heet': the name is Bakary
        if (words and nm.fold(match.group("name").split()[0]) not in _ARTICLES  # 'het café dat "De Kroon" heet'
                and not any(nm.is_not_name(w.group()) or nm.fold(w.group()) in lx.CLOSED
                            or lx.is_place(w.group()) or lx.is_organisation(w.group())
                            # a Dutch word names a group or a thing ('de groep die "Vrienden" heet')
                            or (lx.is_dutch_word(w.group().lower()) and lx.first_name_frequency(w.group()) < 1)
                            for w in words)):
            found.append(Found(words[0].start(), words[0].start(), words[-1].end(), False))
    for match in _NICKNAME.finditer(text):
        value = match.group("name")
        if (match.group("q") or not lx.is_dutch_word(value)) and not nm.is_not_name(value):
            found.append(Found(match.start("name"), match.start("name"), match.end("name"), False))
    for match in _CALLED.finditer(text):
        words = list(_WORD.finditer(text, match.start("name"), match.end("name")))
        if not match.group("q"):  # unquoted: one word, that needs an article or no Dutch use
            words = words[:1]
            if not (match.group("article") or _nickname_word(words[0].group())):
                continue
        while words and nm.fold(words[0].group()) in nm.CUE_WORDS:  # 'tante nini': the name is nini
            words = words[1:]
        if words and not any(nm.is_not_name(w.group()) or nm.fold(w.group()) in lx.CLOSED
                             or nm.fold(w.group()) in nm.CUE_WORDS for w in words):
            found.append(Found(words[0].start(), words[0].start(), words[-1].end(), False))
    return found


def _nickname_word(word: str) -> bool:
    """An unquoted nickname without an article: a word Dutch does not use ("bolleke" is rare)."""
    return not lx.is_dutch_word(word) or lx.zipf(word) < lx.RARE_ZIPF


def after_title(text: str, start: int) -> bool:
    """"Zuster Hilde", "huisarts Peeters": a professional, named by their title."""
    before = text[max(0, start - 30):start].split()  # "(dr. Van Impe)": the bracket is no part of the title
    if before and before[-1] in ("(", "["):  # "fysio (Roel)"
        before = before[:-1]
    if not before or nm.fold(before[-1].lstrip("([{\"'“‘").rstrip(".")) not in nm.TITLES:
        return False
    # "- k12 zuster godelieve: onrustig": a handover lists residents by room, so the title
    # is a retired nun's or doctor's and the name is a resident's
    line = text[text.rfind("\n", 0, start) + 1:start]
    return not ROOM_HEAD.match(line)


ROOM_HEAD = regex.compile(r"[ \t]*(?:[-*•·>]+[ \t]*)?(?i:k|kamer|kr|ap|app|nr)\.?[ \t]?\d+[a-z]?[ \t:,-]+[\p{L}.]+[ \t]+$")


def _inside_word(text: str, word: regex.Match) -> bool:
    before, after = text[word.start() - 1:word.start()], text[word.end():word.end() + 1]
    return before in ("-", "@", "/", ".") or after in ("@", "/") or (after == "." and text[word.end() + 1:word.end() + 2].isalpha())
