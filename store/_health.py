"""The store's `health` part: the facts an admin's status page (`/status`) and
`praktijkgeheugen status` show, from one function (`Health.report`).

What it owns: the record of the last run of each job (ingest, backup, the theme
tagger, the consistency check), one `meta` row per kind (`run:<kind>`, a small JSON
object), written by whoever ran the job, in whatever process. Only counts and
times go in a record, never a file or document name: a deleted document must leave
no trace, and the record outlives the run.

What it reads: the catalogue counted per community (every community: the page is
for admins only, its callers check that), the schema and model the data dir
records, the size of the data dir on disk, the newest automatic backup, and the
check (`Maintenance.check`). The check reads every chunk, lexical row and vector id,
so its cost grows with the index: 3 ms for the demo corpus's 172 passages (measured
here with `store.health.report(run_check=True)` after `praktijkgeheugen ingest
demo/corpus`; opening Chroma first took 1.7 s once per process). A page view should
not do work that grows with the index, nor run beside an ingest on every reload: the
web page shows the last recorded result with its time and runs a new one only when
asked; the command runs it each time, for monitoring.
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from settings import Settings
from store._catalogue import Catalogue
from store._check import CheckReport
from store._db import Database
from store._maintenance import Maintenance
from store._migrate import SCHEMA_VERSION
from store._upgrade import upgrade_backups
from store._watch import Watch

RUN_KINDS = ("ingest", "backup", "themes", "check")   # the jobs whose last run is recorded
PACKAGE = "praktijkgeheugen"


@dataclass(frozen=True)
class Run:
    """The last run of one job: when it ended (UTC, ISO 8601), whether it succeeded,
    and what it counted (numbers and short codes only)."""

    kind: str
    at: str
    ok: bool
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CommunityCount:
    name: str | None      # None: documents without a community
    sharing: str | None
    documents: int
    chunks: int


@dataclass
class StatusReport:
    """Everything /status and `praktijkgeheugen status` show; `ok` is the check's verdict."""

    version: str
    schema: dict
    model: dict
    totals: dict
    communities: list[CommunityCount]
    runs: dict[str, Run | None]
    watched: list[dict]           # each watched folder's last pass (`praktijkgeheugen watch`)
    disk: dict
    upgrade_backup: dict | None   # the newest automatic backup made before an upgrade
    check: dict | None

    @property
    def ok(self) -> bool:
        """False when the last check found differences (or none was ever run)."""
        return bool(self.check and self.check["ok"])

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def version() -> str:
    """The installed package's version (a source checkout that was never installed: 'onbekend')."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "onbekend"


def disk_use(folder: Path) -> dict:
    """Bytes under the data dir (files as they are, not following links), per top-level
    entry, and the free space of its file system: a monitor warns before it fills."""
    parts: dict[str, int] = {}
    for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
        parts[entry.name] = _size(entry)
    free = shutil.disk_usage(folder).free if folder.is_dir() else None
    return {"data_dir": str(folder), "bytes": sum(parts.values()), "parts": parts, "free_bytes": free}


def _size(path: Path) -> int:
    if path.is_symlink() or not path.is_dir():
        return path.lstat().st_size if path.exists() or path.is_symlink() else 0
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_size
            except OSError:   # removed while counting (an ingest is writing)
                pass
    return total


def newest_backup(folder: Path) -> dict | None:
    """The newest backup file in `folder` (the automatic ones before an upgrade), if any."""
    found = sorted((p for p in folder.glob("*.tar.gz") if p.is_file()), key=lambda p: p.stat().st_mtime) \
        if folder.is_dir() else []
    if not found:
        return None
    stat = found[-1].stat()
    at = dt.datetime.fromtimestamp(stat.st_mtime, dt.timezone.utc).replace(microsecond=0).isoformat()
    return {"file": str(found[-1]), "at": at, "bytes": stat.st_size}


class Health:
    """Records of job runs, and the status report built from them and the store."""

    def __init__(self, settings: Settings, db: Database, catalogue: Catalogue, maintenance: Maintenance,
                 watch: Watch) -> None:
        self.settings = settings
        self.db = db
        self._catalogue = catalogue
        self._maintenance = maintenance
        self._watch = watch

    # --- the record of runs ---------------------------------------------------
    def record(self, kind: str, ok: bool, detail: dict | None = None) -> Run:
        """Record that a job of `kind` ended now (ok or not), with its counts."""
        if kind not in RUN_KINDS:
            raise ValueError(f"unknown job kind {kind!r}")
        run = Run(kind, now(), ok, dict(detail or {}))
        self.db.set_meta(f"run:{kind}", json.dumps({"at": run.at, "ok": run.ok, "detail": run.detail}))
        return run

    def last(self, kind: str) -> Run | None:
        raw = self.db.get_meta(f"run:{kind}")
        if raw is None:
            return None
        data = json.loads(raw)
        return Run(kind, data["at"], bool(data["ok"]), data.get("detail") or {})

    def check(self) -> Run:
        """Run the consistency check (read-only) and record its result."""
        report: CheckReport = self._maintenance.check()
        return self.record("check", report.ok, report.counts())

    # --- the counts -------------------------------------------------------------
    def communities(self) -> list[CommunityCount]:
        """Ready documents and their chunks per community, every community (also empty
        ones), then those without a community. Not filtered: for admins only."""
        conn = self.db.conn()
        rows = conn.execute(
            "SELECT c.name, c.sharing, COUNT(DISTINCT d.id), COUNT(ch.id) FROM communities c"
            " LEFT JOIN documents d ON d.community_id = c.id AND d.state = 'ready'"
            " LEFT JOIN chunks ch ON ch.document_id = d.id GROUP BY c.id, c.name, c.sharing ORDER BY c.name").fetchall()
        counts = [CommunityCount(row[0], row[1], row[2], row[3]) for row in rows]
        none = conn.execute(
            "SELECT COUNT(DISTINCT d.id), COUNT(ch.id) FROM documents d LEFT JOIN chunks ch ON ch.document_id = d.id"
            " WHERE d.state = 'ready' AND d.community_id IS NULL").fetchone()
        if none[0]:
            counts.append(CommunityCount(None, None, none[0], none[1]))
        return counts

    # --- the report ---------------------------------------------------------------
    def report(self, run_check: bool = False) -> StatusReport:
        """The one function behind /status, /api/status and `praktijkgeheugen status`:
        with `run_check` the check runs now, else its last recorded result is shown."""
        checked = self.check() if run_check else self.last("check")
        index_model = self.db.get_meta("embedding_model")
        return StatusReport(
            version=version(),
            schema={"data_dir": self.db.get_meta("schema_version"), "code": SCHEMA_VERSION},
            model={"configured": self.settings.model, "index": index_model,
                   "matches": index_model is None or index_model == self.settings.model},
            totals=self._catalogue.stats(),
            communities=self.communities(),
            runs={kind: self.last(kind) for kind in RUN_KINDS if kind != "check"},
            watched=[{"folder": f.folder, "community": f.community, "last_pass": f.last_pass,
                      "ok": f.last_error is None} for f in self._watch.folders()],
            disk=disk_use(self.settings.data_dir),
            upgrade_backup=newest_backup(upgrade_backups(self.settings)),
            check=None if checked is None else {"at": checked.at, "ok": checked.ok, "found": checked.detail,
                                                "fresh": run_check},
        )
