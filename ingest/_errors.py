"""Why a file could not be ingested: a code the web layer translates into Dutch,
and an English detail for the CLI and the log."""
from __future__ import annotations

from errors import PraktijkgeheugenError


class IngestError(PraktijkgeheugenError):
    """One file (or JSONL line) could not be ingested; the batch goes on. The web
    shows each file's Dutch reason by its code (web/messages.py)."""

    user = "Dit document kon niet worden toegevoegd."

    def __init__(self, code: str, detail: str, field: str | None = None, user: str | None = None) -> None:
        super().__init__(detail, user=user)
        self.code = code
        self.detail = detail    # may quote the document's own values: never logged
        self.field = field      # the metadata field at fault, if one is

    def __reduce__(self):
        # Errors travel back from the parsing worker process (ingest._sandbox).
        return IngestError, (self.code, self.detail, self.field, self.user)

    @property
    def loggable(self) -> str:
        """The code and field only: a value that failed validation may be a client's name."""
        return f"{self.code} in field '{self.field}'" if self.field else self.code

    @property
    def log_message(self) -> str:
        return f"IngestError: {self.loggable}"


# Codes used across the package; web/ keeps a Dutch message for each.
EMPTY = "empty"
UNSUPPORTED = "unsupported_format"
TOO_LARGE = "too_large"
UNDECODABLE = "undecodable"
BAD_FRONT_MATTER = "bad_front_matter"
BAD_METADATA = "bad_metadata"
CORRUPT = "corrupt_file"
ENCRYPTED = "encrypted"
NO_TEXT = "no_text"
BAD_JSONL = "bad_jsonl"
WRONG_TYPE = "wrong_type"          # the content is another format than the name says
PARSE_TIMEOUT = "parse_timeout"    # reading took longer than the time limit
PARSE_MEMORY = "parse_memory"      # reading needed more memory than the limit, or the parser died
UNREADABLE = "unreadable"          # no permission, a symlink loop, a folder or a pipe
PSEUDONYMISATION = "pseudonymisation_failed"  # client names could not be looked for: nothing stored
BAD_ID = "bad_id"                  # a document id with a control character or a "."/".."/empty part, or far too long
BAD_NAME = "bad_name"              # a file name that is not valid UTF-8
OTHER_COMMUNITY = "other_community"  # a community (or document) the writer may not write into
UNKNOWN_COMMUNITY = "unknown_community"  # a community that was never created
UNEXPECTED = "unexpected"
