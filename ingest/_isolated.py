"""The two steps of ingest that run in other processes (see ingest._sandbox), with
what their limits mean for the file in the report: parsing a file, and looking
for client names in a document."""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import models
from ingest._errors import PARSE_MEMORY, PARSE_TIMEOUT, PSEUDONYMISATION, IngestError
from ingest._pseudonymise import Pseudonymised, pseudonymise_document
from ingest._read import SourceDocument, read_all
from ingest._sandbox import Stopped, Worker, run_limited
from settings import Settings

# The first document waits for deduce to load (seconds; minutes if its cache is missing).
PSEUDONYMISER_START_SECONDS = 300
_pseudonymiser = None


def parse_limited(path: Path, doc_id: str, seconds: float, memory: int) -> list[SourceDocument | IngestError]:
    """The documents in one file, read in a child process within `seconds` of wall-clock
    time and `memory` bytes of growth (Settings.parse_seconds, Settings.parse_memory_mb)."""
    try:
        return run_limited(read_all, (path, doc_id), seconds, memory)
    except MemoryError:
        raise IngestError(PARSE_MEMORY, f"reading the file needed more than {memory // 2**20} MB of"
                                        " memory (a decompression bomb?); save it again or split it") from None
    except Stopped as stop:
        if stop.timed_out:
            raise IngestError(PARSE_TIMEOUT, f"reading the file took longer than {seconds:.0f} s"
                                             " (damaged or hostile?); save it again as .docx, .pdf or .txt") from None
        raise IngestError(PARSE_MEMORY, f"the parser stopped unexpectedly (exit code {stop.exitcode});"
                                        " the file may be damaged") from None


def pseudonymise_limited(title: str | None, text: str, members: list[str], clients: list[str],
                         keep: Sequence[str] = (), public: bool = False, *, settings: Settings
                         ) -> tuple[str | None, Pseudonymised]:
    """`pseudonymise_document` in the long-lived pseudonymiser process, within
    `settings.parse_seconds`; any failure refuses the document (nothing is stored). The
    process finds deduce's lists where the settings say (`deduce_cache`, `cache_home`)."""
    global _pseudonymiser
    if _pseudonymiser is None:
        _pseudonymiser = Worker(partial(_pseudonymise_with, settings.deduce_cache, settings.cache_home))
    try:
        return _pseudonymiser.call((title, text, members, clients, True, list(keep), public), settings.parse_seconds,
                                   start_seconds=PSEUDONYMISER_START_SECONDS)
    except Stopped as stop:
        why = "took too long" if stop.timed_out else f"stopped (exit code {stop.exitcode})"
        raise IngestError(PSEUDONYMISATION, f"looking for client names {why}; nothing was stored") from None
    except IngestError:
        raise
    except Exception as exc:  # e.g. models.ModelError: deduce is not installed
        raise IngestError(PSEUDONYMISATION, f"client names could not be looked for, so nothing was"
                                            f" stored: {exc}") from None


def _pseudonymise_with(deduce_cache: Path | None, cache_home: Path, *args) -> tuple[str | None, Pseudonymised]:
    """In the pseudonymiser process: where deduce's lists are, then the document."""
    models.use_deidentifier_cache(deduce_cache, cache_home)
    return pseudonymise_document(*args)
