"""Names that the shape around them marks, where the word alone says "no name".

- an ordinary word, day, month or town right after a given name is a surname ("Bram
  April", "Gerda Mei", "Joost Mol"); a given name that is also a language or month
  before a surname-shaped word is a given name ("Frans Ploum");
- a name split across a line break by a pasted or wrapped text ("mevrouw Lakshmi\\n
  Raghunathan"): a found given name at a line's end takes a surname that opens the next;
- a name inside an e-mail address or handle ("arvind.r@outlook.com", "@sandra"): a part
  that is a name replaced elsewhere in the text, or a `first.last` address at a mail
  provider whose first part is a known given name; a member's address stays.

Each function returns (start, end) spans or (start, end, replacement); the caller turns
them into mentions and judges members, keep lists and professionals as for any other.
"""
from __future__ import annotations

from collections.abc import Iterable

import regex

from ingest import _lexicon as lx
from ingest import _names as nm

GIVEN_NAME_FREQUENCY = 3  # lexicon scale 1-13: a given name common enough to vouch for the next word
WORD_GIVEN_NAME_FREQUENCY = 5  # "Frans" (7), "Mei" (7): a word that is a common given name too

_PAIR = regex.compile(r"(?<![\p{L}\p{N}_.@/-])(?P<first>" + nm.NAME_WORD + r")[ \t]+(?P<last>" + nm.NAME_WORD
                      + r")(?![\p{L}\p{N}_@-])")
# Both lines prose: no cell separator on them, and the next line no chat speaker ("Mai:").
_BROKEN = regex.compile(r"(?m)^[^\t|;\n]*?(?<![\p{L}\p{N}_.@/-])(?P<first>" + nm.NAME_WORD + r")[ \t]*\r?\n[ \t]*(?P<last>"
                        + nm.NAME_WORD + r")(?![\p{L}\p{N}_@:-])(?![^\t|;\n]*[\t|;])")
_MAIL = regex.compile(r"(?<![\p{L}\p{N}_.+-])(?P<local>[\p{L}\p{N}][\p{L}\p{N}_.+-]*)@(?P<domain>[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)")
_HANDLE = regex.compile(r"(?<![\p{L}\p{N}_.@])@(?P<local>[\p{L}][\p{L}\p{N}_.]{1,30})(?![\p{L}\p{N}_@]|\.\p{L})")
_PIECE = regex.compile(r"\p{L}+")
# Mail providers of private persons: a first.last address there is a person's, not a
# colleague's at their employer.
PRIVATE_MAIL = frozenset("""
gmail hotmail outlook live msn yahoo icloud me telenet skynet proximus scarlet ziggo kpnmail
kpnplanet planet xs4all home hetnet chello online gmx web orange freemail caiway zeelandnet
""".split())


def _calendar_or_word(word: str) -> bool:
    return nm.is_not_name(word) or lx.is_dutch_word(word) or lx.is_place(word)


def _given_name(word: str) -> bool:
    """A known given name that is no Dutch word, or so common a given name that its word use
    ("Bram", "Margriet") does not count."""
    frequency = lx.first_name_frequency(word)
    return frequency >= WORD_GIVEN_NAME_FREQUENCY or (frequency >= GIVEN_NAME_FREQUENCY and not lx.is_dutch_word(word))


def word_surnames(text: str, member_parts: Iterable[str] = ()) -> list[tuple[int, int]]:
    """"Bram April", "Gerda Mei", "Frans Ploum": a given name and a surname that is also a
    word, a calendar word or a town. A member's given name stays out ("Ruud Vrijdag" may be
    Ruud on Friday), and so do places and organisations around the pair."""
    parts = {nm.fold(p) for p in member_parts}
    spans = []
    for m in _PAIR.finditer(text, overlapped=True):
        first, last = m.group("first"), m.group("last")
        if nm.fold(first) in parts or nm.fold(last) in parts or nm.role_word(last) or nm.role_word(first):
            continue
        if nm.fold(last) in nm.FUNCTION_WORDS or nm.fold(last) in nm.CUE_WORDS or nm.fold(last) in nm.TITLES:
            continue
        plain_first = not nm.is_not_name(first) and _given_name(first)
        if plain_first and _calendar_or_word(last) and not lx.is_place(last) \
                and (nm.is_not_name(last) or lx.first_name_frequency(last) < GIVEN_NAME_FREQUENCY):
            pass  # "Bram April", "Gerda Mei"
        elif (nm.is_not_name(first) and lx.first_name_frequency(first) >= WORD_GIVEN_NAME_FREQUENCY
              and not _calendar_or_word(last) and not lx.is_surname(first + last)
              and not nm.sentence_start(text, m.start())):
            pass  # "voor Frans Ploum"
        else:
            continue
        if nm.plausible(text, m.start(), m.end()):
            spans.append(m.span())
    return spans


# After a lower-case given name and a lower-case surname, what ends the name: punctuation,
# the line's end, or a short word a note puts after a person ("wim berg is", "albert mol ook").
_AFTER_LOWER_SURNAME = regex.compile(r"[ \t]*(?:[,:;.!?()/\n]|$|[-–][ \t])|[ \t]+(?P<next>\p{Ll}+)\b")
LOWER_SURNAME_ZIPF = lx.WORD_ZIPF + 0.5  # "koning" (5.1) is a surname after "jan"; "huis" (5.6) is not


def lower_surname_end(text: str, end: int, member_parts: Iterable[str] = ()) -> int | None:
    """Where a lower-case surname that is also a Dutch noun ends, right after a lower-case given
    name that ends at `end`: "gerda stam: boos", "wim berg is niet", "jan koning (": a bare noun
    after a name needs an article to be a thing, so a listed surname there is the surname,
    when punctuation, the line's end or a closed-class word follows it (not "jan water geven")."""
    before = regex.search(r"(\p{Ll}[\p{Ll}'’-]*)$", text[max(0, end - 40):end])
    if not before or lx.first_name_frequency(before.group(1)) < GIVEN_NAME_FREQUENCY:
        return None
    if nm.fold(before.group(1)) in {nm.fold(p) for p in member_parts}:
        return None  # "lotte visser" beside member Lotte: leave her to the member rules
    word = regex.match(r"[ \t](\p{Ll}+)(?![\p{L}\p{N}_@'’-])", text[end:end + 40])
    if not word:
        return None
    last = word.group(1)
    key = nm.fold(last)
    if (not lx.is_surname(last) or not lx.is_noun(last) or lx.zipf(last) >= LOWER_SURNAME_ZIPF
            or key in lx.CLOSED or key in nm.CUE_WORDS or nm.is_not_name(last) or nm.role_word(last)
            or lx.first_name_frequency(last) >= GIVEN_NAME_FREQUENCY):
        return None
    stop = end + word.end()
    after = _AFTER_LOWER_SURNAME.match(text, stop)
    if not after or (after.group("next") and nm.fold(after.group("next")) not in lx.CLOSED):
        return None
    return stop


def lower_surnames(text: str, spans: Iterable[tuple[int, int]], member_parts: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Found lower-case given names with such a surname after them (`lower_surname_end`)."""
    parts = list(member_parts)
    found = []
    for start, end in spans:
        stop = lower_surname_end(text, end, parts)
        if stop is not None:
            found.append((start, stop))
    return found


# Words before a calendar, language or place word that make it one: "in Mei", "spreekt Frans".
_NOT_PERSON_BEFORE = frozenset("""
in op naar uit sinds tot begin eind half medio eind het een de den spreekt spreken sprak praat
praten les lessen cursus vertaald vertalen tolk woont wonen richting via elke iedere vanaf
""".split())


def word_repeats(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Later uses of a word that a table column or a given name showed to be a surname or
    given name ("Mei", "Frans", "Vrijdag"): with its capital, as a whole word, not after a
    word that makes it a month, language or place ("in Mei", "spreekt Frans"), nor before
    a number ("Mei 2024") or inside a hyphenated compound."""
    words = {w for n in names for w in n.split() if len(w) > 2 and not nm.is_particle(w) and w[:1].isupper()
             and not w.isupper()}
    spans = []
    for word in words:
        for m in regex.finditer(r"(?<![\p{L}\p{N}_@.-])" + regex.escape(word) + r"(?![\p{L}\p{N}_@-])", text):
            before = text[max(0, m.start() - 30):m.start()].split("\n")[-1].split()  # the same line only
            after = text[m.end():m.end() + 12].split("\n")[0].split()
            if before and (before[-1].casefold() in _NOT_PERSON_BEFORE or before[-1][:1].isupper() and nm.is_particle(before[-1])):
                continue
            if after and (after[0][:1].isdigit() or nm.organisation_word(after[0].strip(".,;:!?()"))):
                continue
            spans.append(m.span())
    return spans


_INITIALS_BEFORE = regex.compile(r"(?<![\p{L}\p{N}_.])(?:\p{Lu}\.[ \t]?-?){1,3}[ \t]*$")


def initialled(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """A found name with initials before it ("A. Raghunathan", "N. De Jong", "H.J. Koster"
    in a signature or a form): the initials belong to the name and go with it."""
    found = []
    for start, end in spans:
        m = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
        if m and m.end() == start:
            found.append((m.start(), end))
    return found


def broken_names(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """"mevrouw Lakshmi\\nRaghunathan": a found one-word given name at a line's end and a
    surname-shaped word that opens the next line and is no word, calendar word or place."""
    found = {nm.fold(n) for n in names if " " not in n}
    spans = []
    for m in _BROKEN.finditer(text, overlapped=True):
        first, last = m.group("first"), m.group("last")
        if nm.fold(first) in found and not _calendar_or_word(last) and lx.first_name_frequency(last) < GIVEN_NAME_FREQUENCY:
            spans.append((m.start("first"), m.end()))
    return spans


def mail_names(text: str, names: Iterable[str], member_parts: Iterable[str],
               by_shape: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the name part of e-mail addresses and handles: the
    local part "arvind.r" becomes "a.r" when one of its pieces is a name replaced elsewhere,
    or when it is shaped first.last at a private mail provider with a known given name
    first (`by_shape`). An address with a member's name in it stays, as does "info@", "planning@"."""
    replaced = {nm.fold(w) for n in names for w in n.split() if len(w) > 2}
    members = {nm.fold(p) for p in member_parts}
    spans = []
    for m in [*_MAIL.finditer(text), *_HANDLE.finditer(text)]:
        pieces = _PIECE.findall(m.group("local"))
        keys = [nm.fold(p) for p in pieces]
        if not pieces or any(k in members for k in keys):
            continue
        domain = m.groupdict().get("domain")
        provider = domain.split(".")[-2].casefold() if domain else None
        shaped = by_shape and len(pieces) == 2 and _given_name(pieces[0]) and provider in PRIVATE_MAIL
        if any(k in replaced for k in keys) or shaped:
            local = m.group("local")
            initials = regex.sub(r"\p{L}+", lambda w: w.group()[0], local)
            spans.append((m.start("local"), m.end("local"), initials.rstrip("0123456789_.")))
    return spans


# A word glued into a compound or file name by hyphens: "het Osei-dossier",
# "verslag-wuyts-def.docx", "ontslag-dewolf-concept.pdf".
_GLUED = regex.compile(r"(?<![\p{L}\p{N}_@.])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+(?![\p{L}\p{N}_@]|-\p{L})")


def glued(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """A found name (one word of it, or a particle surname written together, "dewolf" for
    "De Wolf") as one piece of a hyphenated compound or file name whose other pieces are
    Dutch words or numbers ("het Osei-dossier", "verslag-wuyts-def.docx"), in any case, as
    file names are typed. Not where another piece is a name or place too ("Jan-Pieter",
    "Bloem-Mol": a double name is judged whole) or the compound is a place
    ("Sint-Jans-Molenbeek"), nor one whose pieces are all names found ("Gerrit-Jan")."""
    forms = set()
    for name in names:
        for group in nm.name_groups(name):
            words = [w for w in group.split() if not w.endswith(".")]
            if words and (len(words) > 1 or len(words[0]) > 2) and not all(nm.is_particle(w) for w in words):
                forms.add(nm.fold("".join(words)))
    spans = []
    for m in _GLUED.finditer(text):
        pieces = list(regex.finditer(r"[\p{L}\p{N}]+", m.group()))
        if lx.is_place(m.group()) or nm.fold(m.group()) in forms:
            continue
        hits = [p for p in pieces if nm.fold(p.group()) in forms]
        rest = [p.group() for p in pieces if p not in hits]
        # Round twenty: a compound made of found names only ("Gerrit-Jan" where a note named a
        # brother "gerrit" and a father "jan") is a double given name, judged whole elsewhere:
        # it was a member's own name, replaced piece by piece.
        if hits and rest and all(_glued_piece(p) for p in rest):
            spans += [(m.start() + p.start(), m.start() + p.end()) for p in hits]
    return spans


def _glued_piece(piece: str) -> bool:
    """A number, a Dutch word or compound ("zorgplan", "verslagje": file names are made of
    them, trace attack 8) or a file name's short tag ("def", "v2"), and no name."""
    return piece.isdigit() or (not lx.is_known_name(piece) and not lx.is_place(piece)
                               and (lx.is_dutch_word(piece) or lx.zipf(piece) >= GLUED_WORD_ZIPF or len(piece) <= 3
                                    or lx.is_compound(piece)))


GLUED_WORD_ZIPF = 3.0  # "ontslag" (4.2), which spaCy's tables lack


# Round nine: a full name of an origin no list holds ("Tesfalem Kidane op kantoor", "Xoxe Murad
# (2e bach)", "Stoica Ionuț - gevallen"). Both words are capitalised and unknown: no place,
# organisation, Dutch word or compound, hardly used in Dutch, English or French text; the first
# is no listed given name or surname either (a known given name has rules of its own).
_AFTER_NO_PERSON = frozenset("de den het 't in naar uit op te it".split())


def unknown_pairs(text: str) -> list[tuple[int, int]]:
    """Two unknown capitalised words in a row, not after an article, a preposition of place or
    a word that opens an organisation (`nm.plausible` and the title check are the caller's)."""
    found = []
    for match in _PAIR.finditer(text, overlapped=True):
        first, last = match.group("first"), match.group("last")
        if not (_unknown(first) and _unknown(last)) or lx.is_known_name(first):
            continue
        before = text[max(0, match.start() - 30):match.start()].split()
        if before and (nm.fold(before[-1]) in _AFTER_NO_PERSON or nm.fold(before[-1]) in nm.ORGANISATION_LEADS):
            continue
        found.append(match.span())
    return found


def _unknown(word: str) -> bool:
    if (len(word) < 3 or lx.is_place(word) or lx.is_organisation(word) or nm.fold(word) in nm.ORGANISATION_LEADS
            or nm.is_not_name(word) or nm.nationality_word(word) or lx.is_dutch_word(word.lower())
            or lx.zipf(word) >= 2.0 or lx.is_compound(word) or nm.STREET.match(word) or nm.ORGANISATION.match(word)
            or nm.place_compound(word)):
        return False
    return lx.zipf_in(word, "en") < 3.0 and lx.zipf_in(word, "fr") < 3.0


# Round ten: a double surname with no given name ("Gesprek met Aalst-Verbeke", "Verbeke-Van
# Acker", "Ninove-De Smet"): two name words joined by a hyphen, the second maybe after a
# capitalised particle. deduce finds most of them, but not where the first part is a town.
_NAME_PART = r"\p{Lu}(?:['’]\p{Lu}?)?\p{Ll}+"
_CAPITAL_PARTICLE = r"(?i:van(?:[ \t]+(?:der|den|de|het))?|de|den|der|ter|ten|le|la|el|al|du|da|di|von)"
_DOUBLE = regex.compile(r"(?<![\p{L}\p{N}_@./'’-])(?P<first>" + _NAME_PART + r")-(?P<second>(?:" + _CAPITAL_PARTICLE
                        + r"[ \t]+)?" + _NAME_PART + r")(?![\p{L}\p{N}_@'’-])")


def double_surnames(text: str) -> list[tuple[int, int]]:
    """"Aalst-Verbeke", "Peeters-Van Dyck", "Ninove-De Smet": a hyphenated pair whose last part
    is a surname (listed, or a word no list knows and Dutch hardly uses) and whose first part is
    a surname or a town; never a known place as a whole ("Kessel-Lo", "Baarle-Nassau"), a town
    and its part ("Gent-Sint-Pieters", "Venlo-Oost"), a double given name ("Anne-Marie") or two
    Dutch or nationality words ("Marokkaans-Nederlandse"). `nm.plausible` is the caller's."""
    found = []
    for match in _DOUBLE.finditer(text):
        first, second = match.group("first"), match.group("second")
        last = second.split()[-1]
        if lx.is_place(match.group()) or lx.is_organisation(match.group()) or lx.is_street(match.group()):
            continue
        if second[:1].islower() and lx.is_surname(first) and lx.is_surname(last) and not nm.is_not_name(first):
            found.append(match.span())  # round thirteen: "Bakker-de Vries": no place is written with "-de "
            continue
        town = lx.is_place(first)
        surnames = _surname_part(last) and (_surname_part(first) or (town and not lx.first_name_frequency(first)))
        if not surnames and not _lead_surnames(first, last):
            continue
        if (town and lx.is_place(last)) or place_shaped(last):
            continue  # "Gilze-Rijen", "Aalst-Kerrebroek": two places, or a town and a place-shaped word
        if lx.first_name_frequency(first) >= GIVEN_NAME_FREQUENCY and lx.first_name_frequency(last) >= GIVEN_NAME_FREQUENCY:
            continue  # "Jan-Willem", "Marie-Claire"
        found.append(match.span())
    return found


def _lead_surnames(first: str, last: str) -> bool:
    """Round eleven: "Bakker-Visser", "Jansen-Bakker": a listed surname that also opens a shop's
    name ("Bakker Jan Smit", round seven) is a surname where a hyphen joins it to another
    listed surname; no shop or place is written so. Both parts listed, neither a place."""
    parts = (first, last)
    return (all(lx.is_surname(w) and not lx.is_place(w) and len(w) >= 3 and not nm.is_not_name(w) for w in parts)
            and any(nm.fold(w) in nm.ORGANISATION_LEADS for w in parts)
            and all(_surname_part(w) or nm.fold(w) in nm.ORGANISATION_LEADS for w in parts))


def place_shaped(word: str) -> bool:
    """"Kapermolen", "Vechtzoom", "Stokhasselt": two Dutch words joined, a compound ending in
    a place word, or a word ending in a known place: a neighbourhood or venue, not a name
    (a listed given name or surname never counts)."""
    key = nm.fold(word)
    if lx.is_known_name(word):
        return False
    return (long_compound(key) or nm.place_compound(word)
            or any(lx.is_place(key[i:].title()) for i in range(3, len(key) - 3)))


def long_compound(key: str) -> bool:
    """Two Dutch words of four letters or more joined ("Praktijklijn"); short parts
    ("haf" + "tom") join into names by chance."""
    return any(_part(key[:i]) and _part(key[i:]) for i in range(4, len(key) - 3))


def _part(key: str) -> bool:
    return lx.is_dutch_word(key) or lx.zipf(key) >= lx.COMPOUND_PART_ZIPF


def _surname_part(word: str) -> bool:
    key = nm.fold(word)
    if (len(word) < 3 or nm.is_not_name(word) or key in nm.CUE_WORDS or key in nm.PLACE_PREFIXES
            or key in nm.ORGANISATION_LEADS or nm.nationality_word(word) or lx.is_organisation(word)
            or nm.role_word(word) or nm.STREET.match(word) or nm.ORGANISATION.match(word)):
        return False
    if lx.is_surname(word):
        return True
    return (not lx.is_place(word) and not lx.is_dutch_word(word.lower()) and lx.zipf(word) < lx.RARE_ZIPF
            and lx.first_name_frequency(word) < GIVEN_NAME_FREQUENCY and not lx.is_compound(word))
