"""Serving behind a reverse proxy (Caddy, nginx): whose address a request has,
which scheme it came in by, and under which path prefix the site lives.

A proxy connects from its own address; the client's address and scheme arrive in
`X-Forwarded-For` and `X-Forwarded-Proto`. Those headers are believed only from
the addresses `serve --trusted-proxies` names (uvicorn's ProxyHeadersMiddleware,
which walks X-Forwarded-For from the right to the first untrusted address); from
anyone else they are ignored, so a client cannot claim another address to the
login limiter or the audit log. Nothing is trusted by default (uvicorn on its own
trusts 127.0.0.1, which would let any local user pick an address).

A root path (`--root-path /pg`) serves the site under a prefix: requests may come
with or without it (a proxy that strips the prefix, or one that does not), the
views see paths without it, and links in pages and redirects get it back. Pages
are rewritten as a whole (PrefixLinks); a JSON answer is not (a rewrite could not
tell a link from a value), so every app path in JSON is built by `app_url`.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from fastapi import FastAPI, Request
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from errors import PraktijkgeheugenError

UNKNOWN_ADDRESS = "?"
# Absolute paths in server-rendered HTML: href="/...", action="/...", src="/..." (not "//host").
_LINK = re.compile(rb'((?:href|action|src)=")/(?!/)')


class ProxyConfigError(PraktijkgeheugenError):
    """A --trusted-proxies or --root-path value that cannot be right (the CLI says why)."""


@dataclass(frozen=True)
class ProxySettings:
    trusted: tuple[str, ...] = ()   # addresses and networks whose forwarded headers count
    root_path: str = ""             # "" or "/prefix"


def parse_trusted(values: list[str] | tuple[str, ...] | str | None) -> tuple[str, ...]:
    """Addresses or CIDR networks (comma-separated or repeated); refused with a reason
    when one is not an address, so a typo never silently trusts nothing or everything."""
    if isinstance(values, str):
        values = [values]
    parsed: list[str] = []
    for item in (part.strip() for value in values or () for part in value.split(",")):
        if not item:
            continue
        try:
            parsed.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ProxyConfigError(f"--trusted-proxies: {item!r} is not an IP address or network"
                                   " (e.g. 127.0.0.1, ::1 or 10.0.0.0/24)") from None
    return tuple(parsed)


def parse_root_path(value: str | None) -> str:
    root = (value or "").strip().rstrip("/")
    if root and (not root.startswith("/") or not re.fullmatch(r"[A-Za-z0-9/._~-]+", root)):
        raise ProxyConfigError(f"--root-path: {value!r} must be a path such as /praktijkgeheugen")
    return root


def client_address(request: Request) -> str:
    """The client's address: the forwarded one behind a trusted proxy, else the peer's."""
    return request.client.host if request.client else UNKNOWN_ADDRESS


def app_url(request: Request, path: str) -> str:
    """An absolute path on this site (`/bladeren/...`) as a client must ask for it: under
    the root path the app is served at. The one way a JSON answer names a page of the app."""
    return request.scope.get("root_path", "").rstrip("/") + path


def install(app: FastAPI, proxy: ProxySettings) -> None:
    """Outermost layers (call after every other middleware is added): the forwarded
    headers first, then the root path; links inside pages are prefixed innermost
    (install_links, before GZip compresses them)."""
    if proxy.root_path:
        app.add_middleware(RootPath, root=proxy.root_path)
    # Always installed: with no trusted proxy it trusts nobody (an empty list).
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(proxy.trusted))


def install_links(app: FastAPI, proxy: ProxySettings) -> None:
    """Innermost layer: prefix the absolute links of HTML pages with the root path."""
    if proxy.root_path:
        app.add_middleware(PrefixLinks, root=proxy.root_path)


class RootPath:
    """Requests under the root path (or without it) reach the views without it, and
    redirects to a path on this site (`Location: /...`) get it."""

    def __init__(self, app, root: str) -> None:
        self.app, self.root = app, root

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        root = self.root.encode("ascii")
        scope = dict(scope, path=_unprefixed(scope["path"], self.root), root_path=self.root)
        if scope.get("raw_path"):
            scope["raw_path"] = _unprefixed(scope["raw_path"], root)

        async def send_prefixed(message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[
                    (name, _prefix_location(value, root) if name.lower() == b"location" else value)
                    for name, value in message.get("headers", [])])
            await send(message)

        await self.app(scope, receive, send_prefixed)


def _unprefixed(path, root):
    """The path without the root path in front (str or bytes alike)."""
    slash = "/" if isinstance(path, str) else b"/"
    if path == root or path.startswith(root + slash):
        return path[len(root):] or slash
    return path


def _prefix_location(value: bytes, root: bytes) -> bytes:
    if value.startswith(b"/") and not value.startswith(b"//") and not value.startswith(root + b"/"):
        return root + value
    return value


class PrefixLinks:
    """Rewrite href/action/src="/..." in HTML answers to "<root>/...". Pages are
    rendered whole (no streaming), so the body is collected and rewritten once."""

    def __init__(self, app, root: str) -> None:
        self.app, self.root = app, root.encode("ascii")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start: dict = {}
        body: list[bytes] = []

        async def collect(message) -> None:
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    start["pass"] = True
                    return await send(message)
                start["message"] = message
                return None
            if start.get("pass") or message["type"] != "http.response.body":
                return await send(message)
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return None
            content = _LINK.sub(rb"\1" + self.root + rb"/", b"".join(body))
            kept = [(k, v) for k, v in start["message"].get("headers", []) if k.lower() != b"content-length"]
            kept.append((b"content-length", str(len(content)).encode("ascii")))
            await send(dict(start["message"], headers=kept))
            await send({"type": "http.response.body", "body": content, "more_body": False})

        await self.app(scope, receive, collect)
