"""An author named without organisation ("Karin", as a programme's "casus (Karin)"
gives it) is linked to the one person of the community whose name is or opens with
it, among the documents every reader of the naming document may read. That was decided
once, when the document was written: in a closed group, among all the group's
documents. A closed "Karin Geheim" beside a shared "Karin Open" left it unlinked; when
the group's moderator then shared the document, the network saw a plain "Karin" where a
world without that closed document showed "Karin Open" with her organisation: one bit
of a closed document, on every page naming the author. Now the links are made again
when who may read the group's documents changes (a document's or the group's sharing)."""
from __future__ import annotations

from access_world import NORTH
from security_world import add_document


def _authors(client, doc_id: str) -> dict[str, str | None]:
    return {a["name"]: a["organisation"] for a in client.get(f"/api/documents/{doc_id}").json()["authors"]}


def _group(world, tmp_path, share) -> None:
    """PG Noord (closed) names a shared 'Karin Open' and 'Mieke Open', a closed 'Karin
    Geheim', and a programme naming 'Karin' and 'Mieke', which is then shared."""
    for name in ("Karin Open", "Mieke Open"):
        add_document(world, tmp_path / name, f"{name}.md", f"{name} over de thuiszorg.", NORTH,
                     {"authors": [{"name": name, "organisation": f"Org {name}"}]})
        world.store.accounts.set_document_sharing(f"{name}.md", "shared")
    add_document(world, tmp_path / "geheim", "geheim.md", "Karin Geheim over de buren.", NORTH,
                 {"authors": [{"name": "Karin Geheim", "organisation": "Org Geheim"}]})
    add_document(world, tmp_path / "programma", "programma.md", "Casus (Karin) en casus (Mieke).", NORTH,
                 {"type": "programma", "authors": [{"name": "Karin"}, {"name": "Mieke"}]})
    share()


def test_a_shared_document_links_as_if_the_closed_namesake_was_never_there(world, tmp_path):
    _group(world, tmp_path, lambda: world.store.accounts.set_document_sharing("programma.md", "shared"))
    for viewer in ("mod-zuid", "lid-noord"):
        assert _authors(world.client(viewer), "programma.md") == {
            "Karin Open": "Org Karin Open", "Mieke Open": "Org Mieke Open"}, viewer


def test_a_group_that_opens_links_as_if_its_closed_namesake_was_never_there(world, tmp_path):
    def share() -> None:
        world.store.accounts.set_document_sharing("geheim.md", "closed")
        world.store.accounts.set_community(NORTH, "shared")
    _group(world, tmp_path, share)
    assert _authors(world.client("mod-zuid"), "programma.md") == {
        "Karin Open": "Org Karin Open", "Mieke Open": "Org Mieke Open"}


def test_closed_again_the_group_links_among_all_its_documents(world, tmp_path):
    _group(world, tmp_path, lambda: None)
    # closed, its members read every document of the group: two Karins, no link
    assert _authors(world.client("lid-noord"), "programma.md") == {"Karin": None, "Mieke Open": "Org Mieke Open"}


def test_a_namesake_closed_later_counts_no_more(world, tmp_path):
    """The programme is shared while 'Karin Geheim' is too (two Karins: no link); her
    document is then closed: the network sees what a world without it shows."""
    def share() -> None:
        world.store.accounts.set_document_sharing("programma.md", "shared")
        world.store.accounts.set_document_sharing("geheim.md", "shared")
        assert "Karin" in _authors(world.client("mod-zuid"), "programma.md")
        world.store.accounts.set_document_sharing("geheim.md", None)   # follows PG Noord: closed
    _group(world, tmp_path, share)
    assert _authors(world.client("mod-zuid"), "programma.md") == {
        "Karin Open": "Org Karin Open", "Mieke Open": "Org Mieke Open"}
