"""How much one file may ask of a small server. Every limit has a specific refusal
(see ingest._errors), so a moderator learns what to do instead of seeing a crash.

Each is a `settings.Limit`: a number with its unit and reason, listed in the settings
table (`praktijkgeheugen settings`). The time and memory a parse may take are settings
(`Settings.parse_seconds`, `Settings.parse_memory_mb`), passed down with the store.
"""
from __future__ import annotations

from settings import Limit, limits_in

MAX_FILE_BYTES = Limit(50 * 2**20, "bytes", "a file on disk (the web upload has its own, lower limit)")
MAX_TEXT_CHARS = Limit(1_000_000, "characters", "extracted text of one document: about 400 pages")
MAX_PARTS_CHARS = Limit(4_000_000, "characters", "every part of a file checked for client names before its"
                        " original is kept (an Office text is read twice); more: the original is not kept")
MAX_FRONT_MATTER_CHARS = Limit(20_000, "characters", "the YAML block at the top of a .md/.txt file")
MAX_FRONT_MATTER_NODES = Limit(2_000, "values", "values in the front matter, counted with YAML aliases expanded")
MAX_AUTHORS = Limit(50, "people", "people named in one document's metadata (a big session has ~20)")
MAX_NAME_CHARS = Limit(100, "characters", "a person's or organisation's name: longer is not a name")
MAX_COMMUNITY_CHARS = Limit(100, "characters", "a community's name (the store's own rule for creating one)")
MAX_SESSION = Limit(999, "sessions", "the highest session number: a community meets some times a year, not thousands")

MAX_UNZIPPED_BYTES = Limit(200 * 2**20, "bytes", "what a .docx, .pptx or .odt declares it unpacks to, all parts together")
MAX_ZIP_RATIO = Limit(100, "times", "a part that claims to grow more than this is a zip bomb")
MAX_ZIP_MEMBERS = Limit(5_000, "parts", "parts (files) in one .docx, .pptx or .odt package")
MAX_MAIL_PARTS = Limit(200, "parts", "MIME parts of one .eml: minutes with a few attachments have fewer than 10")

LIMITS = limits_in(globals())
