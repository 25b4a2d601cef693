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


@pytest.mark.deduce
def test_two_clients_files_whose_names_hide_alike_stay_two_documents(world):
    """'casus_mevrouw_Vandamme.md' and 'casus_mevrouw_Verbeke.md' both hide to
    'casus_mevrouw_V..md': the second upload was taken for a new version of the first and
    replaced mevrouw Vandamme's case by mevrouw Verbeke's. Each now keeps an id of its
    own (a keyed tag of the name as given), and the same file sent again keeps its id."""
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    first = ("casus_mevrouw_Vandamme.md", b"Eerste verhaal: over de zandloper en de buren.\n")
    second = ("casus_mevrouw_Verbeke.md", b"Tweede verhaal: over de dotterbloem in de tuin.\n")
    [one] = world.upload(mod, [first], SOUTH)["files"]
    [two] = world.upload(mod, [second], SOUTH)["files"]
    assert (one["status"], two["status"]) == ("ingested", "ingested")
    assert one["doc_id"] != two["doc_id"]
    assert "zandloper" in mod.get(f"/api/documents/{one['doc_id']}").json()["text"]
    assert "dotterbloem" in mod.get(f"/api/documents/{two['doc_id']}").json()["text"]
    changed = (first[0], first[1] + b"Een week later: beter.\n")
    [again] = world.upload(mod, [changed], SOUTH)["files"]
    assert (again["status"], again["doc_id"]) == ("replaced", one["doc_id"])
    assert not re.search("vandamme|verbeke", one["doc_id"] + two["doc_id"], re.I)
