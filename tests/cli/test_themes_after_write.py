"""Writes from the command line leave no passage without themes: `ingest`, `watch`
and `clients add` tag the passages they wrote before they end (a background run
would end with the process), so a researcher's themes are current after a CLI
import; `--no-themes` leaves them to the next theme page or `themes` command, and a
tagging that fails is a warning, never a lost write. In-process, fake embedder."""
import json
import os
import time

import search.themes as themes
from fakes import FakeEmbedder
from store import Filters
from theme_docs import DOCS, NEW_THEME, NORTH, write

OLD = time.time() - 3600   # an mtime an hour ago: the watch takes the file at once


def _untagged(store) -> int:
    vocabulary = themes.load_vocabulary(store.settings.data_dir)
    return store.tags.untagged_count(themes.tag_version(vocabulary, FakeEmbedder()))


def _passages(store) -> int:
    return sum(len(store.catalogue.chunks_of(d.pk)) for d in store.catalogue.list_documents())


def test_ingest_tags_the_new_passages_before_it_ends(cli, store, tmp_path):
    code, out, err = cli("ingest", str(write(tmp_path / "docs", DOCS)), "--create-communities")
    assert code == 0, err
    passages = _passages(store)
    assert passages and _untagged(store) == 0 and f"\n{passages} passages tagged with themes\n" in out
    counts = store.tags.theme_counts(Filters(), "cycle")   # a front-matter theme is kept on its passage
    assert (NORTH, NEW_THEME) in {(community, theme) for community, theme, *_ in counts}
    assert store.health.last("themes") is not None   # the status page shows the run


def test_no_themes_leaves_them_to_the_next_theme_command(cli, store, tmp_path):
    code, out, _ = cli("ingest", str(write(tmp_path / "docs", DOCS)), "--create-communities", "--no-themes")
    assert code == 0 and "tagged with themes" not in out
    assert _untagged(store) == _passages(store) > 0
    assert cli("themes", "matrix")[0] == 0 and _untagged(store) == 0


def test_the_json_report_counts_the_passages_tagged(cli, store, tmp_path):
    docs = write(tmp_path / "docs", DOCS)
    code, out, _ = cli("ingest", str(docs), "--create-communities", "--json")
    assert code == 0 and json.loads(out)["themes_tagged"] == _passages(store) > 0
    code, out, _ = cli("ingest", str(docs), "--json")   # nothing new: nothing to tag
    assert code == 0 and json.loads(out)["themes_tagged"] == 0
    code, out, _ = cli("ingest", str(docs), "--json", "--no-themes")
    assert code == 0 and json.loads(out)["themes_tagged"] is None


def test_a_broken_vocabulary_warns_and_keeps_the_documents(cli, store, tmp_path):
    (store.settings.data_dir / "themes.yaml").write_text("themes: [onbegrensd\n", encoding="utf-8")
    code, out, err = cli("ingest", str(write(tmp_path / "docs", DOCS)), "--create-communities")
    assert code == 0 and "ingested" in out and "tagged with themes" not in out
    assert "warning: the new passages were not tagged with themes (VocabularyError" in err
    assert "themes.yaml" in err and len(store.catalogue.list_documents()) == len(DOCS)


def test_watch_tags_a_pass_that_wrote_and_a_quiet_pass_does_not(cli, store, tmp_path, monkeypatch):
    assert cli("communities", "add", NORTH)[0] == 0
    folder = write(tmp_path / "map", {"sessie.md": DOCS["noord/2023-2024/digitaal.md"]})
    os.utime(folder / "sessie.md", (OLD, OLD))
    code, out, _ = cli("watch", str(folder), "--community", NORTH, "--once")
    assert code == 0 and "ingested" in out and "passages tagged with themes" in out and _untagged(store) == 0
    calls = []
    monkeypatch.setattr(themes, "tag_now", lambda *args, **kwargs: calls.append(args) or 0)
    code, out, _ = cli("watch", str(folder), "--community", NORTH, "--once")
    assert code == 0 and "ingested" not in out and calls == []


def test_clients_add_tags_the_versions_it_wrote(cli, store, tmp_path):
    name = "Bolleke Vranckaert"
    note = DOCS["noord/2023-2024/digitaal.md"].replace("# ", f"# {name}: ", 1)
    assert cli("communities", "add", NORTH, "--no-pseudonymise")[0] == 0
    assert cli("ingest", str(write(tmp_path / "docs", {"overdracht.md": note})))[0] == 0
    before = store.catalogue.get_document("overdracht.md").pk
    code, out, _ = cli("clients", "add", "--community", NORTH, name)
    assert code == 0 and "1 documents pseudonymised again" in out and "passages tagged with themes" in out
    assert store.catalogue.get_document("overdracht.md").pk != before and _untagged(store) == 0
