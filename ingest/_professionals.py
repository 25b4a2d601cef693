"""Professionals a note names: the colleagues, volunteers and other services around a
client, whose names stay ("mentor mw. Hendrikx", "buddy Katleen", "Tamara, de buurtwerker",
the writer and reader of an e-mail, the speakers of a chat).

A note names professionals in a few fixed structures, whatever their names are:

1. a job word right before the name, perhaps with a form of address, a place or a label
   separator between ("directeur Van Loon", "advocaat mr. Kerkhofs", "wijkcoach in
   Holtenbroek, Ingrid", "buddy: Greet Sels", "dagboek buddy - Stijn");
2. a job word in apposition after it ("Tamara, de buurtwerker");
3. the correspondents of an e-mail, when the header says where they work ("Van: Luc
   Verhaert, Fedasil", "Aan: J. Boonstra, Boonstra Bewindvoering");
4. the greeting and the signature of a message ("Beste Luc,", "dag Evi,", "Groeten,
   Aster", a name alone on the line that ends a message) and the speakers of a chat
   ("[3/12 18:05] Greet: super!").

Structure 4 alone names nobody: a client writes text messages, letters and chats too,
so a greeting, signature or chat speaker counts only for a name structures 1-3 give the
same person in the document (see `find`). Structures 3 and 4 are weaker still: a
client's son may write the e-mail too. So their names
count only when the same name is nowhere named as a client by a form of address or a
kinship word ("zijn zoon Nikos" ... "dag Nikos,"): the caller drops those. Measured on the
tuning sets (all halves of demo/eval-notes 1-4): the professionals replaced as clients went
from 97 to a handful; see docs/history/pseudonymisation-rounds.md.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ingest import _informal as informal
from ingest import _lexicon as lx
from ingest import _names as nm

# Jobs and roles around a client that ROLE_ENDING and TITLES do not cover. A volunteer
# buddy or a mentor is a professional for this purpose: not the person the case is about.
JOBS = frozenset(nm.fold(w) for w in """
advocaat advocate voogd bewindvoerder beschermingsbewindvoerder curator notaris rechter jeugdrechter
vrederechter directeur directrice manager casemanager locatiemanager teamleider teamcoach
buddy mentor coach juf meester leerkracht leraar lerares docent
ambtenaar schuldbemiddelaar bemiddelaar consulent consulente regisseur casusregisseur
stagiair stagiaire vrijwilliger vrijwilligster tolk wijkagent agent inspecteur
pastoor dominee imam aalmoezenier postbode kapelaan predikant chauffeur buschauffeur
lector adviseur spreker trainer moderator
""".split())
# Formal forms of address that may stand between a job word and the name; never the
# family words ("opa", "tante").
_FORMAL = ("mevrouw", "mevr.", "mevr", "mw.", "mw", "meneer", "mijnheer", "dhr.", "dhr", "de heer",
           "mr.", "mr", "dr.", "dr", "dokter", "juffrouw", "zuster")
_NAME = (r"(?:(?:\p{Lu}\.[ \t]*)+)?(?:" + nm.PARTICLE + r"[ \t]+)*" + nm.NAME_WORD
         + r"(?:[ \t]+(?:" + nm.PARTICLE + r"[ \t]+)*" + nm.NAME_WORD + r"){0,2}")
_ALT_FORMAL = "(?i:" + "|".join(regex.escape(a) for a in sorted(_FORMAL, key=len, reverse=True)) + ")"
# job word, then perhaps "daar", "in Holtenbroek", a comma or a label separator, a formal address
_AFTER_JOB = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*)\.?"
    r"(?:[ \t]+(?i:daar|hier|zelf|ook|is|was|wordt|blijft))?"
    r"(?:[ \t]+(?i:in|van|bij|uit|op|via)[ \t]+\p{Lu}[\p{L}'’-]+)?"
    r"(?:[ \t]*,|[ \t]*[:–-])?[ \t]+(?:" + _ALT_FORMAL + r"[ \t]+)?(?P<name>" + _NAME + r")(?![\p{L}\p{N}])")
_CLOSED = regex.compile(r"[ \t]*(?:[,.;:)!?]|$)", regex.MULTILINE)
_JOB_CANDIDATE = regex.compile(r"(?<![\p{L}\p{N}_])[\p{L}'’]+(?:-[\p{L}'’]+)*")
_APPOSITION = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<name>" + _NAME + r"),[ \t]+(?i:de|onze|hun|zijn|haar|een|jullie)[ \t]+"
    r"(?:[\p{L}'’]+[ \t]+)?(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*)(?![\p{L}\p{N}])")
# "Wendy Schrijnemakers (jobcoach Werkvorm)", "Jeroen (wachtdienst)", "annelies de verloskundige"
_BRACKETED_JOB = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<name>" + _NAME + r")[ \t]*\([ \t]*(?:\p{Lu}+[ \t]+)?(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*)"
    r"(?:[ \t]+[^()\n]{0,40})?\)")
# "Woonhaven (Ilse, woonconsulent)", "de crisisdienst (Marco, sociaal psychiatrisch
# verpleegkundige)": a name opening brackets, a comma and a job word ending them, at most two
# words before it
_NAME_THEN_JOB = regex.compile(
    r"\([ \t]*(?P<name>" + _NAME + r")[ \t]*,[ \t]+(?P<before>(?:[\p{L}'’]+[ \t]+){0,2})"
    r"(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*)[ \t]*\)")
# "Ingrid Goppel, zorgmanager bij Middin", "Groet, Koen De Bruyn, lector anatomie": a name that
# opens a line (or follows a sign-off) and a job word with at most one word before it.
_LINE_APPOSITION = regex.compile(
    r"(?m)^[> \t*•-]*(?:(?i:groet(?:en|jes)?|mvg|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?)[ \t]*,[ \t]*)?"
    r"(?P<name>" + _NAME + r"),[ \t]+(?P<first>[\p{L}'’]+(?:-[\p{L}'’]+)*)(?:[ \t]+(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*))?"
    r"(?![\p{L}\p{N}])")
_LOWER_APPOSITION = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<name>[\p{L}'’]+(?:[ \t]+" + nm.NAME_WORD + r")?)[ \t]+de[ \t]+"
    r"(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*)(?![\p{L}\p{N}])")
_CONTACT = regex.compile(
    r"(?P<org>(?:[\p{L}'’-]+[ \t]+){0,2}[\p{L}'’-]+)[ \t]*,[ \t]+" + _ALT_FORMAL + r"[ \t]+(?P<name>" + _NAME + r")"
    r"(?=[ \t]*(?:[,.;:)!?]|$))", regex.MULTILINE)
# "Hans van JOC Oostende", "Martine van het Sociaal Huis Lokeren": a given name and where it works
_OF_EMPLOYER = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<name>" + nm.NAME_WORD + r"(?:[ \t]+" + nm.NAME_WORD + r")?)[ \t]+van[ \t]+"
    r"(?:(?i:het|de)[ \t]+)?(?P<org>\p{Lu}[\p{L}'’-]*(?:[ \t]+[\p{L}'’-]+){0,2})")
# Words that open an employer, not a venue one visits ("Lowie van Café De Kroon" is a client).
_EMPLOYER_LEADS = frozenset("gemeente stad sociaal sociale vzw ocmw cpas caw cgg wzc bureau dienst atelier wijkteam "
                             "buurtteam kantoor advocatenkantoor firma bedrijf".split())
# A minutes' attendance line: "aanw.: ...; Roy Janssen (Wonen Limburg), Ellen Coumans (Synthese)"
_ATTENDANCE = regex.compile(r"(?im)^[ \t>*•-]*(?:aanw\.?|aanwezig(?:en)?|gast(?:en)?|getuigen|genodigden|extern)"
                            r"[ \t]*:(?P<rest>[^\n]*)")
_WITH_ORGANISATION = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<name>" + _NAME + r")[ \t]*\((?P<org>\p{Lu}[\p{L}'’-]*(?:[ \t]+[\p{L}'’-]+){0,3})[,)]")
_HEADER = regex.compile(r"(?im)^[> \t]*(?:van|aan|cc|bcc|from|to)[ \t]*:[ \t]*(?P<rest>[^\n]+)$")
_GREETING = regex.compile(
    r"(?m)^[> \t]*(?i:beste|dag|hoi|hallo|hey|hi|goedemorgen|goedemiddag|goedenavond|geachte)[ \t]+(?i:collega[ \t]+)?"
    r"(?P<names>" + _NAME + r"(?:[ \t]*(?:,|en|&)[ \t]*" + _NAME + r")*)[ \t]*(?:[,!]|$)")
_SIGN_OFF = regex.compile(
    r"(?m)(?:^|[.!][ \t]+)[> \t]*(?i:groeten|groetjes|groet|mvg|vg|met vriendelijke groet(?:en)?|"
    r"vriendelijke groet(?:en)?|hartelijke groet(?:en)?|liefs|grtz|grts|grtjs|grt|gr)[ \t]*,?[ \t]*(?:\n[> \t]*)?"
    r"(?P<name>" + _NAME + r")[ \t]*(?:,|$)")
_ALONE = regex.compile(r"(?m)^[> \t]*(?P<name>" + nm.NAME_WORD + r"(?:[ \t]+" + nm.NAME_WORD + r")?)[ \t]*$")
_END_OF_MESSAGE = regex.compile(r"[ \t]*(?:\n|$)(?:[> \t]*(?:\n|$)|[ \t]*-{2,}|[> \t]*(?i:van|from)[ \t]*:)")
# "[3/12 18:05] Greet:", "[08:12] Stijn:", "12/03/2024, 18:02 - Wim:"; not a handover's "03:10 Maria:"
_CHAT_HEAD = regex.compile(
    r"(?m)^[ \t]*(?:\[[\d/:.,\- ]{4,22}\]|\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?,?[ \t]+\d{1,2}[:.]\d{2}[ \t]*[-–])[ \t]*"
    r"(?P<name>" + _NAME + r")(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*:")
# The person a note is about, named by their role: "cliënte Leyla", "Bewoner: Jan Vos".
_GUESTS = frozenset({"gast", "gasten", "bezoeker", "bezoekster"})
# Round eleven: one list (ingest._names), less a meeting's guest or visitor ("gast: Wendy
# Schrijnemakers (jobcoach ...)" in minutes is a professional).
_CLIENT_ROLES = tuple(r for r in nm.CLIENT_ROLES if r not in _GUESTS)
_BY_CLIENT_ROLE = regex.compile(
    r"(?<![\p{L}\p{N}_])(?i:" + "|".join(_CLIENT_ROLES) + r")[ \t]*:?[ \t]+(?:" + _ALT_FORMAL + r"[ \t]+)?"
    r"(?P<name>" + _NAME + r")(?![\p{L}\p{N}])")
_FREE_MAIL = regex.compile(r"@(?i:gmail|hotmail|outlook|live|yahoo|icloud|telenet|skynet|proximus|msn|ziggo|kpn)\.")


@dataclass(frozen=True)
class Professional:
    start: int
    end: int
    name: str
    strong: bool  # named by a job word: the span stays even where the name is a client's too


@functools.lru_cache(maxsize=65536)
def job_word(word: str) -> bool:
    """A word for a job or role around a client, also as the last part of a compound with a
    hyphen ("GZA-verpleegkundige", "CLB-medewerker")."""
    key = nm.fold(word.strip(".:,"))
    last = key.rsplit("-", 1)[-1]
    if key.startswith(("oud-", "ex-")):
        return False  # "oud-verpleegkundige", "ex-buschauffeur": a former job, a resident's past
    if any(k in JOBS or k in nm.TITLES or (nm.ROLE_ENDING.search(k) and not lx.is_surname(k)
                                           and k not in nm.CUE_WORDS)
           for k in {key, last} if len(k) > 2):
        return True
    # "zorgmanager", "teamcoördinator": a compound ending in a job word; "trainers:" a plural
    return not lx.is_known_name(key) and (
        any(key.endswith(j) and len(key) - len(j) >= 3 for j in _COMPOUND_JOBS)
        or (key.endswith("s") and len(key) > 4 and job_word(key[:-1])))


_COMPOUND_JOBS = tuple(j for j in JOBS if len(j) >= 6)


def find(text: str, members: Iterable[str] = ()) -> list[Professional]:
    """Every professional's name in `text` by the structures above.

    A greeting, a signature or a chat speaker (structure 4) says only that someone wrote
    or was addressed, and clients write too: a client's text message ("Hoi Marieke, ...
    Groetjes, Sanne Verbeek"), letter or chat pasted into a note kept the client's name as
    a professional's (tests/security/test_client_messages.py). So such a name counts only
    when structures 1-3 name the same person in the document too ("Aan: Brecht Ooms,
    Kinderopvang Zonnebloem" ... "Beste Brecht,"), or when it is a member's name with at
    most words that name nobody ("Yvonne Planning" for the member Yvonne Schipper; not
    "Sanne Verbeek" for the member Sanne de Vries)."""
    working = [p for p in (*_by_job(text), *_in_apposition(text), *_contacts(text), *_job_in_brackets(text), *_cited(text),
                           *_of_employer(text), *_attending_for(text), *_correspondents(text), *_greeted_as_colleague(text))
               if _a_name(p.name)]
    known = {nm.fold(w) for p in working for w in _words(p.name)}
    member_words = {nm.fold(w) for m in members for w in _words(m)}
    wrote = [p for p in (*_greeted(text), *_signed(text), *_chat_speakers(text))
             if _a_name(p.name) and (any(nm.fold(w) in known for w in _words(p.name))
                                     or _a_members(_words(p.name), member_words))]
    return [*working, *wrote]


def _words(name: str) -> list[str]:
    return [w for w in name.replace(".", " ").split() if len(w) > 2]


def _a_members(words: list[str], member_words: set[str]) -> bool:
    """A member's name, perhaps with a label beside it that is no name ("Planning")."""
    return (any(nm.fold(w) in member_words for w in words)
            and all(nm.fold(w) in member_words or not lx.is_known_name(w)
                    for w in words))


def _a_name(name: str) -> bool:
    """No job, cue or calendar word; a single word no place or organisation either (a
    surname may be one: "Van Damme", "Van Loon")."""
    words = [w for w in name.replace(".", " ").split() if len(w) > 1 and not nm.is_particle(w)]
    single = len(name.split()) == 1
    return bool(words) and all(not nm.is_not_name(w) and not job_word(w) and nm.fold(w) not in nm.CUE_WORDS
                               and not (single and (lx.is_place(w) or lx.is_organisation(w))) for w in words)


def _span(match: regex.Match, strong: bool, group: str = "name") -> Professional:
    """The name, less where the person works ("Koen van Vzw Stroom")."""
    start, end = match.span(group)
    words = list(nm.WORD.finditer(match.string, start, end))
    for i, word in enumerate(words[1:-1], 1):
        if nm.is_particle(word.group()) and any(nm.employer_word(w.group()) and not lx.is_surname(w.group())
                                                for w in words[i + 1:]):
            end = words[i - 1].end()
            break
    return Professional(start, end, " ".join(match.string[start:end].split()), strong)


_VAN_GIVEN = regex.compile(r"[ \t]+van[ \t]+(\p{Lu}[\p{L}'’]+)[ \t]*$")


def _by_job(text: str) -> list[Professional]:
    found = []
    starts = (w.start() for w in _JOB_CANDIDATE.finditer(text) if job_word(w.group()))  # match only at job words
    for match in filter(None, (_AFTER_JOB.match(text, start) for start in starts)):
        job, between = match.group("job"), text[match.end("job"):match.start("name")]
        if between.startswith(".") and len(job) > 3:
            continue  # "bij de huisarts. Mevrouw Kaya": a full stop ends the job's sentence
        if "," in between and not _CLOSED.match(text, match.end()):
            continue  # "een vrouwelijke tolk, Fatiha zou ...": the name opens the next clause
        if _kin_or_resident(text, match) or _in_a_surname(text, match) or _whose_job(match.group("name"), text):
            continue
        whose = _VAN_GIVEN.match(between)
        if whose and not nm.organisation_after(job, "van") and (
                informal.given_after_van(whose.group(1)) or informal.whose_given(whose.group(1))):
            continue  # round eleven: "de mentor van Ruben Bosman" is Ruben's mentor, not "Bosman"
        found.append(_span(match, True))
        if ":" in between or (nm.fold(job).endswith("s") and job_word(job[:-1])):
            found += _listed_after(text, match.end())
    return found


# "trainers: Kees Bartelds en Ben Venneman", "sprekers: An Martens, Elke Plovie en ...": the
# other names a plural or labelled job word lists
_LIST_MORE = regex.compile(r"[ \t]*(?:,|en|&)[ \t]+(?P<name>" + _NAME + r")(?=[ \t]*(?:[,.;)&]|en[ \t]|$))", regex.MULTILINE)


# A literature reference: "(Henri & Pudelko, 2003)", "(Wenger et al., 2002)", "Lave en Wenger
# (1991)": its authors. Two authors or "et al." at least; "(Noa, 2015)" may be a child's birth year.
_AUTHOR = r"\p{Lu}[\p{L}'’-]+"
_AUTHORS = r"(?P<names>" + _AUTHOR + r"(?:[ \t]*(?:,|&|en|and)[ \t]*" + _AUTHOR + r")*)"
_CITED = regex.compile(
    r"\(" + _AUTHORS + r"(?P<etal>[ \t]+et[ \t]+al\.?)?,[ \t]*(?:19|20)\d{2}[a-z]?(?:[,;:][^()\n]{0,40})?\)"
    r"|(?<![\p{L}\p{N}_])" + _AUTHORS.replace("names", "before") + r"(?P<etal2>[ \t]+et[ \t]+al\.?)?[ \t]*\((?:19|20)\d{2}[a-z]?\)")


def _cited(text: str) -> list[Professional]:
    found = []
    for match in _CITED.finditer(text):
        group = "names" if match.group("names") else "before"
        names = list(regex.finditer(_AUTHOR, match.group(group)))
        if len(names) < 2 and not (match.group("etal") or match.group("etal2")):
            continue
        if lx.first_name_frequency(names[-1].group()) or (group == "before" and any(
                lx.first_name_frequency(n.group()) >= 3 for n in names)):
            continue  # authors go by their surnames: "Noa en Liam (2015)" are children and a birth year
        base = match.start(group)
        found += [Professional(base + n.start(), base + n.end(), n.group(), False) for n in names
                  if not _after_cue(text, base + n.start())]
    return found


# "Hulpverleners: Marc Peeters en Fatima El Idrissi, een moeder van vier kinderen": a kinship
# or client-role word right after a listed name says the list has turned to the family.
_KIN_AFTER = regex.compile(r"[ \t]*,?[ \t]*\(?[ \t]*(?i:(?:een|de|haar|zijn|hun|onze)[ \t]+)?(?i:"
                           + "|".join(sorted({*nm.KIN, *_CLIENT_ROLES}, key=len, reverse=True))
                           + r")(?![\p{L}\p{N}_-])")


def _listed_after(text: str, pos: int) -> list[Professional]:
    found = []
    while ((more := _LIST_MORE.match(text, pos)) and not _after_cue(text, more.start("name"))
           and not _KIN_AFTER.match(text, more.end("name"))):
        found.append(_span(more, True))
        pos = more.end()
    return found


def _kin_or_resident(text: str, match: regex.Match) -> bool:
    """"zijn zuster Maria" is his sister; "- k12 zuster godelieve:" a resident listed by room."""
    before = text[max(0, match.start() - 12):match.start()].split()
    if nm.fold(match.group("job")) in nm.POSSESSIVE_KIN and before and nm.fold(before[-1]) in nm.POSSESSIVES:
        return True
    line = text[text.rfind("\n", 0, match.start("name")) + 1:match.start("name")]
    return bool(informal.ROOM_HEAD.match(line))


def _whose_job(name: str, text: str = "") -> bool:
    """Round ten: "de mentor van Yara", "de huisarts van Karim", "de advocaat van Roy": a lower-case
    "van" and a given name after a job word say whose mentor it is; the name is the client's, no
    surname "van Yara" of the professional's (the probe of round nine found "Yara" kept as a
    professional's name, and with it every bare "Yara" in the note). "huisarts van Dam", "mentor
    van der Meer" stay surnames: no given name follows the "van".
    A rarer given name that is also a Dutch word or a surname ("de mentor van Storm", "van Mees",
    "van Valentijn") says whose where the note uses it bare too ("..., Storm wil niet"): a
    surname "van Storm" is not written without its "van" (round ten's privacy probe)."""
    words = name.split()
    if len(words) < 2 or words[0] != "van":
        return False
    return informal.given_after_van(words[1]) or informal.whose_given(words[1]) or (
        lx.first_name_frequency(words[1]) >= 1 and _bare_elsewhere(words[1], text))


# Round eleven: "de meester van Fleur", "de fysio van Jasmijn", "de coach van Nour": a job,
# title or kinship word, a lower-case "van" and a given name (maybe with a surname after it:
# "de mentor van Ruben Bosman").
_WHOSE = regex.compile(r"(?<![\p{L}\p{N}_])(?P<job>[\p{L}'’]+(?:-[\p{L}'’]+)*)[ \t]+van[ \t]+"
                       r"(?P<name>\p{Lu}[\p{L}'’]+)(?:[ \t]+(?P<surname>\p{Lu}[\p{L}'’]+(?:-\p{Lu}[\p{L}'’]+)?))?"
                       r"(?![\p{L}\p{N}'’-])")


def whose_clients(text: str) -> list[tuple[int, int]]:
    """The client named after a job, title or kinship word and "van" (`_WHOSE`, `informal.whose_given`):
    the given name, and a listed surname right after it that is no place or organisation."""
    found = []
    for match in _WHOSE.finditer(text, overlapped=True):
        job, name = match.group("job"), match.group("name")
        key = nm.fold(job)
        if nm.organisation_after(job, "van"):
            continue  # "een medewerker van Laurens": an organisation
        if not (job_word(job) or key in nm.TITLES or key in _KIN_KEYS) or not (
                informal.whose_given(name) or informal.given_after_van(name)):
            continue
        end = match.end("name")
        surname = match.group("surname")
        if surname and lx.is_surname(surname) and not (lx.is_place(surname) or lx.is_organisation(surname)
                                                      or nm.is_not_name(surname)):
            end = match.end("surname")
        found.append((match.start("name"), end))
    return found


_KIN_KEYS = frozenset(nm.fold(k) for k in nm.KIN)


def _bare_elsewhere(word: str, text: str) -> bool:
    """Whether `word` stands capitalised in `text` with no particle or capitalised word right
    before it ("Storm wil niet", "..., Mees heeft koorts"; not "van Storm", "Jan Storm")."""
    for match in regex.finditer(r"(?<![\p{L}\p{N}_'’-])" + regex.escape(word) + r"(?![\p{L}\p{N}_'’-])", text):
        before = text[max(0, match.start() - 30):match.start()].split()
        if not before or not (nm.is_particle(before[-1]) or before[-1][:1].isupper() and before[-1][-1:].isalpha()):
            return True
    return False


def _in_a_surname(text: str, match: regex.Match) -> bool:
    """"De Meester Ghislain", "Van de Kapelle": a capitalised job word after a particle is a
    surname."""
    before = text[max(0, match.start() - 12):match.start()].split()
    last = match.group("job").rsplit("-", 1)[-1]  # "de GZA-verpleegkundige" is a job
    return last[:1].isupper() and bool(before) and nm.is_particle(before[-1])


def _contacts(text: str) -> list[Professional]:
    """"doorverwezen naar Gemeente Cranendonck, dhr. Smulders", "(sociale dienst, mevr.
    Geerts)": the contact person of an organisation, named right after it."""
    found = []
    for match in _CONTACT.finditer(text, overlapped=True):
        words = match.group("org").split()
        if any(nm.fold(w) in nm.ORGANISATION_LEADS or nm.ORGANISATION.match(w) or nm.ACRONYM.match(w)
               or lx.is_organisation(w) for w in words):
            found.append(_span(match, True))
    return found


def _of_employer(text: str) -> list[Professional]:
    """"Hans van JOC Oostende was er", "doorgestuurd door Martine van het Sociaal Huis": a name
    with "van" and an organisation (a known one, an acronym, a word that opens or ends one) is
    someone who works there; "Jan van Dam", "Jef van de Velde" are surnames, "Lowie van Café
    De Kroon" a client (a venue one visits is no employer), and a form of address or kinship
    word or a verb of knowing right before makes the name a client's ("mevrouw Hanne Lambrecht
    van Atelier Zonnebloem", "ik ken Mariette van de KVLV").
    On the seen half eval-notes-6 held-out it kept 2 more professionals, no half losing a client."""
    found = []
    for match in _OF_EMPLOYER.finditer(text, overlapped=True):
        if _an_employer(match.group("org").split()) and not _after_cue(text, match.start()):
            found.append(_span(match, True))
    for match in _OF_SERVICE.finditer(text, overlapped=True):
        name = match.group("name")
        if (_a_service(match.group("org")) and not _after_cue(text, match.start())
                and (name[:1].isupper() or (lx.first_name_frequency(name) >= 3 and not lx.is_dutch_word(name)))):
            found.append(_span(match, False))
    return found


# Round sixteen: "Katrien van de dienst", "marjolein van de gemeente", "Dennis van security", "Erik
# van personeelszaken", "Maaike Vos van de verkeerspolitie", "Hofman van Reclassering Nederland": a
# name, "van" and a public service or department, in any case, is someone who works there (the
# tuning halves replaced them as clients). Only services where people work, not places they
# attend or live ("Kevin van de dagbesteding", "Ria van de woongroep" are clients), and weak
# evidence: a name a form of address or kinship word gives a client elsewhere stays a client's.
# Measured (eval-pseudonymisation --all --tuning, 34 files): professionals kept 665 -> 683 of 1156
# with the round's gazetteer and venues, clients, members and places lost nowhere.
_OF_SERVICE = regex.compile(
    r"(?<![\p{L}\p{N}_'’-])(?P<name>(?:" + nm.NAME_WORD + r"(?:[ \t]+" + nm.NAME_WORD + r")?)|\p{Ll}{3,})"
    r"[ \t]+van[ \t]+(?:(?i:het|de|'t)[ \t]+)?(?P<org>[\p{L}-]{3,})(?![\p{L}\p{N}_'’-])")
_SERVICES = frozenset("""
gemeente politie security beveiliging handhaving personeelszaken hr psd ocmw cpas caw cgg reclassering
thuiszorg thuisverpleging wijkverpleging wijkteam buurtteam sociaalteam jeugdzorg jeugdbescherming
bewindvoering schuldhulp schuldhulpverlening schuldbemiddeling mutualiteit mutualiteiten ziekenfonds
huisartsenpraktijk huisartsenpost apotheek woningcorporatie woonmaatschappij huisvestingsmaatschappij
wooncorporatie brandweer ambulance ambulancedienst griffie rechtbank parket justitiehuis uwv svb cak
wmo-loket kinderbescherming vertrouwensarts
""".split())
_SERVICE_ENDINGS = ("dienst", "politie", "loket", "zaken", "handhaving", "verpleging", "bescherming")


def _a_service(word: str) -> bool:
    """A public service or department one works at ("gemeente", "verkeerspolitie", "energieloket",
    "Reclassering"); a listed surname only in lower case and as common a Dutch word as "dienst"
    ("Katrien van de dienst"; "Jan van Dienst" stays a surname)."""
    key = nm.fold(word)
    return (not lx.is_surname(word) or (word.islower() and lx.zipf(key) >= 4.5)) and (key in _SERVICES or (
        key.endswith(_SERVICE_ENDINGS) and (key in _SERVICES or len(key) > 6 or key == "dienst")))


# "ik ken Mariette van de KVLV", "gekend van het CAW": there "van" means "from", not "working at".
_KNOW = frozenset("ken kent kende kenden kennen gekend kenne".split())


def _an_employer(words: list[str]) -> bool:
    first = words[0]
    return bool(nm.fold(first) in _EMPLOYER_LEADS or nm.ORGANISATION.match(first) or nm.ACRONYM.match(first)
                or any(lx.is_organisation(" ".join(words[:n])) for n in range(1, len(words) + 1)))


def _attending_for(text: str) -> list[Professional]:
    """In a minutes' attendance line, a name with an organisation in brackets attends for it:
    "aanwezig: ...; Frank Mulder (Gemeente Leiden), Esra Yildiz (Woonzorg Nederland)". Not
    after a form of address or kinship word ("zoon Luc (OCMW)" is family)."""
    found = []
    for line in _ATTENDANCE.finditer(text):
        for match in _WITH_ORGANISATION.finditer(text, line.start("rest"), line.end("rest")):
            if _an_employer(match.group("org").split()) and not _after_cue(text, match.start()):
                found.append(_span(match, True))
    return found


def _after_cue(text: str, start: int) -> bool:
    """A form of address or kinship word right before: "haar zoon Koenraad van OCMW Mortsel"
    names a client who works there, not a professional around the client; nor does a verb of
    knowing ("ik ken Mariette van de KVLV": she is known from there)."""
    before = text[max(0, start - 60):start].split()
    while before and before[-1][:1].isupper() and nm.fold(before[-1].strip(".,:;")) not in nm.CUE_WORDS:
        before.pop()  # the rest of the name: "mevrouw Hanne Lambrecht van ..."
    if before and before[-1].endswith(":") and nm.fold(before[-1].rstrip(":")) in _GUESTS:
        return False  # a meeting's "gast: Jolanda Smits van Welzijn ..." (round eleven)
    return bool(before) and (nm.fold(before[-1].strip(".,:;")) in nm.CUE_WORDS
                             or nm.fold(before[-1]) in _KNOW)


# "Piet Hendriks, gepensioneerd leraar, woont sinds juni op de afdeling": a former job is a
# resident's past, not the work of someone around the client.
_FORMER = frozenset("gepensioneerd gepensioneerde voormalig voormalige gewezen vroeger vroegere oud ex "
                    "rustend rustende".split())


def _in_apposition(text: str) -> list[Professional]:
    """"Tamara, de buurtwerker"; without the comma only a job word that is no surname after a
    lower-case "de" ("annelies de verloskundige"; "Jan de Koster" is a surname)."""
    found = [_span(m, True) for m in _APPOSITION.finditer(text) if job_word(m.group("job"))]
    found += [_span(m, False) for m in _LINE_APPOSITION.finditer(text)  # weaker: a client cued elsewhere stays one
              if job_word(m.group("first")) or (m.group("job") and m.group("first").islower()
                                                and nm.fold(m.group("first")) not in _FORMER and job_word(m.group("job")))]
    for match in _LOWER_APPOSITION.finditer(text):
        job, name = match.group("job"), match.group("name")
        if (job_word(job) and job.islower() and not lx.is_surname(job)
                and (name[:1].isupper() or lx.first_name_frequency(name.split()[0]) >= 3)):
            found.append(_span(match, True))
    return found


def _job_in_brackets(text: str) -> list[Professional]:
    """A job word opening the brackets after a name: "Koen (NT2-leerkracht)", "Jeroen
    (wachtdienst)" is no job word, "Wendy Schrijnemakers (jobcoach Werkvorm)" is; or a name and
    its job inside the brackets ("(Ilse, woonconsulent)"; not "(Piet, gepensioneerd leraar)")."""
    return [_span(m, True) for m in _BRACKETED_JOB.finditer(text) if job_word(m.group("job"))] + [
        _span(m, True) for m in _NAME_THEN_JOB.finditer(text)
        if job_word(m.group("job")) and nm.fold(m.group("job")) not in _VOLUNTEERS
        and not any(nm.fold(w) in _FORMER for w in m.group("before").split())]


# "taalmaatje Samir (Samir Haddad, vrijwilliger)": a volunteer named in brackets is a private
# person beside the client as often as a colleague; only a job word before the name says more.
_VOLUNTEERS = frozenset("vrijwilliger vrijwilligster buddy maatje taalmaatje".split())


def clients_by_role(text: str) -> list[str]:
    """The names a client-role word gives the person the note is about ("cliënte Leyla,
    verpleegkundige van beroep"): whoever a job word names with such a name is that client,
    not a professional (tests/security/test_client_messages.py)."""
    return [" ".join(m.group("name").split()) for m in _BY_CLIENT_ROLE.finditer(text)
            if not nm.is_not_name(m.group("name").split()[0])]


def private_correspondents(text: str) -> list[str]:
    """The names in a mail header with nothing beside them that says where they work, or
    with a private address ("Van: Arvind Raghunathan <arvind.r@outlook.com>"): a client's
    family may write too, so a greeting or signature with their name names no professional."""
    names = []
    for header in _HEADER.finditer(text):
        rest = header.group("rest")
        items = list(regex.finditer(r"[^,;]+", rest))
        works = _header_works(rest, items)
        if works and not _writes_as_family(text, header):
            continue
        for item in items:
            name = regex.match(r"[ \t]*(?P<name>" + _NAME + r")(?=[ \t]*(?:<|\(|$))", item.group())
            if name:
                names.append(" ".join(name.group("name").split()))
    return names


_FIRST_PERSON_KIN = regex.compile(r"(?i)(?<![\p{L}])(?:mijn|m'n|onze|ons)[ \t]+(?:" + "|".join(
    regex.escape(k) for k in sorted(nm.KIN, key=len, reverse=True)) + r")(?![\p{L}])")
_SENDER = regex.compile(r"(?i)[> \t]*(?:van|from)[ \t]*:")


def _writes_as_family(text: str, header: regex.Match) -> bool:
    """The sender of a message that speaks of "mijn moeder", "onze zoon": the client's
    family, whatever address or employer the header shows ("Van: Kevin de Groot
    <kevin@degrootbouw.nl>" ... "Mijn moeder valt steeds vaker"; a family business's
    address is a work address). Only the message up to the next sender counts."""
    if not _SENDER.match(text, text.rfind("\n", 0, header.start()) + 1):
        return False
    following = _SENDER_LINE.search(text, header.end())
    return bool(_FIRST_PERSON_KIN.search(text, header.end(), following.start() if following else len(text)))


_SENDER_LINE = regex.compile(r"(?im)^[> \t]*(?:van|from)[ \t]*:")


def _correspondents(text: str) -> list[Professional]:
    """"Van: Luc Verhaert, Fedasil": a name in a mail header with an employer, a job or a
    work address beside it. "Van: Nikos Papadopoulos" alone says nothing."""
    found = []
    for header in _HEADER.finditer(text):
        rest, base = header.group("rest"), header.start("rest")
        items = list(regex.finditer(r"[^,;]+", rest))
        works = _header_works(rest, items)
        if not works:
            continue
        for item in items:
            name = regex.match(r"[ \t]*(?P<name>" + _NAME + r")(?=[ \t]*(?:<|\(|$))", item.group())
            if name:
                found.append(Professional(base + item.start() + name.start("name"), base + item.start() + name.end("name"),
                                          " ".join(name.group("name").split()), False))
    return found


_BRACKETS = regex.compile(r"\((?P<inside>[^()\n]{2,60})\)")


def _header_works(rest: str, items: list[regex.Match]) -> bool:
    """A header line that says where its people work: a work address, an item after the first
    that names an employer or job ("Van: Luc Verhaert, Fedasil"), or, round sixteen, an employer
    or job in brackets after a name ("Van: Bart Luyten (Kempisch Tehuis)", "Aan: ...; Ilse Mertens
    (dienst wonen Stad Lommel)"): tuning halves replaced such correspondents and every bare use of
    their names as clients'. Measured on the 34 tuning files: professionals kept 683 -> 703 of 1156,
    no client, member or place lost. A kinship or client-role word in the brackets ("(Zoon)") says
    family, and the name goes as before."""
    return (("@" in rest and not _FREE_MAIL.search(rest)) or any(_names_work(i.group()) for i in items[1:])
            or any(_names_work(b.group("inside")) or _a_service(b.group("inside").split()[0])
                   for b in _BRACKETS.finditer(rest) if b.group("inside").split()
                   and not any(nm.fold(w.strip(".,;:")) in _KIN_KEYS or nm.fold(w.strip(".,;:")) in _CLIENT_ROLES
                               for w in b.group("inside").split())))  # "(zoon)", "(dochter van mw. Aerts)"


def _names_work(item: str) -> bool:
    """An item beside a name in a header that says where or as what someone works."""
    words = item.split()
    if not words:
        return False
    first = words[0].strip("<>()")
    return (nm.ACRONYM.match(first) is not None or any(job_word(w) for w in words)
            or nm.fold(first) in nm.ORGANISATION_LEADS or lx.is_organisation(item.strip())
            or (first[:1].isupper() and not lx.is_known_name(first)))


def _greeted(text: str) -> list[Professional]:
    found = []
    for match in _GREETING.finditer(text):
        for name in regex.finditer(_NAME, match.group("names")):
            start = match.start("names") + name.start()
            found.append(Professional(start, start + len(name.group()), " ".join(name.group().split()), False))
    return found


def _greeted_as_colleague(text: str) -> list[Professional]:
    """"Geachte collega Van Hamme,": the greeting itself says she works (a job word)."""
    return [p for p in _greeted(text)
            if regex.search(r"(?i)(?<![\p{L}])collega[ \t]+$", text[text.rfind("\n", 0, p.start) + 1:p.start])]


def _signed(text: str) -> list[Professional]:
    found = [_span(m, False) for m in _SIGN_OFF.finditer(text)]
    for match in _ALONE.finditer(text):
        before = text[:match.start()]
        previous = (before[:-1] if before.endswith("\n") else before).rsplit("\n", 1)[-1]
        if not previous.strip(" \t>") or not _END_OF_MESSAGE.match(text, match.end()):
            continue  # a heading after a blank line, or a line inside a list
        if lx.first_name_frequency(match.group("name").split()[0]) > 0:
            found.append(_span(match, False))
    return found


def _chat_speakers(text: str) -> list[Professional]:
    return [_span(m, False) for m in _CHAT_HEAD.finditer(text)]
