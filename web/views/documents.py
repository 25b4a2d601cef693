"""The document page (`/documenten/{id}`) and its JSON twins: the whole text with
the chosen passage highlighted and scrolled to, related cases, and the original
file of an upload (`/bron/{id}`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse

import ingest
import search
from store import Chunk, Document, Filters
from web import links, packs
from web.access import audit, may_moderate, restrict
from web.proxy import app_url
from web.templating import templates
from web.text import as_html
from web.uploads import safe_name
from web.views._params import FilterParams, filter_params, query_params, runtime, user_filters, visible
from web.views.correction import correction_state
from web.views.metadata import edit_state, history

router = APIRouter()
RELATED = 5
templates.env.globals["PUBLIC_TYPES"] = ingest.PUBLIC_TYPES   # the page's note on public documents


@dataclass(frozen=True)
class Segment:
    text: str
    anchor: int | None   # chunk ordinal starting here
    marked: bool         # inside the chosen passage


def segments(text: str, chunks: list[Chunk], chosen: int | None) -> list[Segment]:
    """Cut the text at every chunk start and at the chosen passage's ends, so each
    chunk gets an anchor and the chosen one can be wrapped in <mark>."""
    span = next(((c.start, c.end) for c in chunks if c.ordinal == chosen), None)
    starts = {c.start: c.ordinal for c in chunks}
    cuts = sorted({0, len(text), *starts, *(span or ())})
    return [Segment(text[a:b], starts.get(a), span is not None and span[0] <= a and b <= span[1])
            for a, b in zip(cuts, cuts[1:]) if b > a]


def load(request: Request, doc_id: str) -> tuple[Document, list[Chunk]]:
    rt = runtime(request)
    document = search.get_document(rt.store, doc_id, visible(request))
    return document, rt.store.catalogue.chunks_of_version(document)


def related_hits(request: Request, doc_id: str, k: int, other_communities: bool,
                 filters: Filters = Filters()) -> list[search.Hit]:
    """Within what the caller may see, and `filters` (the JSON twin's) for the related ones only."""
    return search.related(runtime(request).store, doc_id, restrict(request, filters), k, other_communities)


def all_themes(request: Request, document: Document, chunks: list[Chunk]) -> list[str]:
    """The themes its passages were tagged with (the ones the themes page counts it
    under), most passages first, after those its own metadata names."""
    tagged = runtime(request).store.tags.chunk_themes([(c.pk, c.vector_id) for c in chunks]) if chunks else {}
    counts: dict[str, int] = {}
    for themes in tagged.values():
        for theme in themes:
            counts[theme] = counts.get(theme, 0) + 1
    named = list(document.meta.themes or [])
    return named + [t for t in sorted(counts, key=lambda t: (-counts[t], t)) if t not in named]


def summary(document: Document) -> dict:
    """A document's metadata without its text (listings, browse)."""
    return {"doc_id": document.doc_id, **asdict(document.meta)}


def original_file(request: Request, document: Document) -> Path | None:
    """The uploaded file behind a document; only files under the data dir are served,
    and never a JSONL file (it holds other documents, and refused lines)."""
    if not document.source_path:
        return None
    files = runtime(request).settings.files_dir.resolve()
    path = Path(document.source_path).resolve()
    if path.suffix.lower() == ".jsonl":
        return None
    return path if path.is_relative_to(files) and path.is_file() else None


def download_name(document: Document, path: Path) -> str:
    """The name an original is downloaded under: its (pseudonymised) title, never the
    name the file had on someone's computer (which may name a client)."""
    return (safe_name(document.meta.title or "", suffix_required=False) or "origineel") + path.suffix.lower()


def retyped_public(document: Document, edits: list) -> bool:
    """Whether a moderator gave the document a public type (programma, presentatie,
    publicatie) after it was ingested as another: its text was pseudonymised then, so
    speakers' names replaced at ingest stay replaced, whatever the page's note says."""
    return not document.meta.public and document.meta.type in ingest.PUBLIC_TYPES and any(
        c.field == "type" and c.after in ingest.PUBLIC_TYPES and c.before not in ingest.PUBLIC_TYPES
        for e in edits for c in e.changes)


def moderation_state(request: Request, document: Document) -> tuple[str | None, str] | None:
    """(override, community policy) for a moderator of the document's community, else None."""
    if not may_moderate(request, document.meta.community):
        return None
    return runtime(request).store.accounts.document_sharing(document.doc_id)


@router.get("/documenten/{doc_id:path}", include_in_schema=False)
def document_html(request: Request, doc_id: str, passage: int | None = None,
                  q: str = Query("", max_length=4000), andere: bool = False, zichtbaarheid_bewaard: bool = False):
    document, chunks = load(request, doc_id)
    audit(request, "bekeken", doc_id)
    terms = search.query_terms(q) if q.strip() else set()
    edits = history(request, document)
    return templates.TemplateResponse(request, "document.html", {
        "document": document, "meta": document.meta, "q": q, "passage": passage, "andere": andere,
        "segments": segments(document.text, chunks, passage),
        "html": lambda text, chosen: as_html(text, terms if chosen else set()),
        "related": related_hits(request, doc_id, RELATED, andere), "in_pack": packs.keys(request),
        "all_themes": all_themes(request, document, chunks),
        "back": query_params(request, drop=("passage", "andere", "zichtbaarheid_bewaard")),
        "sharing_saved": zichtbaarheid_bewaard,
        "has_file": original_file(request, document) is not None,
        "sharing": moderation_state(request, document),
        "correction": correction_state(request, document),
        "edit": edit_state(request, document), "history": edits, "retyped_public": retyped_public(document, edits),
    })


@router.get("/bron/{doc_id:path}", include_in_schema=False)
def original_download(request: Request, doc_id: str):
    document = load(request, doc_id)[0]
    path = original_file(request, document)
    if path is None:
        raise HTTPException(404)
    audit(request, "origineel gedownload", doc_id)
    return FileResponse(path, filename=download_name(document, path))


@router.get("/api/documents", summary="Documenten (zonder tekst), met filters")
def documents_json(request: Request, params: FilterParams = Depends(filter_params),
                   limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> dict:
    documents = runtime(request).store.catalogue.list_documents(user_filters(request, params))
    return {"total": len(documents),
            "documents": [links.with_url(request, summary(d)) for d in documents[offset:offset + limit]]}


@router.get("/api/documents/{doc_id:path}/related", summary="Verwante documenten")
def related_json(request: Request, doc_id: str, k: int = Query(5, ge=1, le=50),
                 other_communities: bool = False, params: FilterParams = Depends(filter_params)) -> dict:
    hits = related_hits(request, doc_id, k, other_communities, params.filters())
    return {"doc_id": doc_id, "related": [links.hit(request, h) for h in hits]}


@router.get("/api/documents/{doc_id:path}", summary="Eén document met tekst en passages")
def document_json(request: Request, doc_id: str) -> dict:
    document, chunks = load(request, doc_id)
    audit(request, "bekeken", doc_id)
    has_original = original_file(request, document) is not None
    return {**links.with_url(request, summary(document)), "has_original": has_original,
            "original_url": app_url(request, f"/bron/{quote(doc_id, safe='/')}") if has_original else None,
            "all_themes": all_themes(request, document, chunks), "text": document.text,
            "chunks": [{"chunk_id": c.vector_id, "ordinal": c.ordinal, "start": c.start, "end": c.end,
                        "heading": c.heading} for c in chunks]}
