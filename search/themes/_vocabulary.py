"""The theme vocabulary: a Dutch default shipped with the package, which a
deployment can extend or replace with `<data dir>/themes.yaml`:

    mode: extend            # or: replace
    themes:
      - label: "valpreventie"
        description: "..."
        lemmas: ["vallen", "valpreventie"]
        examples: ["ze viel twee keer in de badkamer", ...]
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from errors import PraktijkgeheugenError
from text import fold


class VocabularyError(PraktijkgeheugenError):
    """The vocabulary file cannot be used (with the reason)."""

    user = "De lijst met thema's kan niet gebruikt worden. Meld het aan de beheerder."


@dataclass(frozen=True)
class Theme:
    label: str
    description: str
    lemmas: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    themes: tuple[Theme, ...]
    version: str = field(default="")  # changes whenever the themes change: tags are then recomputed

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.themes]


def _themes(items, source: str) -> list[Theme]:
    if not isinstance(items, list):
        raise VocabularyError(f"{source}: expected a list of themes")
    themes = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("label", "")).strip():
            raise VocabularyError(f"{source}: every theme needs a label")
        themes.append(Theme(str(item["label"]).strip(), str(item.get("description", "")).strip(),
                            tuple(fold(str(x)) for x in item.get("lemmas", []) or []),
                            tuple(str(x) for x in item.get("examples", []) or [])))
    return themes


def default_themes() -> list[Theme]:
    text = resources.files("search.themes").joinpath("vocabulary_nl.yaml").read_text(encoding="utf-8")
    return _themes(yaml.safe_load(text), "vocabulary_nl.yaml")


def load_vocabulary(data_dir: Path | None = None) -> Vocabulary:
    """The default vocabulary, extended or replaced by the deployment's themes.yaml."""
    themes = default_themes()
    custom = data_dir / "themes.yaml" if data_dir else None
    if custom is not None and custom.exists():
        try:
            spec = yaml.safe_load(custom.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise VocabularyError(f"{custom}: not valid YAML ({exc})") from None
        extra = _themes(spec.get("themes", []), str(custom))
        themes = extra if spec.get("mode") == "replace" else _merged(themes, extra)
    digest = hashlib.sha256(repr(themes).encode()).hexdigest()[:16]
    return Vocabulary(tuple(themes), digest)


def _merged(base: list[Theme], extra: list[Theme]) -> list[Theme]:
    """A custom theme with a default's label replaces it; others are added."""
    labels = {t.label for t in extra}
    return [t for t in base if t.label not in labels] + extra
