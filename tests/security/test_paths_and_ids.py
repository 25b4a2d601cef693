"""Item 10 of issue 14: no page or API answer holds a server path; a client name in
a file name is hidden in the title, the id and the download name as in the text;
document ids with control characters are refused."""
from __future__ import annotations

import re

import pytest

from access_world import SOUTH
from security_world import jsonl


def test_no_answer_holds_a_server_path(world, tmp_path_factory):
    """No path under the session's temp root: the test's data dir, nor the shared
    template the world was copied from (its documents' sources are there)."""
    server = str(tmp_path_factory.getbasetemp())
    mod = world.client("mod-zuid")
    upload = world.upload(mod, [("notitie.md", b"Notitie over de zandloper.\n")], SOUTH)
    uploaded = upload["files"][0]["doc_id"]
    urls = ["/?q=zandloper", "/api/search?q=zandloper", "/api/search?q=zandloper&mode=lexical", "/bladeren",
            "/api/browse", "/api/documents?limit=1000", "/api/who?q=zandloper",
            *(u for d in ("zuid/open.md", "zuid/dicht.md", uploaded)
              for u in (f"/documenten/{d}", f"/api/documents/{d}", f"/api/documents/{d}/related"))]
    leaks = [url for url in urls if server in mod.get(url).text]
    assert leaks == [] and server not in str(upload)


@pytest.mark.parametrize("bad", ["twee\nregels", "stil\u202egniz", "nul\x00teken", "x" * 400])
def test_ids_with_control_characters_are_refused(world, bad):
    rows = world.upload(world.client("mod-zuid"), [("regels.jsonl", jsonl(
        {"id": bad, "text": "Over de zandloper.", "community": SOUTH}))], SOUTH)["files"]
    assert [(row["status"], row["code"]) for row in rows] == [("failed", "bad_id")]
    assert not [d for d in world.store.catalogue.list_documents() if d.doc_id.startswith(f"{SOUTH}/")]


@pytest.mark.deduce
def test_a_client_name_in_a_file_name_is_hidden_like_in_the_text(world):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    text = "Ik bezocht mevrouw Vandamme in Brugge. Mevrouw Vandamme woont alleen sinds de zomer.\n"
    [row] = world.upload(mod, [("casus-brugge-vandamme.txt", text.encode())], SOUTH)["files"]
    assert row["status"] == "ingested" and not re.search("vandamme", row["doc_id"], re.I)
    document = mod.get(f"/api/documents/{row['doc_id']}").json()
    assert "mevrouw V." in document["text"] and not re.search("vandamme", document["title"], re.I)
    page = world.client("lid-noord").get("/?q=bezocht+mevrouw+brugge").text
    assert "Vandamme" not in page and "vandamme" not in page
    assert not [name for name in world.files() if re.search("vandamme", name, re.I)]
