"""`praktijkgeheugen settings`: every setting (name, type, default, environment variable,
help) and every fixed limit (value, unit, reason), from the one table in settings/.
`--markdown` prints the table docs/configuration.md shows (a test keeps them equal)."""
from __future__ import annotations

import argparse

from cli._common import add_data_options
from settings import Row, markdown, table


def register(commands) -> None:
    p = commands.add_parser("settings", help="list every setting with its value here, and the fixed limits")
    p.add_argument("--markdown", action="store_true", help="the table for docs/configuration.md (defaults only)")
    add_data_options(p)
    p.set_defaults(handler=cmd_settings)


def rows() -> list[Row]:
    """The settings, then the limits ingest and the web upload declare."""
    import ingest
    from web import messages

    return table({**ingest.LIMITS, **messages.LIMITS})


def cmd_settings(args: argparse.Namespace) -> int:
    if args.markdown:
        print(markdown(rows()), end="")
        return 0
    current = args.settings
    for row in rows():
        field = row.name.split(" ")[0]
        value = getattr(current, field) if hasattr(current, field) else row.default
        source = f"  (${row.env})" if row.env else "  (fixed)"
        print(f"{row.name} = {'unset' if value is None else value}{source}\n    {row.help}")
    return 0
