"""Which names a community's documents keep, and whether its client names are
replaced at all: read from the store once per community per batch.

Pseudonymisation is on unless the community switched it off (a community the
store does not know yet gets the default: on). Members keep their names: users
with a role in the community, the authors of its documents, and each document's
own authors, and the authors of the other documents of the same community in the
batch being ingested, and the names listed with `members add`. The community's
list of known client names is replaced wherever it occurs, also where the switch is
off (ingest._listed); its keep list (places, organisations, projects: `keep add`)
stays wherever it occurs. A public document (a programme, presentation or
publication, or `openbaar: ja` in its front matter) names professionals, not
clients: only names after a form of address or kinship word and known client names
are replaced in it.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import regex

from ingest import _file_names as file_names
from ingest._errors import IngestError
from ingest._isolated import pseudonymise_limited
from ingest._keep import applied_keep
from ingest._listed import hide_listed, listed_clients, replace_listed
from ingest._metadata import Overrides, resolve_meta
from ingest._names import fold as nm_fold
from ingest._names import initials as name_initials
from ingest._pseudonymise import Pseudonymised, pseudonymise_document
from ingest._read import SUPPORTED, read_all
from ingest._report import NameReport
from ingest._visible import as_shown
from store import DocumentMeta, Filters, Store

_FILE_WORDS = re.compile(r"[_.\-]+")   # what joins the words of a file or folder name
# A file name quoted in a text: letters, digits, '_', '-' and '.' before an extension of a
# document or picture ('verslag_Yilmaz.txt', 'foto-Yilmaz.png').
_QUOTED_FILE = regex.compile(
    r"(?<![\p{L}\p{N}_.\-/])(?P<stem>[\p{L}\p{N}][\p{L}\p{N}_.\-]*)\.(?i:txt|md|markdown|docx?|pdf|html?|pptx?|odt|"
    r"ods|odp|eml|msg|rtf|jsonl|csv|xlsx?|png|jpe?g|gif|heic|tiff?|bmp|webp|zip)(?![\p{L}\p{N}])")

# Document types that name professionals rather than clients (see store.DOCUMENT_TYPES).
PUBLIC_TYPES = frozenset({"programma", "presentatie", "publicatie"})


@dataclass(frozen=True)
class Policy:
    enabled: bool
    members: tuple[str, ...]
    clients: tuple[str, ...]
    keep: tuple[str, ...] = ()


def community_policy(store: Store, community: str | None) -> Policy:
    """The store's switch, members and keep list for `community`; its known client
    names are kept as hashes, so they are found per text (ingest._listed), not listed here."""
    if not community:
        return Policy(True, (), ())
    switches = {c.name: c.pseudonymise for c in store.accounts.communities()}
    members = {u.name for u in store.accounts.users() if community in u.roles}
    members.update(store.catalogue.facets(Filters(communities=(community,)))["authors"])
    members.update(store.accounts.community_names(community, "member"))
    kept, _ = applied_keep(store, community)   # an entry the keep list refuses now is not applied
    return Policy(switches.get(community, True), tuple(sorted(members)), (), tuple(kept))


def is_public(meta: DocumentMeta) -> bool:
    """A programme, presentation or publication, or a document switched to public."""
    return meta.public or meta.type in PUBLIC_TYPES


class Privacy:
    """Applies each community's policy to the documents of one batch."""

    def __init__(self, store: Store, authors: dict[str | None, set[str]] | None = None) -> None:
        self._store = store
        self._authors = authors or {}  # the batch's own authors, per community
        self._policies: dict[str | None, Policy] = {}
        self._community_words: frozenset[str] | None = None
        self._recorrected: dict[str | None, dict[str, tuple[str | None, set[str]]]] = {}

    @property
    def files_dir(self) -> Path:
        return self._store.settings.files_dir

    def recorrected(self, community: str | None) -> dict[str, tuple[str | None, set[str]]]:
        """The metadata corrections that pseudonymised documents again, of `community` since its
        name's last group was deleted (store.Traces.recorrected), read once per batch."""
        if community not in self._recorrected:
            self._recorrected[community] = self._store.traces.recorrected(community)
        return self._recorrected[community]

    def enabled(self, community: str | None) -> bool:
        """Whether `community` pseudonymises (its switch; on for one the store does not know)."""
        return self._policy(community).enabled

    def note(self, community: str, text: str) -> str:
        """A moderator's own text (a pack's name or note) as `community`'s documents have it."""
        return self.apply(text, DocumentMeta(community=community))[0] if text.strip() else text

    def apply(self, text: str, meta: DocumentMeta,
              clients: tuple[str, ...] = ()) -> tuple[str, DocumentMeta, NameReport | None]:
        """(text, meta) as they will be stored, and what was replaced and kept
        (None when the community does not pseudonymise). Invisible characters go first
        (visible_only): a soft hyphen inside a name hid it from every rule and list.
        `clients`: names known to be this document's clients (`names_in_file_name`)."""
        text, meta = visible_only(text), _visible_meta(meta)
        policy = self._policy(meta.community)
        if not policy.enabled:
            title, result = replace_listed(self._store, meta.community, meta.title, Pseudonymised(text, [], 0))
            names = NameReport(result.count, tuple(result.replacements)) if result.count else None
            return result.text, self._listed_hidden(_named_hidden(meta, title, result.replacements)), names
        clients = (*clients, *self.names_in_quoted_files(text, meta))
        title, result = self.pseudonymise(text, meta, clients)
        names = NameReport(result.count, tuple(result.replacements), tuple(result.kept))
        meta = self._themes_pseudonymised(_named_hidden(meta, title, result.replacements))
        return result.text, self._listed_hidden(self.organisations_pseudonymised(meta)), names

    def listed_in(self, text: str, community: str | None) -> bool:
        """Whether `text` holds one of `community`'s listed client names (read as shown)."""
        return bool(self._store.clients.client_name_spans(community, visible_only(text)))

    def names_in_quoted_files(self, text: str, meta: DocumentMeta) -> list[str]:
        """Client names in the file names a text quotes: an e-mail's attachment heading
        ('## Bijlage: verslag_Quilbijla.txt'), a Markdown image ('![](foto-Yilmaz.png)'),
        'zie notities_Yilmaz.docx'. Judged as a file name's words (ingest/_file_names.py):
        no cue marks them, so the text's rules left them. They count as known clients of
        the document, so every use of them in it is replaced."""
        kept = None
        found: dict[str, None] = {}
        for match in _QUOTED_FILE.finditer(text):
            kept = self._file_name_kept(meta) if kept is None else kept
            line = _FILE_WORDS.sub(" ", match.group("stem"))
            for word, shown in file_names.names_in(line, kept):
                if shown == name_initials(word):   # the name itself, not the word it is glued to
                    found.setdefault(word, None)
        return list(found)

    def organisations_pseudonymised(self, meta: DocumentMeta) -> DocumentMeta:
        """An author's organisation is free text (front matter, the upload form, a
        moderator's correction: 'thuiszorg bij mevrouw Yilmaz'). An organisation's name is
        no sentence, and the text's guesses took 6 of the demo sets' 250 for names ('De
        Schakel', 'Schouten Familierecht'), so only what a public document's text gets runs
        on it: names after a form of address or kinship word and the known client names, all
        in one pass (one line each), the authors' own names spared."""
        meta = dataclasses.replace(meta, authors=_visible_authors(meta.authors))   # as `apply` reads them
        if not any((a.organisation or "").strip() for a in meta.authors) or not self._policy(meta.community).enabled:
            return meta
        bare = dataclasses.replace(meta, title=None, themes=[], public=True)
        given = [a.organisation or "" for a in meta.authors]
        lines = self.pseudonymise("\n".join(given), bare)[1].text.split("\n")
        if len(lines) != len(given):
            lines = [self.pseudonymise(o, bare)[1].text if o.strip() else o for o in given]
        return dataclasses.replace(meta, authors=[dataclasses.replace(a, organisation=line if a.organisation else
                                                                      a.organisation)
                                                  for a, line in zip(meta.authors, lines)])

    def _themes_pseudonymised(self, meta: DocumentMeta) -> DocumentMeta:
        """Themes are free text (front matter's 'zorgen om mevrouw Yilmaz'): the rules run
        on them as on the text, all in one pass (one line each), also where the text
        never names the client (then nothing above found the name to hide)."""
        if not any(theme.strip() for theme in meta.themes):
            return meta
        bare = dataclasses.replace(meta, title=None, themes=[])
        lines = self.pseudonymise("\n".join(meta.themes), bare)[1].text.split("\n")
        if len(lines) != len(meta.themes):
            lines = [self.pseudonymise(theme, bare)[1].text if theme.strip() else theme for theme in meta.themes]
        return dataclasses.replace(meta, themes=lines)

    def _listed_hidden(self, meta: DocumentMeta) -> DocumentMeta:
        """The title, themes and authors (name and organisation) without the community's
        known client names, also where the text never names them ('thema: zorgen om
        Peeters' over a text that says 'mevrouw P.'; an author 'Peeters' in front matter)."""
        def hidden(value):
            return hide_listed(self._store, meta.community, value)
        return dataclasses.replace(meta, title=hidden(meta.title), themes=[hidden(t) for t in meta.themes],
                                   authors=listed_hidden_in_authors(self._store, meta.community, meta.authors))

    def pseudonymise(self, text: str, meta: DocumentMeta,
                     known: tuple[str, ...] = ()) -> tuple[str | None, Pseudonymised]:
        """The title and the full result (what was replaced and what was kept)."""
        policy = self._policy(meta.community)
        members = [*policy.members, *(author.name for author in meta.authors)]
        clients = [*policy.clients, *known, *listed_clients(self._store, meta.community, meta.title, text)]
        title, result = pseudonymise_limited(meta.title, text, members, clients, list(policy.keep), is_public(meta),
                                             settings=self._store.settings)
        return replace_listed(self._store, meta.community, title, result)

    def names_in_file_name(self, doc_id: str, meta: DocumentMeta) -> list[tuple[str, str]]:
        """(name, initials) of the client names the community's rules find in a document's
        given id: each folder and the file's own name as a line, '-', '_' and '.' read as
        spaces ('huisbezoek-mevr-Yilmaz.docx' -> 'huisbezoek mevr Yilmaz'). A file's name
        may be the only place that names the client (its text says 'mevrouw Y.' under a
        title of its own), and the id is shown wherever the document is. Nothing where
        the community does not pseudonymise (its listed names are hidden by `hide_listed`)."""
        if not self._policy(meta.community).enabled:
            return []
        *folders, name = PurePosixPath(composed(doc_id)).parts or ("",)
        line = "\n".join(_FILE_WORDS.sub(" ", part).strip() for part in (*folders, _without_extension(name)))
        if not line.strip():
            return []
        bare = dataclasses.replace(meta, title=None, themes=[])
        pairs = dict(_without_file_words(name_pairs(self.pseudonymise(line, bare)[1].replacements)))
        for word, shown in file_names.names_in(line, self._file_name_kept(meta)):
            if not any(regex.search(rf"(?i)(?<!\p{{L}}){regex.escape(word)}(?!\p{{L}})", name) for name in pairs):
                pairs[word] = shown
        return sorted(pairs.items(), key=lambda pair: -len(pair[0]))

    def refused_id(self, doc_id: str, community: str | None) -> str:
        """A refused file's id as the report and the log show it: the client names its
        folders and file name hold hidden as in a stored document's id (the community's
        rules and file-name words, its known client names), without the keyed tag, as
        nothing is stored under it. A refused file is the one whose path the report used to
        print as given ('failed casus-mevrouw-Yilmaz.md'), and cron keeps that report in a
        log (trace attack 11). Where the pseudonymiser cannot run, the file-name words alone
        decide."""
        meta = DocumentMeta(community=community)
        try:
            pairs = self.names_in_file_name(doc_id, meta)
        except IngestError:
            pairs = self._file_words_only(doc_id, meta)
        return hide_listed(self._store, community, hide_names(doc_id, pairs))

    def _file_words_only(self, doc_id: str, meta: DocumentMeta) -> list[tuple[str, str]]:
        if not self._policy(meta.community).enabled:
            return []
        *folders, name = PurePosixPath(doc_id).parts or ("",)
        line = "\n".join(_FILE_WORDS.sub(" ", part).strip() for part in (*folders, _without_extension(name)))
        return sorted(file_names.names_in(line, self._file_name_kept(meta)), key=lambda pair: -len(pair[0]))

    def _file_name_kept(self, meta: DocumentMeta) -> frozenset[str]:
        """The words of a file name that stay whatever they look like: members' and
        authors' names, the keep list, the document's own community's name and the names
        of the communities shared with the network (a folder may be one). Not a closed
        group's name: kept, it told whoever uploaded 'verslag_Quilclaara.md' that some closed
        group has 'Quilclaara' in its name (tests/security/test_community_name_words.py)."""
        policy = self._policy(meta.community)
        if self._community_words is None:
            self._community_words = frozenset(
                nm_fold(w) for c in self._store.accounts.communities() if c.sharing == "shared"
                for w in regex.findall(r"\p{L}+", c.name))
        names = [*policy.members, *policy.keep, *(a.name for a in meta.authors),
                 *(a.organisation or "" for a in meta.authors), meta.community or ""]
        return self._community_words | {nm_fold(w) for name in names for w in regex.findall(r"\p{L}+", name)}

    def _policy(self, community: str | None) -> Policy:
        if community not in self._policies:
            policy = community_policy(self._store, community)
            # the batch's authors, less a name a moderator took away as a document's author (a client
            # typed as its author: ingest._correct.reasons_gone) that no account, list or stored
            # document makes a member: the same file ingested again states her again (attack 39)
            batch = set(self._authors.get(community, ()))
            gone = {d for _, taken in self.recorrected(community).values() for d in taken} if batch else set()
            batch = {a for a in batch if self._store.traces.author_label(a, community) not in gone} if gone else batch
            members = tuple(sorted({*policy.members, *batch}))
            self._policies[community] = dataclasses.replace(policy, members=members)
        return self._policies[community]


def _without_file_words(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names the rules found in a file name without the extension or file word they took
    along as a surname ('staat in Yilmaz.docx.txt' -> 'Yilmaz docx' -> 'Yilmaz')."""
    kept = []
    for name, shown in pairs:
        words, initials = name.split(), shown.split()
        while len(words) > 1 and len(words) == len(initials) and (
                words[-1].casefold() in file_names.FILE_WORDS or f".{words[-1].casefold()}" in SUPPORTED):
            words, initials = words[:-1], initials[:-1]
        kept.append((" ".join(words), " ".join(initials)))
    return kept


def _without_extension(name: str) -> str:
    """A file name without an extension ingest reads ('.docx'); any other text after the
    last dot is part of the name: a JSONL line's id needs no extension, and 'gesprek met
    mevr. Vandamme' lost its client's name to Path.stem ('gesprek met mevr')."""
    suffix = PurePosixPath(name).suffix
    return name[: -len(suffix)] if suffix and suffix.lower() in SUPPORTED else name


def listed_hidden_in_authors(store: Store, community: str | None, authors: list) -> list:
    """Authors without the community's known client names in their names and organisations
    (front matter, a JSONL line or a moderator's form may name a listed client as one)."""
    def hidden(value):
        return hide_listed(store, community, value)
    return [dataclasses.replace(a, name=hidden(a.name), organisation=hidden(a.organisation)) for a in authors]


# Characters that show nothing but split a word for every rule and for the known-names
# list: 'Pee\u00adters' (a soft hyphen, as HTML's &shy; and PDFs carry it) or a zero-width
# space kept a client's name. Not a list of a few: every code point Unicode says a reader
# ignores (a direction mark, a variation selector, a Hangul filler, ...), as one of those
# the list left out ('Quil\u200ebidi', a left-to-right mark) kept the name's second part
# (attack 29). Removed from what is stored; a name reads whole again.
_INVISIBLE = regex.compile(r"\p{Default_Ignorable_Code_Point}+")


def visible_only(text: str) -> str:
    """`text` as a reader sees it and as every rule and the list read it: without the
    characters that show nothing, letters escaped in a web address as the browser shows
    them (`_letters_unescaped`), and composed (NFC). The text is composed when read
    (ingest._decode.clean_text), but a title, a theme, an author or a file's other parts
    come from front matter, a JSONL line, a property, an e-mail's subject, the upload
    form or a moderator's correction as written: "Öztürk" decomposed ('O' and a combining
    diaeresis) is no capitalised word for a rule, so 'Gesprek met mevrouw Öztürk' was
    stored as given (attack 29). And a name shown whole that its characters spell otherwise
    (a Cyrillic lookalike letter, '𝐉𝐚𝐧', '&#97;', '**Jan**ssens', 'Jans-' at a line's end)
    is written as the letters it shows (ingest._visible, attack 30). Cost: 83 ns of CPU
    per character with attack 30's reading (14 ns before it): 0.22 s for the 1,003 Markdown
    files under demo/ (2.6 M characters), little beside embedding them."""
    composed = unicodedata.normalize("NFC", _letters_unescaped(_INVISIBLE.sub("", text)))
    return unicodedata.normalize("NFC", as_shown(composed))


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _letters_unescaped(text: str) -> str:
    """Percent-escapes that spell letters, as letters: a link copied from a browser writes
    every letter outside ASCII escaped ('https://dossier.example.org/clienten/%C3%96zt%C3%BCrk',
    a search for 'mevrouw+%C3%96zt%C3%BCrk'), and no rule or list read a name in that
    form, so it stayed in the stored text after the text's 'mevrouw Öztürk' became
    'mevrouw Ö.' (attack 29). Each escaped UTF-8 character that is a letter or an accent is
    written out; any other escape (a space, a slash, a stray byte) stays as it was."""
    if "%" not in text:
        return text

    def letters(match: re.Match[str]) -> str:
        escaped = match.group()
        data = bytes.fromhex(escaped.replace("%", ""))
        out, at = [], 0
        while at < len(data):
            size = next((n for n in (1, 2, 3, 4) if _utf8_character(data[at:at + n])), 1)
            character = data[at:at + size].decode("utf-8", "replace")
            shown = len(character) == 1 and unicodedata.category(character)[0] in "LM"
            out.append(character if shown else escaped[3 * at:3 * (at + size)])
            at += size
        return "".join(out)
    return _ESCAPES.sub(letters, text)


def _utf8_character(data: bytes) -> bool:
    try:
        return len(data.decode("utf-8")) == 1
    except UnicodeDecodeError:
        return False


def _visible_meta(meta: DocumentMeta) -> DocumentMeta:
    return dataclasses.replace(meta, title=meta.title and visible_only(meta.title),
                               themes=[visible_only(theme) for theme in meta.themes],
                               authors=_visible_authors(meta.authors))


def _visible_authors(authors: list) -> list:
    return [dataclasses.replace(a, name=visible_only(a.name),
                                organisation=a.organisation and visible_only(a.organisation)) for a in authors]


def name_pairs(replacements) -> list[tuple[str, str]]:
    """(name, replacement) without the form of address both start with ("mevrouw
    Vandamme" -> "mevrouw V." gives ("Vandamme", "V.")), plus each multi-word name's
    last word alone ("Els Vermeulen" -> ("Vermeulen", "V."))."""
    pairs = {}
    for original, replacement in replacements:
        words, initials = original.split(), replacement.split()
        while words and initials and words[0] == initials[0]:
            words, initials = words[1:], initials[1:]
        if words and initials:
            pairs[" ".join(words)] = " ".join(initials)
            if len(words) > 1 and len(words[-1]) > 2:
                pairs.setdefault(words[-1], initials[-1])
    return sorted(pairs.items(), key=lambda pair: -len(pair[0]))


def hide_names(value: str, names: list[tuple[str, str]]) -> str:
    """Replace found names in a title or a file name as in the text, in any case and
    with '-', '_' or '.' between words ("casus-brugge-vandamme" -> "casus-brugge-V."):
    the text found the names, so a title made from a file name cannot keep them. Read
    composed (`composed`): a name found in it is hidden from a decomposed one too, which
    then comes back composed; with nothing hidden it comes back as given."""
    given, value = value, composed(value)
    for name, replacement in names:
        words = [re.escape(word) for word in name.split()]
        # digits after a name are a file name's year or version ("Yilmaz2024.txt", trace attack 8),
        # digits before it that follow no letter a date ("20240312Yilmaz.pdf"; not "B12Yilmaz")
        pattern = r"(?<![^\W\d_]\d*)" + r"[\s_.-]+".join(words) + r"(?!\d*[^\W\d_])"
        value = regex.sub(pattern, _literally(replacement), value, flags=regex.IGNORECASE)
    return given if value == composed(given) else value


def composed(value: str) -> str:
    """A file or folder name as the text is read (NFC, ingest._decode): macOS and its zip
    files write "ï" decomposed, as "i" and a combining mark, which split the name
    'Quilfaïla' in two for every rule and list, so the stored id and a refused file's report
    kept it whole (late attack 11, tests/security/test_late_attack11.py)."""
    return unicodedata.normalize("NFC", value)


def _literally(shown: str) -> Callable[[re.Match[str]], str]:
    """A replacement `re.sub` inserts as it is (a backslash in it is no group reference)."""
    return lambda _: shown


def _named_hidden(meta: DocumentMeta, title: str | None, replacements) -> DocumentMeta:
    """The title, the themes and the authors' organisations (free text from front matter,
    the upload form or a moderator's correction: 'zorgen om mevrouw Yilmaz', 'Huize
    Yilmaz') with the names the text was found to hold replaced: the organisations' own
    pass (Privacy.organisations_pseudonymised) runs only the cue rules, so a client the
    text named after 'mevrouw' stayed whole in an organisation that named her without
    one (trace attack 10)."""
    pairs = name_pairs(replacements)
    return dataclasses.replace(meta, title=hide_names(title, pairs) if title else title,
                               themes=[hide_names(theme, pairs) for theme in meta.themes],
                               authors=[dataclasses.replace(a, organisation=hide_names(a.organisation, pairs))
                                        if a.organisation else a for a in meta.authors])


def preview(path: Path, members: list[str], clients: list[str], use_model: bool = True,
            keep: Sequence[str] = (), public: bool = False) -> list[tuple[str, str | None, Pseudonymised]]:
    """(doc id, title, pseudonymised text) for each document in a file, read and
    pseudonymised as ingest does (its authors spared, a public document's professionals
    too), but in this process."""
    previews = []
    for item in read_all(path, path.name):
        if isinstance(item, IngestError):
            raise item
        meta = resolve_meta(item.fields, Overrides(), item.doc_id, item.text)
        names = [*members, *(author.name for author in meta.authors)]
        title, result = pseudonymise_document(meta.title and visible_only(meta.title), visible_only(item.text),
                                              names, clients, use_model,
                                              list(keep), public or is_public(meta))
        previews.append((item.doc_id, title, result))
    return previews
