"""The FastAPI application: server-rendered Dutch pages and their JSON twins."""
from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import ingest
import models
from errors import DISK_FULL, STORAGE_USER, PraktijkgeheugenError, kind_of, storage_problem, without_message
from ingest import IngestError, NameProblem
from models import ModelError
from search import DocumentNotFound, PersonNotFound, SearchError
from search.themes import VocabularyError
from settings import Settings, worker_handover
from store import AccountError, BackupError, RightsChanged, StoreError
from web import auth
from web import proxy as proxy_layers
from web.proxy import ProxySettings
from web.runtime import Runtime, tag_in_background
from web.templating import NotFoundHere, invalid_input, render_error, wants_json
from web.views import (
    account,
    admin,
    admin_communities,
    api_docs,
    browse,
    correction,
    documents,
    group_names,
    invitation,
    login,
    metadata,
    moderation,
    pack,
    people,
    search_page,
    status,
    themes,
    upload,
    watch,
)
from web.views._params import FilterError

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
VIEWS = (search_page, documents, browse, upload, pack, api_docs, login, moderation, correction, metadata, admin,
         admin_communities, group_names, account, invitation, themes, people, watch, status)


# `serve --workers N`: uvicorn starts each worker process by importing `worker_app`;
# the serving command hands the settings over in settings.WORKER_CONFIG (not a user setting).


def worker_config(settings: Settings, proxy: ProxySettings, local_hosts: tuple[str, ...], local_mode: bool) -> str:
    """`local_mode`: whether `serve` started without accounts. The command decides it once
    for every worker: a worker uvicorn starts later (one died, failed its health check, or
    SIGHUP) decided again by itself, and after the last account was deleted opened the
    server to every local user and header-less local proxy (tenancy round 31)."""
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    return json.dumps({"settings": {k: str(v) if isinstance(v, Path) else v for k, v in values.items()},
                       "paths": [k for k, v in values.items() if isinstance(v, Path)],
                       "proxy": {"trusted": list(proxy.trusted), "root_path": proxy.root_path},
                       "local_hosts": list(local_hosts), "local_mode": local_mode})


def worker_app() -> FastAPI:
    """The app of one worker process of `serve --workers N`, from WORKER_CONFIG."""
    config = json.loads(worker_handover())
    values: dict[str, Any] = {k: Path(v) if k in config["paths"] else v  # JSON: as worker_config wrote them
                              for k, v in config["settings"].items()}
    settings = Settings(**values)
    models.use_deidentifier_cache(settings.deduce_cache, settings.cache_home)   # as cli._common does
    models.use_hub_offline(settings.hub_offline)
    proxy = ProxySettings(tuple(config["proxy"]["trusted"]), config["proxy"]["root_path"])
    app = create_app(Runtime(settings), proxy=proxy)
    app.state.local_hosts = tuple(config["local_hosts"])
    # local only if `serve` was, and (web.auth.install) the store still has no account
    app.state.local_mode = app.state.local_mode and config["local_mode"] is True
    return app


def create_app(runtime: Runtime, warm_up: bool = True, proxy: ProxySettings = ProxySettings()) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        _reconcile(runtime)
        if warm_up:
            _warm_up(runtime)
        yield

    # FastAPI's /docs and /redoc pages load JavaScript and CSS from a CDN, which
    # breaks offline: they are off. /openapi.json stays, and web/views/api_docs.py
    # serves a plain offline /docs page built from it.
    app = FastAPI(title="Praktijkgeheugen", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Zoeken in de ervaring van praktijkgemeenschappen.")
    app.state.runtime = runtime
    proxy_layers.install_links(app, proxy)   # innermost: links in pages, before they are compressed
    app.add_middleware(GZipMiddleware, minimum_size=1000)  # pages shrink ~5x on slow lines
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in VIEWS:
        app.include_router(module.router)
    _install_error_pages(app)
    auth.install(app)
    _install_security_headers(app)
    proxy_layers.install(app, proxy)   # outermost: the client's address and scheme, the root path
    return app


# Everything is served from this app: no scripts at all, no CDN, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none';"
                               " form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


# Pages and API answers carry case text (and who wrote it): no browser, proxy or
# shared computer's cache may keep them. Only the style sheet may be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
CACHEABLE = ("/static/",)


def _install_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith(CACHEABLE):
            response.headers.update(NO_STORE)
        return response


RECONCILE_WAIT = 2.0  # s; a writer that holds the lock cleans up after crashes itself


def _reconcile(runtime: Runtime) -> None:
    """Before serving, fix what a crash left behind (`praktijkgeheugen check --repair`);
    ingest.repair logs what it fixed. Skipped when another process is writing."""
    try:
        ingest.repair(runtime.store, lambda: runtime.embedder, timeout=RECONCILE_WAIT)
    except StoreError as exc:
        log.warning("start-up check skipped: %s", exc)


def _warm_up(runtime: Runtime) -> None:
    """Load the models and the vectors before the first user waits for them."""
    import search

    try:
        search.warm_up(runtime.store, runtime.embedder)
    except StoreError as exc:
        log.warning("warm-up search skipped: %s", exc)
    tag_in_background(runtime)   # theme tags are computed in the background from the start


# The one mapping of the application's own errors to HTTP statuses (the most
# specific class listed wins); anything else of PraktijkgeheugenError is a 500.
STATUS: dict[type[PraktijkgeheugenError], int] = {
    DocumentNotFound: 404, PersonNotFound: 404,     # absent or not visible: the same answer
    SearchError: 422, AccountError: 422, IngestError: 422, NameProblem: 422,  # asked for what cannot be done
    StoreError: 503,                                # busy or unavailable: try again soon
    RightsChanged: 409,                             # rights changed while it waited to write (store._rights)
    ModelError: 503, BackupError: 503, VocabularyError: 503,  # set-up broken: the administrator
}


def status_of(exc: PraktijkgeheugenError) -> int:
    return next((STATUS[kind] for kind in type(exc).__mro__ if kind in STATUS), 500)


def _without(request: Request, key: str) -> str:
    """The page asked for, without the query parameter `key`: where a refused date filter
    leaves a reader (the themes pages, the exports) who had only 'Terug naar zoeken' and
    'Bladeren' and lost the group and cycle they were looking at."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != key]
    # the path without the root path (web.proxy.RootPath), as every link of a page is written
    return request.scope["path"] + (f"?{urlencode(kept)}" if kept else "")


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return render_error(request, exc.status_code, exc.detail,
                            specific=exc if isinstance(exc, NotFoundHere) else None)

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, exc: FilterError):
        if wants_json(request):
            return JSONResponse({"detail": exc.detail, "filter": exc.key}, status_code=422)
        return render_error(request, 422, exc.detail, retry=_without(request, exc.key))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return render_error(request, 422, invalid_input(exc.errors()))

    @app.exception_handler(PraktijkgeheugenError)
    async def known_error(request: Request, exc: PraktijkgeheugenError):
        if (full := _storage_error(request, exc)) is not None:
            return full
        status = status_of(exc)
        log.log(logging.ERROR if status >= 500 else logging.INFO, "%s on %s: %s", status, _route(request),
                exc.log_message)
        return render_error(request, status, exc.user)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        if (full := _storage_error(request, exc)) is not None:
            return full
        log.error("unhandled error on %s %s: %s", request.method, _route(request), without_message(exc))
        return render_error(request, 500, None)


def _storage_error(request: Request, exc: Exception):
    """A full or read-only disk under the data dir: 503 with a Dutch page that says so (not
    "Er ging iets mis"), and a log line the operator can act on, not a traceback."""
    data_dir = request.app.state.runtime.settings.data_dir
    problem = storage_problem(exc, data_dir)
    if problem is None:
        return None
    log.error("503 on %s: the data dir %s is %s; nothing could be written (%s)", _route(request), data_dir,
              "on a full disk" if problem == DISK_FULL else "read-only", kind_of(exc))
    return render_error(request, 503, STORAGE_USER[problem])


def _route(request: Request) -> str:
    """The route's pattern, never the path, for the log: a path holds a document id or a
    search, which may name a client (an id from before a correction) and would stay there."""
    return getattr(request.scope.get("route"), "path", "an unknown route")
