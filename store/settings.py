"""One typed settings object for every command and the web app.

Values come from CLI flags first, then environment variables, then defaults.
Every path the application writes is derived from the data dir, so one folder
holds a whole deployment (easy to back up, move or delete).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from models import DEFAULT_MODEL

ENV_DATA = "PRAKTIJKGEHEUGEN_DATA"
ENV_MODEL = "PRAKTIJKGEHEUGEN_MODEL"
ENV_CHROMA_URL = "PRAKTIJKGEHEUGEN_CHROMA_URL"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    model: str = DEFAULT_MODEL
    chroma_url: str | None = None

    @classmethod
    def load(
        cls,
        data_dir: str | Path | None = None,
        model: str | None = None,
        chroma_url: str | None = None,
    ) -> "Settings":
        """Resolve settings: explicit values win over environment variables."""
        return cls(
            data_dir=Path(data_dir or os.environ.get(ENV_DATA) or "data").resolve(),
            model=model or os.environ.get(ENV_MODEL) or DEFAULT_MODEL,
            chroma_url=chroma_url or os.environ.get(ENV_CHROMA_URL) or None,
        )

    @property
    def db_path(self) -> Path:
        return self.data_dir / "praktijkgeheugen.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def files_dir(self) -> Path:
        """Where uploaded source files are kept, so document pages can link to them."""
        return self.data_dir / "files"

    @property
    def packs_dir(self) -> Path:
        """Session packs (web.packs): references to documents, one JSON file per browser session."""
        return self.data_dir / "packs"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "writer.lock"

    @property
    def cache_dir(self) -> Path:
        """Derived data that can always be recomputed (e.g. training embeddings)."""
        return self.data_dir / "cache"
