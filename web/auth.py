"""Who is calling: a web session (cookie), a personal API token (Bearer), or
nobody. With no accounts configured the app runs in single-user local mode.

Local mode is decided once, when the app is made (`serve` starting), and never
entered while it runs: deleting the last account of a server started with
accounts leaves every page behind the login (which nobody can pass), where
deciding per request opened everything, /beheer included, with only the Host
header as guard. A server started in local mode leaves it for good as soon as an
account exists (that direction only closes).

Sessions: a random id in an HttpOnly, SameSite=Lax cookie, stored server-side
only as a hash, replaced at every login (no session fixation). CSRF: every form
that changes something carries a token that must match the session's (or, for a
visitor without a session, a random cookie: double submit). API calls with a
Bearer token need no CSRF token, because browsers never send them by themselves.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from markupsafe import Markup

from store import LoginAttempts, LoginLimits, User, acting_as
from web.proxy import client_address

SESSION_COOKIE = "praktijkgeheugen_sessie"
CSRF_COOKIE = "praktijkgeheugen_csrf"
DEVICE_COOKIE = "praktijkgeheugen_apparaat"   # names this browser logged in as (store._logins)
DEVICE_DAYS = 180
PUBLIC_PATHS = ("/inloggen", "/uitnodiging/", "/static/")
FAILURE_WINDOW = 15 * 60   # s
PAIR_FAILURES = 5          # per (user name, address): the promise the login page makes
NAME_FAILURES = 20         # per user name, from all addresses together
ADDRESS_FAILURES = 50      # per address, for all names together (an office shares one)


@dataclass
class Caller:
    user: User | None
    local_mode: bool
    csrf: str
    via_token: bool = False
    new_csrf_cookie: bool = False


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def identify(request: Request) -> Caller:
    """Resolve the caller once per request (cached on request.state)."""
    if hasattr(request.state, "caller"):
        return request.state.caller
    store = request.app.state.runtime.store
    local = local_mode(request.app)
    caller = _from_token(store, request, local) or _from_session(store, request, local)
    if caller is None:
        csrf = request.cookies.get(CSRF_COOKIE) or ""
        caller = Caller(None, local, csrf or secrets.token_urlsafe(32), new_csrf_cookie=not csrf)
    request.state.caller = caller
    return caller


def local_mode(app: FastAPI) -> bool:
    """Whether the app runs in local mode: as decided at start, until an account appears."""
    if app.state.local_mode and app.state.runtime.store.accounts.has_users():
        app.state.local_mode = False
    return app.state.local_mode


def _from_token(store, request: Request, local: bool) -> Caller | None:
    token = _bearer(request)
    user = store.accounts.user_for_token(token) if token else None
    return Caller(user, local, "", via_token=True) if user else None


def _from_session(store, request: Request, local: bool) -> Caller | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    found = store.accounts.session(session_id) if session_id else None
    return Caller(found[0], local, found[1]) if found else None


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PATHS)


def safe_target(target: str | None, default: str = "/") -> str:
    """Only a path on this site (no open redirect after login or a form)."""
    target = target or ""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else default


def install(app: FastAPI) -> None:
    """Every page and API call needs a logged-in caller once accounts exist;
    pages send a visitor to /inloggen, the API answers 401 in JSON. Whether
    the app runs in local mode is decided here, once."""
    app.state.login_limiter = LoginLimiter(app.state.runtime.store.logins)
    app.state.local_mode = not app.state.runtime.store.accounts.has_users()

    @app.middleware("http")
    async def require_login(request: Request, call_next):
        caller = identify(request)
        acting_as(None if caller.local_mode else caller.user,   # what it may, checked again at each write
                  session=None if caller.via_token else request.cookies.get(SESSION_COOKIE),
                  token=_bearer(request) if caller.via_token else None)
        if caller.user is None and not caller.local_mode and not is_public(request.url.path):
            response = _login_required(request)
        elif caller.local_mode and not _local_host(request):
            response = Response("Praktijkgeheugen draait in lokale modus: open het via http://127.0.0.1.",
                                status_code=421, media_type="text/plain; charset=utf-8")
        elif caller.local_mode and not _from_this_machine(request):
            response = _not_on_this_machine(request)
        else:
            response = await call_next(request)
        remember_csrf(response, caller, request.url.scheme == "https")
        return response


def _local_host(request: Request) -> bool:
    """In local mode, `serve` sets app.state.local_hosts: a page reached under another
    host name (DNS rebinding by a web site in the same browser) gets nothing."""
    hosts = getattr(request.app.state, "local_hosts", None)
    return hosts is None or request.url.hostname in hosts


# Headers a reverse proxy (nginx, Caddy, Apache, a load balancer) adds: a request that
# carries one was relayed for someone else, whatever address it came from.
PROXY_HEADERS = ("x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-server",
                 "x-real-ip", "forwarded", "via")
NOT_LOCAL = ("Deze Praktijkgeheugen-server heeft nog geen accounts en draait daarom in lokale modus:"
             " wie hem gebruikt, ziet alles. Zo is hij alleen te gebruiken op de computer zelf, in een"
             " browser op die computer (http://127.0.0.1), niet via een proxy of het netwerk.")
NOT_LOCAL_TODO = ("Voor de coördinator: maak eerst een beheerder aan (praktijkgeheugen users add NAAM"
                  " --password-stdin --admin, of praktijkgeheugen init bij een nieuwe installatie) en"
                  " start de server opnieuw; daarna logt iedereen in. Zie docs/beheer.md en"
                  " docs/installatie.md.")


def _from_this_machine(request: Request) -> bool:
    """Local mode serves only the person at the machine. A reverse proxy on the same
    machine connects over loopback and may forward `Host: 127.0.0.1` (nginx's bare
    `proxy_pass http://127.0.0.1:8000` does), so the host name alone let anyone who
    reached the proxy see everything. Not local: a request with any proxy header, one
    over HTTP/1.0 (how nginx talks to its upstream unless told otherwise; browsers use
    1.1 or newer), or, on a served app (`local_hosts` set), one whose peer address is
    not loopback. Apps made without `serve` (tests, embedding) have no socket peer."""
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    if request.scope.get("http_version") == "1.0":
        return False
    if getattr(request.app.state, "local_hosts", None) is None:
        return True
    return _loopback(request.client.host if request.client else "")


def _loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _not_on_this_machine(request: Request) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": f"{NOT_LOCAL} {NOT_LOCAL_TODO}"}, status_code=403)
    page = (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Alleen op deze computer'
            f' – Praktijkgeheugen</title></head><body><h1>Alleen op deze computer</h1><p>{NOT_LOCAL}</p>'
            f"<p>{NOT_LOCAL_TODO}</p></body></html>")
    return HTMLResponse(page, status_code=403)


def _login_required(request: Request) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "Inloggen vereist: stuur de sessiecookie of"
                                       " 'Authorization: Bearer <token>' mee."},
                            status_code=401, headers={"WWW-Authenticate": "Bearer"})
    query = request.url.query
    target = request.url.path + (f"?{query}" if query else "")
    return RedirectResponse("/inloggen?" + urlencode({"terug": target}), status_code=303)


def remember_csrf(response: Response, caller: Caller, secure: bool) -> None:
    if caller.new_csrf_cookie:
        response.set_cookie(CSRF_COOKIE, caller.csrf, httponly=True, samesite="strict", secure=secure)


async def check_csrf(request: Request) -> None:
    """Dependency for every state-changing route."""
    if not identify(request).via_token:
        verify_csrf(request, (await request.form()).get("csrf"))


def verify_csrf(request: Request, sent_in_form) -> None:
    """The token from a form field (or the X-CSRF-Token header) must match the caller's."""
    caller = identify(request)
    if caller.via_token:
        return
    sent = str(sent_in_form or request.headers.get("x-csrf-token") or "")
    if not sent or not caller.csrf or not hmac.compare_digest(sent, caller.csrf):
        raise HTTPException(403, "Dit formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw.")


def csrf_input(request: Request) -> Markup:
    """The hidden form field templates put in every form that changes something."""
    return Markup('<input type="hidden" name="csrf" value="{}">').format(identify(request).csrf)


def start_session(request: Request, response: Response, user: User, action: str | None = None) -> None:
    """Log in: always a new session id, whatever cookie the browser brought; with `action`,
    its audit line, written with the session or not at all (store.accounts.create_session)."""
    store = request.app.state.runtime.store
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.accounts.end_session(old)
    session_id, _ = store.accounts.create_session(user, action, client_address(request) if action else None)
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=12 * 3600)


def end_session(request: Request, response: Response, action: str | None = None) -> bool:
    """Log out; with `action`, its audit line under the session's account, in the same
    transaction (none when the session had ended already). Whether a session ended."""
    session_id = request.cookies.get(SESSION_COOKIE)
    ended = None
    if session_id:
        ended = request.app.state.runtime.store.accounts.end_session(
            session_id, action, client_address(request) if action else None)
    response.delete_cookie(SESSION_COOKIE)
    return ended is not None


class LoginLimiter:
    """Password checks per FAILURE_WINDOW seconds: at most PAIR_FAILURES per (user
    name, address), NAME_FAILURES per name over all addresses (guessing one
    account from many machines) and ADDRESS_FAILURES per address over all names
    (trying many names from one machine). The address is the client's as
    web.proxy finds it: behind a trusted reverse proxy the forwarded one.

    An attempt is counted *before* its password is checked (`reserve`), in one
    transaction, and un-counted only when it succeeded: 60 parallel POSTs get
    exactly as many checks as the limit, where counting after the slow Argon2
    check let 27 through. Locking the (name, address) pair, with the wider limits
    far higher, keeps colleagues behind one office address from locking each
    other out by a typo or an unknown name. An admin's `users unlock NAME` (a
    time stored in the database, so it reaches a running server) forgets the
    name's earlier failures. A browser that logged in as a name before brings a device
    token (DEVICE_COOKIE): its attempts are counted under the token, not the address, and
    only the pair limit holds for them, so a colleague's typos or a guesser behind the same
    address lock out other browsers, not the user's own (OWASP's device cookies). The counts live in the database (store._logins), so
    every worker process of `serve --workers N` shares them and a restart does
    not forget them. `clock` is injectable so tests never depend on timing."""

    LIMITS = LoginLimits(FAILURE_WINDOW, PAIR_FAILURES, NAME_FAILURES, ADDRESS_FAILURES)

    def __init__(self, attempts: LoginAttempts, clock: Callable[[], float] = time.time) -> None:
        self._attempts = attempts
        self._clock = clock

    def reserve(self, name: str, address: str, unlocked_at: float = 0.0, device: str | None = None) -> int | None:
        """Count an attempt, or None when one of its limits is reached (do not check).
        From a browser trusted for `name` (`device`), only that device's pair limit holds."""
        return self._attempts.reserve(name, address, self._clock(), self.LIMITS, unlocked_at, device)

    def device(self, request: Request, name: str) -> str | None:
        """The device this browser is trusted as for `name`: it logged in as that name before."""
        return self._attempts.trusted_device(name, request.cookies.get(DEVICE_COOKIE, ""))

    def remember(self, request: Request, response: Response, name: str) -> None:
        """After a login that succeeded: this browser is trusted for `name` from now on."""
        tokens = self._attempts.device_tokens(name, request.cookies.get(DEVICE_COOKIE, ""))
        response.set_cookie(DEVICE_COOKIE, tokens, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", max_age=DEVICE_DAYS * 86400)

    def address_full(self, address: str) -> bool:
        """Whether `address` had used up its attempts for all names together before the
        attempt just reserved."""
        return self._attempts.address_full(address, self._clock(), self.LIMITS)

    def locked(self, name: str, unlocked_at: float = 0.0) -> bool:
        """Whether logins as `name` are refused now, from some address or from all
        (the admin's user page offers to unlock it)."""
        return self._attempts.locked(name, self._clock(), self.LIMITS, unlocked_at)

    def succeeded(self, attempt: int) -> None:
        """The password was right: the attempt is no failure."""
        self._attempts.succeeded(attempt)
