"""Text that answers no question: attendance lists and page furniture.

A session report opens with who was there ("## Aanwezig", "Verontschuldigd: Nadia"),
and a saved web page with a cookie notice. Such a paragraph can match a query (a
name, an organisation, a place) but shows nothing of what was learned, so it is
never put forward as a document's best passage or snippet while the document has
anything else that matched. Document ranking is not touched: this only chooses
which of a document's matching passages (and sentences) is shown first.
"""
from __future__ import annotations

import re

_ATTENDANCE_WORDS = r"aanwezig(?:en)?|afwezig(?:en)?|verontschuldigd|deelnemers|gasten|te gast|present|absent"
# A heading whose section is the attendance list ("## Aanwezig", "Deelnemers").
_ATTENDANCE_HEADING = re.compile(rf"^(?:{_ATTENDANCE_WORDS})\s*:?$", re.IGNORECASE)
# A paragraph or sentence that is a header line: "Aanwezig: ...", "Datum: 12 maart",
# "Marc Peeters was verontschuldigd."; or a web page's cookie notice and navigation.
_NAME = r"[A-Z][\w'-]+"
# As one pattern searched (every search of a hybrid query's shown passages: 30 us a paragraph,
# 3 ms a query at 100k chunks) it was tried at every position of the paragraph, though only
# the cookie notice can start anywhere; so the lines that must start the paragraph are matched
# there only, and the cookie notice is looked for only where "cookie" occurs (each of its forms
# holds it, under the same case-insensitive matching): the same answers, about 3.5 us.
_BOILERPLATE_START = re.compile(
    rf"\W*(?i:{_ATTENDANCE_WORDS}|notulist|verslaggever|datum|tijdstip|locatie)\s*:"
    rf"|(?:{_NAME}\s+){{1,4}}(?:(?i:en)\s+(?:{_NAME}\s+){{1,4}})?(?i:was|waren)\s+(?i:verontschuldigd|afwezig)\b"
    r"|\W*(?i:top of page|skip to (?:main )?content|naar (?:de )?inhoud)\b")
_COOKIE_NOTICE = re.compile(r"(?i:\b(?:gebruikt|gebruiken|uses?)\s+cookies\b|\bcookie(?:beleid|verklaring|-?instellingen)\b)")
_COOKIE = re.compile(r"(?i)cookie")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
BOILERPLATE_SHARE = 0.5  # a passage with at least this share of its text in such paragraphs is one


def is_boilerplate_sentence(sentence: str) -> bool:
    sentence = sentence.strip()
    return bool(_BOILERPLATE_START.match(sentence)
                or (_COOKIE.search(sentence) and _COOKIE_NOTICE.search(sentence)))


def boilerplate_spans(text: str, heading: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text` that is boilerplate: a header line, or
    any paragraph under an attendance heading (`heading` is the one the text starts under)."""
    spans, under = [], bool(heading and _ATTENDANCE_HEADING.match(heading.strip()))
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        paragraph = match.group()
        title = _HEADING.match(paragraph.strip())
        if title:
            under = bool(_ATTENDANCE_HEADING.match(title.group(1)))
        elif under or is_boilerplate_sentence(paragraph):
            spans.append(match.span())
    return spans


def is_boilerplate(text: str, heading: str | None = None) -> bool:
    """Whether most of a passage (headings aside) is an attendance list or furniture."""
    body = sum(len(line) for line in text.splitlines() if line.strip() and not _HEADING.match(line.strip()))
    covered = sum(end - start for start, end in boilerplate_spans(text, heading))
    return body > 0 and covered >= BOILERPLATE_SHARE * body
