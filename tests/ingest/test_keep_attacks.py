"""Attacks on round seven's keep-rules (places, organisations, professionals): care notes in
which a client's or relative's name looked like an organisation's, a region's or a
professional's and survived. Every sentence here is made up for these tests and appears in
no evaluation set."""
from __future__ import annotations

import importlib.util

import pytest

from ingest._pseudonymise import pseudonymise

MEMBERS = ["Hilde Goossens", "Koen Verstraete"]
needs_deduce = pytest.mark.skipif(importlib.util.find_spec("deduce") is None, reason="deduce is not installed")


def full(text: str, members=MEMBERS) -> str:
    return pseudonymise(text, list(members), use_model=True).text


# --- 1. a topic word of a desk log before a client's full name ----------------------------

@needs_deduce
@pytest.mark.parametrize("text, name", [
    ("- Rechtbank Wouter Lambrechts: zitting op 3/2, hij ziet er tegenop.", "Lambrechts"),
    ("- Gevangenis Dylan Claessens: bezoek geregeld.", "Claessens"),
    ("- Mutualiteit Josée Verbruggen: terugbetaling aangevraagd.", "Verbruggen"),
    ("- Azc Fatma Yilmaz verhuist volgende week.", "Yilmaz"),
    ("- Bakkerij Karin de Vos belde over haar moeder.", "de Vos"),
    ("- Bewindvoering Marieke Hoekstra: haar bewindvoerder betaalde de huur.", "Hoekstra"),
])
def test_a_client_after_a_public_body_or_with_a_persons_cue_is_replaced(text, name):
    out = full(text)
    assert name not in out and text.split()[2] not in out


@needs_deduce
@pytest.mark.parametrize("text", [
    "Haar zaak loopt via Advocatenkantoor Els Peeters in Lier.",
    "De opleiding komt van Bureau Wim Sels, zegt de coördinator.",
    "Hij zit in gevangenis Hasselt; zijn broer woont in Genk.",
])
def test_an_organisation_named_after_a_person_or_a_place_still_keeps_its_name(text):
    assert full(text) == text


# --- 2. a resident described by a former job at the start of a line ------------------------

@needs_deduce
@pytest.mark.parametrize("text, name", [
    ("Intake\n\nGerrit Wolters, gepensioneerd leraar, woont sinds juni op de afdeling.", "Wolters"),
    ("Intake\n\nLiliane Pauwels, oud-verpleegkundige, heeft dementie en valt vaak.", "Pauwels"),
    ("Intake\n\nHarm Dijkstra, voormalig buschauffeur, wil graag naar buiten.", "Dijkstra"),
    ("Ruud Hermans (ex-buschauffeur) at vandaag goed.", "Hermans"),
])
def test_a_former_job_says_resident_not_professional(text, name):
    assert name not in full(text)


@needs_deduce
def test_a_professional_at_the_line_start_still_keeps_the_name():
    text = "Bert Schoofs, zorgmanager bij een woonzorgcentrum\n'Ik neem veel mee.'"
    assert "Bert Schoofs" in full(text)


# --- 3. a job label's list that turns to the family ---------------------------------------

@needs_deduce
def test_a_listed_name_with_a_kinship_word_after_it_is_replaced():
    out = full("Hulpverleners: Lien Wouters en Samira El Amrani, een moeder van vier kinderen.")
    assert "Lien Wouters" in out and "Amrani" not in out and "Samira" not in out


@needs_deduce
def test_a_job_label_list_still_keeps_its_names():
    text = "Sprekers: Lien Wouters, Tom Maes en Ann Gys."
    assert full(text) == text


# --- 4. a surname before a region, with a person's cue after -------------------------------

@needs_deduce
def test_a_family_told_apart_by_region_is_replaced_with_a_persons_cue():
    out = full("Fam. Verbeeck Limburg belde; hun zoon is opgenomen.\n"
               "Verbeeck Limburg wil een gesprek over zijn zoon.")
    assert "Verbeeck" not in out


@needs_deduce
def test_an_organisation_before_a_region_still_keeps_its_name():
    text = "Ze volgt een cursus bij Syntra Limburg en werkt bij Wonen Limburg."
    assert full(text) == text
