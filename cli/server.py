"""`praktijkgeheugen serve`: the web UI and JSON API, alone on 127.0.0.1 or behind
a reverse proxy (web.proxy), in one process or several (`--workers N`).

Several workers share everything that must be shared through the data dir: the
database (sessions, failed-login counts, audit log), the writer lock (an OS file
lock) and the catalogue generation that tells each worker's in-memory copies
(allowed sets, vectors, lexical postings) when to refresh. Each worker loads its
own model and index copies: memory grows with N.
"""
from __future__ import annotations

import argparse
import errno
import os
import socket
import sys

from cli._common import EXIT_ERROR, add_data_options, runtime
from store import serving

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_WORKERS = 16   # each loads the model and the index copies (~0.5-2 GB); more does not fit one server


def register(commands) -> None:
    p = commands.add_parser("serve", help="serve the web UI and the JSON API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--trusted-proxies", action="append", default=[], metavar="ADDRESSES",
                   help="addresses or networks (comma-separated, repeatable) of reverse proxies whose"
                        " X-Forwarded-For and X-Forwarded-Proto are believed, e.g. 127.0.0.1; from any"
                        " other address they are ignored (default: none)")
    p.add_argument("--root-path", default="", metavar="PATH",
                   help="the path prefix the proxy serves the site under, e.g. /praktijkgeheugen")
    p.add_argument("--workers", type=int, default=1,
                   help=f"worker processes (1-{MAX_WORKERS}); each loads its own model, so memory grows with it")
    add_data_options(p)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from settings import WORKER_CONFIG
    from web.app import create_app, worker_config
    from web.proxy import ProxySettings, parse_root_path, parse_trusted

    proxy = ProxySettings(parse_trusted(args.trusted_proxies), parse_root_path(args.root_path))
    if not 1 <= args.workers <= MAX_WORKERS:
        print(f"error: --workers is 1 to {MAX_WORKERS}", file=sys.stderr)
        return EXIT_ERROR
    if _port_taken(args.host, args.port):
        print(f"error: port {args.port} on {args.host} is already in use: is Praktijkgeheugen already running"
              " there (as a service: systemctl status praktijkgeheugen)? Stop it, or choose another --port.\n"
              f"fout: poort {args.port} op {args.host} is al in gebruik: draait Praktijkgeheugen er al (als"
              " dienst: systemctl status praktijkgeheugen)? Stop die, of kies een andere --port.", file=sys.stderr)
        return EXIT_ERROR
    rt = runtime(args)   # opening the store checks (and upgrades) the schema once, before any worker
    local = not rt.store.accounts.has_users()   # decided once, here, for every worker (web.app.worker_config)
    if args.host not in LOOPBACK and local:
        print(f"error: refusing to serve on {args.host} without accounts: with no users everyone who"
              " can reach the server would see everything. Create an admin first"
              " (praktijkgeheugen init, or praktijkgeheugen users add NAME --password-stdin --admin),"
              " or serve on 127.0.0.1 for single-user local mode.", file=sys.stderr)
        return EXIT_ERROR
    print(f"Praktijkgeheugen draait op http://{args.host}:{args.port}{proxy.root_path}/  (stoppen: Ctrl+C)",
          flush=True)
    options = dict(host=args.host, port=args.port, log_level="warning", proxy_headers=False)
    with serving(rt.settings.data_dir):   # `restore --force` refuses while this runs (store._lock)
        if args.workers == 1:
            app = create_app(rt, proxy=proxy)
            app.state.local_hosts = LOOPBACK   # checked only while there are no accounts
            uvicorn.run(app, **options)
            return 0
        rt.store.close()   # this process only supervises; every worker opens the store itself
        os.environ[WORKER_CONFIG] = worker_config(rt.settings, proxy, LOOPBACK, local)
        uvicorn.run("web.app:worker_app", factory=True, workers=args.workers, **options)
        return 0


def _port_taken(host: str, port: int) -> bool:
    """Whether another process listens on host:port already. Asked before the store and the
    model are opened: `serve` beside a running service printed "Praktijkgeheugen draait op
    ..." and then uvicorn's "[Errno 98] ... address already in use". SO_REUSEADDR as uvicorn
    binds, so a port left in TIME_WAIT by a stopped server is free; anything else (a name that
    does not resolve) is left to uvicorn to say."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        return exc.errno == errno.EADDRINUSE
    return False
