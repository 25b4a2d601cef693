"""Client names out, before anything is stored or embedded (GDPR: a casus holds
health data about people who never agreed to be in a shared knowledge base).

A name is replaced by its initials ("mevrouw Peeters" -> "mevrouw P.",
"Els Vermeulen" -> "E. V."), so a text stays readable and one person stays one
person. Names are found by three means, and members' names are then spared:

1. a form of address or kinship word before capitalised words ("dhr. Janssens",
   "mw. de Jong", "haar zoon Dirk", "opa Karel");
2. the community's list of known client names;
3. deduce (Dutch de-identification) for any other person, minus what looks like a
   place, street or organisation ("AZ Jan Palfijn", "Sint-Jans-Molenbeek").

Then every later bare use of a found name or name part is replaced the same way
("Peeters" after "mevrouw Peeters"). Members (and authors) keep their names: their
full name always; a bare first or last name unless a form of address says it is
someone else. So beside member Marc Peeters, "mevrouw Peeters" and "Jan Peeters"
become "mevrouw P." and "J. P.", while a bare "Peeters" stays: it may be Marc, and
hiding a member's name would break "who has dealt with this before?".
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterable

import regex

from ingest import _addresses as addresses
from ingest import _columns as columns
from ingest import _informal as informal
from ingest import _lexicon as lx
from ingest import _names as nm
from ingest import _professionals as professionals
from ingest import _shapes as shapes
from models import get_deidentifier

_WS = r"[ \t\u00a0]+"
_B = r"(?<![\p{L}\p{N}_])"          # no letter, digit or _ before
_E = r"(?![\p{L}\p{N}_])"           # ... nor after
_SEQ = nm.NAME_WORD + r"(?:" + _WS + r"(?:" + nm.PARTICLE + _WS + r")*" + nm.NAME_WORD + r"){0,3}"


def _alternation(words: Iterable[str]) -> str:
    return "(?i:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


_ADDRESS = regex.compile(_B + r"(?P<cue>" + _alternation(nm.ADDRESS) + ")" + _WS
                         + r"(?P<name>(?:" + nm.PARTICLE + _WS + r")*" + _SEQ + ")" + _E)
# A surname in capitals after a form of address, as Flemish notes and forms write it
# ("mevrouw PEETERS", "De heer JANSSENS", "dhr. VAN DAMME"): NAME_WORD wants lower case
# after the capital, so _ADDRESS missed these (trace attack 10). One capitalised word, and
# a second when it is a given name or surname itself ("mevrouw ANOUK MERTENS"), so a line
# in capitals ("DE HEER JANSSENS KOMT MORGEN") gives up no more words than the name.
_CAPS_WORD = r"(?:\p{Lu}['’])?\p{Lu}{2,}(?:-\p{Lu}{2,})*"
# Initials may come between ("mevrouw T. PEETERS", "dhr. J.M. DE WIT": late attack 10).
_ADDRESS_CAPS = regex.compile(_B + r"(?P<cue>" + _alternation(nm.ADDRESS) + ")" + _WS
                              + r"(?:(?:\p{Lu}\.[ \t]?){1,3}[ \t]*)?"
                              + r"(?P<name>(?:" + nm.PARTICLE + _WS + r")*" + _CAPS_WORD + r")"
                              + r"(?P<more>" + _WS + _CAPS_WORD + r")?" + _E)
# The same after a kinship or neighbour word ("buurman BAKKER belde", "zoon KEVIN"; probe 13),
# where a short unknown word is no one: "de man CVA", "kind COVID" (_kin_caps_name).
_KIN_CAPS = regex.compile(r"(?<![\p{L}\p{N}_'])(?P<cue>" + _alternation(nm.KIN) + ")" + _WS
                          + r"(?P<name>(?:" + nm.PARTICLE + _WS + r")*" + _CAPS_WORD + r")"
                          + r"(?P<more>" + _WS + _CAPS_WORD + r")?" + _E)
_KIN = regex.compile(r"(?<![\p{L}\p{N}_'])(?P<cue>(?:" + _alternation(nm.POSSESSIVES) + _WS
                     + _alternation(nm.POSSESSIVE_KIN) + r")|" + _alternation(nm.KIN) + ")"
                     + _WS + r"(?P<name>" + _SEQ + ")" + _E)


@dataclass(frozen=True)
class Pseudonymised:
    """The text to store, which names were replaced by what (distinct pairs, in order
    of first use), how many mentions were replaced, and the name-like words that were
    kept and why (distinct (text, reason) pairs: a member, a place or organisation, the
    community's keep list, a public document's professionals), for the preview."""

    text: str
    replacements: list[tuple[str, str]]
    count: int
    kept: list[tuple[str, str]] = field(default_factory=list)


# Why a name-like word stayed (shown in the preview and the upload report, in Dutch).
KEPT_MEMBER, KEPT_PLACE, KEPT_LIST, KEPT_PUBLIC = "lid", "plaats of organisatie", "bewaarlijst", "openbaar document"
KEPT_PROFESSIONAL = "beroepskracht"
KEPT_PET = "huisdier"


@dataclass(frozen=True)
class Mention:
    """One name to replace: text[name_start:end] becomes `replacement`; text[start:name_start]
    is the form of address or kinship word before it, which stays."""

    start: int
    name_start: int
    end: int
    name: str
    replacement: str
    addressed: bool
    source: str


def pseudonymise(text: str, members: Iterable[str] = (), known_clients: Iterable[str] = (),
                 use_model: bool = True, keep: Iterable[str] = (), public: bool = False) -> Pseudonymised:
    """Replace client names in `text` by initials; members' names stay, and so do the
    community's `keep` list (places, organisations, projects).

    `use_model` adds deduce's person names (needs deduce; raises models.ModelError
    if it is missing, so a missing install never silently lets names through).
    `public`: a programme, presentation or publication names professionals, so only
    names after a form of address or kinship word and known client names are replaced.
    """
    mentions, kept = find_all(text, members, known_clients, use_model, keep, public)
    pieces, pos = [], 0
    pairs: dict[tuple[str, str], None] = {}   # an ordered set of (original, replacement)
    for m in mentions:
        pieces += [text[pos:m.name_start], m.replacement]
        pairs.setdefault((text[m.start:m.end], text[m.start:m.name_start] + m.replacement), None)
        pos = m.end + _doubled_stop(text, m)
    return Pseudonymised("".join(pieces) + text[pos:], list(pairs), len(mentions), kept)


def pseudonymise_document(title: str | None, text: str, members: Iterable[str] = (),
                          known_clients: Iterable[str] = (), use_model: bool = True,
                          keep: Iterable[str] = (), public: bool = False
                          ) -> tuple[str | None, Pseudonymised]:
    """A document's title and body, as ingest stores them: names found in the body are
    replaced in the title too ("Casus mevrouw Peeters"); the result counts both."""
    members, known_clients, keep = list(members), list(known_clients), list(keep)
    body = pseudonymise(text, members, known_clients, use_model, keep, public)
    if not title:
        return title, body
    found = [original for original, _ in body.replacements]
    head = pseudonymise(title, members, [*known_clients, *found], use_model, keep, public)
    pairs = list(dict.fromkeys(body.replacements + head.replacements))
    kept = list(dict.fromkeys(body.kept + head.kept))
    return head.text, Pseudonymised(body.text, pairs, body.count + head.count, kept)


def _doubled_stop(text: str, m: Mention) -> int:
    """"mevrouw Peeters." -> "mevrouw P." rather than "mevrouw P..": skip the text's full stop."""
    after = text[m.end:m.end + 3]
    return 1 if m.replacement.endswith(".") and after[:1] == "." and after != "..." else 0


def find_mentions(text: str, members: Iterable[str] = (), known_clients: Iterable[str] = (),
                  use_model: bool = True, keep: Iterable[str] = (), public: bool = False) -> list[Mention]:
    """The client-name mentions in `text`, non-overlapping and in order (the evaluation
    scores these spans; `pseudonymise` replaces them)."""
    return find_all(text, members, known_clients, use_model, keep, public)[0]


def find_all(text: str, members: Iterable[str] = (), known_clients: Iterable[str] = (),
             use_model: bool = True, keep: Iterable[str] = (), public: bool = False
             ) -> tuple[list[Mention], list[tuple[str, str]]]:
    """(the mentions to replace, the name-like words kept and why)."""
    members = list(members)
    people, known = nm.Members.of(members), [n for n in (_strip_cue(k) for k in known_clients) if n]
    spared, listed = _member_spans(text, people), _listed_spans(text, keep)
    kept: dict[tuple[str, str], None] = {}
    informal_found = [_before_a_venue(text, f) for f in informal.find(text)]
    cued = [*_cued(text, _ADDRESS, "address"), *_cued_capitals(text), *_cued(text, _KIN, "kin"), *_informal_cued(text, informal_found),
            *(_mention(text, s, s, e, "kin") for s, e in professionals.whose_clients(text))]
    staff, staff_spans = _professionals(text, cued, known, members)
    spared = [*spared, *staff_spans]
    found = [*cued, *_known(text, known)]
    layout = columns.name_spans(text)  # also where a name split at a tab may go on (within_cells)
    guessed = (_informal_bare(text, informal_found, people, kept) + _initialled(text)
               + (_model(text, people, kept) if use_model else [])
               + [_mention(text, s, s, e, "shape") for s, e in shapes.word_surnames(text, people.parts)]
               + [_mention(text, s, s, e, "shape") for s, e in [*shapes.unknown_pairs(text), *shapes.double_surnames(text)]
                  if not informal.after_title(text, s) and nm.plausible(text, s, e, gazetteer=not _LOWER_PARTICLE_DOUBLE.search(text, s, e))
                  and not _members_surnames(text[s:e], people) and not _members_joined(text, s, e, people)]
               + [_mention(text, s, s, e, "layout") for s, e in layout]
               + [_mention(text, s, s, e, "casus") for s, e in _case_subjects(text, people)])
    if public:
        kept.update(((m.name, KEPT_PUBLIC), None) for m in guessed)
    else:
        found += guessed
    accepted = _accept(text, _leftmost_longest(columns.within_cells(text, found, layout)), people, spared, listed, kept, staff)
    scanned: dict[str, list[Mention]] = {}  # each name form is looked for once per text
    for _ in range(3):  # "Ramdin" finds "Rakesh Ramdin", which finds a bare "Rakesh"
        repeats = (_repeats(text, [m.name for m in accepted] + known, people, scanned)
                   + _aliases(text, accepted) + _coordinated(text, accepted) + _quoted(text, accepted)
                   + _inverted(text, accepted) + _pet_forms(text, accepted, people) + _columns(text, accepted)
                   + _shaped(text, accepted, people, public))
        grown = _leftmost_longest(accepted + _accept(text, columns.within_cells(text, repeats, layout),
                                                     people, spared, listed, kept, staff))
        if grown == accepted:
            break
        accepted = grown
    accepted = _leftmost_longest(_nicknamed(text, accepted) + _tagged(text, accepted))
    accepted = _outside_organisations(text, [m for m in (_before_van_a_service(text, m, kept) for m in accepted) if m], kept)
    accepted = _in_tokens(text, [_before_a_locative_place(text, m) for m in accepted], known, people)
    return accepted, _distinct_kept(kept, accepted)


# Round twenty-four (b): an organisation the list knows (`data/organisations.txt`) was still replaced
# when a rule that trusts no gazetteer found it: a table's column ("via Leger des Heils" -> "Heils"),
# a line's layout ("Nicole, Juridisch Loket", "bezwaar Belastingdienst"), deduce inside a web shop's
# name ("Bol.com" -> "Bol"); and a branch written after a known organisation was read as a person
# ("GGZ Midden-Holland", "UZ Leuven Gasthuisberg", "Rode Kruis Jettebos"). Such a stretch is cut out
# of every mention that is not addressed ("mevrouw Zeeman" stays a person) and not a known client.
# Left out on purpose: list entries that open with a common given name ("Jan Linders", "Bart Smit":
# a client may be called so) or hold a form of address or kinship word ("Tante Louise"), and
# one-word entries that are a listed surname or given name ("Zeeman", "Bouman", "Aldi", "Jessa").
_ORGANISATION_TOKEN = regex.compile(r"(?<![\p{L}\p{N}_@./-])\p{L}[\p{L}\p{N}'’&-]*(?:\.(?:com|nl|be|eu|org))?"
                                    r"(?![\p{L}\p{N}_@-]|\.\p{L})")
_BRANCH = regex.compile(r"[ \u00a0]+(?P<word>\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)*)")
BRANCH_WORDS = 2  # capitalised words a branch may have ("UZ Leuven" + "Gasthuisberg")
BRANCH_NAME_FREQUENCY = 1  # a word after the organisation that is a given name this common is someone


def _outside_organisations(text: str, accepted: list[Mention], kept: dict) -> list[Mention]:
    spans = _organisation_spans(text)
    if not spans:
        return accepted
    result = []
    for m in accepted:
        if m.addressed or m.source in ("known", "address", "kin", "token"):
            result.append(m)
            continue
        words = list(nm.WORD.finditer(text, m.name_start, m.end))
        outside = [w for w in words if not any(a <= w.start() and w.end() <= b for a, b in spans)]
        if len(outside) == len(words):
            result.append(m)
        elif not outside:
            kept[(m.name, KEPT_PLACE)] = None
        elif outside == words[:len(outside)] or outside == words[-len(outside):]:
            # a name before or after the organisation stays a name, the organisation does not
            start, end = outside[0].start(), outside[-1].end()
            result.append(_mention(text, m.start if start == m.name_start else start, start, end, m.source))
        else:
            result.append(m)
    return result


# Round twenty-four (b): notes typed in lower case name a person and the service they are from
# ("nele van de psd", "sarah van ldc", "madame lejeune van het psms", "meneer kuijpers van
# volkshuisvesting", "mevr. de boer van ouder-kindteam"), and the rules took the service as the
# end of a "van" surname. After "van" (and an article), a lower-case word no list holds as a
# surname is the service when it is an acronym (no vowel: "psd", "cbr") or built as an
# organisation's or an abstract noun ("-team", "-dienst", "-zorg"; "-ing", "-heid"): "van de velde",
# "van den broek", "van de leemput" are surnames and stay.
_VAN_SERVICE = regex.compile(r"(?:^|[ \t]+)van(?:[ \t]+(?:de|der|den|het|'t))?[ \t]+(?P<word>\p{Ll}[\p{Ll}-]*)$")
_ABSTRACT_ENDINGS = ("heid", "iteit", "ing", "isme", "atie", "schap")


def _before_van_a_service(text: str, m: Mention, kept: dict) -> Mention | None:
    if m.source in ("known", "token"):
        return m
    tail = _VAN_SERVICE.search(text[m.name_start:m.end])
    if not tail:
        return m
    word = tail.group("word")
    last = word.split("-")[-1]
    if lx.is_surname(word) or lx.is_surname(last) or not (
            not regex.search(r"[aeiouy]", word) and len(word) <= 5
            or nm.ORGANISATION.match(last) or last.endswith(_ABSTRACT_ENDINGS)):
        return m
    cut = m.name_start + tail.start()
    if cut <= m.name_start:
        kept[(m.name, KEPT_PLACE)] = None
        return None
    return _mention(text, m.start, m.name_start, cut, m.source, m.addressed)


def _organisation_spans(text: str) -> list[tuple[int, int]]:
    """Where `data/organisations.txt` names an organisation in `text`, with a branch after it;
    entries a client may be named after are left out (`_safe_organisation`)."""
    spans = [match.span() for match in lx.known_organisations_pattern().finditer(text)
             if _safe_organisation(match.group())]
    for match in _ORGANISATION_TOKEN.finditer(text):
        word = match.group()
        if "." in word or not any(a <= match.start() < b for a, b in spans):
            if lx.is_organisation(word) and _safe_organisation(word):
                spans.append(match.span())
    return [(start, _branch_end(text, end)) for start, end in spans]


def _safe_organisation(name: str) -> bool:
    words = name.split()
    if any(nm.fold(w) in nm.CUE_WORDS for w in words):
        return False
    if len(words) > 1:
        return lx.first_name_frequency(words[0]) < 3
    return "." in name or not lx.is_known_name(name)


def _branch_end(text: str, end: int) -> int:
    """"GGZ Midden-Holland", "UZ Leuven Gasthuisberg": capitalised words after an organisation in
    the same cell (a space, never a tab: "Familiehulp<TAB>Demer Rosa" is a client in the next
    column) name its branch, unless one is a given name or a surname no list holds as a place
    ("via Kruidvat Jeroen Peeters" is someone)."""
    for _ in range(BRANCH_WORDS):
        after = _BRANCH.match(text, end)
        if not after:
            break
        word = after.group("word")
        if not lx.is_place(word) and (lx.first_name_frequency(word) >= BRANCH_NAME_FREQUENCY or lx.is_surname(word)
                                      or nm.fold(word) in nm.CUE_WORDS or nm.is_particle(word)):
            break
        end = after.end()
    return end


# Round twenty-two: "zus Naila in Den Haag", "broer Gerrit uit Den Helder": "in den", "uit de"... are
# surname particles ("In den Bosch", "Uit den Bogaard"), so a name ran on through the town where
# the person lives. Before a known place they say where; the name ends before them.
_LOCATIVE_TAIL = regex.compile(r"[ \t]+(?i:in|uit|op|vanuit)[ \t]+(?P<place>(?:(?i:de|den|het|'t)[ \t]+)?\p{Lu}[\p{L}'’-]*"
                               r"(?:[ \t]+\p{Lu}[\p{L}'’-]*)?)$")


def _before_a_locative_place(text: str, m: Mention) -> Mention:
    tail = _LOCATIVE_TAIL.search(text, m.name_start, m.end)
    if not tail or tail.start() <= m.name_start or not lx.is_place(tail.group("place")):
        return m
    return _mention(text, m.start, m.name_start, tail.start(), m.source, m.addressed)


# Round twenty-two: an intervision report's "Casus Marc: Mbuyi." names whose case a member brings in
# (member Marc, client Mbuyi); over the seen files every such line named a client after the colon,
# but a name no list holds, or one made of a Dutch word and a surname ("Casus Esra: Hoop Biharie"),
# was left. Not "Inbreng Hilde: Familiehulp": after "inbreng" an organisation or a topic follows as often.
_CASE_SUBJECT = regex.compile(r"(?<![\p{L}\p{N}_'’-])(?i:casus)[ \t]+(?P<who>\p{Lu}[\p{L}'’-]+)[ \t]*:[ \t]*"
                              r"(?P<names>" + nm.NAME_WORD + r"(?:[ \t]+" + nm.NAME_WORD + r"){0,2}"
                              r"(?:[ \t]*/[ \t]*" + nm.NAME_WORD + r"(?:[ \t]+" + nm.NAME_WORD + r"){0,2})?)"
                              r"(?=[ \t]*(?:[.,:;(/]|[-–—][ \t]|$))", regex.MULTILINE)


def _case_subjects(text: str, people: nm.Members) -> list[tuple[int, int]]:
    found = []
    for match in _CASE_SUBJECT.finditer(text):
        if not (people.protects(match.group("who"), False) or _first_name(match.group("who"))):
            continue
        for run in regex.finditer(r"[^/]+", match.group("names")):
            words = run.group().split()
            if any(lx.is_place(w) or lx.is_organisation(w) or nm.fold(w) in nm.ORGANISATION_LEADS or nm.is_not_name(w)
                   or nm.fold(w) in nm.CUE_WORDS or nm.role_word(w) or nm.fold(w) in lx.CLOSED for w in words):
                continue
            if all(lx.is_dutch_word(w.lower()) and not lx.is_known_name(w) for w in words):
                continue  # "Casus Jan: Thuiszorg" is a topic
            start = match.start("names") + run.start() + (len(run.group()) - len(run.group().lstrip()))
            found.append((start, start + len(run.group().strip())))
    return found


# Round fourteen: a capitalised adjective before a found given name is part of a nickname
# ("Kleine Jos", "Dikke Bertha", "Rooie Ria"): it went on naming the person after the name was replaced.
_NICKNAME_ADJECTIVES = frozenset("""kleine grote dikke lange rooie rosse zwarte witte blonde kale stille gekke dolle
ouwe oude jonge mooie rare brave vieze""".split())
_ADJECTIVE_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<word>\p{Lu}\p{Ll}+)[ \t]+\Z")


def _nicknamed(text: str, accepted: list[Mention]) -> list[Mention]:
    result = []
    for m in accepted:
        before = _ADJECTIVE_BEFORE.search(text, max(0, m.name_start - 20), m.name_start)
        if (before and m.start == m.name_start and nm.fold(before.group("word")) in _NICKNAME_ADJECTIVES
                and " " not in m.name and _first_name(m.name)):
            m = _mention(text, before.start("word"), before.start("word"), m.end, m.source, m.addressed)
        result.append(m)
    return result


def _tagged(text: str, accepted: list[Mention]) -> list[Mention]:
    """A hashtag or mail domain that glues a replaced name to other words
    ("#mevrouwdevries", "kevin@degrootbouw.nl") becomes that name's initials (tests/security/test_client_messages.py)."""
    by_name = {m.name: m.replacement for m in accepted}
    return [Mention(start, start, end, text[start:end], _in_a_word(by_name[name]) if text[start - 1] == "@"
                    else by_name[name], False, "hashtag")
            for start, end, name in informal.hashtags_holding(text, by_name)
            if not any(m.start <= start < m.end for m in accepted)]


def _in_tokens(text: str, accepted: list[Mention], known: list[str], people: nm.Members) -> list[Mention]:
    """Round sixteen (b): the found names inside web addresses, paths and file names, and a name
    after a form of address glued into one ("foto_mevr_de_smet.jpg"), become their initial letter
    without a dot, so the token stays one ("facebook.com/f.e"; ingest/_addresses.py). They
    replace what the other rules made of the same span ("verslag_J._maart.docx")."""
    spans = addresses.names_in_tokens(text, [m.name for m in accepted] + known, people.parts)
    if not spans:
        return accepted
    inside = [m for m in accepted if not any(m.start < e and m.end > s for s, e, _ in spans)]
    return sorted(inside + [Mention(s, s, e, text[s:e], r, False, "token") for s, e, r in spans],
                  key=lambda m: m.start)


def _in_a_word(replacement: str) -> str:
    """Initials as a mail domain can hold them ("K. D." -> "K.D")."""
    return replacement.replace(" ", "").rstrip(".")


# Round eleven: "Hendriks-de Vries": a hyphen and a lower-case particle open the second part of a
# double surname; no place is written so, so the gazetteer ("Vries" is a village) does not count.
_LOWER_PARTICLE_DOUBLE = regex.compile(r"\p{L}-(?:de|den|der|van|van de|van den|van der|ter|ten|te)[ \t]+\p{Lu}")


_WORD_BEFORE = regex.compile(r"(?<![\p{L}'’-])(\p{L}[\p{L}'’-]*)[ \t]+\Z")  # the word before, on the same line


def _members_joined(text: str, start: int, end: int, people: nm.Members) -> bool:
    """Round eleven: "Lien Baeten-Wouters" for member Lien Baeten: the double surname after a
    member's given name is that member's married name (`nm.Members._joined_surname`)."""
    given = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return bool(given) and people.protects(f"{given.group(1)} {text[start:end]}", False)


def _members_surnames(name: str, people: nm.Members) -> bool:
    """"Overleg met Deprez-Verbeke" where Deprez and Verbeke are members' surnames: a double
    surname of members' surnames only is a member's (a bare member's surname stays, and round
    ten's double surnames replaced it; round ten's privacy probe)."""
    words = [w for w in regex.split(r"[-\s]+", name) if w and not nm.is_particle(w)]
    return len(words) >= 2 and all(nm.fold(w) in people.parts and nm.fold(w) not in people.given for w in words)


def _columns(text: str, accepted: list[Mention]) -> list[Mention]:
    """The other names in a table column or a slash-split list line that already holds found
    names (ingest._columns)."""
    named = [(m.name_start, m.end) for m in accepted]
    # a column's own spread never counts towards its two found names (round ten: the remarks
    # that a column of remarks gave would otherwise open it to the spread of every word)
    found = [(m.name_start, m.end) for m in accepted if m.source != "table"]
    return [_mention(text, s, s, e, "table")
            for s, e in [*columns.spread_columns(text, found), *columns.spread_items(text, named),
                         *informal.sibling_heads(text, named)]
            if not (_ONE_WORD_BRACKETS.fullmatch(text, max(0, s - 2), min(len(text), e + 2))
                    or _ONE_WORD_BRACKETS.fullmatch(text, max(0, s - 1), min(len(text), e + 1)))
            or not _a_place_like_the_others(text, text[s:e])]


def _shaped(text: str, accepted: list[Mention], people: nm.Members, public: bool = False) -> list[Mention]:
    """A found name split across a line break, and found names inside e-mail addresses (in a
    public document only those of names found, not every private-looking address)."""
    names = [m.name for m in accepted]
    structural = [m.name for m in accepted if m.source in ("layout", "shape")]
    return ([_mention(text, s, s, e, "shape") for s, e in shapes.broken_names(text, names)]
            + [_mention(text, s, s, e, "repeat") for s, e in shapes.word_repeats(text, structural)]
            + [_mention(text, s, s, e, "shape") for s, e in shapes.initialled(text, [(m.name_start, m.end) for m in accepted])]
            + [_mention(text, s, s, e, "shape") for s, e in shapes.glued(text, names)]
            + [_mention(text, s, s, e, "shape") for s, e in shapes.lower_surnames(
                text, [(m.name_start, m.end) for m in accepted if m.name.islower() and " " not in m.name], people.parts)]
            + [Mention(s, s, e, text[s:e], r, False, "mail") for s, e, r in shapes.mail_names(text, names, people.parts, not public)])


def _distinct_kept(kept: dict, accepted: list[Mention]) -> list[tuple[str, str]]:
    """Kept names minus those replaced elsewhere and those inside a longer kept name
    ("Tom" beside "Tom Wouters")."""
    replaced = {nm.fold(m.name) for m in accepted}
    keys = [nm.fold(name) for name, _ in kept]
    return [(name, why) for (name, why), key in zip(kept, keys) if key not in replaced
            and not any(key != other and f" {key} " in f" {other} " for other in keys)]


_ALIAS_AFTER = regex.compile(r"[ \t]*\([ \t]*(?P<inner>[^()\n]{1,60})\)")
_ALIAS_BEFORE = regex.compile(r"(?P<word>[\p{L}'’-]+)[ \t]*\([ \t]*$")


def _aliases(text: str, accepted: list[Mention]) -> list[Mention]:
    """A name and, in brackets, another name for the same person: "mw bloem-mol (roos)",
    "maman beatrice (mbuyi)", "Bolleke (Marcel, zijn buurman)". Once one side is found, the
    other is a name too when it has a name's shape (no Dutch word, place or organisation)."""
    found = []
    for m in accepted:
        after = _ALIAS_AFTER.match(text, m.end)
        if (after and not _names_where(after.group("inner")) and not _a_neighbourhood(after.group("inner"))
                and not _a_place_like_the_others(text, after.group("inner"))
                and not _works_at(m.name, after.group("inner"))):
            start = after.start("inner")
            words = list(nm.WORD.finditer(text, start, after.end("inner")))
            if regex.match(r"[ \t]*\d+[ \t]*\p{Ll}+\b", after.group("inner")):
                continue  # "baby Djamila (4 mnd)", "(14 jr)": an age and its unit, no other name
            end = _alias_end(text, words)
            if end and nm.plausible(text, words[0].start(), end, gazetteer=False):  # not "(Jacob Catsstraat)"
                found.append(_mention(text, words[0].start(), words[0].start(), end, "alias"))
        before = _ALIAS_BEFORE.search(text, max(0, m.start - 40), m.start)
        # round twelve: not the name of a firm or venue before the brackets ("Taxi Verlinden (Ronny)",
        # "huisartsenpraktijk De Linde (Peeters, ...)": who answered for it)
        if (before and _alias_word(before.group("word")) and not _job_after(text, m.end)
                and not nm.after_organisation_lead(text, before.start("word"))):
            found.append(_mention(text, before.start("word"), before.start("word"), before.end("word"), "alias"))
    return found


_JOB_AFTER = regex.compile(r"[ \t]*,[ \t]*(?P<job>[^()\n,]{2,50})\)")


def _job_after(text: str, end: int) -> bool:
    """"Lefier (Margriet, woonconsulent)", "Crisisdienst Noord (Marco, sociaal psychiatrisch
    verpleegkundige)": a name in brackets followed by a job says who answered for the
    organisation before the brackets; that word is no other name for the same person."""
    after = _JOB_AFTER.match(text, end)
    return bool(after) and any(nm.role_word(w) or nm.fold(w) in nm.TITLES or nm.fold(w) in nm.ROLE_WORDS
                               for w in after.group("job").split())


# A short quoted phrase: '"de kapitein" (k18, dhr verhulst)', '"Kleine Jopie" van de ...'.
_QUOTED = regex.compile(r"[\"“”'‘’«](?P<inner>(?:(?i:de|den|het|'t)[ \t]+)?[\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+){0,2})[\"“”'’»]")
_ARTICLES = frozenset(("de", "den", "het", "'t"))


def _quoted(text: str, accepted: list[Mention]) -> list[Mention]:
    """Nicknames in quotes: a quoted phrase of one to three words right before brackets that
    name a found client ('"de kapitein" (k18, dhr verhulst)', '"bolleke" (mevr de cock)'),
    and a quoted phrase of capitalised words that holds a found name ('"Kleine Jopie"'): the
    whole phrase is the name, less a leading article."""
    found, heads = [], {h.end() for h in informal.line_heads(text)}
    for quote in _QUOTED.finditer(text):
        inner_start, inner_end = quote.span("inner")
        words = list(nm.WORD.finditer(text, inner_start, inner_end))
        while words and nm.fold(words[0].group()) in _ARTICLES:
            words = words[1:]
        if not words or any(nm.fold(w.group()) in lx.CLOSED or nm.is_not_name(w.group()) for w in words):
            continue
        bracket = regex.match(r"[ \t]*\(([^()\n]{1,60})\)", text[quote.end():])
        named_inside = bracket and any(quote.end() < m.start and m.end <= quote.end() + bracket.end() for m in accepted)
        holds_name = all(w.group()[:1].isupper() for w in words) and any(
            m.name_start >= inner_start and m.end <= inner_end for m in accepted)
        listed = quote.start() in heads and informal.status_after(text, quote.end())  # '- k12 "de professor": onrustig'
        if named_inside or holds_name or listed:
            found.append(_mention(text, words[0].start(), words[0].start(), words[-1].end(), "alias"))
    return found


_DIMINUTIVE = regex.compile(r"(?:ke|je|tje|ie|ske)$")


def _works_at(name: str, inner: str) -> bool:
    """"Sofie Van Hove (Stuvo)", "An Martens (Who Cares)": after a given name and a surname, one
    to three capitalised words in brackets that open with no given name or pet form are where
    the person works, not another name for them ("Marcel Peeters (Bolleke)", "(Rocky)" are)."""
    words, inside = name.split(), [w.strip(".,;:") for w in inner.split()]
    return (len(words) >= 2 and _first_name(words[0]) and 1 <= len(inside) <= 3
            and all(w[:1].isupper() for w in inside) and not _first_name(inside[0])
            and not _DIMINUTIVE.search(inside[0]) and not lx.is_surname(inside[0]))


def _a_neighbourhood(inner: str) -> bool:
    """"mevr vanhoyland (Kapermolen)", "mw de Boer (Vechtzoom)": one capitalised word in
    brackets shaped like a place says where someone lives."""
    words = inner.strip().split()
    return len(words) == 1 and words[0][:1].isupper() and informal.place_shaped(words[0].strip(".,;:"))


_ONE_WORD_BRACKETS = regex.compile(r"\([ \t]*(?P<word>\p{Lu}[\p{L}'’-]+)[ \t]*\)")


def _a_place_like_the_others(text: str, inner: str) -> bool:
    """"Kidane, Tesfalem (Selwerd)", "Alhassan Mahmoud (Paddepoel)", "Abdi Farah, Hodan
    (Beijum)": where a text puts two or more known places or streets in one-word brackets, another
    capitalised word in such brackets that no list knows as a given name, surname or Dutch word
    is a place too (a neighbourhood in no list), not another name for the person before it."""
    word = inner.strip()
    if (" " in word or not regex.fullmatch(nm.NAME_WORD, word) or lx.is_known_name(word)
            or lx.is_dutch_word(word.lower())):
        return False
    known = {m.group("word") for m in _ONE_WORD_BRACKETS.finditer(text)
             if lx.is_place(m.group("word")) or lx.is_street(m.group("word")) or nm.STREET.match(m.group("word"))}
    return len(known) >= 2


def _names_where(inner: str) -> bool:
    """Brackets after a name that say where someone works or lives ("Tina Van Roy (Zomerspoor
    Herentals)", "(Who Cares, Leuven)"): a known place, organisation or organisation word."""
    words = [w.strip(".,;:!?") for w in inner.split()]
    return any(w[:1].isupper() and not _first_name(w)  # "(fons)", "(Roos)": a name, even where a village has it
               and (lx.is_place(w) or lx.is_organisation(w) or nm.fold(w) in nm.ORGANISATION_LEADS) for w in words)


# "jurensley en shakira", "grace? nee, glody", "anouar, samira": a word joined to a found
# name by "en", "of", "+", "&", a comma, or a correction ("? nee,"), is a name too when it
# has a name's shape (for a word in lower case: no Dutch word, rare, no compound).
# "Menten (Kermt), Swinnen (Kiewitstraat)", "Zofia (9) en Kuba (6)": a list whose items carry
# details in brackets; past a bracket only a word that has brackets of its own or ends the
# line is another item ("tonio (antonio fortes), Kaapverdiaan, 79" describes him).
_BRACKETS = r"(?P<brackets>[ \t]*\([^()\n]{1,60}\))?"
_PARALLEL = regex.compile(r"[ \t]*(?:\(|$)", regex.MULTILINE)
_JOINED_AFTER = regex.compile(_BRACKETS + r"(?:[ \t]*(?:,|\+|&)[ \t]*|[ \t]+(?:en|of)[ \t]+"
                              r"|\?+[ \t]*(?:[-—–][ \t]*)?(?i:nee|neen|sorry)[,:]?[ \t]+(?:[-—–][ \t]*)?)"
                              r"(?P<word>[\p{L}'’]+(?:-[\p{L}'’]+)*)(?![\p{L}'’-]|\.[\p{L}\p{N}])")
# Never a file extension or a domain ("notities.docx en Yilmaz", "zorgpunt.org en Yilmaz").
_JOINED_BEFORE = regex.compile(r"(?<![\p{L}'’-]|[\p{L}\p{N}]\.)(?P<word>[\p{L}'’]+(?:-[\p{L}'’]+)*)" + _BRACKETS +
                               r"(?:[ \t]*(?:,|\+|&)[ \t]*|[ \t]+(?:en|of)[ \t]+)$")


def _item_start(text: str, pos: int) -> bool:
    """`pos` opens a list item: a line's start, or after a separator or "en", "of"."""
    prev = text[:pos].rstrip(" \t\u00a0")
    return not prev or prev[-1] in "\n,:;|-•*+&" or prev.endswith((" en", " of"))


def _coordinated(text: str, accepted: list[Mention]) -> list[Mention]:
    """Names listed or corrected beside a found name (see _JOINED_AFTER)."""
    found = []
    for m in accepted:
        after = _JOINED_AFTER.match(text, m.end)
        if after and after.group("brackets") and not _PARALLEL.match(text, after.end()):
            after = None
        before = _JOINED_BEFORE.search(text, max(0, m.start - 80), m.start)
        if before and before.group("brackets") and not _item_start(text, before.start("word")):
            before = None  # "Elke Plovie (UCLL) en Tina": "Plovie" ends a name, it is no item of its own
        lower = m.name.islower() and " " not in m.name  # "job en maria hebben geholpen": a chat in lower case
        given = " " not in m.name and m.name[:1].isupper() and lx.first_name_frequency(m.name) > 0
        if after and _where_after_a_full_name(text, m, after):
            after = None
        for match in filter(None, [after, before]):
            start, end = match.span("word")
            word = match.group("word")
            if lower and word.islower() and informal.coordinated_name(word) and nm.plausible(text, start, end, gazetteer=False):
                found.append(_mention(text, start, start, end, "joined"))
            elif _joined_word(word, nm.sentence_start(text, start)) and nm.plausible(text, start, end):
                found.append(_mention(text, start, start, end, "joined"))
            elif given and _given_word(word) and nm.plausible(text, start, end):
                found.append(_mention(text, start, start, end, "joined"))  # round fourteen: "Storm en Sky"
    return found


# Round twenty-two: "mevr. Godelieve Van Hecke, Goeferdingen:", "weduwe van Hendrik Zwart, Brunnepe.":
# after a person named in full, one capitalised word alone after a comma that no list holds as a given
# name is where they live (a hamlet or district no list holds), not another person: a list of people
# names the next one by a given name, or in two words.
_ITEM_END = regex.compile(r"[ \t]*(?:[:;.,(\n]|[-–—][ \t]|$)")


def _where_after_a_full_name(text: str, m: Mention, after: regex.Match) -> bool:
    word = after.group("word")
    if after.group("brackets") or "," not in text[m.end:after.start("word")] or not word[:1].isupper():
        return False
    if word.isupper() or lx.first_name_frequency(word) > 0 or not _ITEM_END.match(text, after.end("word")):
        return False
    words = m.name.split()
    return len(words) >= 2 and _first_name(words[0]) and not nm.is_particle(words[-1])


@functools.lru_cache(maxsize=65536)
def _given_word(word: str) -> bool:
    """Round fourteen: beside a found given name, a capitalised word that the lexicon holds as a
    given name is one too, though it is a Dutch word or opens the sentence ("Storm en Sky", "Roos,
    Jade en Sky"): lists of children name them so."""
    return (word[:1].isupper() and not word.isupper() and lx.first_name_frequency(word) > 0
            and not lx.is_place(word) and not lx.is_organisation(word) and not nm.is_not_name(word)
            and nm.fold(word) not in nm.CUE_WORDS and nm.fold(word) not in lx.CLOSED and not nm.is_particle(word))


# "naam: Wiśniewska, Agnieszka (mevr.)", "| Berg, Wim |", "B4-05 Dijkman, Anton - dakloos": forms,
# tables and bed boards write a person surname first; the given name then ends the field.
# Round twenty-four (a): also a surname with its particles ("De Vries, Klaas", "El Ouazzani, Rachid",
# "VAN URK, Lubbert") or in capitals ("KOFFEMAN, Jaap", "DE LEEUW, Cor"), in a tab-separated column,
# after a numbered item ("1. BAUER, Wolfgang"), and before two given names ("ROMKES, Jan Willem").
_CAPS_SURNAME = r"\p{Lu}(?:['’]\p{Lu})?\p{Lu}+"
_INVERTED_BEFORE = regex.compile(r"(?:^|[|:;]|(?P<tab>\t)|[-*•][ \t]|(?<![\p{L}\p{N}])\d{1,3}[.)][ \t])[ \t]*(?:\p{Lu}?\d+[-\d]*[ \t]+)?"
                                 r"(?P<particles>(?:" + nm.PARTICLE + r"[ \t]+)*)"
                                 r"(?P<word>(?:" + nm.NAME_WORD + "|" + _CAPS_SURNAME + r")(?:-(?:" + nm.NAME_WORD + "|"
                                 + _CAPS_SURNAME + r"))*),[ \t]*$", regex.MULTILINE)
_FIELD_END = regex.compile(r"[ \t]*(?:[(|:;\t]|[-–—][ \t]|$)", regex.MULTILINE)


def _inverted(text: str, accepted: list[Mention]) -> list[Mention]:
    """The surname before a found given name in a surname-first field (see _INVERTED_BEFORE):
    a listed surname counts even where Dutch uses it as a word ("Berg"), any other word
    when Dutch does not use it; a place or organisation never, unless a particle makes it a
    surname ("VAN URK", "van Dongen")."""
    found = []
    for m in accepted:
        if not all(_first_name(w) for w in m.name.split()) or not _FIELD_END.match(text, m.end):
            continue
        before = _INVERTED_BEFORE.search(text, max(0, m.start - 60), m.start)
        if not before or before.end() != m.start:  # not "Cordialement," above a signature
            continue
        particles = before.group("particles").split()
        parts = [w if not w.isupper() else w.title() for w in before.group("word").split("-")]
        if particles and not _particles_before_surname(particles):
            continue
        if before.group("tab") and not particles and any(lx.is_place(w) for w in parts):
            continue  # "Antwerpen, Lillo" in a column of where a family lives
        if all(_surname_first(w) or (particles and _surname_after_particles(w)) for w in parts):
            start, end = before.start("particles") if particles else before.start("word"), before.end("word")
            found.append(_mention(text, start, start, end, "joined"))
    return found


def _particles_before_surname(particles: list[str]) -> bool:
    """"De", "van den", "EL": a surname's particles in any case, not an article of a venue ("'t", "het")."""
    return " ".join(p.lower() for p in particles) in _SURNAME_PARTICLES


_SURNAME_PARTICLES = frozenset(p for p in nm.PARTICLES if p not in ("'t", "het", "van het", "van 't", "in 't", "op 't"))


@functools.lru_cache(maxsize=65536)
def _surname_after_particles(word: str) -> bool:
    """After a surname's particle a place is a surname too ("van Urk", "Van Dongen"), never a cue,
    an organisation's head or a word that is no name."""
    key = nm.fold(word)
    return not (nm.is_not_name(word) or key in nm.CUE_WORDS or key in nm.ORGANISATION_LEADS or key in lx.CLOSED
                or lx.is_organisation(word) or nm.role_word(word))


@functools.lru_cache(maxsize=65536)
def _surname_first(word: str) -> bool:
    key = nm.fold(word)
    if (nm.is_not_name(word) or key in nm.CUE_WORDS or key in nm.ORGANISATION_LEADS or key in lx.CLOSED
            or lx.is_organisation(word) or nm.role_word(word)):
        return False
    if lx.is_surname(word):
        return True
    return not lx.is_place(word) and not lx.is_dutch_word(word.lower()) and lx.zipf(word) < lx.RARE_ZIPF


# "ma: Vanhees J. (Genkersteenweg)", "Gielen L. + J.": a surname and an initial, as lists and
# transport rosters write people; the word must have a surname's shape (see _surname_first).
_INITIALLED = regex.compile(r"(?<![\p{L}\p{N}_.@/-])(?P<name>" + nm.NAME_WORD + r"(?:-" + nm.NAME_WORD + r")*)"
                            r"[ \t]+\p{Lu}\.(?![\p{L}\p{N}]|[ \t]?\p{Lu}\.)")


def _initialled(text: str) -> list[Mention]:
    found = []
    for match in _INITIALLED.finditer(text):
        start, end = match.span("name")
        word = match.group("name")
        common = lx.is_dutch_word(word.lower()) and lx.zipf(word) >= informal.SURNAME_ZIPF  # "Fase C.", "Blok B."
        if (not common and (_surname_first(word) or _first_name(word))
                and not informal.after_title(text, start)
                and nm.plausible(text, start, end)):
            found.append(_mention(text, start, start, end, "lexicon"))
    return found


# Dutch and Flemish pet forms of a found given name: "svenneke" beside "Sven", "bertje",
# "Jefke" ("Jef"), with or without the last consonant doubled.
_PET_SUFFIXES = r"(?:eke|ke|tje|je|ske|pje|etje|ie)"


def _pet_forms(text: str, accepted: list[Mention], people: nm.Members) -> list[Mention]:
    found = []
    for stem in {m.name for m in accepted if " " not in m.name and len(m.name) >= 3 and _first_name(m.name)}:
        pattern = regex.compile(r"(?i)(?<![\p{L}\p{N}_-])(?:" + regex.escape(stem) + r"(?:" + regex.escape(stem[-1]) + r")?"
                                + _PET_SUFFIXES + r")(?![\p{L}\p{N}]|-\p{L})")
        for match in pattern.finditer(text):
            word = match.group()
            if lx.is_dutch_word(word.lower()) or people.protects(word, False) or nm.is_not_name(word):
                continue
            found.append(_mention(text, match.start(), match.start(), match.end(), "repeat"))
    return found


@functools.lru_cache(maxsize=65536)
def _joined_word(word: str, sentence_start: bool) -> bool:
    key = nm.fold(word)
    if (len(word) < 3 or key in lx.CLOSED or key in nm.CUE_WORDS or nm.is_not_name(word) or nm.is_particle(word)
            or lx.is_place(word) or lx.is_organisation(word)):
        return False
    if word[0].isupper():
        return not sentence_start and _alias_word(word)
    return (not lx.is_dutch_word(word) and lx.zipf(word) < lx.RARE_ZIPF and not lx.is_compound(word)) or (
        informal.bare_name(word, False)) or (  # "sofie + kenny": any given name that is no Dutch word
        lx.first_name_frequency(word) >= 1 and not lx.is_dutch_word(word) and not lx.is_compound(word))


def _alias_end(text: str, words: list) -> int:
    """Where the leading name words inside the brackets end (0: they are no name)."""
    end = 0
    for i, word in enumerate(words[:3]):
        if nm.is_particle(word.group()) and i:
            continue
        after_particle = i and nm.is_particle(words[i - 1].group())
        surname = after_particle and informal.surname_after_particle(word.group())  # "(henk de graaf)"
        if not (surname or _alias_word(word.group())) or (i and text[words[i - 1].end():word.start()].strip()):
            break
        end = word.end()
    return end


@functools.lru_cache(maxsize=65536)
def _alias_word(word: str) -> bool:
    if word[0].islower():
        return informal.cue_name(word)
    return (bool(regex.fullmatch(nm.NAME_WORD + r"(?:-" + nm.NAME_WORD + r")*", word)) and not nm.is_not_name(word)
            and not lx.is_place(word) and not lx.is_organisation(word) and nm.fold(word) not in nm.ORGANISATION_LEADS
            and (not lx.is_dutch_word(word) or lx.zipf(word) < lx.RARE_ZIPF  # "Pompke", a diminutive
                 or lx.first_name_frequency(word) >= informal.BARE_FREQUENCY))


_NOUN_AFTER = regex.compile(r"[ \t]+(?P<word>\p{Ll}[\p{Ll}-]+)(?![\p{L}'’])")


def _members_possessive(text: str, m: Mention, people: nm.Members) -> bool:
    """Round twenty-one: "Eriks auto", "Koens verslag" beside members Erik and Koen: a member's given
    name with an "s" that a list holds as a surname (Eriks, Koens, Pieters) is the member's
    possessive when a noun that is no verb form follows, and no form of address names someone so in
    the text ("Eriks belde", "dhr. Wouters belde, Wouters wil hulp" are someone else)."""
    key = nm.fold(m.name)
    if " " in key or not key.endswith("s") or key[:-1] not in people.given or lx.first_name_frequency(m.name):
        return False
    after = _NOUN_AFTER.match(text, m.end)
    if not after or not lx.is_noun(after.group("word")) or lx.is_verb_form(after.group("word")):
        return False
    return not any(nm.fold(a.group("name").split()[0]) == key for a in _ADDRESS.finditer(text))


_WOMAN = frozenset(nm.fold(a) for a in ("mevrouw", "mevr.", "mevr", "mvr.", "mvr", "mw.", "mw", "juffrouw",
                                         "mejuffrouw", "mej.", "madame", "mme.", "mme"))
_MAN = frozenset(nm.fold(a) for a in ("meneer", "mijnheer", "mnr.", "mnr", "dhr.", "dhr", "hr.", "de heer",
                                       "heer", "monsieur"))


def _member_named_in_full(text: str, cue: str, name: str, people: nm.Members) -> bool:
    """Round twenty-one: "cc mevrouw Claes", "Kan meneer El Idrissi komen?", "Madame Benali," in a
    text that names member Ruth Claes, Youssef El Idrissi, Nora Benali in full (a mail's header, a
    signature): the form of address is the member's, not another person's of that surname. Only
    a member's surname after "mevrouw" or "meneer" (and their short forms), only for a member whose
    given name that form of address fits (beside member Marc Peeters "Mevrouw Peeters" is someone
    else), and only when no other given name is written before the surname in the text."""
    key, cue_key = nm.fold(name), nm.fold(" ".join(cue.split()))
    if key in people.given or key not in people.parts or cue_key not in _WOMAN | _MAN:
        return False
    fits = lx.is_female_name if cue_key in _WOMAN else lx.is_male_name
    owners = [n for n in people.names if nm.fold(nm.name_groups(n)[-1]) == key and len(nm.name_groups(n)) > 1
              and fits(nm.name_groups(n)[0].split("-")[0])]
    if not owners or not any(_name_pattern(n, any_case=True).search(text) for n in owners):
        return False
    givens = {nm.fold(g) for n in owners for g in nm.name_groups(n)[:-1]}
    before = regex.compile(r"(?<![\p{L}'’-])(?P<given>\p{Lu}[\p{L}'’-]*)" + _WS + r"(?i:"
                           + _WS.join(regex.escape(w) for w in name.split()) + r")(?![\p{L}\p{N}])")
    return all(nm.fold(b.group("given")) in givens or not _first_name(b.group("given")) for b in before.finditer(text))


# "beste mevrouw Vrancken,": a message greets its reader, so a member's surname there is the member's.
_GREETING_BEFORE = regex.compile(r"(?i)[> \t]*(?:beste|dag|geachte|hallo|hoi|goedemorgen|goedemiddag|goedenavond)[ \t]+"
                                 r"(?:" + _alternation(nm.ADDRESS) + r"[ \t]+)?")


def _greeting_before(text: str, start: int) -> bool:
    return bool(_GREETING_BEFORE.fullmatch(text, text.rfind("\n", 0, start) + 1, start))


# Round twenty-three: a message's head, where a greeting stands: a line's start, after a quote mark,
# a bullet, a chat's "[16/03 23:12]" and its speaker's "Name:".
_MESSAGE_HEAD = regex.compile(r"[ \t>*•-]*(?:\[[^\]\n]{1,25}\][ \t]*)?(?:[\p{L}'’ .-]{1,40}:[ \t]*)?")


def _greeting_and_member(text: str, m: Mention, people: nm.Members) -> bool:
    """Round twenty-three: "Goeie Sjoukje,", "Dear Griet,", "Lieve Noor," beside members Sjoukje, Griet,
    Noor: a found span of a member's given name and words that are no name (a greeting, a word
    `nm.is_not_name` holds, a Dutch word no list holds as a given name or surname) is the member
    and those words. A greeting that is a given name too ("Lieve", "Selam") counts only as the
    span's first word at a message's head; "Sjoukje Bakker" (a surname) is someone else."""
    words = list(nm.WORD.finditer(text, m.name_start, m.end))
    theirs = [w for w in words if nm.fold(w.group()) in people.given]
    if len(words) < 2 or len(theirs) != 1:
        return False
    head = _MESSAGE_HEAD.fullmatch(text, text.rfind("\n", 0, m.start) + 1, m.start)
    return all(w is theirs[0] or _no_name_beside_a_member(w.group(), bool(head) and w is words[0]) for w in words)


@functools.lru_cache(maxsize=65536)
def _no_name_beside_a_member(word: str, opens_message: bool) -> bool:
    key = nm.fold(word)
    if len(key) <= 1:   # an initial is a surname's: "lien v." beside member Lien B. is someone else
        return False
    if key in nm.GREETINGS or nm.is_not_name(word) or (opens_message and key in nm.NAME_LIKE_GREETINGS):
        return True
    return (not lx.is_known_name(word) and not lx.is_surname(word) and not nm.is_particle(word)
            and (lx.is_dutch_word(word.lower()) or lx.is_noun(word.lower())))


# Round twenty-three: a care home or residence named after a person ("Huis Van Vliet", "Huize
# Eikenhof", "in WZC Edouard Remy", "Residentie Jan Van Eyck"): the capitalised head before the
# name says the name is the building's. Not after an article or a possessive ("het Huis van
# Jacobse", "zijn Huis"), and "Huis" or "Huize" only before a capital ("huis van laura" is hers). Not
# for a repeat of a name found elsewhere: beside a client "K. van Vliet", "Huis Van Vliet" names the
# client's family, and keeping it would store the surname (privacy first; the set counts it a place).
_HOME_HEAD = regex.compile(r"(?:(?<=^|[\n(/:;,-][ \t]*|\p{L}[ \t]+)(?P<head>Huis|Huize|HUIS|HUIZE)[ \t]+(?=\p{Lu})"
                           r"|(?P<acronym>WZC|Wzc|Woonzorgcentrum|Zorgcentrum|Residentie|Résidence|Residence)[ \t]+)\Z")
_NO_HOME_BEFORE = frozenset("het 't een zijn haar hun mijn m'n ons onze jullie uw diens".split())


def _named_home(text: str, start: int) -> bool:
    head = _HOME_HEAD.search(text, max(0, start - 30), start)
    if not head:
        return False
    before = _WORD_BEFORE.search(text, max(0, head.start() - 30), head.start())
    return not (before and nm.fold(before.group(1)) in _NO_HOME_BEFORE)


def _accept(text: str, mentions: list[Mention], people: nm.Members, spared: list[tuple[int, int]],
            listed: list[tuple[int, int]], kept: dict, staff: nm.Members | None = None) -> list[Mention]:
    """Each mention (already split at table cells by the caller) kept with its reason, or accepted."""
    accepted, explained, labels = [], nm.explained_abbreviations(text), columns.header_labels(text)
    pets, place_cells = pet_names(text), columns.place_cells(text)
    for m in mentions:
        m = _member_from_somewhere(text, _family_of(text, _before_van_an_organisation(text, m), people), people)
        if not m.name or nm.fold(m.name) in explained:  # "uitk = uitkering" ... "voor uitk Jeffrey"
            continue
        first = nm.WORD.match(text, m.name_start)
        if labels and first and nm.fold(first.group()) in labels:  # "opm Tom:" under a table headed "opm."
            rest = nm.WORD.search(text, first.end(), m.end)
            if not rest:
                continue
            m = _mention(text, m.start if m.start < m.name_start else rest.start(), rest.start(), m.end, m.source, m.addressed)
        if staff and staff.protects(m.name, m.addressed) and not people.protects(m.name, m.addressed):
            kept[(m.name, KEPT_PROFESSIONAL)] = None
        elif pets and nm.fold(m.name) in pets and not m.addressed and m.source != "kin":
            kept[(m.name, KEPT_PET)] = None
        elif not m.addressed and m.source not in ("kin", "address", "known", "repeat") and _named_home(text, m.start):
            kept[(m.name, KEPT_PLACE)] = None  # round twenty-three: "Huis Van Vliet", "WZC Edouard Remy"
        elif (place_cells and not m.addressed and m.source not in ("kin", "address")
              and any(a <= m.name_start and m.end <= b for a, b in place_cells)):
            kept[(m.name, KEPT_PLACE)] = None  # round nineteen: a cell of a column headed "wijk", "woont"
        elif (people.protects(m.name, m.addressed) or _overlaps(m, spared)
              or (m.addressed and people.protects(m.name, False) and _greeting_before(text, m.start))
              or (m.addressed and m.source == "address"
                  and _member_named_in_full(text, text[m.start:m.name_start], m.name, people))
              or (not m.addressed and _word_before_member(m.name, people))
              or (not m.addressed and _greeting_and_member(text, m, people))
              or (not m.addressed and _members_possessive(text, m, people))):
            kept[(m.name, KEPT_MEMBER)] = None
        elif _overlaps(m, listed):
            kept[(m.name, KEPT_LIST)] = None
        elif columns.not_a_person(m.name):
            continue
        else:
            accepted.append(m)
    return accepted


# Round seventeen: pets are named like people ("hond Wolf", "kat Henk", "hondjes Bobbie + Saartje",
# "parkiet Koning"); in -17's notes on pet companions for older people they were 20 of 48 wrong
# replacements. The animal word names the pet; its name then stays wherever it recurs bare.
_ANIMALS = ("hond|hondje|hondjes|honden|kat|katje|katten|poes|poesje|kater|konijn|konijntje|cavia|parkiet|kanarie"
            "|papegaai|hamster|schildpad|pony|paard|ezel|geit|kip|kippen|haan")
_PET_NAME = r"(?:\p{Lu}\p{Ll}+|\p{Ll}{3,})"
_PETS = regex.compile(r"(?<![\p{L}\p{N}'’-])(?i:" + _ANIMALS + r")[ \t]+(?P<a>" + _PET_NAME + r")(?![\p{L}\p{N}'’-])"
                      r"(?:(?:[ \t]*[+&][ \t]*|[ \t]+en[ \t]+)(?P<b>" + _PET_NAME + r")(?![\p{L}\p{N}'’-]))?")


def pet_names(text: str) -> frozenset[str]:
    """The folded names right after an animal word ("hond Wolf", "kat henk", "hondjes Bobbie +
    Saartje"): a pet's name, not a client's; a lower-case one only when it is a listed given name."""
    names = set()
    for match in _PETS.finditer(text, overlapped=True):  # "kat Tarzan en hondjes Floefie"
        for word in filter(None, (match.group("a"), match.group("b"))):
            key = nm.fold(word)
            if (word.islower() and not lx.first_name_frequency(word)) or key in lx.CLOSED or key in nm.CUE_WORDS:
                continue
            names.add(key)
    return frozenset(names)


# Round twelve: "Filip van de Groene Kring", "Els Deman van Boeren op een Kruispunt", "Jeroen van
# Ondernemersklankbord", "Hofman van Reclassering Nederland": a person and the organisation they
# come from; the name ends before "van".
_VAN_INSIDE = regex.compile(r" van(?: (?:de|der|den|het))? (?=\p{Lu})")
_VAN_OPENING = regex.compile(r"van(?: (?:de|der|den|het))? (?=\p{Lu})")
_ORGANISATION_AFTER_VAN = regex.compile(r"(?P<first>\p{Lu}[\p{L}'’-]*)(?P<rest>(?: (?:(?:op|voor|een|en|aan) )*\p{Lu}[\p{L}'’-]*)*)")


def _before_van_an_organisation(text: str, m: Mention) -> Mention:
    if m.source == "known":
        return m
    opening = _VAN_OPENING.match(text, m.name_start, m.end)
    if opening and _organisation_after_van(text, opening.end()):
        # round thirteen: "Lien van Woonbron" with member Lien kept leaves "van Woonbron", which is no name
        return _mention(text, m.start, m.name_start, m.name_start, m.source, m.addressed)
    for van in _VAN_INSIDE.finditer(text, m.name_start, m.end):
        if van.start() > m.name_start and _organisation_after_van(text, van.end()):
            return _mention(text, m.start, m.name_start, van.start(), m.source, m.addressed)
    return m


_FAMILY_VAN = regex.compile(r"van[ \t]+(?P<given>\p{Lu}\p{Ll}+)")
_FAMILY_CUES = frozenset(("familie", "fam", "fam."))


def _family_of(text: str, m: Mention, people: nm.Members) -> Mention:
    """Round fifteen: "Seppe is geen familie van Noor" beside member Noor Vanderhoydonck: "familie" and a
    lower-case "van" before a given name say whose family, no family named "van Noor"; the given name
    alone is the mention (a member's stays, a client's goes). "fam. van Dijk" (no given name) and
    "familie Van Noor" (a capital particle) stay a family's name."""
    given = _FAMILY_VAN.fullmatch(text, m.name_start, m.end)
    if (not m.addressed or not given or nm.fold(text[m.start:m.name_start].strip()) not in _FAMILY_CUES
            or not (nm.fold(given.group("given")) in people.given
                    or (lx.first_name_frequency(given.group("given")) >= informal.BARE_FREQUENCY
                        and not lx.is_surname(given.group("given"))))):
        return m
    return _mention(text, given.start("given"), given.start("given"), m.end, m.source)


# Round twenty-one: an article may come between ("Saïda van De Kabouterhut", a member and her
# day-care house); "van de Velde" keeps a listed surname and stays someone else's name.
_VAN_ARTICLE = r"van[ \t]+(?:(?i:de|den|der|het|'t)[ \t]+)?"
_VAN_NOBODY = regex.compile(_VAN_ARTICLE + r"\p{Lu}[\p{L}'’-]+")
_GIVEN_VAN_WORD = regex.compile(r"(?P<given>\p{Lu}[\p{L}'’-]*)[ \t]+" + _VAN_ARTICLE + r"(?P<word>\p{Lu}[\p{L}'’-]+)")


def _member_from_somewhere(text: str, m: Mention, people: nm.Members) -> Mention:
    """Round fifteen: "kent Kwame van Takoradi", "Hamid van Bockstael" beside members Kwame Mensah,
    Hamid Bennani: a member's given name, "van" and one capitalised word that no list holds as a
    surname or given name is the member and where they come from, live or work; "Kwame van Dijk"
    (a listed surname) is someone else, and a form of address still says so ("meneer Kwame van X")."""
    match = _GIVEN_VAN_WORD.fullmatch(text, m.name_start, m.end)
    if (m.source == "known" or m.addressed or not match or nm.fold(match.group("given")) not in people.given
            or not _nobodys_name(match.group("word"))):
        return m
    return _mention(text, m.start, m.name_start, m.name_start, m.source, m.addressed)


@functools.lru_cache(maxsize=65536)
def _nobodys_name(word: str) -> bool:
    return not (lx.is_surname(word) or lx.is_known_name(word) or nm.is_particle(word)
                or any(lx.is_surname(part) for part in word.split("-")))


def _organisation_after_van(text: str, start: int) -> bool:
    """The capitalised words from `start` on (on one line, joined by spaces and "op", "voor",
    "een", "en", "aan") name an organisation rather than a "van" surname: two or more of them,
    none a given name, where a later one is an organisation's word ("van Leeuwen Verhuizingen")
    or the first is no listed surname but a Dutch word ("van Boeren op een Kruispunt", "van
    Reclassering Nederland"; not "van Dam Gent", "van der Meer Vrijdag"), or one word that is a
    known organisation, an acronym or a Dutch compound no list holds as a surname, place or
    given name ("van Ondernemersklankbord"; not "van Wijngaarden")."""
    tail = _ORGANISATION_AFTER_VAN.match(text, start)
    if not tail:
        return False
    first, rest, joined, slogan = tail.group("first"), [], False, False
    if nm.is_particle(first):
        return False  # "Riet van Van Gemert": whose wife
    for w in tail.group("rest").split():
        if not w[:1].isupper():
            joined, slogan = True, slogan or w == "een"
        elif lx.first_name_frequency(w) >= 3 or nm.fold(w) in nm.CUE_WORDS:
            if not joined:
                return False  # "van Dam Piet": a list of names
            break  # "van Reclassering Nederland voor Ferhat": the next person
        else:
            rest.append(w)
            joined = False
    if rest:
        if any(nm.organisation_word(w) or nm.ORGANISATION.match(w) or nm.business_compound(w)
               or nm.fold(w) in nm.FOLLOWING_HEADS for w in rest):
            return True  # "van Leeuwen Verhuizingen"
        if slogan:
            return True  # "van Boeren op een Kruispunt": a project's name
        return (not lx.is_surname(first) and not lx.is_place(first)
                and any(_dutchish(w) and not lx.is_place(w) for w in [first, *rest]))  # not "van der Meer Vrijdag"
    word = first.strip(".,;:!?)")
    if lx.is_known_name(word) or lx.is_place(word):
        return False
    parts = [p for p in word.split("-") if p and not nm.is_particle(p)]
    if len(parts) > 1 and all(lx.is_surname(p) for p in parts):
        return False  # round fourteen: "Teuntje van der Veen-Bakker", a double surname
    return (lx.is_organisation(word) or nm.fold(word) in nm.ORGANISATION_LEADS or bool(nm.ACRONYM.match(word))
            or (len(word) >= 5 and (lx.is_compound(word) or lx.looks_dutch(word) or lx.is_dutch_word(word.lower()))))


def _dutchish(word: str) -> bool:
    """A Dutch word, inflected or compounded ("Groene", "Reclassering", "Kring")."""
    return lx.is_dutch_word(word.lower()) or lx.zipf(word.lower()) >= 3.0 or lx.is_compound(word)


def _word_before_member(name: str, people: nm.Members) -> bool:
    """"Rapportage Ruben:", "Casusbespreking Hanneke:", "Leiding Özdemir": a heading's or a
    line's Dutch word before a member's bare first name or surname is no given name, so the
    pair is the member and a word (privacy probe 11: the pair was replaced, member and all). A
    word that is also a surname or a given name ("Visser Ruben", "Kok Ruben") may be a client
    listed surname first, and stays replaceable."""
    words = name.split()
    if len(words) < 2 or not people.protects(words[-1], False) or nm.fold(words[-1]) in people.full:
        return False
    return all(w[:1].isupper() and not lx.is_known_name(w)
               and (lx.is_dutch_word(w.lower()) or lx.is_noun(w.lower()) or lx.is_compound(w))
               for w in words[:-1])


def _professionals(text: str, cued: list[Mention], known: list[str],
                   members: Iterable[str]) -> tuple[nm.Members, list[tuple[int, int]]]:
    """The professionals the text names by their role, as a second list of members (a bare
    part of their name stays everywhere) and the spans where a job word names them. A name
    that a form of address or kinship word gives a client elsewhere ("zijn zoon Nikos"), or
    a known client's, is no professional's: only a job word's own span stays then. A name
    a client-role word gives ("cliënte Leyla") is the note's client, also where a job word
    names her ("Verpleegkundige Leyla Haddad"): not even that span stays."""
    found = professionals.find(text, members)
    # a relative stays a relative whatever their job ("oom Mahmut (tolk Turks)", "zijn zus An,
    # verpleegkundige"): a kinship word right before the name outweighs the job named with it
    client_keys = {nm.fold(w) for m in cued
                   if _kin_cued(text, m) or not any(p.start <= m.name_start < p.end for p in found)
                   for w in m.name.split()} | {nm.fold(w) for k in known for w in k.split()}
    client_keys |= {nm.fold(w) for name in professionals.private_correspondents(text) for w in name.split() if len(w) > 2}
    the_client = {nm.fold(w) for name in professionals.clients_by_role(text) for w in name.split() if len(w) > 2}
    client_keys |= the_client
    names = [p.name for p in found
             if not any(nm.fold(w) in client_keys for w in p.name.replace(".", " ").split() if len(w) > 1)]
    kin = [m.name_start for m in cued if _kin_cued(text, m)]
    return nm.Members.of(names), [(p.start, p.end) for p in found if p.strong
                                  and not any(nm.fold(w) in the_client for w in p.name.replace(".", " ").split())
                                  and not any(p.start <= start < p.end for start in kin)]


def _kin_cued(text: str, m: Mention) -> bool:
    """Found after a kinship word or a family's form of address, in any case ("oom Mahmut",
    "zus ingeborg", "opa Jan"), or by an age; not after "mevrouw", "meneer", "mr." (a lawyer's
    title too), which professionals are called by as well."""
    if m.source == "kin":
        return True
    if m.source != "address":
        return False
    return not m.addressed or nm.fold(" ".join(text[m.start:m.name_start].split())) not in _FORMAL_ADDRESS


# The forms of address that come before "opa" in nm.ADDRESS, less those that name a family.
_FORMAL_ADDRESS = frozenset(nm.fold(a) for a in nm.ADDRESS[:nm.ADDRESS.index("opa")]) - {
    "fam.", "fam", "familie", "het echtpaar", "echtpaar"}


def _listed_spans(text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    """Where the community's keep list occurs (any case, whole words). An entry made only
    of particles and function words ("de", "van het") would spare "mw. de vos": ignored."""
    spans = []
    for item in {" ".join(k.split()) for k in keep if k and k.strip()}:
        if len(item) < 3 or all(nm.is_particle(w) or nm.is_not_name(w) or w.casefold() in lx.CLOSED
                                for w in item.split()):
            continue
        words = [regex.escape(w) for w in item.split()]
        pattern = regex.compile(r"(?i)(?<![\p{L}\p{N}_])" + _WS.join(words) + r"(?![\p{L}\p{N}_])")
        spans += [m.span() for m in pattern.finditer(text)]
    return spans


def _informal_cued(text: str, candidates: list[informal.Found]) -> list[Mention]:
    """Lower-case names after a form of address or kinship word ("mevr janssens")."""
    return [_mention(text, f.start, f.name_start, f.end, "address", _addressed(text, f))
            for f in candidates if f.cued]


def _addressed(text: str, found: informal.Found) -> bool:
    return nm.fold(text[found.start:found.name_start].strip()) in _ADDRESS_KEYS


_ADDRESS_KEYS = frozenset(nm.fold(a) for a in nm.ADDRESS)


def _informal_bare(text: str, candidates: list[informal.Found], people: nm.Members, kept: dict) -> list[Mention]:
    """Given names without a cue, list heads and nicknames, unless they are part of a
    place, street or organisation. A member's first name before another given name is
    two people ("Lieve Samira"): the member keeps hers."""
    found: list[Mention] = []
    rejected: list[tuple[int, int]] = []
    for f in sorted(candidates, key=lambda f: (f.name_start, -f.end)):
        if f.cued or any(s <= f.name_start and f.end <= e for s, e in rejected):
            continue  # "Moskee Eyüp Sultan": no "Sultan" alone once the whole is a place
        first = nm.WORD.match(text, f.name_start)
        if people.protects(text[f.name_start:f.end], False):
            kept[(" ".join(text[f.name_start:f.end].split()), KEPT_MEMBER)] = None
            continue  # round eleven: "Lien Baeten-Wouters", a member's married name
        if first and first.end() < f.end and nm.fold(first.group()) in people.parts:
            kept[(first.group(), KEPT_MEMBER)] = None
            f = informal.Found(f.start, nm.WORD.search(text, first.end()).start(), f.end, False)
            if _VAN_NOBODY.fullmatch(text, f.name_start, f.end) and _nobodys_name(text[f.name_start:f.end].split()[-1]):
                continue  # round fifteen: "Kwame van Takoradi", a member and where he comes from
        f = _before_whose(text, f, candidates)
        if nm.plausible(text, f.name_start, f.end, gazetteer=not f.slot):
            found.append(_mention(text, f.name_start, f.name_start, f.end, "lexicon"))
        else:
            rejected.append((f.name_start, f.end))
            kept[(" ".join(text[f.name_start:f.end].split()), KEPT_PLACE)] = None
    return found


_NEXT_NAME = regex.compile(r"[ \t]+(?P<word>\p{Lu}[\p{Ll}'’-]+)")


def _name_follows(text: str, end: int) -> bool:
    """"Walter" + " van Kenny" + " Lambrechts": a capitalised word that is no particle and no
    Dutch word after "van" and a given name makes that given name open the next name ("nonkel
    Walter van Kenny Lambrechts": Kenny Lambrechts's uncle; privacy probe 11)."""
    after = _NEXT_NAME.match(text, end)
    return bool(after) and not nm.is_particle(after.group("word")) and not lx.is_dutch_word(after.group("word").lower())


def _before_whose(text: str, f: informal.Found, candidates: list[informal.Found]) -> informal.Found:
    """"nonkel Walter van Kenny Lambrechts", "Tante Gerda van Jarno Wuyts": a given name, a
    lower-case "van" and the given name that opens another found name say whose uncle or aunt
    it is. Read as the surname "van Kenny", the longer guess left "Lambrechts" in every
    version (privacy probe 11); the given name ends before "van"."""
    words = list(nm.WORD.finditer(text, f.name_start, f.end))
    if len(words) < 3 or words[-2].group() != "van":
        return f
    last = words[-1]
    if any(g.name_start == last.start() and g.end > f.end for g in candidates):
        return informal.Found(f.start, f.name_start, words[-3].end(), f.cued, f.slot)
    return f


def _mention(text: str, start: int, name_start: int, end: int, source: str,
             addressed: bool = False, suffix: str = "") -> Mention:
    name = " ".join(text[name_start:end - len(suffix)].split())
    return Mention(start, name_start, end, name, nm.initials(name) + suffix, addressed, source)


def _cued(text: str, pattern: regex.Pattern, source: str) -> list[Mention]:
    """Names after a form of address or a kinship word ("haar zoon Dirk")."""
    found = []
    for match in pattern.finditer(text):
        if (source == "kin" or _company_head(match)) and _inside_a_title(text, match):
            continue  # "Huis van het Kind Mol"; "bij Tata Steel" ("tata" is a family word of address too)
        if _whose(match.group("name")):
            continue  # "geen familie van Marco": Marco's family, no "Van" surname
        start, end = _before_an_organisation(text, *_trim_cued(text, match.start("name"), match.end("name")))
        if end > start:
            found.append(_mention(text, match.start(), start, end, source, source == "address"))
    return found


def _cued_capitals(text: str) -> list[Mention]:
    """Names in capitals after a form of address (_ADDRESS_CAPS): a word the lexicons know
    as a surname or given name ("mevrouw MOL", though "mol" is a word), or a longer word
    with a vowel that is no Dutch word ("mevrouw ZWARBELKE"; "mevrouw NN", "meneer OK" and
    an acronym such as "CAW" are none); the next capitalised word only when it is a known
    name and no word ("mevrouw ANOUK MERTENS", not "MEVROUW PEETERS ZEGT"), or a listed
    surname after a given name ("meneer KEES BAKKER"); initials may come first ("dhr. K. BOSMANS").
    After a kinship or neighbour word (_KIN_CAPS) a known name or a long word that is none
    (_kin_caps_name)."""
    found = []
    for pattern, name_test, source in ((_ADDRESS_CAPS, _caps_name, "address"), (_KIN_CAPS, _kin_caps_name, "kin")):
        for match in pattern.finditer(text):
            name = match.group("name")
            if not name_test(name.split()[-1]):
                continue
            end, more = match.end("name"), (match.group("more") or "").strip()
            if more and ((_known_name(more) and (not lx.is_dutch_word(more.lower()) or _given_then_surname(name, more)))
                         or nm.is_particle(name.rsplit("-", 1)[-1].lower())
                         or (_caps_name(more) and not lx.is_place(more.title()) and _lower_case_line(text, match.end("more")))):
                end = match.end("more")  # "MW BAKKER-DE GRAAF": a double surname runs on after its particle
            found.append(_mention(text, match.start(), match.start("name"), end, source, source == "address"))
    return found


def _lower_case_line(text: str, end: int) -> bool:
    """The line goes on in lower case ("mevrouw ZWARBELKE QUORNELIS belde"): no line in
    capitals, so a second capitalised word that is no Dutch word is the name's too."""
    rest = text[end:].split("\n", 1)[0]
    return bool(regex.search(r"\p{Ll}", rest))


def _given_then_surname(name: str, more: str) -> bool:
    """"meneer KEES BAKKER": a given name (a surname too, as Kees, Els or Roos may be), then a
    listed surname that is no given name, is a full name though the surname is a Dutch word
    too (late attack 10: BAKKER stayed)."""
    return (" " not in name and lx.first_name_frequency(name.title()) > 0
            and lx.is_surname(more.title()) and lx.first_name_frequency(more.title()) == 0)  # surname, no given name


def _known_name(word: str) -> bool:
    """A surname or given name the lexicons know, or a double name whose first part is one ("BAKKER-DE")."""
    first = word.split("-")[0]
    return any(lx.is_known_name(w.title()) for w in {word, first})


def _kin_caps_name(word: str) -> bool:
    """After a kinship word a known name, or a long word that is none ("buurman KROMODIHARDJO");
    a short one may be a diagnosis or a test ("kind COVID", "moeder MRSA")."""
    return _known_name(word) or (len(word) >= 7 and _caps_name(word))


def _caps_name(word: str) -> bool:
    return _known_name(word) or (len(word) > 4 and bool(regex.search(r"[AEIOUY]", word))
                                 and not lx.is_dutch_word(word.lower()) and lx.zipf(word.lower()) < CAPS_WORD_ZIPF
                                 and nm.fold(word) not in nm.FUNCTION_WORDS)


# An unknown word in capitals that Dutch uses this often (Zipf) is a word, not a name:
# "DEFENSIE" 4.4, "DEMENTIE" 3.8, "COVID" 3.3 (the lemma tables lack them); "PETROVA" is 2.2,
# "D'HONDT" 2.7 (the seat-allocation method).
CAPS_WORD_ZIPF = 3.0


def _whose(name: str) -> bool:
    """"familie van Marco", "de vriendin van Sanne": a lower-case "van" and one common given name
    that is no listed surname after a cue say whose relative it is; a surname after a bare
    cue takes a capital ("mevrouw Van Roy", "familie Van Dam")."""
    words = name.split()  # round ten: also a rarer given name that is no Dutch word ("de zus van Yara")
    return (len(words) == 2 and words[0] == "van" and (informal.given_after_van(words[1]) or informal.whose_given(words[1]))
            and not lx.is_surname(words[1]))  # round eleven: "de zus van Jasmijn" (whose_given)


_CALENDAR = frozenset("""januari februari maart april mei juni juli augustus september oktober november december
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag""".split())


def _trim_cued(text: str, start: int, end: int) -> tuple[int, int]:
    """nm.trim, except that right after a kinship word or form of address a capitalised
    month or a capitalised two- or three-letter function word is a name's word: Dutch writes
    months and "na", "en" in lower case, so "zijn dochter Mei", "moeder Li Na" are names."""
    trimmed = nm.trim(text, start, end)
    words = list(nm.WORD.finditer(text, start, end))
    keep = trimmed[1] if trimmed[1] > trimmed[0] else start
    for word in words:
        if word.end() <= keep:
            continue
        value = word.group()
        if value[:1].isupper() and not value.isupper() and (nm.fold(value) in _CALENDAR or (
                len(value) <= 3 and nm.fold(value) in nm.FUNCTION_WORDS and keep > start)
                or (word.start() == start and _language_given_name(value) and not _LANGUAGE_USE.match(text, word.end()))):
            keep = word.end()
        else:
            break
    return (trimmed[0] if trimmed[1] > trimmed[0] else start), max(keep, trimmed[1])


# Round nineteen: a language word that is also a common given name ("zijn broer Frans", "oma Roma"):
# right after a kinship word or form of address it is the person's name, unless speaking follows
# ("het kind Frans spreekt", "moeder Frans sprekend").
_LANGUAGE_USE = regex.compile(r"[ \t]*(?:,[ \t]*)?(?i:spreek|spreekt|spreken|sprekend|sprak|praat|praten|leren|leert|"
                              r"les|kent|verstaat|begrijpt|talig|en[ \t]+\p{L}+s\b|of[ \t]+\p{L}+s\b)")


@functools.lru_cache(maxsize=4096)
def _language_given_name(word: str) -> bool:
    key = nm.fold(word)
    return (key in nm.NOT_NAMES and key not in _CALENDAR and key not in nm.FUNCTION_WORDS and key not in _KEPT_OR_SPOKEN
            and lx.first_name_frequency(word) >= informal.BARE_FREQUENCY and len(key) >= 4)


# Feasts a relative keeps and a language they speak ("vader Ramadan", "moeder Darija"): the lexicon
# knows them as given names, but after a kinship word they are what the person does.
_KEPT_OR_SPOKEN = frozenset({"ramadan", "keti", "darija"})


def _company_head(match: regex.Match) -> bool:
    return nm.fold(match.group("name").split()[-1]) in nm.FOLLOWING_HEADS


def _inside_a_title(text: str, match: regex.Match) -> bool:
    """"Huis van het Kind Mol", "Kind en Gezin", "De Vriend Gent": a kinship word with a
    capital in mid-sentence is a word of an organisation's name, not someone's son."""
    cue = match.group("cue")
    return cue[:1].isupper() and " " not in cue and not nm.sentence_start(text, match.start())


def _known(text: str, names: list[str]) -> list[Mention]:
    """The community's known client names, wherever they occur as whole words."""
    found = []
    for name in names:
        for match in _name_pattern(name).finditer(text):
            start, end, _ = _matched(match)
            if nm.plausible(text, start, end, person=True):
                found.append(_mention(text, start, start, end, "known"))
    return found


def _model(text: str, people: nm.Members, kept: dict) -> list[Mention]:
    """deduce's persons that have the shape of a person's name in these texts."""
    model = get_deidentifier()
    result, found = model.find(text), []
    for start, end in (piece for span in result.persons for piece in _dash_pieces(text, *span)):
        if start and text[start - 1] == "@":
            start = _past_handle(text, start, end)
        addressed = bool(_LEAD.match(text, start, end))
        start, end = _member_from(text, *_before_an_organisation(text, *nm.trim(text, start, end)), people, model)
        if end <= start:
            continue
        if not addressed and informal.after_title(text, start):
            kept[(" ".join(text[start:end].split()), KEPT_PROFESSIONAL)] = None
        elif addressed or _person_shaped(text, start, end, result.places, model):
            found.append(_mention(text, start, start, end, "model", addressed))
        elif nm.plausible(text, start, end, result.places) is False:
            kept[(" ".join(text[start:end].split()), KEPT_PLACE)] = None
    return found


def _past_handle(text: str, start: int, end: int) -> int:
    """"@Aster Yohannes is ...": the handle names the reader; the name, if any, follows it."""
    handle = nm.WORD.match(text, start)
    after = nm.WORD.search(text, handle.end(), end) if handle else None
    return after.start() if after else end


_DASH = regex.compile(r"[ \t]+[-–—][ \t]+")


def _dash_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """"De Dorpel - Lotte - 2/12": a dash between spaces separates the fields of a heading;
    no name spans one."""
    pieces, pos = [], start
    for dash in _DASH.finditer(text, start, end):
        pieces.append((pos, dash.start()))
        pos = dash.end()
    return [*pieces, (pos, end)]


def _before_an_organisation(text: str, start: int, end: int) -> tuple[int, int]:
    """"Sophie van Infirmiers de Rue": a given name and where she works; a surname after
    "van" is one word ("Jan van Dam", "Joke van der Meer"), so more words end the name."""
    words = list(nm.WORD.finditer(text, start, end))
    particle = next((i for i, w in enumerate(words) if i and nm.is_particle(w.group())), None)
    if particle is None:
        return start, end
    if _van_het_venue([w.group() for w in words[particle:]]):
        return start, words[particle - 1].end()
    tail = [w for w in words[particle:] if not nm.is_particle(w.group())]
    works = particle >= 2 and tail and nm.employer_word(tail[0].group())  # "Marianne Vos van de Sociale"
    # round fourteen: "Sandra van Cosis", "Jeroen van Aldi": a person and the organisation a list knows
    works = works or (len(tail) == 1 and tail[0].group()[:1].isupper() and lx.is_organisation(tail[0].group())
                      and not lx.is_known_name(tail[0].group()))
    # every particle before the last word, one that opens the span too ("uit de Heikant")
    where = tail and _where_not_who([w.group() for w in words[:-1] if nm.is_particle(w.group())], tail[-1].group())
    if not (len(tail) > 1 or works or where):
        return start, end
    if all(nm.is_particle(w.group()) for w in words[:particle]):
        return start, start  # round fourteen: "meneer in het Antonius": no name is left before where he is
    return start, words[particle - 1].end()


def _before_a_venue(text: str, f: informal.Found) -> informal.Found:
    """A found name that goes on with "van Het ..." ends before "van" (_van_het_venue)."""
    words = list(nm.WORD.finditer(text, f.name_start, f.end))
    at = next((i for i, w in enumerate(words) if i and w.group() == "van"), None)
    if at is None or not _van_het_venue([w.group() for w in words[at:]]):
        return f
    return informal.Found(f.start, f.name_start, words[at - 1].end(), f.cued, f.slot)


def _van_het_venue(words: list[str]) -> bool:
    """"leerling Sem van Het Wereldkind", "Noah van Het Baken": a lower-case "van" and a
    capitalised "Het" open a school's, home's or venue's name; a surname writes "van het Reve"
    (privacy probe 11: the venue was replaced with the pupil's name)."""
    return len(words) >= 3 and words[0] == "van" and "Het" in words[1:-1]


def _where_not_who(particles: list[str], word: str) -> bool:
    """"opa Henk op de Rijnstraat", "de jongste Arman op De Springplank": after "op", "in" or
    "uit" (which open a surname too: "Op de Beeck") a street, a place, or a Dutch word that
    is no surname says where someone is; a street or a hyphenated place says it after any
    particle (nm.address_word: "meneer Haddad van Oud-Turnhout")."""
    if nm.address_word(word, particles):
        return True
    if informal.saint_venue(" ".join(particles), word):
        return True  # round fourteen: "meneer in het Antonius": where he lies, a hospital named after a saint
    return bool(particles) and nm.fold(particles[0]) in _PREPOSITION_PARTICLES and not lx.is_surname(word) and (
        lx.is_place(word) or lx.is_dutch_word(word.lower()) or lx.is_compound(word))


_PREPOSITION_PARTICLES = frozenset("op in uit".split())


def _person_shaped(text: str, start: int, end: int, places: list, model) -> bool:
    """Reject what deduce, made for clinical notes, takes for names here: "van Antwerpen"
    (a bare surname is written with a capital), "Hof ter Nete" (no given name before the
    particle), common words ("Wijs je ..."), places and organisations."""
    words = text[start:end].split()
    particle = next((i for i, w in enumerate(words) if nm.is_particle(w)), None)
    if particle == 0 and words[0][0].islower():
        return False
    if particle and not all(model.is_first_name(w) for w in words[:particle]):
        return False
    if len(words) == 1 and model.is_common_word(words[0], nm.sentence_start(text, start)):
        return False
    return nm.plausible(text, start, end, places)


def _repeats(text: str, names: list[str], people: nm.Members, scanned: dict) -> list[Mention]:
    """Later uses of a found name or of its parts, also as a possessive ("Jans dochter");
    `scanned` keeps each form's uses, so a form is looked for once however often it recurs."""
    keys: dict[str, str] = {}   # folded form: the form as found
    for name in names:
        for form in [name, *nm.name_groups(name)]:
            if not (people.protects(form, False) or nm.is_not_name(form) or len(form) < 2):
                keys.setdefault(nm.fold(form), form)
    found = []
    for key, form in keys.items():
        if key not in scanned:
            scanned[key] = _uses(text, form, people)
        found += scanned[key]
    return found


def _uses(text: str, form: str, people: nm.Members) -> list[Mention]:
    found = []
    any_case = not any(lx.is_dutch_word(w) for w in form.split() if not nm.is_particle(w))
    for match in _name_pattern(form, possessive=True, any_case=any_case).finditer(text):
        start, end, suffix = _matched(match, people if _first_name(form) else None)
        if nm.plausible(text, start, end, gazetteer=False, person=True):
            found.append(_mention(text, start, start, end, "repeat", suffix=suffix))
    return found


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str, possessive: bool = False, any_case: bool = False) -> regex.Pattern:
    """A name as whole words: particles in any case ("Van der Meer" = "van der Meer"), the
    name itself too when `any_case` ("janssens" = "Janssens"). A one-word name takes a
    surname that follows it along ("Jan" -> "Jan Peeters"); a repeated name also a given
    name before it ("Ramdin" -> "Rakesh Ramdin")."""
    words = [("(?i:" + regex.escape(w) + ")") if nm.is_particle(w) or any_case else regex.escape(w)
             for w in name.split()]
    tail = r"(?P<s>s(?=" + _WS + r"\p{Ll}))?" if possessive else "(?P<s>)"
    if len(words) == 1:
        tail = r"(?:(?P<more>" + _WS + r"(?:" + nm.PARTICLE + _WS + r")*" + nm.NAME_WORD + r")|" + tail + ")"
    head = r"(?:(?P<first>" + nm.NAME_WORD + ")" + _WS + ")?" if possessive else ""
    # '_' is a boundary: file names and Markdown glue names with it ("verslag_Yilmaz.txt", "_Yilmaz_");
    # so are digits after it, as file names add a year or version ("Yilmaz2024.txt", "yilmaz2.docx"),
    # and digits before it that follow no letter, a date ("20240312Yilmaz.pdf"; "B12Yilmaz" is one word).
    return regex.compile(r"(?<![\p{L}-]\p{N}*)" + head + "(?P<core>" + _WS.join(words) + ")" + tail
                         + r"(?!\p{L}|\p{N}+\p{L}|-\p{L})")


def _opens_a_name(word: str) -> bool:
    """A word that can open a name; also a common given name that is a language or month
    before a found surname ("Frans Roos": "Frans" is French, and one of the commonest
    Flemish given names)."""
    return nm.opens_name(word) or (nm.fold(word) in nm.NOT_NAMES and lx.first_name_frequency(word) >= 5
                                   and bool(regex.fullmatch(nm.NAME_WORD, word)))


def _a_word_first(word: str) -> bool:
    """A common Dutch word that is only a rare given name ("foto", "dag", "hoop"), or a
    Dutch compound that is none ("Casusbespreking"): before a repeated name it is what the
    name is about ("Foto Quilclaara", "Casusbespreking Boschhuizen", titles made from file
    names), not the name's first part; a real given name that is a word ("Roos", "Mei")
    stays one."""
    frequency = lx.first_name_frequency(word)
    return (0 < frequency < WORD_FIRST_FREQUENCY and lx.is_dutch_word(word.lower())
            and lx.zipf(word.lower()) >= WORD_FIRST_ZIPF) or (
        not frequency and not lx.is_surname(word) and len(word) > 7 and (lx.is_compound(word) or lx.looks_dutch(word)))


# A given name this rare (lexicon scale 1-13) that Dutch uses this often (Zipf) as a word
# is a word before a name: 'foto' (3, 5.6); 'roos' (4, 4.2), 'wil' (6) and 'mei' (7) stay names.
WORD_FIRST_FREQUENCY = 4
WORD_FIRST_ZIPF = 4.5


def _first_name(word: str) -> bool:
    """A given name in the lexicon (which holds deduce's list too), in any case."""
    return lx.first_name_frequency(word) > 0


def _matched(match: regex.Match, people: nm.Members | None = None) -> tuple[int, int, str]:
    """(start, end, suffix) of a name match; a following word is taken along only if it is a
    name, a given name before it unless it is one of `people`'s: the caller passes them when
    the match is a first name itself ("Lieve Samira" is two people; "Youssef Bakkali" one)."""
    groups, first = match.groupdict(), match.groupdict().get("first")
    takes_first = (first and _opens_a_name(first) and not (people and nm.fold(first) in people.parts)
                   and (_first_name(first) or not lx.is_dutch_word(first))  # not "Gezin Pinas"
                   and not _a_word_first(first)  # nor "Foto Quilclaara" (a title made from a file name)
                   and not nm.role_word(first)  # nor "Casusinbrenger Tom"
                   and match.string[match.start() - 1:match.start()] != "@")  # "@Aster Yohannes": a handle, then a name
    start = match.start() if takes_first else match.start("core")
    more = groups.get("more")
    full = takes_first or " " in match.group("core")
    typed_lower = match.group("core")[:1].islower()  # "trees op de Groene Hilledijk": lower case takes no capitalised surname
    # "Zomerspoor Herentals": a known place after a name is where, not a surname;
    # "Sophie Peeters van Atelier": where she works
    if more and (not nm.opens_name(more.split()[-1]) or typed_lower or lx.is_place(more.split()[-1]) or (
            nm.is_particle(more.split()[0]) and (nm.employer_word if full else nm.organisation_word)(more.split()[-1]))
            or (nm.is_particle(more.split()[0]) and _where_not_who(more.split()[:-1], more.split()[-1]))
            or (more.split()[0] == "van" and len(more.split()) == 2 and _name_follows(match.string, match.end()))
            or _van_het_venue(more.split())):
        return start, match.start("more"), ""
    return start, match.end(), "'s" if groups.get("s") else ""


def _member_spans(text: str, people: nm.Members) -> list[tuple[int, int]]:
    """Members' full names, in any case ("lien claes"), and a member's double given name
    written with a space ("anne marie" for Anne-Marie: the word lists read two given names,
    each no member's part); a bare part is judged per mention."""
    spaced = {g.replace("-", " ") for g in people.given if "-" in g.strip("-")}
    return [m.span() for name in people.names for m in _name_pattern(name, any_case=True).finditer(text)] + [
        m.span() for name in spaced for m in _name_pattern(name, any_case=True).finditer(text)
        if not _LEAD_BEFORE.search(text, max(0, m.start() - 20), m.start()) and not _surname_follows(text, m.end())]


# "mevrouw Anne Marie Peeters", "zijn zus anne marie": someone else with a member's given names
_LEAD_BEFORE = regex.compile(r"(?i:" + _alternation(nm.ADDRESS + nm.KIN) + r")[ \t]+$")
_NEXT_WORD = regex.compile(r"[ \t]+(?P<word>[\p{L}'’-]+)")


def _surname_follows(text: str, end: int) -> bool:
    """A word after a member's spaced given names that is no Dutch word ("anne marie
    peeters", "Anne Marie Peeters"): a full name, maybe someone else's."""
    after = _NEXT_WORD.match(text, end)
    return bool(after) and not lx.is_dutch_word(after.group("word").lower())


def _overlaps(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(mention.name_start < end and start < mention.end for start, end in spans)


def _leftmost_longest(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: the leftmost, then the longest (addressed wins a tie,
    and a word-list guess loses one: "Jans dochter" is a repeat of "Jan")."""
    chosen, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m.name_start, -m.end, not m.addressed,
                                             not m.replacement.endswith("'s"), m.source == "lexicon")):
        if m.name_start >= pos:
            chosen.append(m)
            pos = m.end
    return chosen


_LEAD = regex.compile(_alternation(nm.ADDRESS) + _WS)


def _member_from(text: str, start: int, end: int, people: nm.Members, model) -> tuple[int, int]:
    """"Ria van Buurtkamer Het Dreefhuis", "Jonas aan de Dampoort": a member and where
    they work, so keep "Ria" only; unless a real particle surname follows ("Marc de Wit").
    A member's first name before another first name is two people ("Lieve Samira");
    before a surname it is a client who shares the first name ("Youssef Bakkali")."""
    words = list(nm.WORD.finditer(text, start, end))
    if (len(words) == 2 and nm.fold(words[1].group()) in people.given and nm.sentence_start(text, start)
            and _verb_before_a_name(words[0].group())):
        return words[1].start(), end  # round twenty-one: "Lost Sien op.": a verb, then member Sien
    if len(words) < 2 or nm.fold(words[0].group()) not in people.parts:
        return start, end
    if len(words) == 2 and model.is_first_name(words[1].group()) and not people.protects(text[start:end], False):
        return words[1].start(), end  # "Lieve Samira": member Lieve takes Samira along
    if not words[1].group()[0].islower():
        return start, end
    middle, last = [w.group() for w in words[1:-1]], words[-1].group()
    if all(nm.is_particle(w) for w in middle) and model.is_particle_surname(last):
        return start, end
    return start, words[0].end()


@functools.lru_cache(maxsize=65536)
def _verb_before_a_name(word: str) -> bool:
    """A Dutch verb form that no list holds as a given name or surname ("Lost", "Belt", "Vraagt"):
    at a sentence's start before a member's given name it is what the member does, not a name."""
    return lx.is_verb_form(word) and not lx.is_known_name(word) and not lx.is_surname(word)


def _strip_cue(name: str) -> str:
    """A known client may be listed as "mevrouw Peeters": keep the name."""
    start, end = nm.trim(name, 0, len(name))
    return " ".join(name[start:end].split())
