"""Client names inside web addresses, paths and file names that a text quotes
("https://www.facebook.com/fatima.elamrani", "C:\\Users\\lien\\verslag_janssens_maart.docx",
"foto_mevr_de_smet.jpg"), round sixteen (b).

Such a token is no sentence: its words are glued by '.', '_', '-', '/' and '\\', often in
lower case, so the sentence rules and the repeats of found names (which want a word
boundary and, mostly, a capital) left them. Here a token is split into its pieces and a
piece is a client's name when

- it is a word of a name replaced elsewhere in the same text, compared folded ("janssens"
  for "mevrouw Janssens"), or a particle surname written together ("elamrani" for
  "Fatima El Amrani", "desmet" for "De Smet");
- or it follows a form of address inside the token ("mevr_de_smet", "dhr.vermeulen"),
  with its particles.

A name piece becomes its initial letter, as written (upper or lower case), without a
dot: the token stays a token ("facebook.com/f.e", "verslag_j_maart.docx") and the reader
still sees that an address or file was there. A placeholder ("[url]") would lose what the
text says about the kind of source; initials with dots ("F. E.") would break the token.

A web address's host (and an e-mail's domain, which `_shapes.mail_names` and
`_informal.hashtags_holding` judge) stays: it names an organisation ("ocmw-gent.be").
A member's name part stays unless a form of address precedes it (a member's own folder,
"C:\\Users\\lien\\").
"""
from __future__ import annotations

from typing import Iterable

import regex

from ingest import _file_names as file_names
from ingest import _lexicon as lx
from ingest import _names as nm

# A web address (its host apart), a Windows or Unix path, a bare file name with an extension.
_URL = regex.compile(r"(?i)(?:https?://|www\.)(?P<host>[^\s/<>()\"'\]\[]+)(?P<rest>/[^\s<>()\"'\]\[]*)?")
_PATH = regex.compile(r"(?<![\p{L}\p{N}_])(?:[A-Za-z]:\\|\\\\|~?/)(?:[^\s\\/<>()\"'|]+[\\/])*[^\s\\/<>()\"'|,;]+")
_FILE = regex.compile(r"(?<![\p{L}\p{N}_@/\\.-])[\p{L}\p{N}][\p{L}\p{N}_.-]*\.(?i:" + "|".join(
    ("docx", "doc", "pdf", "odt", "rtf", "txt", "md", "jpg", "jpeg", "png", "heic", "gif", "tif", "tiff", "xlsx",
     "xls", "ods", "pptx", "ppt", "odp", "msg", "eml", "mp3", "m4a", "wav", "mp4", "mov", "zip", "csv")) + r")(?![\p{L}\p{N}])")
_PIECE = regex.compile(r"\p{L}+")

# Forms of address as file names and addresses glue them ("mevr_de_smet", "dhr.vermeulen").
CUES = frozenset("""mevrouw mevr mvr mw meneer mijnheer mnr dhr heer mej juffrouw madame mme monsieur fam familie
opa oma nonkel tante oom ome bomma bompa""".split())


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of web addresses, paths and file names that may name a
    person: a URL without its host, a path, a file name; not overlapping."""
    urls = list(_URL.finditer(text))
    result = [(m.start("rest"), m.end("rest")) for m in urls if m.group("rest")]
    taken = [(m.start(), m.end()) for m in urls]
    others = [(m.start(), m.end()) for pattern in (_PATH, _FILE) for m in pattern.finditer(text)]
    for start, end in sorted(others, key=lambda s: (s[0], -s[1])):
        if not any(start < e and end > s for s, e in taken):
            taken.append((start, end))
            result.append((start, end))
    return sorted((start, _trimmed(text, start, end)) for start, end in result)


def _trimmed(text: str, start: int, end: int) -> int:
    """The end of a token without the sentence's punctuation after it ("zie C:\\x\\y.docx.")."""
    while end > start and text[end - 1] in ".,;:!?":
        end -= 1
    return end


def names_in_tokens(text: str, names: Iterable[str], member_parts: Iterable[str]
                    ) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the client names inside the text's addresses, paths
    and file names: pieces that are words of `names` (found elsewhere in the text), and
    name-shaped pieces after a form of address."""
    words: set[str] = set()
    for name in names:
        parts = [w for w in regex.findall(r"\p{L}+", name) if len(w) > 1]
        words.update(nm.fold(w) for w in parts if len(w) > 2 and not nm.is_particle(w))
        for i, word in enumerate(parts[:-1]):   # "El Amrani" -> "elamrani", "van den Berg" -> "vandenberg"
            if nm.is_particle(word):
                words.add(nm.fold("".join(parts[i:])))
    members = {nm.fold(p) for p in member_parts}
    spans = []
    for start, end in tokens(text):
        pieces = list(_PIECE.finditer(text, start, end))
        i = 0
        while i < len(pieces):
            key = nm.fold(pieces[i].group())
            if key in CUES and i + 1 < len(pieces):
                j = i + 1
                while j < len(pieces) - 1 and nm.is_particle(pieces[j].group()):
                    j += 1
                last = pieces[j].group()
                if _after_cue(last, particle=j > i + 1):
                    spans += [(p.start(), p.end(), p.group()[0]) for p in pieces[i + 1:j + 1]
                              if not nm.is_particle(p.group())]   # "mevr_de_s", as "mevrouw de S."
                    i = j + 1
                    continue
            if key in words and key not in members:
                spans.append((pieces[i].start(), pieces[i].end(), pieces[i].group()[0]))
            i += 1
    return spans


def _after_cue(word: str, particle: bool) -> bool:
    """A piece after a form of address taken for a surname: a listed name or a word that is
    no Dutch word or file word ('mevr_verslag' is no one); after a particle a listed surname
    that is also a Dutch word too ('mevr_de_smet', 'dhr_de_groot')."""
    lower = word.lower()
    if len(word) < 2 or lower in file_names.FILE_WORDS or nm.is_particle(word):
        return False
    if particle:
        return True
    return lx.is_known_name(word) or not lx.is_dutch_word(lower)
