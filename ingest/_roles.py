"""The part each person played in a document, from what its text says.

Session reports and cases say who did what in a few set ways: a label with a
name ("Casus (Leen)", "Inbreng Sien:", "## Inbreng van Daan", "verslag: Bram",
"Notulist: An", "Presentatie door Karim"), an attendance list ("Aanwezig: ...",
"## Deelnemers" and its paragraph), and "Nadia bracht de situatie ... in".
This runs on the text as stored, after pseudonymisation, so a client's name
(already initials) cannot become a person; the sentence form, the loosest, only
counts for people the document already names.

Precedence is by class, stated before read. A role the metadata states (front
matter, the upload form's or the CLI's authors, a moderator's "Gegevens verbeteren")
is what the uploader or moderator said and is kept as given: the text's patterns are
guesses ("Nadia bracht de situatie in" in a report Nadia wrote down as note-taker),
and a stated "verslag" overridden by them was a moderator's correction that did not
stick. What is read only fills roles nobody stated: for an author without one and
for a person only the text names, the strongest (AUTHOR_ROLES order) of what the
text says and, for an author, the part the document's type implies (TYPE_ROLES).
People only the text names are marked `from_text`: they are not taken for the
community's members by pseudonymisation.
"""
from __future__ import annotations

import dataclasses
import re

from store import AUTHOR_ROLES, TYPE_ROLES, Author, DocumentMeta

_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_WORD = rf"[{_UPPER}][{_LOWER}'’-]+"
_PARTICLE = r"(?:van|de|der|den|ter|te|el|El|Van|De|Ter)"
NAME = rf"{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}){{0,3}}"
_NOT_NAMES = {"de", "het", "een", "ik", "wij", "we", "zij", "ze", "hij", "mevrouw", "meneer", "dhr", "mevr",
              "familie", "casus", "inbreng", "verslag", "sessie", "vraag", "zie", "dit", "deze", "onze", "mijn"}
LABELS = [  # (label pattern, case-insensitive, before a name; role)
    (r"casus\s*\(", "inbreng"),
    (r"(?:casus)?inbreng(?:\s+van)?[ \t]+|(?:casus\s+)?ingebracht\s+door\s*:?[ \t]*|casusinbrenger\s*:[ \t]*", "inbreng"),
    (r"(?:verslag|notulen|notulist|verslaggever)(?:\s+door)?\s*:[ \t]*|verslag\s+door[ \t]+", "verslag"),
    (r"presentatie(?:\s+door|\s*:)[ \t]*|gepresenteerd\s+door[ \t]+", "presentatie"),
    (r"reflectie\s+(?:door|van)[ \t]+", "reflectie"),
]
_LABELLED = [(re.compile(rf"(?<!\w)(?i:{label})(?P<name>{NAME})(?![\w'’-])"), role) for label, role in LABELS]
_ATTENDANCE = re.compile(r"^[#*\s]*(?i:aanwezig|deelnemers)\b[*:\s]*\n?\s*(?P<list>[^\n]+)", re.MULTILINE)
_BROUGHT_IN = re.compile(rf"(?P<name>{NAME}) bracht (?:de|een|haar|zijn) (?:situatie|casus|vraag|verhaal)\b"
                         rf"(?:[^.\n]|(?<=\b[{_UPPER}])\.){{0,160}}?\bin\b")
_RANK = {role: rank for rank, role in enumerate(AUTHOR_ROLES)}


def with_roles(meta: DocumentMeta, text: str) -> DocumentMeta:
    """`meta` with the people the text names added and every role filled in: a stated
    role (an author's own) as given, else the strongest read one (module docstring)."""
    roles: dict[str, str | None] = {}
    authors = {a.name: a for a in meta.authors}
    stated = {a.name: a.role for a in meta.authors if a.role}
    for author in meta.authors:
        _keep(roles, author.name, author.role or TYPE_ROLES.get(meta.type or ""))
    attending = _attendance(text)
    known = [*authors, *attending]
    for name in attending:
        _keep(roles, name, "deelnemer")
    for pattern, role in _LABELLED:
        for match in pattern.finditer(text):
            _keep(roles, _resolve(match["name"], known), role)
    for match in _BROUGHT_IN.finditer(text):
        name = _resolve(match["name"], known)
        if name in known:
            _keep(roles, name, "inbreng")
    roles.update(stated)   # read roles only fill what was not stated
    people = [dataclasses.replace(authors.get(name, Author(name, from_text=True)), role=role)
              for name, role in roles.items() if name in authors or _is_name(name)]
    return dataclasses.replace(meta, authors=people)


def _keep(roles: dict[str, str | None], name: str, role: str | None) -> None:
    """Record `role` for `name` unless a stronger one is already known."""
    current = roles.get(name)
    if name not in roles or current is None or (role is not None and _RANK[role] < _RANK[current]):
        roles[name] = role if name not in roles or role is not None else current


def _attendance(text: str) -> list[str]:
    """The names of an attendance list, up to its first full stop; remarks in
    brackets ("(moderator)", "(WZC Ter Vennen, Herentals)") are not names."""
    names: list[str] = []
    for match in _ATTENDANCE.finditer(text):
        listed = re.sub(r"\([^)]*\)", "", re.split(r"\.(?:\s|$)", match["list"])[0])
        for part in re.split(r",|\s+en\s+|;", listed):
            part = part.strip()
            if re.fullmatch(NAME, part) and _is_name(part):
                names.append(part)
    return list(dict.fromkeys(names))


def _resolve(name: str, known: list[str]) -> str:
    """A first name as the one known full name it starts, if exactly one does."""
    if name in known:
        return name
    fuller = [k for k in dict.fromkeys(known) if k.startswith(name + " ")]
    return fuller[0] if len(fuller) == 1 else name


def _is_name(name: str) -> bool:
    return name.split()[0].lower() not in _NOT_NAMES
