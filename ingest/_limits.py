"""How much one file may ask of a small server. Every limit has a specific refusal
(see ingest._errors), so a moderator learns what to do instead of seeing a crash.

The parse limits can be set per deployment with environment variables, read when
a batch starts (PRAKTIJKGEHEUGEN_PARSE_SECONDS, PRAKTIJKGEHEUGEN_PARSE_MEMORY_MB).
"""
from __future__ import annotations

import os

MAX_FILE_BYTES = 50 * 2**20      # a file on disk (the web upload has its own, lower limit)
MAX_TEXT_CHARS = 1_000_000       # extracted text of one document: about 400 pages
MAX_FRONT_MATTER_CHARS = 20_000  # the YAML block at the top of a .md/.txt file
MAX_FRONT_MATTER_NODES = 2_000   # values in it, counted with YAML aliases expanded
MAX_AUTHORS = 50                 # people named in one document's metadata (a big session has ~20)
MAX_NAME_CHARS = 100             # a person's or organisation's name: longer is not a name

MAX_UNZIPPED_BYTES = 200 * 2**20  # what a .docx declares it unpacks to, all parts together
MAX_ZIP_RATIO = 100               # a part that claims to grow more than this is a zip bomb
MAX_ZIP_MEMBERS = 5_000


def parse_seconds() -> float:
    """Wall-clock time one file may take to read and parse."""
    return float(os.environ.get("PRAKTIJKGEHEUGEN_PARSE_SECONDS", "60"))


def parse_memory_bytes() -> int:
    """Memory the parsing worker may grow by, on top of what it has after start-up."""
    return int(os.environ.get("PRAKTIJKGEHEUGEN_PARSE_MEMORY_MB", "512")) * 2**20
