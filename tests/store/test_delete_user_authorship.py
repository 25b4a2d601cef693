"""Deleting an account "with its authorship" removes the name from the documents of
the account's own communities only: a person of the same name in another community is
someone else, whose documents keep their author (it used to go as well)."""
from __future__ import annotations

import ingest
from store import open_store


def _doc(folder, name: str, community: str, author: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: {name}\ntype: casus\ncommunity: \"{community}\"\n"
                               f"authors:\n  - name: \"{author}\"\n---\nEen casus over de buurtkamer.\n",
                               encoding="utf-8")


def _authors(store) -> dict[str, list[str]]:
    return {d.doc_id: [a.name for a in d.meta.authors] for d in store.catalogue.list_documents()}


def test_only_the_own_communities_lose_the_name(settings, fake_embedder, tmp_path):
    store = open_store(settings)
    try:
        for community in ("PG Noord", "PG Zuid", "PG Oost"):
            store.accounts.add_community(community, sharing="closed")
        _doc(tmp_path / "docs", "noord.md", "PG Noord", "Lien Peeters")
        _doc(tmp_path / "docs", "oost.md", "PG Oost", "Lien Peeters")
        _doc(tmp_path / "docs", "zuid.md", "PG Zuid", "Lien Peeters")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "docs"]).failed
        store.accounts.add_user("Lien Peeters", "een goed wachtwoord")
        store.accounts.grant("Lien Peeters", "PG Noord", "lid")
        store.accounts.grant("Lien Peeters", "PG Oost", "moderator")

        assert store.accounts.delete_user("Lien Peeters", remove_authorship=True) == 2

        assert _authors(store) == {"noord.md": [], "oost.md": [], "zuid.md": ["Lien Peeters"]}
        assert [u.name for u in store.accounts.users()] == []
    finally:
        store.close()


def test_without_the_option_every_name_stays(settings, fake_embedder, tmp_path):
    store = open_store(settings)
    try:
        store.accounts.add_community("PG Noord")
        _doc(tmp_path / "docs", "noord.md", "PG Noord", "Lien Peeters")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "docs"]).failed
        store.accounts.add_user("Lien Peeters", "een goed wachtwoord")
        store.accounts.grant("Lien Peeters", "PG Noord", "lid")
        assert store.accounts.delete_user("Lien Peeters") == 0
        assert _authors(store) == {"noord.md": ["Lien Peeters"]}
    finally:
        store.close()
