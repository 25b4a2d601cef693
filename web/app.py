"""The FastAPI application: server-rendered Dutch pages and their JSON twins."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from web.runtime import Runtime
from web.templating import render_error
from web.views import documents, search_page

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(runtime: Runtime, warm_up: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm_up:
            _warm_up(runtime)
        yield

    app = FastAPI(title="Praktijkgeheugen", lifespan=lifespan,
                  description="Zoeken in de ervaring van praktijkgemeenschappen.")
    app.state.runtime = runtime
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (search_page, documents):
        app.include_router(module.router)
    _install_error_pages(app)
    return app


def _warm_up(runtime: Runtime) -> None:
    """Load the models before the first user waits for them."""
    from search import query_terms

    runtime.embedder.embed_queries(["opwarmen"])
    query_terms("opwarmen")


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return render_error(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return render_error(request, 422, "Ongeldige invoer in de zoekopdracht.")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return render_error(request, 500, None)
