"""A moderator corrects a client name the pseudonymiser missed (`/clientnamen/{id}`
and its JSON twin `/api/documents/{id}/client-names`): the name joins the
community's known client names, and every stored document of that community
holding it is pseudonymised again through ingest (new version, old text erased).

Only a moderator of the document's own community may: anyone else, also one who
can read the document, gets the answer a missing document gets (404), so the
route tells nobody which ids exist. The audit log records how many names were
added and how many documents changed, never the names. The document page shows
a moderator the initials in the text (what replaced names look like there):
the original names are not stored anywhere, so nobody can be shown them.
"""
from __future__ import annotations

from collections import Counter

import regex
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import JSONResponse

import ingest
import search
from store import Document, acting_on
from web.access import audit, may_moderate
from web.auth import check_csrf
from web.runtime import tag_in_background
from web.templating import templates
from web.views._params import runtime, visible

router = APIRouter()
CHANGES = [Depends(check_csrf)]
MAX_FORM_CHARS = 2000  # the names field; twenty names of at most 100 characters
# Initials as the pseudonymiser writes them: "P.", "E. V.", "J.-P.", "IJ.".
_INITIAL = r"(?:IJ|\p{Lu})\.(?:-(?:IJ|\p{Lu})\.)*"
INITIALS = regex.compile(r"(?<![\p{L}\p{N}.])" + _INITIAL + r"(?:[ ]" + _INITIAL + r")*(?![\p{L}\p{N}])")


def moderated(request: Request, doc_id: str) -> Document:
    """The document if the caller may read it and moderates its community; else 404,
    the same answer as for an id that does not exist."""
    return moderated_in(request, doc_id)[0]


def moderated_in(request: Request, doc_id: str) -> tuple[Document, str]:
    """`moderated`, with the community the caller moderates it in."""
    document = search.get_document(runtime(request).store, doc_id, visible(request))
    community = document.meta.community
    if not community or not may_moderate(request, community):
        raise HTTPException(404)
    acting_on(document.doc_id, community)   # checked again under the writer lock (store._rights)
    return document, community


def correction_state(request: Request, document: Document) -> dict | None:
    """For the document page: the initials in the title and text with how often each
    occurs, and how many known client names the community has; None for non-moderators."""
    if not document.meta.community or not may_moderate(request, document.meta.community):
        return None
    found = Counter(m.group() for part in (document.meta.title or "", document.text)
                    for m in INITIALS.finditer(part))
    return {"initials": found.most_common(), "mentions": sum(found.values()),
            "listed": runtime(request).store.clients.client_name_count(document.meta.community)}


class MemberNamed(Exception):
    """A typed name is (part of) the name of an author or listed member of the group."""

    def __init__(self, community: str, names: list[str], people: list[str]) -> None:
        super().__init__(f"{len(people)} member(s) named")
        self.people = people
        self.user = (f"{', '.join(f'‘{n}’' for n in names)} staat ook in de naam van een auteur of lid van"
                     f" {community}: {', '.join(people)}. Als cliëntnaam wordt die naam in elk document van de groep"
                     " initialen, ook bij de auteurs, en dat kan niet terug. Is het toch een cliënt, bevestig het dan.")


def correct(request: Request, doc_id: str, names: str, confirmed: bool = False) -> ingest.Correction:
    """The one function behind the page and its JSON twin (raises NameProblem, and
    MemberNamed unless `confirmed`)."""
    _, community = moderated_in(request, doc_id)
    if len(names) > MAX_FORM_CHARS:
        raise ingest.NameProblem(f"Hoogstens {MAX_FORM_CHARS} tekens aan namen tegelijk.")
    rt = runtime(request)
    if not confirmed:
        named, people = ingest.members_named(rt.store, community, ingest.clean_names(names.splitlines()))
        if people:
            raise MemberNamed(community, named, people)
    report = ingest.correct_names(rt.store, rt.embedder, community, names.splitlines())
    tag_in_background(rt)   # the corrected versions' passages
    audit(request, f"cliëntnaam toegevoegd: {report.names} {'naam' if report.names == 1 else 'namen'},"
                   f" {len(report.documents)} document(en) opnieuw gepseudonimiseerd", report.renamed.get(doc_id, doc_id))
    return report


def titles(request: Request, doc_ids: list[str]) -> dict[str, str]:
    """The corrected documents' titles (their new versions', a name hidden) as the report
    lists them, of those the caller may read; a document it may not is left out and listed
    by no title, not linked (QA, 7 December: the report listed ids, not what a moderator knows
    the documents by)."""
    catalogue, allowed = runtime(request).store.catalogue, visible(request)
    shown = {doc_id: catalogue.get_document(doc_id, allowed) for doc_id in doc_ids}
    return {doc_id: document.meta.title or doc_id for doc_id, document in shown.items() if document is not None}


@router.post("/clientnamen/{doc_id:path}", include_in_schema=False, dependencies=CHANGES)
def correct_page(request: Request, doc_id: str, namen: str = Form(""), bevestig: str = Form("")):
    context: dict[str, object] = {"doc_id": doc_id, "report": None, "problem": None, "typed": namen, "ask": None}
    try:
        context["report"] = report = correct(request, doc_id, namen, bevestig == "1")
        context["doc_id"] = report.renamed.get(doc_id, doc_id)  # the id with the name hidden
        context["titles"] = titles(request, list(report.documents))
    except ingest.NameProblem as problem:
        context["problem"] = str(problem)
    except MemberNamed as named:
        context["ask"] = named.user
    return templates.TemplateResponse(request, "correction.html", context,
                                      status_code=422 if context["problem"] else 409 if context["ask"] else 200)


@router.post("/api/documents/{doc_id:path}/client-names", dependencies=CHANGES,
             summary="Gemiste cliëntnaam toevoegen en de documenten van de groep opnieuw pseudonimiseren")
def correct_json(request: Request, doc_id: str, namen: str = Form(""), bevestig: str = Form("")):
    try:
        return correct(request, doc_id, namen, bevestig == "1").as_dict()
    except ingest.NameProblem as problem:
        return JSONResponse({"error": problem.user, "detail": problem.user}, status_code=422)
    except MemberNamed as named:   # as the page asks: sent again with bevestig=1, it is listed
        return JSONResponse({"error": named.user, "detail": named.user, "people": named.people,
                             "confirm": "bevestig=1"}, status_code=409)
