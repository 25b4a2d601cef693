"""A document id is a path in every link to it (/documenten/<id>), and a browser or proxy
resolves '.' and '..' segments (also written '%2e%2e') and may merge '//' before the app
sees the path. A JSONL line of Wijkteam Zuid with the id '../noord/geheim.md' became
'Wijkteam Zuid/../noord/geheim.md': its search result, browse entry and pack source
opened PG Noord's document 'noord/geheim.md' for whoever could read that one, and the
audit log said they viewed it; Zuid's own document could not be reached by its link.
Found by the ninth attack. Class: ids that a URL turns into another id. Now an id with an
empty, '.' or '..' segment (percent-decoded and NFKC-folded, as a lenient parser might
read it) is refused like one with a control character."""
from __future__ import annotations

import pytest

from access_world import SOUTH
from security_world import jsonl


@pytest.mark.parametrize("given", ["../noord/geheim.md", "x/../../noord/gedeeld.md", "./zandloper.md", "a//b.md",
                                   "b/", "/a.md", "%2e%2e/noord/geheim.md", "a/%2E/b.md", "\u2024\u2024/noord/geheim.md"])
def test_an_id_a_link_would_resolve_elsewhere_is_refused(world, given):
    rows = world.upload(world.client("mod-zuid"), [("regels.jsonl", jsonl(
        {"id": given, "title": "Proef", "text": "Over de zandloper.", "community": SOUTH}))], SOUTH)["files"]
    assert [(row["status"], row["code"]) for row in rows] == [("failed", "bad_id")]
    assert not [d for d in world.store.catalogue.list_documents() if d.doc_id.startswith(f"{SOUTH}/")]


@pytest.mark.parametrize("given", ["verslag.md", "map/sessie 3.md", "v1.2/notitie...md", "..verslag.md", "a.b/c"])
def test_ordinary_ids_with_dots_are_kept(world, given):
    [row] = world.upload(world.client("mod-zuid"), [("regels.jsonl", jsonl(
        {"id": given, "title": "Proef", "text": "Over de zandloper.", "community": SOUTH}))], SOUTH)["files"]
    assert (row["status"], row["doc_id"]) == ("ingested", f"{SOUTH}/{given}")
