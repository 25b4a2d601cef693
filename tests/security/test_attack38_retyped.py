"""Privacy attack 38: a document uploaded as a publication, corrected to a case.

A programme, presentation or publication keeps the full names of the people it names
(speakers, trainers: docs/pseudonymisation.md, "Documents that name professionals"), and
so does its kept original. An uploader who picks *publicatie* for a home-visit report
(the type list's last entries, a slip of the hand) stored its client, 'Truus
Verhoeven', whole; the moderator who saw it corrected the type to *casus* on the
metadata form, and the new version kept the text, the name, the original served under
/bron/ and the lexical index as they were: only what follows a form of address or a
kinship word had been replaced. A type changed from a public one to another now
pseudonymises the document again by the rules, as `communities set --pseudonymise` does
for what a group stored while it was off (ingest._correct): text, id, original."""
from __future__ import annotations

from access_world import SOUTH, form_csrf

NAME = "Verhoeven"
TEXT = (f"# Huisbezoek\n\nIk bezocht Truus {NAME} thuis. Truus {NAME} woont alleen sinds haar man overleed. "
        "Ze wil naar het buurtrestaurant in de wijk.\n")


def _files_holding(root, word: str) -> list[str]:
    needles = (word.lower().encode(), word.lower().encode("utf-16-le"))
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
            and any(n in p.read_bytes().lower() for n in needles)]


def _retype(moderator, document, kind: str):
    form = {"title": document.meta.title, "type": kind, "authors": "", "cycle": "", "session": "", "date": "",
            "themes": "", "csrf": form_csrf(moderator, f"/documenten/{document.doc_id}")}
    answer = moderator.post(f"/api/documents/{document.doc_id}/metadata", data=form)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_publication_retyped_as_a_case_is_pseudonymised_again(world):
    moderator, store = world.client("mod-zuid"), world.store
    store.accounts.set_pseudonymise(SOUTH, True)
    [row] = world.upload(moderator, [(f"bezoek-truus-{NAME.lower()}.md", TEXT.encode())], SOUTH,
                         type="publicatie")["files"]
    document = store.catalogue.get_document(row["doc_id"])
    assert NAME in document.text   # a publication's names stay (not in its id: the file name is read as ever)
    assert moderator.get(f"/bron/{document.doc_id}").status_code == 200   # and its original is kept
    answer = _retype(moderator, document, "casus")
    assert answer["changed"] == ["type"]
    new_id = answer["doc_id"]
    assert store.catalogue.get_document(document.doc_id) is None or new_id == document.doc_id
    corrected = store.catalogue.get_document(new_id)
    assert corrected.meta.type == "casus"
    assert NAME not in corrected.text and NAME.lower() not in corrected.doc_id.lower()
    assert "T. V." in corrected.text and "buurtrestaurant" in corrected.text
    assert moderator.get(f"/bron/{new_id}").status_code == 404
    for mode in ("lexical", "hybrid"):
        answer = moderator.get("/api/search", params={"q": f"Truus {NAME}", "mode": mode}).json()
        assert NAME not in str({k: v for k, v in answer.items() if k != "query"}), mode
    assert [e.changes[0].field for e in store.history.of(new_id)] == ["type"]
    if store.db.dialect == "sqlite":
        store.close()
        assert _files_holding(world.data_dir, NAME) == []


def test_a_case_retyped_as_a_publication_gets_no_name_back_and_a_public_switch_holds(world):
    moderator, store = world.client("mod-zuid"), world.store
    store.accounts.set_pseudonymise(SOUTH, True)
    [row] = world.upload(moderator, [("bezoek.md", TEXT.encode())], SOUTH, type="casus")["files"]
    document = store.catalogue.get_document(row["doc_id"])
    assert NAME not in document.text
    _retype(moderator, document, "publicatie")
    assert NAME not in store.catalogue.get_document(row["doc_id"]).text
    # a document switched public in its front matter stays public whatever its type
    switched = f"---\nopenbaar: ja\ntype: publicatie\n---\n{TEXT}"
    [row] = world.upload(moderator, [("programma.md", switched.encode())], SOUTH)["files"]
    document = store.catalogue.get_document(row["doc_id"])
    assert NAME in document.text
    _retype(moderator, document, "sessieverslag")
    assert NAME in store.catalogue.get_document(row["doc_id"]).text


def test_a_client_taken_for_an_author_and_corrected_away_is_pseudonymised(world):
    """The same for the other reason a name stays: a document's own authors are members.
    An uploader who typed the client into the authors field ('Truus Verhoeven', the
    case's subject) kept her name in the text; the moderator's correction of the authors
    to the one who wrote it left the text as it was."""
    moderator, store = world.client("mod-zuid"), world.store
    store.accounts.set_pseudonymise(SOUTH, True)
    [row] = world.upload(moderator, [("bezoek.md", TEXT.encode())], SOUTH, type="casus",
                         authors=f"Truus {NAME}")["files"]
    document = store.catalogue.get_document(row["doc_id"])
    assert NAME in document.text
    form = {"title": document.meta.title, "type": "casus", "authors": "Lien Baeten (Buurtwerk Zuid)", "cycle": "",
            "session": "", "date": "", "themes": "", "csrf": form_csrf(moderator, f"/documenten/{document.doc_id}")}
    answer = moderator.post(f"/api/documents/{document.doc_id}/metadata", data=form)
    assert answer.status_code == 200, answer.text
    corrected = store.catalogue.get_document(answer.json()["doc_id"])
    assert NAME not in corrected.text and "T. V." in corrected.text
    assert [a.name for a in corrected.meta.authors if not a.from_text] == ["Lien Baeten"]
    # an author added keeps what the text says of others as it was
    form["authors"] = "Lien Baeten (Buurtwerk Zuid)\nGriet Van Hecke"
    answer = moderator.post(f"/api/documents/{corrected.doc_id}/metadata", data=form)
    assert answer.status_code == 200 and store.catalogue.get_document(answer.json()["doc_id"]).text == corrected.text
    if store.db.dialect == "sqlite":
        store.close()
        assert _files_holding(world.data_dir, NAME) == []
