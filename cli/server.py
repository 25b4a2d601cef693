"""`praktijkgeheugen serve`: the web UI and JSON API."""
from __future__ import annotations

import argparse
import sys

from cli._common import EXIT_ERROR, add_data_options, runtime

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(commands) -> None:
    p = commands.add_parser("serve", help="serve the web UI and the JSON API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    add_data_options(p)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from web.app import create_app

    rt = runtime(args)
    if args.host not in LOOPBACK and not rt.store.accounts.has_users():
        print(f"error: refusing to serve on {args.host} without accounts: with no users everyone who"
              " can reach the server would see everything. Create an admin first"
              " (praktijkgeheugen users add NAME --password-stdin --admin), or serve on 127.0.0.1"
              " for single-user local mode.", file=sys.stderr)
        return EXIT_ERROR
    app = create_app(rt)
    app.state.local_hosts = LOOPBACK   # checked only while there are no accounts
    print(f"Praktijkgeheugen draait op http://{args.host}:{args.port}/  (stoppen: Ctrl+C)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
