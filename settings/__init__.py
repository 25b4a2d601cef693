"""Every knob of Praktijkgeheugen in one place: a table of settings, each with a name,
type, default, environment variable and help text (datasette's settings table is the
model), and the fixed limits, each with its unit and reason.

`Settings.load(...)` is called once, in a composition root (the CLI's `runtime`, the web
app's `Runtime`): values given there (command-line flags) win over environment
variables, which win over the defaults. Everything below gets the `Settings` (or the
values it needs) passed down; no product module reads `os.environ`. Every path the
application writes is derived from the data dir, so one folder holds a whole deployment
(easy to back up, move or delete).

`praktijkgeheugen settings` prints the table (`--markdown`: the README's configuration
table, which a test keeps equal to it).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from errors import PraktijkgeheugenError
from models import DEFAULT_MODEL

ENV_DATA = "PRAKTIJKGEHEUGEN_DATA"
ENV_MODEL = "PRAKTIJKGEHEUGEN_MODEL"
ENV_CHROMA_URL = "PRAKTIJKGEHEUGEN_CHROMA_URL"
ENV_DATABASE_URL = "PRAKTIJKGEHEUGEN_DATABASE_URL"


def setting(default: Any, help: str, env: str | None = None, flag: str | None = None, unit: str = "") -> Any:
    """A field of `Settings` with what the table shows about it."""
    return dataclasses.field(default=default, metadata={"help": help, "env": env, "flag": flag, "unit": unit})


@dataclass(frozen=True)
class Settings:
    data_dir: Path = setting(
        Path("data"), env=ENV_DATA, flag="--data-dir",
        help="The folder that holds a whole deployment: database, indexes, converted models, uploaded"
             " files, session packs (made absolute when loaded).")
    model: str = setting(
        DEFAULT_MODEL, env=ENV_MODEL, flag="--model",
        help="Embedding model: the bundled default (offline) or a sentence-transformers name or path;"
             " `reindex --model` switches an existing data dir.")
    chroma_url: str | None = setting(
        None, env=ENV_CHROMA_URL, flag="--chroma-url",
        help="A Chroma server for the vector index, e.g. http://127.0.0.1:8001; unset: embedded in the data dir.")
    database_url: str | None = setting(
        None, env=ENV_DATABASE_URL, flag="--database-url",
        help="A PostgreSQL database as the relational store, e.g. postgresql://user:password@127.0.0.1/name,"
             " shared by several app hosts; unset: the SQLite file in the data dir.")
    parse_seconds: float = setting(
        60.0, env="PRAKTIJKGEHEUGEN_PARSE_SECONDS", unit="s",
        help="Wall-clock time one file may take to read and parse (and one document to pseudonymise),"
             " in a child process; past it the file is refused with a reason.")
    parse_memory_mb: int = setting(
        512, env="PRAKTIJKGEHEUGEN_PARSE_MEMORY_MB", unit="MB",
        help="Memory the parsing child process may grow by, on top of what it has after start-up"
             " (a decompression bomb is refused instead of exhausting the server).")
    deduce_cache: Path | None = setting(
        None, env="PRAKTIJKGEHEUGEN_DEDUCE_CACHE",
        help="Where deduce's name lists are cached (built once, ~3 minutes); unset: deduce's own data"
             " folder when writable, else CACHE_HOME/praktijkgeheugen/deduce.")
    cache_home: Path = setting(
        Path("~/.cache"), env="XDG_CACHE_HOME",
        help="The user's cache folder (the XDG convention), used only for deduce's lists as above.")
    hub_offline: bool = setting(
        False, env="HF_HUB_OFFLINE",
        help="Only models already on this machine: a sentence-transformers name missing from the local"
             " cache is an error at once instead of a download (the Hugging Face libraries' own switch).")

    @classmethod
    def load(cls, data_dir: str | Path | None = None, model: str | None = None,
             chroma_url: str | None = None, environ: Mapping[str, str] | None = None,
             database_url: str | None = None, **given: Any) -> "Settings":
        """Resolve every setting: a value given here wins over its environment
        variable, which wins over the default. Empty values count as unset."""
        environ = os.environ if environ is None else environ
        given.update(data_dir=data_dir, model=model, chroma_url=chroma_url, database_url=database_url)
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            env = field.metadata.get("env")
            raw = given.get(field.name)
            if raw in (None, "") and env:
                raw = environ.get(env) or None
            values[field.name] = field.default if raw in (None, "") else _parse(field, raw)
        values["data_dir"] = Path(values["data_dir"]).resolve()
        values["cache_home"] = Path(values["cache_home"]).expanduser()
        return cls(**values)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "praktijkgeheugen.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def files_dir(self) -> Path:
        """Where uploaded source files are kept, so document pages can link to them."""
        return self.data_dir / "files"

    @property
    def packs_dir(self) -> Path:
        """Where earlier versions kept browser-session packs (removed at start-up; packs
        are in the database now, store._packs)."""
        return self.data_dir / "packs"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "writer.lock"

    @property
    def cache_dir(self) -> Path:
        """Derived data that can always be recomputed (e.g. training embeddings)."""
        return self.data_dir / "cache"

    @property
    def parse_memory_bytes(self) -> int:
        return self.parse_memory_mb * 2**20


class SettingError(PraktijkgeheugenError, ValueError):
    """A setting's value cannot be read as its type (e.g. PRAKTIJKGEHEUGEN_PARSE_SECONDS=abc)."""

    user = "Een instelling van de server is ongeldig. Meld het aan de beheerder."


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _parse(field: dataclasses.Field, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    kind = str(field.type)
    if kind == "bool":
        if raw.strip().lower() not in _BOOLEANS:
            raise SettingError(f"{field.metadata.get('env') or field.name}={raw!r} is not one of {', '.join(_BOOLEANS)}")
        return _BOOLEANS[raw.strip().lower()]
    try:
        if kind.startswith("float"):
            value: Any = float(raw)
        elif kind.startswith("int"):
            value = int(raw)
        elif kind.startswith("Path"):
            return Path(raw)
        else:
            return raw
    except ValueError:
        raise SettingError(f"{field.metadata.get('env') or field.name}={raw!r} is not a number") from None
    if value <= 0:
        raise SettingError(f"{field.metadata.get('env') or field.name}={raw!r} must be more than 0")
    return value


class Limit(int):
    """A fixed limit: a whole number (it is used as one) with its unit and the reason
    for its value, so the settings table can show all three. Declared where it is used
    (ingest/_limits.py, web/messages.py); `limits_in` collects a module's limits."""

    unit: str
    reason: str

    def __new__(cls, value: int, unit: str, reason: str) -> "Limit":
        limit = super().__new__(cls, value)
        limit.unit, limit.reason = unit, reason
        return limit

    def __reduce__(self):  # pickled into worker processes as what it is
        return Limit, (int(self), self.unit, self.reason)


def limits_in(namespace: Mapping[str, Any]) -> dict[str, Limit]:
    """The limits a module declares, by name (call it with the module's `globals()`)."""
    return {name: value for name, value in namespace.items() if isinstance(value, Limit)}


@dataclass(frozen=True)
class Row:
    """One line of the settings table."""

    name: str
    type: str
    default: str
    env: str
    help: str


def table(limits: Mapping[str, Limit] = {}) -> list[Row]:
    """The settings, then the fixed limits (no environment variable: change them in code)."""
    rows = []
    for field in dataclasses.fields(Settings):
        meta = field.metadata
        name = f"{field.name} ({meta['flag']})" if meta.get("flag") else field.name
        default = "unset" if field.default is None else str(field.default)
        unit = f" {meta['unit']}" if meta.get("unit") else ""
        rows.append(Row(name, str(field.type), default + unit, meta.get("env") or "", meta["help"]))
    for name, limit in limits.items():
        rows.append(Row(name, "int", f"{int(limit):_} {limit.unit}".replace("_", ","), "", limit.reason))
    return rows


def markdown(rows: list[Row]) -> str:
    """The table as Markdown, as the README shows it."""
    cell = lambda text: text.replace("|", "\\|")  # noqa: E731
    lines = ["| Setting | Type | Default | Environment variable | What it does |", "|---|---|---|---|---|"]
    lines += [f"| `{cell(r.name)}` | {cell(r.type)} | {cell(r.default)} | {f'`{r.env}`' if r.env else 'fixed'} |"
              f" {cell(r.help)} |" for r in rows]
    return "\n".join(lines) + "\n"


# `serve --workers N` hands its resolved settings to each worker process in this
# variable (uvicorn starts a worker by importing the app; no arguments reach it).
# Not a user setting: the serving command writes it, the worker reads it here.
WORKER_CONFIG = "PRAKTIJKGEHEUGEN_WORKER_CONFIG"


def worker_handover() -> str:
    """The serving process's settings as JSON, in a worker of `serve --workers N`."""
    return os.environ[WORKER_CONFIG]


__all__ = ["WORKER_CONFIG", "worker_handover",
           "ENV_CHROMA_URL", "ENV_DATA", "ENV_MODEL", "Limit", "Row", "SettingError", "Settings", "limits_in",
           "markdown", "setting", "table"]
