"""A client named only in an uploaded file's name: 'huisbezoek mevr Yilmaz.docx' whose
text has its own title and says only 'mevrouw Y.' or 'de cliënte'. The community's
rules read the title and the text, and a name they found there was hidden in the id;
the file name itself was never read, so the id ('Wijkteam Zuid/casus_mevrouw_Vandamme.md')
kept the name: in every link, search result, pack, audit entry and JSON answer, for
everyone the document is shared with. Found by the ninth attack. Now the file name
(every folder and the file's own name, '-', '_' and '.' read as spaces) goes through the
same rules, and a client name found there is hidden in the id and treated as a known
client of that document: hidden in its title, text and themes too, wherever they name it."""
from __future__ import annotations

import re

import pytest

from access_world import SOUTH
from security_world import jsonl


def _everything(world, mod, doc_id: str) -> str:
    document = mod.get(f"/api/documents/{doc_id}").json()
    listing = world.client("lid-noord").get("/api/documents?limit=1000").text
    audit = "\n".join(str(entry) for entry in world.store.accounts.audit_log(100))
    return "\n".join([doc_id, document["title"], document["text"], " ".join(document["themes"]), listing, audit,
                      *world.files()])


LINE = {"id": "gesprek met dhr Vandamme.md", "title": "Gesprek", "community": SOUTH,
        "text": "De cliënt kwam alleen. We spraken over de zandloper."}


@pytest.mark.deduce
@pytest.mark.parametrize("file_name, body", [
    ("casus_mevrouw_Vandamme.md", "---\ntitle: Casus eenzaamheid\n---\nIk bezocht mevrouw V. in Brugge. Ze woont"
                                  " alleen sinds de zomer.\n"),
    ("huisbezoek-mevr-Vandamme.txt", "Huisbezoek\n\nDe cliënte woont alleen sinds de zomer. Vandamme belde de"
                                     " thuiszorg zelf.\n"),
    ("regels.jsonl", jsonl(LINE).decode()),   # a JSONL line's id is its file name
])
def test_a_client_named_only_in_the_file_name_is_stored_nowhere(world, file_name, body):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [(file_name, body.encode())], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert re.findall("vandamme", _everything(world, mod, row["doc_id"]), re.I) == []


@pytest.mark.deduce
def test_a_file_name_without_a_name_keeps_its_id(world):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("verslag-sessie-3.md", b"Over de zandloper en de buren.\n")], SOUTH)["files"]
    assert row["doc_id"] == f"{SOUTH}/verslag-sessie-3.md"
