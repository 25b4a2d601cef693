"""E-mailed minutes (.eml): the message's body and its text attachments.

The standard library's email package parses the message (MIME, transfer and
character encodings); an HTML body becomes text the way an .html file does. The
subject is the title and the sending day the date. Sender and recipients are left
out: addresses are not what a search should find, and the pseudonymiser cannot
tell a colleague's address from a client's. A message is untrusted like any file:
its parts are counted before they are read, an attachment's name is only ever a
heading (control characters, folders and excess length removed), and an unknown
character set falls back to the same detection as a .txt file.
"""
from __future__ import annotations

import email
import email.errors
import email.policy
import re
from email.message import EmailMessage, MIMEPart
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath, PureWindowsPath

from ingest._decode import decode_bytes
from ingest._errors import CORRUPT, NO_TEXT, TOO_LARGE, IngestError
from ingest._limits import MAX_MAIL_PARTS, MAX_NAME_CHARS
from ingest._parsers import html_to_text

_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown", "text/html"})
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
_ATTACHMENT = "Bijlage"  # "## Bijlage: agenda.txt" heads an attachment's text


def parse_eml(data: bytes) -> tuple[str, dict]:
    """The body (plain text preferred over HTML), then each text attachment under
    `## Bijlage: <name>`; other attachments (PDF, images) are not read."""
    try:
        return _parse(data)
    except IngestError:
        raise
    except (email.errors.MessageError, ValueError, TypeError, IndexError, AttributeError, KeyError) as exc:
        raise IngestError(CORRUPT, f"not a readable e-mail ({exc.__class__.__name__}); save the message"
                                   " from the mail program again") from None


def _parse(data: bytes) -> tuple[str, dict]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not any(message.get(h) for h in ("From", "Subject", "Date")):
        raise IngestError(CORRUPT, "not an e-mail (.eml) file: it has no From, Subject or Date line;"
                                   " save the message from the mail program again")
    parts = sum(1 for _ in message.walk())
    if parts > MAX_MAIL_PARTS:
        raise IngestError(TOO_LARGE, f"the e-mail holds {parts} parts; the limit is {MAX_MAIL_PARTS}")
    body = message.get_body(preferencelist=("plain", "html"))
    blocks = [_part_text(body)] if body is not None else []
    for attachment in message.iter_attachments():
        if _is_text(attachment):
            blocks.append(f"## {_ATTACHMENT}: {_safe_name(attachment.get_filename())}\n\n{_part_text(attachment)}")
    if not any(block.strip() for block in blocks):
        raise IngestError(NO_TEXT, "the e-mail has no text in its body or in a text attachment")
    return "\n\n".join(blocks), _fields(message)


def every_part(data: bytes) -> str | None:
    """Every header (decoded: RFC 2047 hides "=?utf-8?b?...?=" names from a byte search)
    and every text part of the message, for deciding whether the original may be kept
    (ingest._read.every_part); None when an attachment is not text (a .docx, a PDF, an
    image): its bytes are base64 and unread, so a name in it cannot be ruled out."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        texts: list[str] = []
        for part in message.walk():
            texts.extend(f"{key}: {value}" for key, value in part.items())
            if part.is_multipart():
                continue
            if not _is_text(part) and part.get_content_maintype() != "text":
                return None
            payload = part.get_payload(decode=True)
            texts.append(decode_bytes(payload) if isinstance(payload, bytes) else "")
    except (email.errors.MessageError, ValueError, TypeError, IndexError, AttributeError, KeyError):
        return None
    return "\n".join(texts)


def _is_text(part: MIMEPart) -> bool:
    suffix = PurePosixPath(_safe_name(part.get_filename())).suffix.lower()
    return part.get_content_type() in _TEXT_TYPES or suffix in _TEXT_SUFFIXES


def _part_text(part: MIMEPart) -> str:
    """A text part decoded by its declared charset, or detected when that is missing,
    unknown or wrong; HTML as visible text."""
    payload = part.get_payload(decode=True)   # bytes; None for a multipart
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    try:
        text = raw.decode(charset) if charset else decode_bytes(raw)
    except (LookupError, UnicodeDecodeError):
        text = decode_bytes(raw)
    if part.get_content_subtype() == "html" or PurePosixPath(_safe_name(part.get_filename())).suffix in (".html", ".htm"):
        text, _ = html_to_text(text)
    return text.strip()


def _safe_name(name: str | None) -> str:
    """An attachment's name as a heading may show it: its last path part only (either
    slash), no control characters or line breaks, at most MAX_NAME_CHARS."""
    if not name:
        return "zonder naam"
    last = PureWindowsPath(PurePosixPath(str(name)).name).name
    cleaned = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", last).split())
    return cleaned[:MAX_NAME_CHARS] or "zonder naam"


def _fields(message: EmailMessage) -> dict:
    fields = {}
    subject = " ".join(str(message.get("Subject", "")).split())
    if subject:
        fields["title"] = re.sub(r"^(?:(?:re|fw|fwd|tr|antw|doorst)\s*:\s*)+", "", subject, flags=re.IGNORECASE) or subject
    try:
        sent = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is not None:
        fields["date"] = sent.date().isoformat()
    return fields
