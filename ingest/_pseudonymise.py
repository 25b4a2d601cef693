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
from dataclasses import dataclass
from typing import Iterable

import regex

from ingest import _names as nm
from models import get_deidentifier

_WS = r"[ \t\u00a0]+"
_B = r"(?<![\p{L}\p{N}_])"          # no letter, digit or _ before
_E = r"(?![\p{L}\p{N}_])"           # ... nor after
_SEQ = nm.NAME_WORD + r"(?:" + _WS + r"(?:" + nm.PARTICLE + _WS + r")*" + nm.NAME_WORD + r"){0,3}"


def _alternation(words: Iterable[str]) -> str:
    return "(?i:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


_ADDRESS = regex.compile(_B + r"(?P<cue>" + _alternation(nm.ADDRESS) + ")" + _WS
                         + r"(?P<name>(?:" + nm.PARTICLE + _WS + r")*" + _SEQ + ")" + _E)
_KIN = regex.compile(r"(?<![\p{L}\p{N}_'])(?P<cue>(?:" + _alternation(nm.POSSESSIVES) + _WS
                     + _alternation(nm.POSSESSIVE_KIN) + r")|" + _alternation(nm.KIN) + ")"
                     + _WS + r"(?P<name>" + _SEQ + ")" + _E)


@dataclass(frozen=True)
class Pseudonymised:
    """The text to store, which names were replaced by what (distinct pairs, in order
    of first use) and how many mentions were replaced."""

    text: str
    replacements: list[tuple[str, str]]
    count: int


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
                 use_model: bool = True) -> Pseudonymised:
    """Replace client names in `text` by initials; members' names stay.

    `use_model` adds deduce's person names (needs deduce; raises models.ModelError
    if it is missing, so a missing install never silently lets names through).
    """
    mentions = find_mentions(text, members, known_clients, use_model)
    pieces, pairs, pos = [], {}, 0
    for m in mentions:
        pieces += [text[pos:m.name_start], m.replacement]
        pairs.setdefault((text[m.start:m.end], text[m.start:m.name_start] + m.replacement), None)
        pos = m.end + _doubled_stop(text, m)
    return Pseudonymised("".join(pieces) + text[pos:], list(pairs), len(mentions))


def pseudonymise_document(title: str | None, text: str, members: Iterable[str] = (),
                          known_clients: Iterable[str] = (), use_model: bool = True
                          ) -> tuple[str | None, Pseudonymised]:
    """A document's title and body, as ingest stores them: names found in the body are
    replaced in the title too ("Casus mevrouw Peeters"); the result counts both."""
    members, known_clients = list(members), list(known_clients)
    body = pseudonymise(text, members, known_clients, use_model)
    if not title:
        return title, body
    found = [original for original, _ in body.replacements]
    head = pseudonymise(title, members, [*known_clients, *found], use_model)
    pairs = list(dict.fromkeys(body.replacements + head.replacements))
    return head.text, Pseudonymised(body.text, pairs, body.count + head.count)


def _doubled_stop(text: str, m: Mention) -> int:
    """"mevrouw Peeters." -> "mevrouw P." rather than "mevrouw P..": skip the text's full stop."""
    after = text[m.end:m.end + 3]
    return 1 if m.replacement.endswith(".") and after[:1] == "." and after != "..." else 0


def find_mentions(text: str, members: Iterable[str] = (), known_clients: Iterable[str] = (),
                  use_model: bool = True) -> list[Mention]:
    """The client-name mentions in `text`, non-overlapping and in order (the evaluation
    scores these spans; `pseudonymise` replaces them)."""
    people, known = nm.Members.of(members), [n for n in (_strip_cue(k) for k in known_clients) if n]
    spared = _member_spans(text, people)
    found = [*_cued(text, _ADDRESS, "address"), *_cued(text, _KIN, "kin"),
             *_known(text, known)]
    if use_model:
        found += _model(text, people)
    accepted = [m for m in _leftmost_longest(found) if _keeps(m, people, spared)]
    for _ in range(3):  # "Ramdin" finds "Rakesh Ramdin", which finds a bare "Rakesh"
        repeats = _repeats(text, [m.name for m in accepted] + known, people, use_model)
        grown = _leftmost_longest(accepted + [m for m in repeats if _keeps(m, people, spared)])
        if grown == accepted:
            break
        accepted = grown
    return accepted


def _mention(text: str, start: int, name_start: int, end: int, source: str,
             addressed: bool = False, suffix: str = "") -> Mention:
    name = " ".join(text[name_start:end - len(suffix)].split())
    return Mention(start, name_start, end, name, nm.initials(name) + suffix, addressed, source)


def _cued(text: str, pattern: regex.Pattern, source: str) -> list[Mention]:
    """Names after a form of address or a kinship word ("haar zoon Dirk")."""
    found = []
    for match in pattern.finditer(text):
        start, end = nm.trim(text, match.start("name"), match.end("name"))
        if end > start:
            found.append(_mention(text, match.start(), start, end, source, source == "address"))
    return found


def _known(text: str, names: list[str]) -> list[Mention]:
    """The community's known client names, wherever they occur as whole words."""
    found = []
    for name in names:
        for match in _name_pattern(name).finditer(text):
            start, end, _ = _matched(match)
            if nm.plausible(text, start, end):
                found.append(_mention(text, start, start, end, "known"))
    return found


def _model(text: str, people: nm.Members) -> list[Mention]:
    """deduce's persons that have the shape of a person's name in these texts."""
    model = get_deidentifier()
    result, found = model.find(text), []
    for start, end in result.persons:
        addressed = bool(_LEAD.match(text, start, end))
        start, end = _member_from(text, *nm.trim(text, start, end), people, model)
        if end > start and (addressed or _person_shaped(text, start, end, result.places, model)):
            found.append(_mention(text, start, start, end, "model", addressed))
    return found


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


def _repeats(text: str, names: list[str], people: nm.Members, use_model: bool) -> list[Mention]:
    """Later uses of a found name or of its parts, also as a possessive ("Jans dochter")."""
    keys = {}
    for name in names:
        for form in [name, *nm.name_groups(name)]:
            if not (people.protects(form, False) or nm.is_not_name(form) or len(form) < 2):
                keys.setdefault(nm.fold(form), form)
    found = []
    for form in keys.values():
        for match in _name_pattern(form, possessive=True).finditer(text):
            start, end, suffix = _matched(match, people if use_model and _first_name(form) else None)
            if nm.plausible(text, start, end):
                found.append(_mention(text, start, start, end, "repeat", suffix=suffix))
    return found


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str, possessive: bool = False) -> regex.Pattern:
    """A name as whole words: particles in any case ("Van der Meer" = "van der Meer").
    A one-word name takes a surname that follows it along ("Jan" -> "Jan Peeters"); a
    repeated name also a given name before it ("Ramdin" -> "Rakesh Ramdin")."""
    words = [("(?i:" + regex.escape(w) + ")") if nm.is_particle(w) else regex.escape(w)
             for w in name.split()]
    tail = r"(?P<s>s(?=" + _WS + r"\p{Ll}))?" if possessive else "(?P<s>)"
    if len(words) == 1:
        tail = r"(?:(?P<more>" + _WS + r"(?:" + nm.PARTICLE + _WS + r")*" + nm.NAME_WORD + r")|" + tail + ")"
    head = r"(?:(?P<first>" + nm.NAME_WORD + ")" + _WS + ")?" if possessive else ""
    return regex.compile(r"(?<![\p{L}\p{N}_-])" + head + "(?P<core>" + _WS.join(words) + ")" + tail + r"(?![\p{L}\p{N}_]|-\p{L})")


def _first_name(word: str) -> bool:
    return get_deidentifier().is_first_name(word)


def _matched(match: regex.Match, people: nm.Members | None = None) -> tuple[int, int, str]:
    """(start, end, suffix) of a name match; a following word is taken along only if it is a
    name, a given name before it unless it is one of `people`'s: the caller passes them when
    the match is a first name itself ("Lieve Samira" is two people; "Youssef Bakkali" one)."""
    groups, first = match.groupdict(), match.groupdict().get("first")
    takes_first = first and nm.is_name(first) and not (people and nm.fold(first) in people.parts)
    start = match.start() if takes_first else match.start("core")
    if groups.get("more") and not nm.is_name(groups["more"].split()[-1]):
        return start, match.start("more"), ""
    return start, match.end(), "'s" if groups.get("s") else ""


def _member_spans(text: str, people: nm.Members) -> list[tuple[int, int]]:
    return [m.span() for name in people.names for m in _name_pattern(name).finditer(text)]


def _keeps(mention: Mention, people: nm.Members, spared: list[tuple[int, int]]) -> bool:
    return not (people.protects(mention.name, mention.addressed) or _overlaps(mention, spared))


def _overlaps(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(mention.name_start < end and start < mention.end for start, end in spans)


def _leftmost_longest(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: the leftmost, then the longest (addressed wins a tie)."""
    chosen, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m.name_start, -m.end, not m.addressed)):
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


def _strip_cue(name: str) -> str:
    """A known client may be listed as "mevrouw Peeters": keep the name."""
    start, end = nm.trim(name, 0, len(name))
    return " ".join(name[start:end].split())
