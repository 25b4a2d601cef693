"""A kept original is served as it was uploaded (/bron/<id>), so it must not hold a
client name in a part the reader never reads, and so never pseudonymised: a Word
file's page header ("Dossier mevrouw Yilmaz"), footer, comments or properties, a
Markdown file's front-matter field ingest does not know (`client: ...`), an e-mail's
headers. The text was clean, no name was replaced, and the original was kept whole.
Now every part of the file is read for this decision: a name the community's rules or
list find anywhere in it means the original is not kept, as when the text named one."""
from __future__ import annotations

import io

import pytest

from access_world import SOUTH, form_csrf

NAME = "Yilmaz"
CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg."


def _docx(where: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(CLEAN)
    if where == "header":
        document.sections[0].header.paragraphs[0].text = f"Dossier mevrouw {NAME}"
    elif where == "footer":
        document.sections[0].footer.paragraphs[0].text = f"Casus {NAME}, vertrouwelijk"
    elif where == "properties":
        document.core_properties.subject = f"Gesprek met mevrouw {NAME}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FILES = {
    "docx-header": ("verslag.docx", lambda: _docx("header")),
    "docx-footer": ("verslag.docx", lambda: _docx("footer")),
    "docx-properties": ("verslag.docx", lambda: _docx("properties")),
    "md-front-matter": ("verslag.md", lambda: f"---\nclient: mevrouw {NAME}\n---\n{CLEAN}\n".encode()),
}


@pytest.fixture
def listed(world):
    world.store.clients.add_client_names(SOUTH, [NAME])
    return world


@pytest.mark.parametrize("case", list(FILES))
def test_an_original_naming_a_client_where_the_reader_does_not_look_is_not_kept(listed, case):
    name, body = FILES[case]
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [(name, body())], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert NAME not in moderator.get(f"/api/documents/{row['doc_id']}").text
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404
    assert not any(NAME.encode() in raw for raw in listed.files().values())


def test_a_clean_original_is_still_kept(listed):
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [("verslag.docx", _docx("none"))], SOUTH)["files"]
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200


@pytest.mark.deduce
def test_a_name_the_rules_find_in_a_header_keeps_the_original_out_too(world):
    """Not listed: found by the community's pseudonymisation rules ("mevrouw Yilmaz")."""
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("verslag.docx", _docx("header"))], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404


def _split_header_docx() -> bytes:
    """A page header whose name Word wrote over two runs ("Dossier Bos" + "mans")."""
    import docx

    document = docx.Document()
    document.add_paragraph(CLEAN)
    header = document.sections[0].header.paragraphs[0]
    header.add_run("Dossier Bos")
    header.add_run("mans")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_correction_drops_an_original_naming_the_client_only_in_a_header(world):
    """Kept at upload (nothing was listed, the community does not pseudonymise), then the
    name is listed: the stored text never named her, the original's header does."""
    moderator = world.client("mod-zuid")
    [kept] = world.upload(moderator, [("verslag.docx", _split_header_docx())], SOUTH)["files"]
    [named] = world.upload(moderator, [("gesprek.md", b"Bosmans vertelde over de buren.\n")], SOUTH)["files"]
    assert moderator.get(f"/bron/{kept['doc_id']}").status_code == 200   # kept, as nothing was known
    csrf = form_csrf(moderator, f"/documenten/{named['doc_id']}")
    assert moderator.post(f"/api/documents/{named['doc_id']}/client-names",
                          data={"namen": "Bosmans", "csrf": csrf}).status_code == 200
    assert moderator.get(f"/bron/{kept['doc_id']}").status_code == 404
    assert world.files() == {}   # both originals named her: the text file too
