"""Client-name pseudonymisation: rules, lists, members, the preview CLI, and deduce."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest._pseudonymise import pseudonymise

EVAL_SET = Path(__file__).resolve().parents[2] / "demo" / "eval-pseudo"
MEMBERS = ["Griet Van Hecke", "Wouter De Smet", "Marc Peeters"]


def rules(text: str, members=MEMBERS, clients=()) -> str:
    return pseudonymise(text, members, clients, use_model=False).text


@pytest.mark.parametrize("before, after", [
    ("Ik bezocht mevrouw Peeters thuis.", "Ik bezocht mevrouw P. thuis."),
    ("Dhr. Janssens belde.", "Dhr. J. belde."),
    ("De heer Visser belde.", "De heer V. belde."),
    ("Meneer Mohamed Azzouzi (71) kwam.", "Meneer M. A. (71) kwam."),
    ("Mw. Öztürk en mevr. Bakker kwamen.", "Mw. Ö. en mevr. B. kwamen."),
    ("Madame Mbuyi en juffrouw Claes.", "Madame M. en juffrouw C."),
    ("Ook opa Karel, bomma Jeanne en tante Sunita.", "Ook opa K., bomma J. en tante S."),
    ("Ze zag meneer Jean-Pierre Dubois.", "Ze zag meneer J.-P. D."),
])
def test_a_form_of_address_keeps_itself_and_the_initials(before, after):
    assert rules(before) == after


@pytest.mark.parametrize("before, after", [
    ("Mw. de Jong woont alleen.", "Mw. D. woont alleen."),
    ("Dhr. van den Berg en mevrouw Van 't Hof.", "Dhr. V. en mevrouw V."),
    ("Meneer De Clercq en meneer Van Damme.", "Meneer D. en meneer V."),
])
def test_tussenvoegsels_belong_to_the_surname(before, after):
    assert rules(before) == after


def test_the_same_name_gets_the_same_replacement_throughout():
    result = pseudonymise("Mevrouw Van der Meer kwam. Later zei Van der Meer niets, ook van der Meer"
                          " niet. Mevrouw Peeters is 86. Peeters wil buiten komen.", use_model=False)
    assert result.text == ("Mevrouw V. kwam. Later zei V. niets, ook V. niet. Mevrouw P. is 86."
                           " P. wil buiten komen.")
    assert result.count == 5
    assert ("Mevrouw Peeters", "Mevrouw P.") in result.replacements
    assert len(result.replacements) == len(set(result.replacements))


def test_a_sentence_end_does_not_double_the_full_stop():
    assert rules("Ik bezocht mevrouw Peeters. Zij was blij.") == "Ik bezocht mevrouw P. Zij was blij."


def test_kinship_words_name_private_persons():
    assert rules("Haar zoon Dirk woont in Brugge. Dochter Samira helpt.") == \
        "Haar zoon D. woont in Brugge. Dochter S. helpt."
    assert rules("Zijn zuster Maria komt.") == "Zijn zuster M. komt."
    assert rules("Zuster Maria gaf de medicatie.") == "Zuster Maria gaf de medicatie."  # a nurse


def test_members_keep_their_names_in_any_form():
    text = "Griet en Wouter De Smet gingen mee; griet van hecke schreef het op. Van Hecke ook."
    assert rules(text) == text
    assert rules("Haar dochter Griet kwam.") == "Haar dochter Griet kwam."


def test_a_client_who_shares_a_members_surname_is_still_replaced():
    """Member Marc Peeters stays; "mevrouw Peeters" and "Jan Peeters" are someone else and
    go; a bare "Peeters" might be Marc and stays (a member's name is never hidden)."""
    text = "Mevrouw Peeters en haar man Jan Peeters. Marc Peeters belde. Peeters zei ja."
    assert rules(text) == "Mevrouw P. en haar man J. P. Marc Peeters belde. Peeters zei ja."


def test_a_member_first_name_inside_a_clients_full_name():
    assert rules("Youssef Bakkali kwam met Youssef.", members=["Youssef El Amrani"],
                 clients=["Bakkali"]) == "Y. B. kwam met Youssef."


def test_already_pseudonymised_forms_are_left_alone():
    text = "Mevrouw V. en meneer D. kwamen; mevrouw T bleef thuis."
    assert rules(text) == text
    once = rules("Mevrouw Peeters en haar zoon Dirk. Dirk kwam.")
    assert rules(once) == once


def test_known_clients_are_found_anywhere_but_not_inside_places():
    text = ("Karel Janssens woont in Sint-Jans-Molenbeek. Karel ligt in AZ Jan Palfijn. "
            "Jans dochter komt. Janssens is moe. Jan kwam ook.")
    assert rules(text, clients=["Karel Janssens", "Jan"]) == (
        "K. J. woont in Sint-Jans-Molenbeek. K. ligt in AZ Jan Palfijn. "
        "J.'s dochter komt. J. is moe. J. kwam ook.")


def test_a_known_client_listed_with_a_form_of_address():
    assert rules("Peeters wil niet.", members=[], clients=["mevrouw Peeters"]) == "P. wil niet."


def test_calendar_and_language_words_are_not_names():
    assert rules("Meneer Ramdin vierde Divali; in Mei spreekt hij Nederlands.") == \
        "Meneer R. vierde Divali; in Mei spreekt hij Nederlands."


def test_cli_preview_prints_the_text_and_counts_on_stderr(cli, tmp_path):
    case = tmp_path / "casus.txt"
    case.write_text("Griet bezocht mevrouw Peeters. Peeters en Jef.\n", encoding="utf-8")
    code, out, err = cli("pseudonymise", str(case), "--members", "Griet Van Hecke, Wouter",
                         "--clients", "Jef", "--no-model", "--show-names")
    assert code == 0
    assert out == "Griet bezocht mevrouw P. P. en J.\n"
    assert "3 replacements" in err and "mevrouw Peeters -> mevrouw P." in err


def test_cli_preview_into_a_file_names_no_client_unless_asked(cli, tmp_path, monkeypatch):
    """Standard error not a terminal (a script, a log): what replaced the names, not the
    names; on a terminal, or with --show-names, the names too."""
    import cli.privacy as preview_command

    case = tmp_path / "casus.txt"
    case.write_text("Griet bezocht mevrouw Peeters. Peeters en Jef.\n", encoding="utf-8")
    flags = ("--members", "Griet Van Hecke", "--clients", "Jef", "--no-model")
    code, out, err = cli("pseudonymise", str(case), *flags)
    assert code == 0 and out == "Griet bezocht mevrouw P. P. en J.\n"
    assert "Peeters" not in err and "Jef" not in err
    assert "replaced with: mevrouw P., P., J." in err and "3 replacements" in err
    with monkeypatch.context() as patched:
        patched.setattr(preview_command, "on_terminal", lambda: True)
        assert "mevrouw Peeters -> mevrouw P." in cli("pseudonymise", str(case), *flags)[2]


def test_cli_preview_reads_stdin(cli):
    code, out, err = cli("pseudonymise", "-", "--no-model", stdin="Dhr. Janssens belde.")
    assert (code, out) == (0, "Dhr. J. belde.")
    assert "1 replacements" in err


def test_cli_preview_a_name_given_as_member_and_client_is_a_client(cli, tmp_path):
    """As at ingest, where the member list cannot hold a listed client: the preview kept
    'Jan Peeters' as a member (QA, session of 7 December 2026)."""
    case = tmp_path / "telefoon.txt"
    case.write_text("Jan Peeters belde met Griet over zijn moeder.\n", encoding="utf-8")
    flags = ("--members", "Jan Peeters, Griet", "--clients", "Jan Peeters", "--no-model")
    code, out, err = cli("pseudonymise", str(case), *flags, "--show-names")
    assert (code, out) == (0, "J. P. belde met Griet over zijn moeder.\n")
    assert "Jan Peeters: listed as member and as client; replaced" in err and "Jan Peeters kept" not in err
    code, out, err = cli("pseudonymise", "-", *flags, stdin="Griet belde Jan Peeters.")
    assert (code, out) == (0, "Griet belde J. P.")
    assert "1 name(s) listed as member and as client: replaced" in err and "Peeters" not in err


def test_cli_preview_of_a_member_given_as_client_is_what_ingest_stores(cli, store, tmp_path):
    """`clients add` removes the member entry (ingest._correct.forget_listed), so ingest
    replaces the name; the preview given both lists shows the same text."""
    assert cli("communities", "add", "PG X")[0] == 0
    assert cli("members", "add", "--community", "PG X", "Rosa Pinto", "Griet")[0] == 0
    assert cli("clients", "add", "--community", "PG X", "Rosa Pinto", "--yes")[0] == 0   # a member, on purpose
    case = tmp_path / "overdracht.txt"
    case.write_text("Overdracht: rosa pinto sliep slecht, Griet belt de dokter.\n", encoding="utf-8")
    assert cli("ingest", str(case), "--community", "PG X", "--no-themes")[0] == 0
    stored = store.catalogue.get_document("overdracht.txt").text
    code, out, _ = cli("pseudonymise", str(case), "--members", "Rosa Pinto, Griet", "--clients", "Rosa Pinto")
    assert code == 0 and "pinto" not in stored.casefold()
    assert out == stored


def test_eval_command_without_the_model(cli):
    code, out, _ = cli("eval-pseudonymisation", str(EVAL_SET), "--no-model")
    assert code == 0, out
    assert "members replaced: 0" in out
    recall = float(out.split("recall")[1].split()[0])
    precision = float(out.split("precision")[1].split()[0])
    assert recall >= 0.85 and precision >= 0.98


# --- deduce (a dependency in pyproject.toml; tests/test_wheel_install.py installs it from the wheel) ---


@pytest.mark.deduce
def test_deduce_and_transformers_import_in_one_process():
    """deduce pins regex<2025 and transformers is held below 5.4 for it: both import together."""
    code = "import deduce, transformers, regex; print(deduce.__version__, transformers.__version__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "3.0.6"


@pytest.mark.deduce
def test_the_model_finds_names_without_a_cue():
    text = "Els Vermeulen belde gisteren. Jan kwam ook langs, samen met Griet."
    result = pseudonymise(text, MEMBERS)
    assert result.text == "E. V. belde gisteren. J. kwam ook langs, samen met Griet."


@pytest.mark.deduce
def test_the_model_spares_places_organisations_and_members():
    text = ("Hij woont in Brugge en ligt in AZ Jan Palfijn, Antoon Catriestraat. "
            "Wouter De Smet van Welzijnsregio Kempen en Griet van LDC De Kring kwamen. "
            "Wijs je iemand dan de deur?")
    assert pseudonymise(text, MEMBERS).text == text


@pytest.mark.deduce
def test_eval_set_with_the_model():
    from bench.pseudonymisation import evaluate_pseudonymisation

    report = evaluate_pseudonymisation(EVAL_SET, use_model=True)
    assert report.members_replaced == 0
    assert report.recall >= 0.95 and report.precision >= 0.97


def test_a_missing_deduce_is_an_error_not_a_silent_leak(monkeypatch):
    import models
    from models import _deidentify

    monkeypatch.setattr(_deidentify, "_loaded", None)
    monkeypatch.setattr(_deidentify, "deidentifier_available", lambda: False)
    with pytest.raises(models.ModelError, match="deduce is not installed"):
        pseudonymise("Mevrouw Peeters.", use_model=True)


def test_cli_known_clients_of_a_community_are_used_by_the_preview(cli):
    assert cli("communities", "add", "PG X")[0] == 0
    code, out, _ = cli("clients", "add", "--community", "PG X", stdin="Tuur\nRosa Pinto\n")
    assert code == 0 and "2 names listed as known clients of PG X (2 new)" in out
    assert cli("clients", "list", "--community", "PG X")[1].startswith("2 known client names in PG X")
    code, out, _ = cli("pseudonymise", "-", "--community", "PG X", "--no-model", stdin="Ook Tuur kwam.")
    assert (code, out) == (0, "Ook T. kwam.")
    assert cli("clients", "add", "--community", "Onbekend", "Xavier")[0] == 2


@pytest.mark.deduce
@pytest.mark.parametrize("before, after", [
    # the cue words of the place and organisation rules never turn a client's surname into a place
    ("ze logeert bij Janssens sinds de brand", "ze logeert bij J. sinds de brand"),
    ("op bezoek bij Vermeulen, hij was somber", "op bezoek bij V., hij was somber"),
    ("naar Peeters gebeld, geen antwoord", "naar P. gebeld, geen antwoord"),
    ("hij werkt bij Ali in de garage", "hij werkt bij A. in de garage"),   # "werkt bij" + a given name: a person
    ("de huisbaas van Claes wil hem eruit", "de huisbaas van C. wil hem eruit"),
    ("sofie + kenny: uit elkaar", "S. + K.: uit elkaar"),                   # a given name joined to a found one
])
def test_place_and_organisation_cues_let_no_client_surname_through(before, after):
    assert pseudonymise(before, []).text == after


@pytest.mark.deduce
@pytest.mark.parametrize("text", [
    "ze woont in Mol sinds 2010 en werkt in Lede",     # places that are surnames too
    "we spraken af in Café De Zwaan",
    "hij woont in Blok Zeemeeuw, vierde verdieping",
    "## Dia 1: wat is een zorgzame buurt?",
    "Yasmina spreekt Darija met hem",                  # a language
])
def test_the_model_spares_places_venues_headings_and_languages(text):
    assert pseudonymise(text, ["Yasmina Azzouzi"]).text == text
