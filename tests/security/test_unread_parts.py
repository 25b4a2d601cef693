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

from access_world import SOUTH

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
