"""A client's name found in the text is replaced wherever it recurs, also glued to
other words by underscores as file names write it: an e-mail's attachment heading
('## Bijlage: verslag_Yilmaz.txt'), a file named in the text ('zie notities_Yilmaz.docx'),
Markdown emphasis ('_Yilmaz_'). The repeat search treated '_' as part of a word, so
'verslag_Yilmaz.txt' kept the name in the stored text and in what search shows."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from hostile_files import eml_bytes  # noqa: E402

NAME = "Yilmaz"
BODY = ("Mevrouw Yilmaz belde over haar zoon. Zie ook het bestand zorgplan_Yilmaz.docx en"
        " de notitie over_Yilmaz van vorige week. Mevrouw Yilmaz is bezorgd over de thuiszorg.\n")


def _stored(world) -> str:
    """Every text column of the database, as one string."""
    conn = world.store.db.conn()   # SQLite's file or the PostgreSQL schema (PRAKTIJKGEHEUGEN_TEST_BACKEND)
    rows = conn.execute("SELECT title, doc_id FROM documents").fetchall()
    rows += conn.execute("SELECT text, heading FROM chunks").fetchall()
    return " ".join(str(v) for row in rows for v in row)


def test_a_client_name_glued_by_underscores_is_replaced_in_an_uploaded_email(world):
    world.store.accounts.set_community("Wijkteam Zuid", "shared", True)
    mail = eml_bytes(BODY, attachments=[("verslag_Yilmaz.txt", b"Het gesprek met de wijkverpleging.", "text/plain")])
    answer = world.upload(world.client("mod-zuid"), [("intervisie.eml", mail)], "Wijkteam Zuid")
    assert answer["files"][0]["status"] == "ingested" and answer["files"][0]["replacements"], answer
    stored = _stored(world)
    assert "thuiszorg" in stored and "wijkverpleging" in stored
    assert NAME not in stored


def test_a_client_name_in_the_themes_of_front_matter_is_replaced_like_the_title(world):
    world.store.accounts.set_community("Wijkteam Zuid", "shared", True)
    report = ("---\ntitle: Casus over rouw\ntype: casus\nthemes: [rouw, \"zorgen om mevrouw Yilmaz\"]\n---\n"
              + BODY).encode()
    answer = world.upload(world.client("mod-zuid"), [("casus.md", report)], "Wijkteam Zuid")
    row = answer["files"][0]
    assert row["status"] == "ingested" and row["replacements"], answer
    themes = world.store.catalogue.get_document(row["doc_id"]).meta.themes
    assert "rouw" in themes and len(themes) == 2
    assert not any(NAME in theme for theme in themes), themes


def test_a_client_name_a_moderator_types_in_the_themes_is_replaced(world):
    """A correction's themes are the moderator's own text, pseudonymised as a pack's note is."""
    from access_world import form_csrf

    world.store.accounts.set_community("Wijkteam Zuid", "shared", True)
    moderator = world.client("mod-zuid")
    doc_id = "zuid/open.md"
    form = {"title": "Verslag over de dotterbloem", "type": "sessieverslag",
            "authors": "Zeno Openhart (Organisatie dotterbloem)", "cycle": "2023-2024", "session": "1",
            "date": "2023-10-10", "themes": "rouw, zorgen om mevrouw Yilmaz",
            "csrf": form_csrf(moderator, f"/documenten/{doc_id}")}
    response = moderator.post(f"/api/documents/{doc_id}/metadata", data=form)
    assert response.status_code == 200, response.text
    themes = world.store.catalogue.get_document(doc_id).meta.themes
    assert "rouw" in themes and len(themes) == 2
    assert not any(NAME in theme for theme in themes), themes


@pytest.mark.parametrize("file_name, line, kept", [
    ("Yilmaz2024.txt", "Het zorgplan heet Yilmaz2024.docx en de scan yilmaz2.pdf.\n", "zorgplan"),
    # digits before a name that follow no letter: a date ('B12Yilmaz' would be one word)
    ("20240312Yilmaz.txt", "De scan heet 2024Yilmaz.docx, de kamer B12.\n", "B12")])
def test_a_client_name_glued_to_digits_is_replaced_in_the_id_title_and_text(world, file_name, line, kept):
    """A file name that adds a year or version to the name ("Yilmaz2024.txt") kept it in the
    document's id and title (the file name's stem), and a file named so in the text kept it
    there too: the name pattern took a digit after a name for part of a word (trace attack 8:
    an upload "Quilfneera2024.txt" over a text naming "mevr. Quilfneera" was stored as
    "PG Noord/Quilfneera2024.txt", title "Quilfneera2024", in the lexical index and vectors).
    Digits before it stayed part of the word: a scan named by date ("20240312Yilmaz.txt",
    "2024Yilmaz.docx") kept the name in the id, the title and the text (late8)."""
    world.store.accounts.set_community("Wijkteam Zuid", "shared", True)
    answer = world.upload(world.client("mod-zuid"), [(file_name, (BODY + line).encode())], "Wijkteam Zuid")
    row = answer["files"][0]
    assert row["status"] == "ingested" and row["replacements"], answer
    stored = _stored(world)
    assert "thuiszorg" in stored and kept in stored
    assert NAME.casefold() not in stored.casefold()
    assert NAME.casefold() not in row["doc_id"].casefold() and "Y." in row["doc_id"], row


def test_a_client_name_hyphenated_to_a_compound_is_replaced(world):
    """File names are made of compounds ("zorgplan", "verslagje", "dagboek") that no word
    list holds whole, and the glued rule took only a listed Dutch word for the other piece:
    a Markdown image or a file named in the text kept the client's name found in the same
    text (trace attack 8: '![foto](zorgplan-Quilandra.png)' stored as written)."""
    world.store.accounts.set_community("Wijkteam Zuid", "shared", True)
    body = BODY + "![scan](zorgplan-Yilmaz.png)\n\nZie ook verslagje-yilmaz-v2.pdf en het dagboek-Yilmaz.\n"
    answer = world.upload(world.client("mod-zuid"), [("casus.md", body.encode())], "Wijkteam Zuid")
    assert answer["files"][0]["status"] == "ingested" and answer["files"][0]["replacements"], answer
    stored = _stored(world)
    assert "thuiszorg" in stored and "zorgplan-" in stored and "verslagje-" in stored
    assert NAME.casefold() not in stored.casefold()


def test_a_file_extension_before_a_client_name_is_kept(world):
    """'verslag.docx en Yilmaz': the rule for names listed beside a found one ('Sofie en
    Yilmaz') took the file extension for a given name and stored 'verslag.D. en Y.'."""
    world.store.accounts.set_community("Wijkteam Zuid", "shared", True)
    body = BODY + "Zie notities.docx en Yilmaz_2024.pdf, of mail naar info@zorgpunt.org en Yilmaz.\n"
    answer = world.upload(world.client("mod-zuid"), [("casus.md", body.encode())], "Wijkteam Zuid")
    assert answer["files"][0]["status"] == "ingested" and answer["files"][0]["replacements"], answer
    stored = _stored(world)
    # a name in a file name becomes its initial letter without a dot (round sixteen (b))
    assert "notities.docx en Y_2024.pdf" in stored and "zorgpunt.org en Y." in stored, stored
    assert NAME.casefold() not in stored.casefold()
