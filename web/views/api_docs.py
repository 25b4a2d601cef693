"""`/docs`: the JSON API described from the app's own OpenAPI schema, as a plain
page. FastAPI's own /docs and /redoc load their scripts and styles from a CDN,
which fails offline, so they are switched off; /openapi.json stays."""
from __future__ import annotations

from fastapi import APIRouter, Request

from web.templating import templates

router = APIRouter()


def endpoints(schema: dict) -> list[dict]:
    return [{"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
             "parameters": operation.get("parameters", []), "body": "requestBody" in operation}
            for path, operations in schema.get("paths", {}).items()
            for method, operation in operations.items()]


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request):
    return templates.TemplateResponse(request, "api_docs.html",
                                      {"endpoints": endpoints(request.app.openapi())})
