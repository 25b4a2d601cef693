"""Round sixteen (b): client names inside e-mail addresses, web addresses, paths and file
names (issue #16). Such a token is no sentence: its pieces are glued by '.', '_', '-', '/'
and '\\', often in lower case, and the sentence rules left them. A piece that is a word of
a name replaced elsewhere in the text, or a name after a form of address glued into the
token, becomes its initial letter without a dot (ingest/_addresses.py). Members' and
organisations' addresses stay. The sentences are made up for these tests and are in no
evaluation set."""
from __future__ import annotations

import re

import pytest

import ingest
from ingest._addresses import names_in_tokens, tokens
from ingest._pseudonymise import pseudonymise


def _clean(text: str, members=(), clients=()) -> str:
    return pseudonymise(text, members=list(members), known_clients=list(clients), use_model=False).text


def test_a_clients_given_name_and_surname_in_an_email_address():
    text = "Meneer Gaston Verhulst belde terug. Zijn antwoorden komen van gaston.verhulst@skynet.be voortaan."
    out = _clean(text)
    assert not re.search("gaston|verhulst", out, re.I), out
    assert "g.v@skynet.be" in out


def test_a_mailto_link_with_the_surname_first():
    text = "Mw. Hoogstraten wil haar planning mailen. Schrijf naar mailto:hoogstraten.ria@gmail.com morgen."
    out = _clean(text)
    assert "hoogstraten" not in out.lower() and "mailto:h.r@gmail.com" in out, out


def test_a_social_media_url_with_a_particle_surname_written_together():
    text = "Yasmina El Haddouchi post veel. Haar dochter toonde https://www.facebook.com/yasmina.elhaddouchi aan ons."
    out = _clean(text, clients=["Yasmina El Haddouchi"])
    assert not re.search("yasmina|haddouchi", out, re.I), out
    assert "https://www.facebook.com/y.e" in out   # the host stays: it says what kind of source it was


def test_a_windows_path_with_the_clients_surname_in_the_file_name():
    text = ("Meneer Vanderstraeten kreeg een nieuwe rollator. Het verslag staat op "
            "C:\\Users\\griet\\Documenten\\huisbezoek_vanderstraeten_juni.docx bij de andere.")
    out = _clean(text, members=["Griet Mortier"])
    assert "vanderstraeten" not in out.lower(), out
    assert "C:\\Users\\griet\\Documenten\\huisbezoek_v_juni.docx" in out   # the member's folder stays


def test_a_name_after_a_form_of_address_in_a_file_name_the_text_never_names():
    text = "De wondfoto zit in de bijlage foto_mevr_van_wezemael.jpg en in dhr.kerckhove-notities.pdf."
    out = _clean(text)
    assert not re.search("wezemael|kerckhove", out, re.I), out
    assert "foto_mevr_van_w.jpg" in out and "dhr.k-notities.pdf" in out


def test_a_unix_path_with_a_form_of_address_in_a_folder():
    out = _clean("Alles over de verhuis staat in /srv/casussen/mevr-boudewijns/plan.odt voor het team.")
    assert "boudewijns" not in out and "/srv/casussen/mevr-b/plan.odt" in out, out


def test_a_members_address_stays():
    text = ("Mevrouw Hoorebeke belde. Collega Sanne Wijnants (sanne.wijnants@ocmw-aalst.be) nam op en "
            "zette de notities in /home/sanne/hoorebeke.txt.")
    out = _clean(text, members=["Sanne Wijnants"])
    assert "sanne.wijnants@ocmw-aalst.be" in out and "/home/sanne/h.txt" in out, out


def test_an_organisations_url_and_mail_address_stay():
    text = ("Mevrouw Pauwels kan terecht bij het OCMW: info@ocmw-aalst.be of "
            "https://www.ocmw-aalst.be/thuiszorg/maaltijden, en bij https://www.mutualiteit.be/pauwels-straat-nieuws niet.")
    out = _clean(text)
    assert "info@ocmw-aalst.be" in out and "https://www.ocmw-aalst.be/thuiszorg/maaltijden" in out, out
    assert "pauwels" not in out.lower()   # a found surname in a URL's path goes, its host stays


def test_a_word_after_a_form_of_address_that_is_no_name_stays():
    assert names_in_tokens("zie mevr_verslag_2024.docx", [], []) == []


def test_tokens_do_not_reach_past_the_address():
    text = "zie https://www.example.be/a/b, en C:\\x\\y.docx."
    found = [text[s:e] for s, e in tokens(text)]
    assert found == ["/a/b", "C:\\x\\y.docx"], found


@pytest.mark.deduce
def test_a_file_name_given_on_upload_and_quoted_paths_store_no_client_name(store, fake_embedder, tmp_path):
    """The title made from an uploaded file's name and its id went through the file-name
    rules already (ingest/_privacy.py: names_in_file_name); the path the text quotes now too."""
    community = "PG Wijkzorg Oost"
    store.accounts.add_community(community)
    folder = tmp_path / "in"
    folder.mkdir()
    body = (f'---\ncommunity: "{community}"\n---\nBij mevrouw Wezemael thuis lag alles op de grond. '
            "De foto's staan in C:\\Users\\team\\wezemael_vloer.jpg.\n")
    (folder / "huisbezoek_mevr_wezemael.md").write_text(body, encoding="utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [folder])
    [outcome] = report.outcomes
    assert outcome.status == "ingested", outcome
    rows = store.db.conn().execute("SELECT * FROM documents").fetchall()
    stored = " ".join(str(value) for row in rows for value in tuple(row)).casefold()
    assert "wezemael" not in stored
    document = store.catalogue.get_document(outcome.doc_id)
    assert "C:\\Users\\team\\w_vloer.jpg" in document.text
    assert "wezemael" not in (document.meta.title or "").casefold()
