"""Document metadata from front matter / JSONL fields, CLI flags, the upload form
and folder names, and the one set of rules that checks them all.

Precedence: the document's own fields, then flags (or the form), then the folder
convention `<community>/<cycle>/...`. What none of them says stays None ("onbekend"
in the UI): metadata is never guessed. Values that are present but malformed are
errors, because silently dropping them would lose what the writer meant. Every
entry point checks a value with the same function (`check_field`), so the form,
`ingest --cycle ...` and front matter give the same verdict; each error carries an
English detail and the field's Dutch message (FIELD_MESSAGES).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ingest._errors import BAD_METADATA, IngestError
from ingest._limits import MAX_AUTHORS, MAX_COMMUNITY_CHARS, MAX_NAME_CHARS, MAX_SESSION
from ingest._names import ADDRESS
from store import AUTHOR_ROLES, DOCUMENT_TYPES, Author, DocumentMeta

_ALIASES = {
    "titel": "title", "soort": "type", "gemeenschap": "community", "groep": "community",
    "cyclus": "cycle", "werkjaar": "cycle", "sessie": "session", "datum": "date",
    "auteurs": "authors", "auteur": "authors", "author": "authors", "thema's": "themes",
    "themas": "themes", "organisatie": "organisation", "openbaar": "public",
}
_TYPE_ALIASES = {"verslag": "sessieverslag", "case": "casus", "reflection": "reflectie",
                 "anders": "other", "overig": "other", "program": "programma", "programme": "programma",
                 "presentation": "presentatie", "publication": "publicatie"}
_YES, _NO = frozenset({"true", "ja", "yes", "1", "waar"}), frozenset({"false", "nee", "no", "0", "onwaar", ""})
_CYCLE = re.compile(r"^([0-9]{4})\s*[-/–]\s*([0-9]{4})$")  # ASCII digits: \d would take ٢٠٢٣ too
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
# What a person reads about a field they filled in wrongly (form, upload report).
FIELD_MESSAGES = {
    "community": f"Een groepsnaam is hoogstens {MAX_COMMUNITY_CHARS} tekens, zonder speciale tekens of schuine streep (/).",
    "cycle": "Schrijf de cyclus als een werkjaar, bijvoorbeeld 2023-2024.",
    "session": f"Het sessienummer is een getal van 0 tot {MAX_SESSION}.",
    # 'anders', the Dutch word front matter takes for 'other' (_TYPE_ALIASES): an English code
    # in this sentence read as a typo (workflow round 38)
    "type": f"Kies een soort: {', '.join(t for t in DOCUMENT_TYPES if t != 'other')} of anders (ander document).",
    "date": "Schrijf de datum als 2023-11-14 of 14-11-2023.",
    "authors": ("Schrijf één persoon per regel, als: Naam (Organisatie), rol. De organisatie en de rol"
                " (inbreng, reflectie, presentatie, deelnemer of verslag) mogen weg; zet geen mevrouw of meneer"
                " voor de naam."),
    "public": "Schrijf bij openbaar ja of nee.",
}
# A form of address or kinship word before an author's name ('mevrouw Amalberga Decock'):
# the text's cue for a client (ingest._names.ADDRESS), and with_roles took the word for no
# name, so the author was dropped without a word (privacy attack 37). "mr." (meester, a
# lawyer) names a professional and stays allowed.
_ADDRESSED = re.compile(r"(?i:%s)(?:\.\s*|\s+)" % "|".join(
    re.escape(word) for word in sorted({w.rstrip(".") for w in ADDRESS} - {"mr"}, key=len, reverse=True)))
_AUTHOR_LINE = re.compile(r"(?P<name>[^(),]+?)\s*(?:\((?P<org>[^()]+)\))?\s*(?:,\s*(?P<role>[^(),]+?))?\s*")
# Words for the part someone played, as people write them: -> AUTHOR_ROLES.
ROLE_WORDS = {
    **{role: role for role in AUTHOR_ROLES},
    "casus": "inbreng", "casusinbrenger": "inbreng", "inbrenger": "inbreng", "ingebracht": "inbreng",
    "case": "inbreng", "reflection": "reflectie", "presentator": "presentatie", "spreker": "presentatie",
    "presenter": "presentatie", "aanwezig": "deelnemer", "participant": "deelnemer", "verslaggever": "verslag",
    "notulist": "verslag", "notulen": "verslag", "notes": "verslag", "auteur": None, "author": None,
}


@dataclass
class Overrides:
    """Metadata given on the command line or in the upload form (build it with
    `checked_overrides`, so it holds checked, canonical values)."""

    community: str | None = None
    cycle: str | None = None
    type: str | None = None
    session: int | None = None
    date: str | None = None
    authors: list[Author] = field(default_factory=list)


def checked_overrides(**values) -> Overrides:
    """Overrides from raw values (`ingest --cycle 2023/2024`, form fields): each
    checked by `check_field`; the first bad one raises its IngestError."""
    checked = {name: check_field(name, value) for name, value in values.items()}
    return Overrides(**{**checked, "authors": checked.get("authors") or []})


def check_field(name: str, value):
    """One metadata value, checked and made canonical by the rule every entry point
    uses; None for an empty one. Raises IngestError (BAD_METADATA, the field, an
    English detail and the field's Dutch message)."""
    return _CHECKS[name](value)


def _quoted(value) -> str:
    """A refused value as a refusal's detail may quote it: only one without a letter
    ("cycle '2024-2023' ends before it starts"). A word may be a client's name that nothing
    pseudonymised ("date 'bij mevrouw Yilmaz' is not a date"), and the detail is printed in
    the ingest report a cron job logs (trace attack 11); the field is named all the same."""
    text = str(value)
    return "" if any(ch.isalpha() for ch in text) else f" '{text}'"


def _bad(name: str, detail: str) -> IngestError:
    return IngestError(BAD_METADATA, detail, name, user=FIELD_MESSAGES[name])


def resolve_meta(fields: dict, overrides: Overrides, rel_path: str, body: str) -> DocumentMeta:
    raw = {_ALIASES.get(str(k).lower(), str(k).lower()): v for k, v in fields.items()}
    folder_community, folder_cycle = _from_folders(rel_path)
    return DocumentMeta(
        title=_text(raw.get("title")) or _first_heading(body, rel_path) or _first_short_line(body, rel_path)
        or _title_from_path(rel_path),
        type=_type(raw.get("type")) or _type(overrides.type),
        community=_community(raw.get("community")) or overrides.community or folder_community,
        cycle=_cycle(raw.get("cycle")) or _cycle(overrides.cycle) or folder_cycle,
        session=_session(raw.get("session")) if _text(raw.get("session")) is not None else overrides.session,
        date=_date(raw.get("date")) or _date(overrides.date),
        authors=parse_authors(raw.get("authors")) or list(overrides.authors),
        themes=_themes(raw.get("themes")),
        public=_switch(raw.get("public"), "public"),
    )


def community_of(fields: dict, overrides: Overrides, rel_path: str) -> str | None:
    """The community a file names, as resolve_meta reads it, also when another of its
    fields is refused (for a refused file's report, ingest._pipeline); None when the
    community field itself is refused or none is named."""
    raw = {_ALIASES.get(str(k).lower(), str(k).lower()): v for k, v in fields.items()}
    try:
        return _community(raw.get("community")) or overrides.community or _from_folders(rel_path)[0]
    except IngestError:
        return None


def _text(value) -> str | None:
    return str(value).strip() or None if value is not None else None


def _community(value) -> str | None:
    """A name a page, a log line and a document id can carry (the store's own rule: no
    '/', which would let one community's document ids spell another's)."""
    text = _text(value)
    if text is not None and (len(text) > MAX_COMMUNITY_CHARS or "/" in text
                             or any(unicodedata.category(ch).startswith("C") for ch in text)):
        raise _bad("community", f"community name{_quoted(text[:80])} is longer than {MAX_COMMUNITY_CHARS}"
                                " characters or holds control characters or '/'")
    return text


def _type(value) -> str | None:
    if value is None or not str(value).strip():
        return None
    name = _TYPE_ALIASES.get(str(value).strip().lower(), str(value).strip().lower())
    if name not in DOCUMENT_TYPES:
        raise _bad("type", f"unknown type{_quoted(value)} (use one of: {', '.join(DOCUMENT_TYPES)})")
    return name


def _switch(value, name: str) -> bool:
    """A yes/no field: YAML's true/false, or ja/nee, yes/no, 1/0."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text not in _YES | _NO:
        raise _bad(name, f"{name}{_quoted(value)} is not ja or nee")
    return text in _YES


def _cycle(value) -> str | None:
    """A working year, `2023-2024` (also 2023/2024, 2023 – 2024); it may not end before it starts."""
    if value is None or not str(value).strip():
        return None
    match = _CYCLE.match(str(value).strip())
    if not match:
        raise _bad("cycle", f"cycle{_quoted(value)} is not a working year like 2023-2024")
    if int(match.group(2)) < int(match.group(1)):
        raise _bad("cycle", f"cycle{_quoted(value)} ends before it starts")
    return f"{match.group(1)}-{match.group(2)}"


def _session(value) -> int | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if not text.isascii() or not text.lstrip("-").isdigit():
        raise _bad("session", f"session{_quoted(value)} is not a number")
    if not 0 <= int(text) <= MAX_SESSION:
        raise _bad("session", f"session{_quoted(value)} is not between 0 and {MAX_SESSION}")
    return int(text)


def _date(value) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise _bad("date", f"date{_quoted(value)} is not a date like 2023-11-14")


def parse_authors(value) -> list[Author]:
    """The one author grammar of front matter, the upload form and `ingest --author`.

    An author is a mapping `{name, organisation, role}` (Dutch keys too), or a line
    `Naam`, `Naam (Organisatie)`, `Naam, rol` or `Naam (Organisatie), rol`; `value`
    is one author or a list of them. Roles: see ROLE_WORDS. Malformed authors are
    errors (a dropped author would lose who had the experience)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_AUTHORS:
        raise _bad("authors", f"{len(items)} authors; the limit is {MAX_AUTHORS}")
    return [a for a in (_author(item) for item in items) if a is not None]


def _author(item) -> Author | None:
    if isinstance(item, dict):
        fields = {_ALIASES.get(str(k).lower(), str(k).lower()): v for k, v in item.items()}
        name = _text(fields.get("name") or fields.get("naam"))
        if not name:
            raise _bad("authors", "an author has no name")
        return _checked(name, _text(fields.get("organisation")), _text(fields.get("role") or fields.get("rol")))
    line = str(item).strip()
    if not line:
        return None
    match = _AUTHOR_LINE.fullmatch(line)
    if not match:
        raise _bad("authors", f"author{_quoted(line[:80])} is not written as: Naam (Organisatie), rol")
    return _checked(match["name"], match["org"], match["role"])


def _checked(name: str, organisation: str | None, role: str | None) -> Author:
    if address := _ADDRESSED.match(name.strip()):
        word = address.group().strip().lower()
        raise IngestError(BAD_METADATA, "an author's name starts with a form of address", "authors",
                          user=f"Een auteur begint met de aanspreekvorm ‘{word}’. Schrijf alleen de naam"
                               " (Voornaam Achternaam), zonder mevrouw of meneer: een auteur is een lid of"
                               " professional, en een cliënt hoort niet bij de auteurs.")
    for value in (name, organisation or ""):
        if len(value.strip()) > MAX_NAME_CHARS or any(unicodedata.category(ch).startswith("C") for ch in value):
            raise _bad("authors", f"author{_quoted(value[:80])} is longer than {MAX_NAME_CHARS}"
                                  " characters or holds special characters")
    return Author(name.strip(), (organisation or "").strip() or None, role_of(role))


def role_of(word: str | None) -> str | None:
    """A role word (Dutch or English, see ROLE_WORDS) as one of AUTHOR_ROLES; None for none."""
    if word is None or not str(word).strip():
        return None
    key = str(word).strip().lower()
    if key in ROLE_WORDS:
        return ROLE_WORDS[key]
    raise _bad("authors", f"unknown author role{_quoted(word)} (use one of: {', '.join(AUTHOR_ROLES)})")


def _themes(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(t).strip() for t in items if str(t).strip()]


def _from_folders(rel_path: str) -> tuple[str | None, str | None]:
    """`<community>/<cycle>/file`: the first folder that is a working year, and the one above it."""
    parts = PurePosixPath(rel_path).parts[:-1]
    for index, part in enumerate(parts):
        if _CYCLE.match(part):
            return (parts[index - 1] if index else None), _cycle(part)
    return None, None


# Formats whose headings are styles the reader maps to Markdown: in Word only a paragraph
# styled Title or Heading 1 ('# ') names the document; a Heading 2 ('Inleiding',
# 'Aanwezigen') names a part of it, and the file's name says more than that.
_STYLED_SUFFIXES = frozenset({".docx"})


def _first_heading(body: str, rel_path: str = "") -> str | None:
    """The first heading near the top: of levels 1 to 3 in text formats, of level 1 (Title
    or Heading 1) in a .docx. The title goes through the community's pseudonymisation as
    every title does (ingest._privacy), so a heading naming a client is stored hidden."""
    levels = "#" if PurePosixPath(rel_path).suffix.lower() in _STYLED_SUFFIXES else "#{1,3}"
    match = re.search(rf"^{levels}\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


# Formats whose first line is often their title but has nothing to mark it (no property,
# no front matter): a .txt, .md or .html file. A PDF's first line is as often a running
# header ("Pagina 1 van 4"), and .docx/.pptx/.odt/.eml carry their own title.
_PLAIN_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
TITLE_MAX_CHARS = 100    # a longer first line is a sentence, not a title
TITLE_MAX_WORDS = 15
TITLE_LOOK_LINES = 8     # how many non-empty lines at the top are candidates
# Lines at the top of saved web pages and minutes that are not a title: navigation,
# cookie notices, and "Label: value" lines of a report's header.
_NOT_A_TITLE = re.compile(
    r"cookie|^(?:top of page|skip to (?:main )?content|naar (?:de )?(?:hoofd)?inhoud|ga naar|menu|home|zoeken|"
    r"inloggen|log in|print|delen|terug)\b|^(?:aanwezig|afwezig|verontschuldigd|datum|tijd|plaats|locatie|"
    r"notulist|notulen|voorzitter|van|aan|cc|verzonden|agenda|bijlagen?)\s*:|https?://|www\.|@",
    re.IGNORECASE)


def _first_short_line(body: str, rel_path: str) -> str | None:
    """The first line near the top of a plain-text, Markdown or HTML document that
    reads like a title: short, not a sentence (no closing full stop, comma or colon),
    with letters, and not navigation, a cookie notice or a 'Datum:' header line.
    Seeds saved from websites start with "top of page" or a cookie notice before it."""
    if PurePosixPath(rel_path).suffix.lower() not in _PLAIN_SUFFIXES:
        return None
    lines = [" ".join(line.split()) for line in body.splitlines()]
    for line in [line for line in lines if line][:TITLE_LOOK_LINES]:
        if _looks_like_title(line):
            return line
    return None


def _looks_like_title(line: str) -> bool:
    letters = sum(ch.isalpha() for ch in line)
    return (len(line) <= TITLE_MAX_CHARS and len(line.split()) <= TITLE_MAX_WORDS and letters >= 4
            and line[-1] not in ".,;:" and not _NOT_A_TITLE.search(line))


def _title_from_path(rel_path: str) -> str:
    stem = unicodedata.normalize("NFC", PurePosixPath(rel_path).stem)   # composed, as the text is read
    return re.sub(r"[_-]+", " ", re.sub(r"^\d+[_-]", "", stem)).strip().capitalize() or stem


_CHECKS = {"community": _community, "cycle": _cycle, "session": _session, "type": _type, "date": _date,
           "authors": parse_authors}
