"""Person names in Dutch text, found by deduce (rule- and list-based de-identification
built for Dutch clinical notes; offline, no model weights).

deduce builds its lookup structures (name, place and street lists as tries) on first
use, which takes minutes, and pickles them into a cache; loading that cache takes
seconds. So `prepare_deidentifier()` runs at install time, and a process loads the
structures once, lazily, never per request. Loading with the garbage collector
paused is ~4x faster, and freezing the loaded objects afterwards keeps every later
collection from scanning them: the pickle is millions of small objects that live
as long as the process.

deduce is an ordinary dependency (pyproject.toml); its pin `regex<2025` holds because
transformers is kept below 5.4, the first release that needs a newer `regex`.
"""
from __future__ import annotations

import contextlib
import gc
import importlib.util
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ._errors import ModelError

log = logging.getLogger(__name__)

# Keep deduce's own annotations apart: its merging joins "Griet. Dhr. Janssens" into one.
_DISABLED = frozenset({"overlap_resolver", "merge_adjacent_annotations", "redactor"})
_PLACE_TAGS = ("locatie", "straat", "ziekenhuis", "zorginstelling", "instelling")
_CACHE_SETTING = "PRAKTIJKGEHEUGEN_DEDUCE_CACHE"  # named in messages; read by settings/, not here
_lock = threading.Lock()
_loaded: Deidentifier | None = None
# Where this process looks for deduce's lists (Settings.deduce_cache, Settings.cache_home),
# set by the composition root or the pseudonymiser process before the first load.
_configured: Path | None = None
_cache_home = Path("~/.cache")


def use_deidentifier_cache(configured: Path | None, cache_home: Path) -> None:
    """Where deduce's lists are to be cached in this process (before it loads them)."""
    global _configured, _cache_home
    _configured, _cache_home = configured, cache_home


@dataclass(frozen=True)
class Found:
    """Character spans (start, end) that deduce takes for persons, and for places or
    institutions (which a caller uses to reject a "person" that is really a town)."""

    persons: list[tuple[int, int]]
    places: list[tuple[int, int]]


class Deidentifier:
    """One loaded deduce instance; `find` is cheap (milliseconds per page)."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self._whitelist = engine.lookup_structs["whitelist"]
        self._common = engine.lookup_structs["common_word"]
        self._first_names = engine.lookup_structs["first_name"]
        self._particle_surnames = engine.lookup_structs["interfix_surname"]

    def find(self, text: str) -> Found:
        doc = self._engine.deidentify(text, disabled=set(_DISABLED))
        persons, places = [], []
        for ann in doc.annotations:
            if ann.tag == "persoon":
                persons.append((ann.start_char, ann.end_char))
            elif any(tag in ann.tag for tag in _PLACE_TAGS):
                places.append((ann.start_char, ann.end_char))
        return Found(sorted(set(persons)), sorted(set(places)))

    def is_common_word(self, word: str, sentence_start: bool = False) -> bool:
        """deduce's ordinary Dutch words that are also names ("Dan", "Mei"); at the start
        of a sentence, where a capital proves nothing, also its wider list ("Wijs", "Pas")."""
        return word in self._whitelist or (sentence_start and word.lower() in self._common)


    def is_first_name(self, word: str) -> bool:
        return [word] in self._first_names

    def is_particle_surname(self, word: str) -> bool:
        """A surname that takes a particle ("Wit" in "de Wit", "Berg" in "van den Berg")."""
        return word in self._particle_surnames


def deidentifier_available() -> bool:
    """Whether deduce is installed (without importing it: the import is not free)."""
    return importlib.util.find_spec("deduce") is not None


def get_deidentifier() -> Deidentifier:
    """The process's deduce instance, loaded on first use (a few seconds from the cache)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = Deidentifier(_load())
        return _loaded


def prepare_deidentifier() -> float:
    """Build deduce's lookup cache now (install time) so no user waits for it later;
    returns the seconds it took. A valid cache is reused, so running it twice is cheap."""
    started = time.perf_counter()
    get_deidentifier()
    return time.perf_counter() - started


def deidentifier_cache_dir() -> Path:
    """Where the lookup cache lives: the configured folder (Settings.deduce_cache), else
    deduce's own data folder in the environment (rebuilt with it), else the user's cache
    folder (Settings.cache_home)."""
    if _configured is not None:
        return Path(_configured)
    spec = importlib.util.find_spec("deduce")
    if spec and spec.origin:
        packaged = Path(spec.origin).parent / "data" / "lookup"
        if os.access(packaged / "cache", os.W_OK):
            return packaged
    return Path(_cache_home).expanduser() / "praktijkgeheugen" / "deduce"


def _load():
    deduce = _import_deduce()
    cache = deidentifier_cache_dir()
    fresh = not (cache / "cache" / "lookup_structs.pickle").exists()
    if fresh:
        log.warning("building deduce's name lists once (about 3 minutes) into %s", cache)
    started = time.perf_counter()
    with _gc_paused():
        try:
            engine = deduce.Deduce(cache_path=cache)
        except OSError as exc:
            raise ModelError(f"cannot load or cache deduce's lookup lists in {cache} ({exc}). "
                             f"Fix: make it writable or set {_CACHE_SETTING} to a writable folder.") from exc
    log.info("deduce loaded in %.1f s", time.perf_counter() - started)
    return engine


def _import_deduce():
    """Import deduce without letting its import-time `logging.basicConfig(DEBUG, stdout)`
    take over the root logger (it would print debug lines into piped output)."""
    if not deidentifier_available():
        raise ModelError("deduce is not installed. Fix: `make install`, or reinstall praktijkgeheugen"
                         " with its dependencies (`pip install praktijkgeheugen`, which brings deduce).")
    root = logging.getLogger()
    guard = logging.NullHandler() if not root.handlers else None
    if guard:
        root.addHandler(guard)
    try:
        import deduce
    finally:
        if guard:
            root.removeHandler(guard)
    return deduce


@contextlib.contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # the lookup structures live as long as the process: never scan them again
        if enabled:
            gc.enable()
