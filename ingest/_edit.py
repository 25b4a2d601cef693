"""A moderator corrects a stored document's metadata (issue 18): title, type,
authors with their roles, cycle, session, date and themes.

Each correction is a new version of the document, written as ingest writes one
(staged, indexed and published as one unit, the old version purged and its residue
erased; ingest._document.commit), with the same text and chunks. Only what changed
is indexed again:
- the lexical rows and the catalogue (filters, people and authorship, "wie nog?")
  are rewritten with the version, which is cheap (the catalogue generation moves);
- the vectors are copied from the old version when what was embedded is unchanged:
  a passage embeds the title, its heading and its text (`embedding_text`), so only a
  new title is embedded again; the embedder is not even loaded otherwise.
A new title goes through the community's pseudonymisation as an uploaded one does.
The document's history (store.history) records who changed which fields, when.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

from ingest._document import Prepared, _draft, _hash, commit, embedding_text
from ingest._forget import embedded_texts
from ingest._privacy import Privacy, listed_hidden_in_authors
from ingest._read import SourceDocument
from ingest._roles import with_roles
from models import Embedder
from store import Author, Change, Document, DocumentMeta, Store

EDITABLE = ("title", "type", "authors", "cycle", "session", "date", "themes")


@dataclass
class EditReport:
    doc_id: str
    changes: list[Change] = field(default_factory=list)
    version: int | None = None     # the history's number of this edit; None: nothing changed
    embedded: bool = False         # whether passages were embedded again (a new title)

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "version": self.version, "embedded": self.embedded,
                "changed": [c.field for c in self.changes]}


def _author_key(authors: list[Author]) -> list[tuple]:
    return [(a.name, a.organisation or None, a.role) for a in authors if not a.from_text]


def _value(meta: DocumentMeta, name: str):
    return _author_key(meta.authors) if name == "authors" else getattr(meta, name)


def edit_metadata(store: Store, get_embedder: Callable[[], Embedder], document: Document, fields: dict,
                  actor: str) -> EditReport:
    """Write `fields` (a subset of EDITABLE, values already validated: see
    web.views.metadata) as a new version of `document`. The caller holds the writer
    lock and has checked the actor's right to the document's community."""
    report = EditReport(document.doc_id)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    # the authors as the document names them, not the people they are linked to when read:
    # written into the new version, a link outlived the document that stated it
    old = written(store, document).meta
    metadata_authors = [a for a in old.authors if not a.from_text]
    given = dataclasses.replace(old, **{**fields, "authors": list(fields.get("authors", metadata_authors))})
    given = dataclasses.replace(given, authors=[Author(a.name, a.organisation, a.role) for a in given.authors])
    if given.title != old.title:
        given = dataclasses.replace(given, title=Privacy(store).apply(document.text, given)[1].title)
    if given.authors != old.authors:
        given = Privacy(store).organisations_pseudonymised(given)
        given = dataclasses.replace(given, authors=listed_hidden_in_authors(store, old.community, given.authors))
    if given.themes != old.themes:
        given = dataclasses.replace(given, themes=_typed_themes(store, old.community, given.themes))
    meta = with_roles(given, document.text)
    report.changes = [Change.of(name, getattr(old, name), getattr(meta, name)) for name in EDITABLE
                      if _value(old, name) != _value(meta, name)]
    if not report.changes:
        return report
    source = SourceDocument(document.doc_id, document.text, {}, document.source_path)
    draft = _draft(source, meta, _hash(document.text, meta))
    texts = [embedding_text(meta.title, c.heading, c.text) for c in draft.chunks]
    vectors = _copied(store, document, texts)
    if vectors is None:
        embedder = get_embedder()
        store.vectors.check_model(embedder.name, claim=True)
        vectors, report.embedded = embedder.embed_passages(texts), True
    commit(store, Prepared(draft, document, document.doc_id, 0, texts), vectors)
    report.version = store.history.record(document.doc_id, actor, report.changes)
    return report


def written(store: Store, document: Document) -> Document:
    """`document` with its authors as it names them itself (store.Catalogue.written_authors):
    what a new version of it starts from. "Karin" linked, when read, to "Karin Geheim (Org
    Geheim)" of another document of the group stays "Karin", and the new version is linked
    again among what its readers may read (store._person_links)."""
    return dataclasses.replace(document, meta=dataclasses.replace(
        document.meta, authors=store.catalogue.written_authors(document)))


def _copied(store: Store, document: Document, texts: list[str]):
    """The old version's vectors when the new one embeds exactly the same texts, else None."""
    if embedded_texts(store, document.pk, document.meta.title) != texts:
        return None
    ids = [c.vector_id for c in store.catalogue.chunks_of(document.pk)]
    found, vectors = store.vectors.stored(ids)
    return vectors if list(found) == ids else None


def _typed_themes(store: Store, community: str | None, themes: list[str]) -> list[str]:
    """Themes are the moderator's own free text ('zorgen om mevrouw Yilmaz'): client
    names replaced as in a pack's note, all themes in one pass (one line each)."""
    def hidden(text: str) -> str:
        return Privacy(store).apply(text, DocumentMeta(community=community))[0] if text.strip() else text

    lines = hidden("\n".join(themes)).split("\n")
    return lines if len(lines) == len(themes) else [hidden(theme) for theme in themes]
