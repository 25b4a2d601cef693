"""Attack 29: a client's name in a web address, escaped as a browser copies it.

A link copied from a browser's address bar writes every letter outside ASCII as
percent-escapes: the dossier of mevrouw Öztürk is 'https://dossier.example.org/clienten/
%C3%96zt%C3%BCrk', a search for her 'q=mevrouw+%C3%96zt%C3%BCrk'. The rules found
'mevrouw Öztürk' in the text and replaced it, and every other use of the name, but not
the escaped one, and neither did a listed client's name ('quil%C3%A9na'): the stored
text kept both, and the document page links to them (a browser shows the address
decoded). Failed on 4d93149 in all three documents."""
from __future__ import annotations

from urllib.parse import unquote

import pytest
from test_trace_attack9 import _backed_up_and_kept

from access_world import SOUTH

NAMES = ("Öztürk", "Quiléna", "Brandstätter")


@pytest.mark.deduce
def test_a_name_escaped_in_a_web_address_is_replaced_too(world, caplog):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    world.store.clients.add_client_names(SOUTH, ["Quiléna"])
    mod = world.client("mod-zuid")
    rows = world.upload(mod, [
        ("dossier.md", "# Verslag\n\nMevrouw Öztürk belde over de thuiszorg. Haar dossier: https://dossier.example.org/"
                       "clienten/%C3%96zt%C3%BCrk-2024, gezocht met https://www.google.com/search?q=mevrouw+%C3%96zt"
                       "%C3%BCrk.\n".encode()),
        ("lijst.md", "# Verslag\n\nDe buurtwerker sprak met quiléna over de dagbesteding. Zie https://example.org/p/"
                     "quil%C3%A9na en mailto:quil%C3%A9na@example.org.\n".encode()),
        ("adres.md", "# Verslag\n\nMevrouw Brandstätter belde over de mantelzorg. Zie https://example.org/"
                     "Brandst%C3%A4tter%20dossier.\n".encode())], SOUTH)["files"]
    assert [r["status"] for r in rows] == ["ingested"] * 3, rows
    texts = [mod.get(f"/api/documents/{r['doc_id']}").json()["text"] for r in rows]
    assert "%20dossier" in texts[2]   # an escape that is no letter stays as written
    stored = {where: unquote(data.decode("utf-8", "ignore")).casefold()
              for where, data in _backed_up_and_kept(world, caplog).items()}
    stored.update({f"text {r['doc_id']}": unquote(text).casefold() for r, text in zip(rows, texts)})
    hits = {name: [where for where, text in stored.items() if name.casefold() in text] for name in NAMES}
    assert hits == {name: [] for name in NAMES}
