"""Who writes, and so where a document may land: checked for every document before
anything of it is staged.

The data dir's owner (the CLI, a script) may write anywhere: `Scope()`. A web
upload writes as its caller: only into the communities they moderate, only into
communities that exist, with its document ids under the community's name
("PG Noord/verslag sessie 3.docx"). That namespace is what makes a document id
carry no information across groups: a line or file naming another group's id
lands in the writer's own namespace, so it gets exactly the answer a never-used
id gets (no 'replaced', no 'unchanged', no "name taken"), and two groups'
`verslag sessie 3.docx` are two documents. A community outside the writer's set
is refused with one code whether it exists or not.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ingest._errors import BAD_ID, OTHER_COMMUNITY, UNKNOWN_COMMUNITY, IngestError
from store import Document, Store

MAX_ID_CHARS = 300  # a document id is a URL path segment and an audit-log target


@dataclass(frozen=True)
class Scope:
    """`communities` None: any (the owner). `create`: a community the store does not know
    may be created by naming it. `namespaced`: ids live under their community's name.
    `originals`: a folder where the original of a one-document file is kept (under a
    name derived from its id, never the client's file name); None keeps no path of a
    file the owner ingests from where it lies: the folders above the one given (never
    read by the rules: '/dossiers/mevrouw Yilmaz/verslag.md' ingested as 'verslag.md')
    would store a client's name that no link or page needs. Only a file inside the
    uploads folder keeps its path (an upload: served and deleted with its document)."""

    communities: frozenset[str] | None = None
    create: bool = True
    namespaced: bool = False
    originals: Path | None = None
    move: bool = False   # the owner's own choice: a file may replace another community's document of its id

    def doc_id(self, community: str | None, given: str) -> str:
        """The id a document gets; refuses ids a URL or a log line cannot carry."""
        check_id(given)
        return f"{community}/{given}" if self.namespaced and community else given

    def check_community(self, store: Store, community: str | None) -> None:
        """Refuse a community the writer may not write into, or one that does not exist
        (unless this scope may create it). Same refusal for both to a non-owner."""
        if self.communities is not None and community not in self.communities:
            raise IngestError(OTHER_COMMUNITY, f"the document names community '{community}',"
                                               " which this writer may not write into")
        twin = store.accounts.twin_community(community) if community else None
        if community and twin and not store.accounts.has_community(community):   # 'pg noord' would be a new, shared group
            raise IngestError(UNKNOWN_COMMUNITY, f"community '{community}' does not exist; community '{twin}'"
                                                 " differs from it only in case, spacing or the form of its letters")
        if community and not self.create and not store.accounts.has_community(community):
            raise IngestError(UNKNOWN_COMMUNITY, f"community '{community}' does not exist; create it first"
                                                 f" (praktijkgeheugen communities add \"{community}\")"
                                                 " or ingest with --create-communities")

    def check_existing(self, existing: Document | None, community: str | None = None) -> None:
        """A document already under this id must be one the writer may replace. With
        namespaced ids only the data dir's owner could put another group's document
        there, which `check_place` now refuses (a document stored before it may still be).
        The owner replaces no community's document with one of another community (or of
        none): two groups' "verslag.md" ingested with --community were one id, and the
        second group's file erased the first's, also in a closed group. Refused, with the
        owner told why: keeping them apart under other ids would change every id the
        owner's scripts, links and evaluation sets use, or make an id depend on which
        file came first. A document without a community may be given one, and the
        owner who means to move a document to another community says so (`move`,
        `ingest --move`)."""
        if existing is None:
            return
        if self.communities is not None and existing.meta.community not in self.communities:
            raise IngestError(OTHER_COMMUNITY, "the document id belongs to a document this writer may not replace")
        if self.communities is None and not self.move and existing.meta.community not in (None, community):
            raise IngestError(OTHER_COMMUNITY, f"'{existing.doc_id}' is already a document of community"
                                               f" '{existing.meta.community}'; a document of "
                                               f"{_named(community)} does not replace it. Give the file another"
                                               " name or folder (ids are relative to the folder given),"
                                               " delete the other first (praktijkgeheugen delete), or move"
                                               " it to the new community with ingest --move")

    @staticmethod
    def check_place(store: Store, doc_id: str, community: str | None) -> None:
        """An id under a community's name ('PG Noord/...') is that community's: its
        uploads and watched folder land there. The owner's id of another community's
        document there made the upload of that file name by PG Noord's moderator refused
        ('belongs to a document this writer may not replace'), which told them that
        another group, perhaps a closed one, holds a file of that name. So such an id is
        refused, and so is a new community whose name other documents' ids begin with
        (also `Accounts.add_community`). Writers with namespaced ids always pass."""
        head, slash, _ = doc_id.partition("/")
        if slash and head != community and store.accounts.has_community(head):
            raise IngestError(OTHER_COMMUNITY, f"the id '{doc_id}' lies under the name of community '{head}',"
                                               f" but the document is of {_named(community)}: ids under a"
                                               " community's name are that community's (its uploads land"
                                               " there). Give the file another name or folder")
        if community and not store.accounts.has_community(community) and store.accounts.held_under(community):
            raise IngestError(OTHER_COMMUNITY, f"community '{community}' cannot be created: documents of other"
                                               f" communities have ids under '{community}/', where its uploads"
                                               " would land. Delete or rename those first")

    def original(self, doc_id: str, source_path: str | None, uploads: Path) -> str | None:
        """Where the original of a one-document file is kept; JSONL files are never kept
        as any document's original (they hold other lines, and refused lines' names).
        Without an originals folder: the path as given only inside `uploads` (above)."""
        if source_path is None:
            return None
        if self.originals is None:
            return source_path if Path(source_path).resolve().is_relative_to(uploads.resolve()) else None
        suffix = PurePosixPath(source_path).suffix.lower()
        if suffix == ".jsonl":
            return None
        return str(self.originals / (hashlib.sha256(doc_id.encode()).hexdigest()[:32] + suffix))


def _named(community: str | None) -> str:
    return f"community '{community}'" if community else "no community"


def check_id(doc_id: str) -> None:
    """A document id with a control, format or unpaired surrogate character (a newline
    that splits a log line, a name that is not UTF-8) or far too long is refused, and so
    is one that a link would turn into another id: every link is /documenten/<id>, and
    a browser or proxy resolves '.' and '..' segments (also '%2e%2e') and may merge '//',
    so 'Wijkteam Zuid/../noord/geheim.md' opened PG Noord's 'noord/geheim.md'. The
    segments are read percent-decoded and NFKC-folded ('\u2024\u2024' is '..'), as a
    lenient parser might."""
    if len(doc_id) > MAX_ID_CHARS:
        raise IngestError(BAD_ID, f"the document id is {len(doc_id)} characters; the limit is {MAX_ID_CHARS}")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in doc_id):
        raise IngestError(BAD_ID, "the document id holds a control character or is not valid UTF-8")
    read = unicodedata.normalize("NFKC", unquote(doc_id)).replace("\\", "/")
    if any(segment in ("", ".", "..") for segment in read.split("/")):
        raise IngestError(BAD_ID, "the document id has an empty, '.' or '..' part, which a link would resolve")
