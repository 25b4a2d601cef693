"""The document page (`/documenten/{id}`) and its JSON twins: the whole text with
the chosen passage highlighted and scrolled to, and related cases."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from fastapi import APIRouter, Depends, HTTPException, Query, Request

import search
from store import Chunk, Document
from web.templating import templates
from web.views._params import FilterParams, filter_params, runtime

router = APIRouter()


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


def load(request: Request, doc_id: str, params: FilterParams) -> tuple[Document, list[Chunk]]:
    rt = runtime(request)
    try:
        document = search.get_document(rt.store, doc_id, params.filters())
    except search.DocumentNotFound:
        raise HTTPException(404) from None
    return document, rt.store.chunks_of(document.pk)


@router.get("/documenten/{doc_id:path}")
def document_html(request: Request, doc_id: str, passage: int | None = None, q: str = "",
                  params: FilterParams = Depends(filter_params)):
    document, chunks = load(request, doc_id, params)
    related = search.related(runtime(request).store, doc_id, params.filters(), 5)
    return templates.TemplateResponse(request, "document.html", {
        "document": document, "meta": document.meta, "q": q, "passage": passage,
        "segments": segments(document.text, chunks, passage), "related": related,
    })


@router.get("/api/documents/{doc_id:path}/related")
def related_json(request: Request, doc_id: str, k: int = Query(5, ge=1, le=50),
                 other_communities: bool = False, params: FilterParams = Depends(filter_params)) -> dict:
    try:
        hits = search.related(runtime(request).store, doc_id, params.filters(), k, other_communities)
    except search.DocumentNotFound:
        raise HTTPException(404) from None
    return {"doc_id": doc_id, "related": [h.as_dict() for h in hits]}


@router.get("/api/documents/{doc_id:path}")
def document_json(request: Request, doc_id: str, params: FilterParams = Depends(filter_params)) -> dict:
    document, chunks = load(request, doc_id, params)
    return {"doc_id": document.doc_id, **asdict(document.meta), "source_path": document.source_path,
            "text": document.text,
            "chunks": [{"chunk_id": c.vector_id, "ordinal": c.ordinal, "start": c.start, "end": c.end,
                        "heading": c.heading} for c in chunks]}
