"""The status page of watched folders (`/mappen`, JSON `/api/watch`): per folder
and per file what `praktijkgeheugen watch` did with it (ingest/_watch.py), for the
beheerder and for the moderators of the folder's community."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request

import ingest
from search import access as policy
from store import WatchedFolder
from web.auth import identify
from web.messages import REFUSALS
from web.templating import templates
from web.views._params import runtime

router = APIRouter()


# What became of a watched file, as the status page says it.
WATCH_STATUS = {"waiting": "wacht: het bestand verandert nog (wordt gesynchroniseerd)", "ingested": "toegevoegd",
                "replaced": "bijgewerkt", "unchanged": "ongewijzigd", "failed": "niet toegevoegd"}


def watched_folders(request: Request) -> list[WatchedFolder]:
    """The watched folders the caller may follow: all for a beheerder (and in local
    mode), a moderator's own communities' folders, with their folder's name only
    (where it lies on the server is the beheerder's business); none for others.
    A file that is no document yet is named only to the moderators of its folder's
    community (and in local mode): its name was never pseudonymised, and a beheerder
    reads cases only where they have a role (tests/security/test_watch_names.py)."""
    caller = identify(request)
    store = runtime(request).store
    communities = policy.moderated_communities(caller.user)
    if policy.can_administer(caller.user, caller.local_mode):
        folders = store.watch.folders()
        _named(store, folders if caller.local_mode else [f for f in folders if f.community in communities])
        return folders
    if not communities:
        raise HTTPException(403, "Alleen beheerders en moderatoren mogen de bewaakte mappen zien.")
    folders = _named(store, store.watch.folders(communities))
    for folder in folders:
        folder.folder = folder.folder.rstrip("/").rsplit("/", 1)[-1]
    return folders


def _named(store, folders: list[WatchedFolder]) -> list[WatchedFolder]:
    """A file that is not (yet) a document is named as it is in the folder now, read
    for this page only: the watch stores no file names (ingest/_watch.py). The caller
    decides whose folders these may be."""
    for folder in folders:
        unnamed = {file.key for file in folder.files if not file.doc_id}
        names = ingest.watch_file_names(store, Path(folder.folder), unnamed)
        folder.files = [dataclasses.replace(file, name=names.get(file.key)) for file in folder.files]
    return folders


@router.get("/mappen", include_in_schema=False)
def watch_page(request: Request):
    return templates.TemplateResponse(request, "watch.html", {
        "folders": watched_folders(request), "labels": WATCH_STATUS, "refusals": REFUSALS})


@router.get("/api/watch", summary="Bewaakte mappen: per bestand wat ermee gebeurde (beheerders en moderatoren)")
def watch_json(request: Request) -> dict:
    return {"folders": [{"folder": f.folder, "community": f.community, "last_pass": f.last_pass,
                         "files": [{"document": w.doc_id, "file": w.shown, "status": w.status, "code": w.code, "changed_at": w.changed_at}
                                   for w in f.files]} for f in watched_folders(request)]}
