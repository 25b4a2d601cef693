"""A client named after the last dot of an id was kept in it. Since 3a2b934 the folders
and file name of a given id go through the community's rules, but the file name was read
without what Python takes for its extension: everything after the last dot. A JSONL line
(whose id needs no extension) 'gesprek met mevr. Vandamme' was read as 'gesprek met mevr'
and stored as 'Wijkteam Zuid/gesprek met mevr. Vandamme', in every link, search result,
pack, audit entry and JSON answer, for everyone the document is shared with; so were
'gesprek.mevr-Vandamme' and 'verslag.dhr Vandamme'. Found by the twentieth attack. Class:
a part of a given id that the rules never read. Fix: only an extension ingest reads
('.md', '.docx', ...) is left out; any other text after a dot is read as the rest is."""
from __future__ import annotations

import pytest

from access_world import SOUTH
from security_world import jsonl


@pytest.mark.deduce
@pytest.mark.parametrize("line_id", ["gesprek met mevr. Vandamme", "gesprek.mevr-Vandamme", "verslag.dhr Vandamme",
                                     "huisbezoek bij mevrouw Vandamme.md"])
def test_a_client_named_after_the_last_dot_of_an_id_is_hidden(world, line_id):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    line = {"id": line_id, "title": "Gesprek", "community": SOUTH,
            "text": "De cliënte woont alleen. We spraken over de zandloper."}
    [row] = world.upload(world.client("mod-zuid"), [("regels.jsonl", jsonl(line))], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert "vandamme" not in row["doc_id"].lower()
    assert row["doc_id"].startswith(f"{SOUTH}/") and "V." in row["doc_id"]
