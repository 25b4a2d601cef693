"""The background tagging run writes the themes it found for a passage under the
passage's row number, seconds after it read the passage. SQLite gives a deleted row's
number to the next row inserted (INTEGER PRIMARY KEY without AUTOINCREMENT), so a
closed group's passage deleted meanwhile and another group's passage uploaded in its
place received the closed passage's themes: its theme labels (a document's own
front-matter themes are free text a moderator typed) showed in the other group's
theme matrix and under /themas/<label>, and the new passage counted as tagged, so it
never got its own themes. The run must write only onto the passage it read."""
from __future__ import annotations

import search.themes as themes
import search.themes._discover as discovery
from search import access
from security_world import add_document
from store import Filters

SECRET_THEME = "zorgen om de kanarievogel"   # a closed group's own words, as a theme label


def _chunks(store, doc_id: str) -> list[tuple[int, str]]:
    document = store.catalogue.get_document(doc_id)
    return [(c.pk, c.vector_id) for c in store.catalogue.chunks_of(document.pk)]


def _chunk_pks(store, doc_id: str) -> list[int]:
    return [pk for pk, _ in _chunks(store, doc_id)]


def test_a_passage_that_takes_a_deleted_passages_row_gets_none_of_its_themes(world, tmp_path, monkeypatch):
    store = world.store
    add_document(world, tmp_path / "noord", "noord/kort.md", "De groep sprak over de reiger in de wijk.",
                 "PG Noord", {"themes": [SECRET_THEME]})
    closed_pks = _chunk_pks(store, "kort.md")
    vocabulary = themes.load_vocabulary()
    saved = store.tags.save_tags
    reused: list[int] = []

    def meanwhile(version, tags):
        """While the run tagged: PG Noord deletes its passage, Wijkteam Zuid uploads one."""
        if not reused:
            with store.writer():
                store.catalogue.delete_document("kort.md")
            add_document(world, tmp_path / "zuid", "zuid/nieuw.md", "Wij spraken over de fiets in de straat.",
                         "Wijkteam Zuid")
            reused.extend(_chunk_pks(store, "nieuw.md"))
        return saved(version, tags)

    with monkeypatch.context() as patch:
        patch.setattr(store.tags, "save_tags", meanwhile)
        themes.tag_pending(store, world.app.state.runtime.embedder, vocabulary, tmp_path / "cache")
    if store.db.dialect == "sqlite":   # PostgreSQL's identity columns never hand a number out twice
        assert set(reused) & set(closed_pks), "the new passage took the deleted passage's row (the attack's premise)"

    zuid = Filters(communities=("Wijkteam Zuid",))
    themes_now = store.tags.chunk_themes(_chunks(store, "nieuw.md"))
    assert SECRET_THEME not in {t for pk in reused for t in themes_now.get(pk, [])}
    assert store.tags.theme_passages(zuid, SECRET_THEME) == []
    # the new passage is still to be tagged with its own themes
    assert set(reused) <= {pk for pk, *_ in store.tags.untagged_chunks(themes.tag_version(
        vocabulary, world.app.state.runtime.embedder))}

    outsider = world.client("mod-zuid")
    assert outsider.get(f"/api/themes/{SECRET_THEME}").status_code == 404
    assert SECRET_THEME not in outsider.get("/api/themes").text


def test_discovered_clusters_count_no_tags_of_a_passage_that_took_a_row_meanwhile(world, tmp_path, monkeypatch):
    """Discovery clusters the caller's passages (seconds), then reads their tags by row
    number: a passage of theirs deleted meanwhile, and a closed group's passage given its
    row, lent the closed passage's tags (its free-text labels too) to the caller's cluster."""
    store = world.store
    for n in range(5):
        add_document(world, tmp_path / "zuid", f"zuid-{n}.md", f"Verslag {n} over de buurt en de fiets {n}.",
                     "Wijkteam Zuid")
    last = _chunk_pks(store, "zuid-4.md")
    outsider = access.restrict(Filters(), store.accounts.user("mod-zuid"), False)
    clustered = discovery.cluster_scope
    taken: list[int] = []

    def meanwhile(*args, **kwargs):
        layout = clustered(*args, **kwargs)
        with store.writer():
            store.catalogue.delete_document("zuid-4.md")
        add_document(world, tmp_path / "noord", "geheim-3.md", "De reiger.", "PG Noord")
        chunks = _chunks(store, "geheim-3.md")
        store.tags.save_tags("v", {chunk: {SECRET_THEME: 1.0} for chunk in chunks})
        taken.extend(pk for pk, _ in chunks)
        return layout

    with monkeypatch.context() as patch:
        patch.setattr(discovery, "cluster_scope", meanwhile)
        clusters = themes.discover(store, outsider)
    if store.db.dialect == "sqlite":
        assert set(taken) & set(last), "the closed passage took the caller's deleted passage's row (the premise)"
    assert clusters and all(c.top_theme != SECRET_THEME for c in clusters)
