"""The themes pages' progress banner ("x van y passages") and its JSON twin count
passages: a store-wide count told a researcher or moderator how many passages a
closed group holds and when it uploaded more. Counted within the caller's access."""
from __future__ import annotations

import threading

import search.themes as themes
from security_world import add_closed_document, visible_to

OUTSIDER = "mod-oost"


def _visible_passages(world, name: str) -> int:
    ids = sorted(visible_to(name))
    marks = ",".join("?" for _ in ids)
    return world.store.db.conn().execute(
        "SELECT COUNT(*) FROM chunks ch JOIN documents d ON d.id = ch.document_id"
        f" WHERE d.state = 'ready' AND d.doc_id IN ({marks})", ids).fetchone()[0]


def test_tagging_progress_counts_only_the_callers_passages(world, tmp_path, monkeypatch):
    add_closed_document(world, tmp_path / "secret", "noord/geheim-2.md", "De thuiszorg kwam. " * 400)
    release = threading.Event()
    real_train = themes.train

    def train(*args, **kwargs):
        assert release.wait(120), "the test never released the trainer"
        return real_train(*args, **kwargs)
    monkeypatch.setattr(themes, "train", train)
    monkeypatch.setattr(themes, "_taggers", {})
    outsider = world.client(OUTSIDER)
    try:
        tagging = outsider.get("/api/themes").json()["tagging"]
        page = outsider.get("/themas").text
    finally:
        release.set()
        themes.wait_for_tagging(world.store)
    mine = _visible_passages(world, OUTSIDER)
    assert 0 < mine < world.store.db.conn().execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    assert tagging["running"] and (tagging["done"], tagging["total"]) == (0, mine), tagging
    assert f"0 van {mine} passages" in page
    after = outsider.get("/api/themes").json()["tagging"]
    assert (after["running"], after["done"], after["total"]) == (False, mine, mine)
