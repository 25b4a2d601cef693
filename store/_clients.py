"""A community's known client names, kept as keyed hashes and never as text.

A moderator lists a client name the pseudonymiser missed; from then on ingest
replaces it in that community's documents. Kept as text, the list itself would
be the one place under the data dir that names clients, so each name is stored
as HMAC-SHA256 of its folded form (case, accents and spacing do not matter) under
a random key in `meta`. Finding the listed names in a text hashes every run of 1
to `MAX_NAME_WORDS` words (only the lengths the list holds) and looks the digest
up: a listed name is found in any case, and nothing can list the names.

Limit: whoever has a copy of the data dir has the key too, so they can test a
name they already guess; they cannot read the list.
"""
from __future__ import annotations

import hmac
import secrets
import unicodedata
from typing import Callable

import regex

from store._accounts import community_pk
from store._db import Database
from text import compatibility_letters, latin_lookalikes

MAX_NAME_WORDS = 6   # words in one listed name ("Maria del Carmen de la Fuente")
MAX_NAME_CHARS = 100
KEY_META = "client_name_key"
# A word of a name: letters (with apostrophes inside, "D'Hondt") joined by hyphens.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*(?:-[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)*")
# Spaces join the words of one name, and so may one line break (a wrapped paragraph).
# A possessive 's after a name: one word for _WORD ('Anna's'), so a listed 'Anna' was not
# found in it (attack 30); looked for again with the two characters read as spaces.
_POSSESSIVE = regex.compile(r"(?<=\p{L})['’]s(?!\p{L})")
_GAP = regex.compile(r"[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0]*")


# Letters Unicode does not decompose into a base letter and an accent, folded as if it
# did: 'Yılmaz' (Turkish dotless ı) is 'Yilmaz', 'Michał' 'Michal', 'Søren' 'Soren'; a
# client listed in one spelling kept the name in a text written in the other.
_BASE_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l",
                               "ƚ": "l", "ȴ": "l", "ɨ": "i", "ʉ": "u", "ɵ": "o", "ƀ": "b", "ǥ": "g", "æ": "ae",
                               "œ": "oe", "þ": "th", "ĸ": "k", "ŉ": "n"})


ID_TAG_DIGITS = 6   # hex digits of ClientNames.id_tag (24 bits)


def _folded(name: str) -> str:
    """The comparison form names were listed under before _BASE_LETTERS: accents dropped where they decompose."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def fold_name(name: str) -> str:
    """The comparison form: "Émile  DE Smet" and "emile de smet" are one name, and so
    are "D’Hondt" and "d'hondt", "Yılmaz" and "Yilmaz", and "Janssens" and the same
    word written with a Cyrillic lookalike letter ('Jаnssens') or in mathematical bold
    ('𝐉𝐚𝐧𝐬𝐬𝐞𝐧𝐬', whose capital casefold left a capital: attack 30)."""
    return _folded(latin_lookalikes(compatibility_letters(name))).translate(_BASE_LETTERS)


def name_digest(key: bytes, name: str) -> str:
    return hmac.digest(key, fold_name(name).encode("utf-8"), "sha256").hex()


def name_digests(key: bytes, name: str) -> set[str]:
    """The digest a name has now and, where its letters fold otherwise since, the ones it
    was listed under before (a name listed as 'Yılmaz' then is still found)."""
    earlier = _folded(name)
    forms = {fold_name(name), earlier.translate(_BASE_LETTERS), earlier}
    return {hmac.digest(key, form.encode("utf-8"), "sha256").hex() for form in forms}


def new_key() -> str:
    return secrets.token_hex(32)


def find_listed(text: str, key: bytes, digests: set[str], lengths: set[int]) -> list[tuple[int, int]]:
    """Spans of `text` whose words, folded, hash to one of `digests`; the longest
    name wins where two overlap, and spans never overlap."""
    words = [m.span() for m in _WORD.finditer(text)]
    spans, pos = [], 0
    for i, (start, _) in enumerate(words):
        if start < pos:
            continue
        for n in sorted((n for n in lengths if i + n <= len(words)), reverse=True):
            last = i + n - 1
            if not all(_GAP.fullmatch(text, words[j][1], words[j + 1][0]) for j in range(i, last)):
                continue
            if name_digests(key, text[start:words[last][1]]) & digests:
                spans.append((start, words[last][1]))
                pos = words[last][1]
                break
    return spans


def listed_spans(text: str, key: bytes, digests: set[str], lengths: set[int]) -> list[tuple[int, int]]:
    """Where the names of `digests` occur in `text`, in any case, as whole words, also
    hyphenated to another word, before a possessive 's or glued to digits."""
    if not digests:
        return []
    spans = find_listed(text, key, digests, lengths)
    if "-" in text:   # a name hyphenated to another word: 'casus-peeters', 'rosa-pinto'
        spans = _merged(spans, find_listed(text.replace("-", " "), key, digests, lengths))
    if _POSSESSIVE.search(text):   # 'Anna's dochter', 'Janssens’s zoon': the word is 'Anna's'
        spans = _merged(spans, find_listed(_POSSESSIVE.sub("  ", text), key, digests, lengths))
    if regex.search(r"\p{L}\p{N}", text):   # a year or version glued to it: 'Peeters2024.docx'
        digitless = regex.sub(r"\p{N}", " ", text)   # one character for one: the spans stay
        spans = _merged(spans, find_listed(digitless, key, digests, lengths))
        if "-" in text:
            spans = _merged(spans, find_listed(digitless.replace("-", " "), key, digests, lengths))
    return spans


def given_name_spans(names: list[str]) -> Callable[[str], list[tuple[int, int]]]:
    """Where `names` occur in a text, matched as a community's known client names are
    (`ClientNames.client_name_spans`), for names given as text (`pseudonymise --clients`):
    hashed under a key of this call, nothing is stored."""
    key = secrets.token_bytes(32)
    digests = {name_digest(key, n) for n in names if name_words(n)}
    lengths = {name_words(n) for n in names if name_words(n)}
    return lambda text: listed_spans(text, key, digests, lengths)


def _merged(spans: list[tuple[int, int]], more: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Both lists' spans, the longer first where two overlap, in text order. A word
    joins its hyphenated parts ('Jean-Pierre' is one word of a listed 'Jean-Pierre
    Dubois'), so a listed name is also looked for with the hyphens read as spaces:
    otherwise 'dossier-Peeters' kept a listed 'Peeters' in a stored text."""
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans) | set(more), key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return sorted(chosen)


class Listed(dict):
    """Listed names known only by their digests (digest -> words), as a newer copy of the
    data dir lists them: a restore applies them again (ingest._correct.relist). Passed
    as `only` where a list of names is taken."""


def name_words(name: str) -> int:
    return len(_WORD.findall(name))


class ClientNames:
    """The store's `clients` part: each community's known client names, as keyed hashes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_client_names(self, community: str, names: list[str]) -> int:
        """Add names to a community's known clients (as hashes); how many were new."""
        key = self._client_key()
        return self.add_client_digests(community, Listed({name_digest(key, n): name_words(n) for n in names}))

    def add_client_digests(self, community: str, listed: Listed) -> int:
        """Add names known only by their digests under this data dir's key (a newer copy's
        list, store.listed_clients) to a community's known clients; how many were new."""
        pk = community_pk(self.db, community)
        rows = [(pk, digest, words) for digest, words in listed.items() if 0 < words <= MAX_NAME_WORDS]
        with self.db.transaction() as conn:
            return conn.executemany("INSERT INTO client_name_hashes(community_id, digest, words)"
                                    " VALUES (?, ?, ?) ON CONFLICT DO NOTHING", rows).rowcount

    def keyed_alike(self, key: str | None) -> bool:
        """Whether this data dir's secret key is `key` (hex), so that digests made under it
        (another copy's listed names) mean the same names here; a data dir that has no key
        yet, and so no digest, takes it."""
        if key is None:
            return False
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", (KEY_META, key))
        return self.db.get_meta(KEY_META) == key

    def client_name_count(self, community: str | None) -> int:
        return self.db.conn().execute(
            "SELECT COUNT(*) FROM client_name_hashes n JOIN communities c ON c.id = n.community_id"
            " WHERE c.name = ?", (community,)).fetchone()[0]

    def client_name_spans(self, community: str | None, text: str,
                          only: list[str] | Listed | None = None) -> list[tuple[int, int]]:
        """Where the community's known client names (or only those in `only`) occur in
        `text`, in any case, as whole words."""
        key = self._client_key()
        if isinstance(only, Listed):
            digests, lengths = set(only), set(only.values())
        elif only is not None:
            digests = {name_digest(key, n) for n in only}
            lengths = {name_words(n) for n in only}
        else:
            rows = self.db.conn().execute(
                "SELECT n.digest, n.words FROM client_name_hashes n JOIN communities c ON c.id = n.community_id"
                " WHERE c.name = ?", (community,)).fetchall()
            digests, lengths = {r[0] for r in rows}, {r[1] for r in rows}
        return listed_spans(text, key, digests, lengths)

    def id_tag(self, given: str) -> str:
        """A short keyed digest of a document's id as given (6 hex digits), for an id a
        client's name was hidden from: 'casus-Vandamme.md' and 'casus-Verbeke.md' both
        become 'casus-V..md', and the second upload replaced the first client's case. The
        tag keeps them apart, while the same file sent again gets the same id (a new
        version). Keyed, so it tells nothing of the name without the data dir's key; 24
        bits: two files of one community sharing a hidden id and a tag is a one in 16
        million chance."""
        return hmac.digest(self._client_key(), ("id:" + given).encode("utf-8"), "sha256").hex()[:ID_TAG_DIGITS]

    def _client_key(self) -> bytes:
        return secret_key(self.db)


def secret_key(db: Database) -> bytes:
    """The data dir's secret key for keyed digests (known client names, watched files'
    paths), made on first use."""
    key = db.get_meta(KEY_META)
    if key is None:
        with db.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", (KEY_META, new_key()))
            key = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_META,)).fetchone()[0]
    return bytes.fromhex(key)
