"""A missed client name, corrected: the community's list keeps only hashes, the
stored documents that hold the name get a new version, and the old text leaves no
byte in the data dir (SQLite and its WAL, Chroma, the embedding cache, the upload)
nor, with PostgreSQL, in any row of its tables."""
from pathlib import Path

import pytest

import ingest
import search
from probes import files_holding, traces
from store import Filters, Settings, open_store

COMMUNITY = "PG Noord"
NAME = "Bolleke Vranckaert"
NOTE = f"""---
title: "Overdracht nacht: {NAME} at niets"
type: casus
community: "{COMMUNITY}"
authors:
  - name: "Hilde Mortier"
---
- {NAME.lower()} at niets vandaag en wou niet naar de eetzaal.
De nachtdienst zag dat {NAME} om drie uur nog wakker lag; de huisarts komt morgen langs.
Iedereen noemt haar Bolleke. Het dagcentrum zoekt een vrijwilliger voor de wandeling.
"""
OTHER = f"""---
title: "Verslag: wandelen met de buurt"
type: sessieverslag
community: "{COMMUNITY}"
---
De groep sprak over de wandeling met vrijwilligers en het dagcentrum.
"""
NEEDLES = [b"Bolleke", b"bolleke", b"BOLLEKE", b"Vranckaert", b"vranckaert"]


def _old_vectors(store, doc_id: str) -> list[bytes]:
    chunks = store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)
    _, vectors = store.vectors.stored([c.vector_id for c in chunks])
    return [v.astype("<f4").tobytes() for v in vectors]


@pytest.fixture
def noted(store, fake_embedder, tmp_path):
    """The note stored as uploaded (its original kept as an upload keeps it), in a
    community where the rules are switched off (so the name is surely there until it
    is listed); the kept original's path."""
    store.accounts.add_community(COMMUNITY, "closed")
    store.accounts.set_pseudonymise(COMMUNITY, False)
    (tmp_path / "overdracht.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "verslag.md").write_text(OTHER, encoding="utf-8")
    uploads = ingest.Scope(originals=store.settings.files_dir / "originals")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "overdracht.md"], scope=uploads)
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "verslag.md"])
    store.accounts.set_document_sharing("overdracht.md", "closed")
    kept = store.catalogue.get_document("overdracht.md").source_path
    assert kept and Path(kept).is_file()
    return Path(kept)


def test_the_client_list_keeps_hashes_and_finds_any_case(store):
    store.accounts.add_community(COMMUNITY)
    assert store.clients.add_client_names(COMMUNITY, [NAME, "Tuur"]) == 2
    assert store.clients.add_client_names(COMMUNITY, ["tuur"]) == 0   # the same name in another case
    assert store.clients.client_name_count(COMMUNITY) == 2 and store.clients.client_name_count("PG Oost") == 0
    text = "Gisteren belde TUUR; bolleke  vranckaert en Tuurlijk niet, Bolleke, Vranckaert."
    assert [text[s:e] for s, e in store.clients.client_name_spans(COMMUNITY, text)] == ["TUUR", "bolleke  vranckaert"]
    store.db.checkpoint()
    assert traces(store, [b"Tuur", b"tuur", b"Vranckaert", b"vranckaert"]) == {}


def test_an_old_plain_text_list_is_hashed_and_erased(settings):
    """Schema step 7 (store/_migrate.py) of a SQLite file from before the hashes. Always
    on SQLite: a PostgreSQL database starts at the current schema (its schema file, or
    `praktijkgeheugen migrate` of a file already at it), so it never held the old table."""
    settings = Settings(data_dir=settings.data_dir, model=settings.model)
    store = open_store(settings)
    store.accounts.add_community(COMMUNITY)
    conn = store.db.conn()
    conn.execute("CREATE TABLE client_names (community_id INTEGER, name TEXT, PRIMARY KEY (community_id, name))")
    conn.execute("INSERT INTO client_names VALUES (1, ?)", (NAME,))
    conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    store.close()
    store = open_store(settings)
    try:
        assert store.clients.client_name_spans(COMMUNITY, f"Met {NAME} gaat het goed.") == [(4, 4 + len(NAME))]
        with store.writer():
            pass  # the next writer session empties the WAL (erase_pending)
        assert files_holding(settings.data_dir, NEEDLES) == {}
    finally:
        store.close()


def test_a_correction_rewrites_and_erases_every_trace(store, fake_embedder, noted):
    old = store.catalogue.get_document("overdracht.md")
    needles = NEEDLES + _old_vectors(store, "overdracht.md")
    before = traces(store, needles)
    assert any(name.startswith(("praktijkgeheugen.sqlite3", "table:")) for name in before)   # the probe works
    assert any(name.startswith("chroma") for name in before) and noted.relative_to(store.settings.data_dir).as_posix() in before

    report = ingest.correct_names(store, fake_embedder, COMMUNITY, [f"mevrouw {NAME}", "Bolleke"])

    assert (report.names, report.new_names, report.documents) == (2, 2, {"overdracht.md": 4})
    new = store.catalogue.get_document("overdracht.md")
    assert new.pk != old.pk and new.meta.title == "Overdracht nacht: B. V. at niets"
    assert "- B. V. at niets vandaag" in new.text and "noemt haar B." in new.text
    assert store.accounts.document_sharing("overdracht.md")[0] == "closed"   # the override stays
    assert not noted.exists()                                       # the upload named her
    # nor does the new version point at it (trace attack 8: a dangling path, which `restore`
    # into another data dir then reported as a file ingested where it lies)
    assert new.source_path is None
    assert traces(store, needles) == {}
    hits = search.search(store, fake_embedder, "nachtdienst huisarts wandeling", k=5, mode="hybrid").hits
    assert "overdracht.md" in {h.doc_id for h in hits}
    assert store.lexical.search(["bolleke"], Filters(), 10) == []
    assert store.maintenance.check().ok


def test_a_document_without_the_name_is_left_alone(store, fake_embedder, noted):
    before = store.catalogue.get_document("verslag.md")
    report = ingest.correct_names(store, fake_embedder, COMMUNITY, ["Bolleke"], doc_ids=["verslag.md"])
    assert report.documents == {} and store.catalogue.get_document("verslag.md").pk == before.pk
    assert NAME in store.catalogue.get_document("overdracht.md").text   # only the documents asked for


def test_later_ingests_replace_the_listed_name(store, fake_embedder, noted, tmp_path):
    ingest.correct_names(store, fake_embedder, COMMUNITY, [NAME])
    later = tmp_path / "later.md"
    later.write_text(NOTE.replace("Overdracht nacht", "Tweede nacht"), encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [later])
    text = store.catalogue.get_document("later.md").text
    assert "Vranckaert" not in text and "vranckaert" not in text and "B. V." in text


@pytest.mark.parametrize("names, problem", [
    ([], "minstens één naam"), (["  "], "minstens één naam"), (["de", "van der"], "gewoon woord"),
    (["Een Twee Drie Vier Vijf Zes Zeven"], "hoogstens 6 woorden"), ([f"Naam{i}" for i in range(21)], "Hoogstens 20"),
])
def test_names_that_cannot_be_listed_are_refused(store, fake_embedder, noted, names, problem):
    with pytest.raises(ingest.NameProblem, match=problem):
        ingest.correct_names(store, fake_embedder, COMMUNITY, names)
    assert store.clients.client_name_count(COMMUNITY) == 0


def test_the_cli_corrects_the_community_documents_and_reports_counts(cli, store, tmp_path):
    import json

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "overdracht.md").write_text(NOTE, encoding="utf-8")
    (notes / "verslag.md").write_text(OTHER, encoding="utf-8")
    assert cli("communities", "add", COMMUNITY, "--no-pseudonymise")[0] == 0
    assert cli("ingest", str(notes))[0] == 0
    code, out, _ = cli("clients", "add", "--community", COMMUNITY, NAME, "--json")
    assert code == 0 and json.loads(out) == {"community": COMMUNITY, "names": 1, "new_names": 1, "mentions": 3,
                                             "documents": [{"doc_id": "overdracht.md", "mentions": 3}], "renamed": [],
                                             "themes_tagged": 1}   # the new version's one passage
    code, out, _ = cli("clients", "add", "--community", COMMUNITY, "bolleke")
    assert code == 0 and "1 documents pseudonymised again, 1 mentions replaced" in out and "olleke" not in out
    assert cli("clients", "list", "--community", COMMUNITY)[1].startswith("2 known client names")
    assert traces(store, NEEDLES) == {}
    code, out, _ = cli("search", "nachtdienst huisarts", "--json", "--mode", "lexical")
    assert "overdracht.md" in out
    code, _, err = cli("clients", "add", "--community", COMMUNITY, "de")
    assert code == 2 and "gewoon woord" in err


def test_the_cli_asks_is_dit_wel_een_client_for_a_members_or_authors_name(cli, store, tmp_path, monkeypatch):
    """Workflow round 41: `clients add Hilde` turned the author Hilde Mortier (and a listed
    member) into 'H.' in every document of the group at once, where the web's forms ask
    'Is dit wel een cliënt?' first. The CLI names the people and asks at a terminal; without
    one (a script, names on standard input) it lists nothing and says to add --yes."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "overdracht.md").write_text(NOTE, encoding="utf-8")
    assert cli("communities", "add", COMMUNITY, "--no-pseudonymise")[0] == 0
    assert cli("ingest", str(notes), "--no-themes")[0] == 0
    assert cli("members", "add", "--community", COMMUNITY, "Sien Wouters")[0] == 0
    for names, stdin, asked in ((("Hilde",), "", "'Hilde' staat ook in de naam van een auteur of lid van PG Noord:"
                                                   " Hilde Mortier. Is dit wel een cliënt?"),
                                ((), "Bolleke\nwouters\n", "'wouters' staat ook in de naam van een auteur of lid van"
                                                            " PG Noord: Sien Wouters.")):
        code, out, err = cli("clients", "add", "--community", COMMUNITY, *names, "--no-themes", stdin=stdin)
        said = " ".join(err.split())
        assert code == 2 and out == "" and asked in said and "--yes" in said, err
        assert cli("clients", "list", "--community", COMMUNITY)[1].startswith("0 known client names")
    monkeypatch.setattr("cli.privacy._terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, _, err = cli("clients", "add", "--community", COMMUNITY, "Hilde", "--no-themes")
    assert code == 2 and "Hilde Mortier" in err and "niet bevestigd" in err
    assert cli("clients", "list", "--community", COMMUNITY)[1].startswith("0 known client names")
    monkeypatch.setattr("builtins.input", lambda prompt: "j")
    code, out, _ = cli("clients", "add", "--community", COMMUNITY, "Hilde", "--no-themes")
    assert code == 0 and "1 names listed" in out
    code, out, _ = cli("clients", "add", "--community", COMMUNITY, "--yes", "--no-themes", stdin="Wouters\n")
    assert code == 0 and "1 names listed" in out
    code, out, err = cli("clients", "add", "--community", COMMUNITY, "Bolleke", "--no-themes")   # nobody's: not asked
    assert code == 0 and "cliënt?" not in err


@pytest.mark.skipif(__import__("importlib").util.find_spec("deduce") is None, reason="deduce is not installed")
def test_with_the_rules_on_the_correction_goes_through_the_pseudonymiser(store, fake_embedder, tmp_path):
    """The usual case: the community pseudonymises, the rules missed (or caught part of)
    the name; after the correction no form of it is left, and members keep theirs."""
    store.accounts.add_community(COMMUNITY)
    store.accounts.add_user("Hilde Mortier", "een goed wachtwoord 123")
    store.accounts.grant("Hilde Mortier", COMMUNITY, "lid")
    (tmp_path / "overdracht.md").write_text(NOTE, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "overdracht.md"])
    ingest.correct_names(store, fake_embedder, COMMUNITY, [NAME, "Bolleke"])
    text = store.catalogue.get_document("overdracht.md").text
    assert traces(store, NEEDLES) == {}
    assert "de huisarts komt morgen langs" in text and "Het dagcentrum zoekt een vrijwilliger" in text


def test_a_new_version_keeps_the_sharing_override(store, fake_embedder, tmp_path):
    """Also a plain re-ingest: a document a moderator closed must not open up."""
    path = tmp_path / "verslag.md"
    path.write_text(OTHER, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [path])
    store.accounts.set_document_sharing("verslag.md", "closed")
    path.write_text(OTHER + "Nog een zin over de wandeling.\n", encoding="utf-8")
    assert ingest.ingest_paths(store, fake_embedder, [path]).counts()["replaced"] == 1
    assert store.accounts.document_sharing("verslag.md")[0] == "closed"


def test_the_embedding_cache_forgets_the_old_passages(tmp_path):
    """With a caching embedder (as the real ones are), the old version's cached vectors
    leave the cache file too; the name was never in it (keys are hashes)."""
    from fakes import cached_fake_embedder
    from models import embedding_cache_dir
    from store import Settings

    settings = Settings(data_dir=tmp_path / "data", model="fake-cached-model")
    embedder = cached_fake_embedder(settings.model, embedding_cache_dir(settings.models_dir))
    store = open_store(settings)
    try:
        store.accounts.add_community(COMMUNITY)
        store.accounts.set_pseudonymise(COMMUNITY, False)
        (tmp_path / "overdracht.md").write_text(NOTE, encoding="utf-8")
        ingest.ingest_paths(store, embedder, [tmp_path / "overdracht.md"])
        old = _old_vectors(store, "overdracht.md")
        cache = embedding_cache_dir(settings.models_dir)
        assert all(any(v in p.read_bytes() for p in cache.iterdir() if p.is_file()) for v in old)
        ingest.correct_names(store, embedder, COMMUNITY, [NAME, "Bolleke"])
        assert files_holding(settings.data_dir, NEEDLES + old) == {}
    finally:
        store.close()


@pytest.mark.parametrize("typed, listed", [
    ("mevrouw Peeters", ["Peeters"]), ("haar zoon Dirk", ["Dirk"]), ("de heer De Smet", ["De Smet"]),
    ("de Smet", ["de Smet"]), ("dhr. Jean-Pierre  Claes", ["Jean-Pierre Claes"]), ("mw Lisa", ["Lisa"]),
])
def test_a_form_of_address_is_not_part_of_the_listed_name(typed, listed):
    assert ingest.clean_names([typed]) == listed


def test_a_name_is_found_across_a_line_break_and_with_either_apostrophe(store):
    store.accounts.add_community(COMMUNITY)
    store.clients.add_client_names(COMMUNITY, ["Jos D’Hondt"])
    text = "Gisteren belde jos\nd'hondt; JOS D’HONDT belt morgen.\n\nJos\n\nD'Hondt"
    assert [text[s:e] for s, e in store.clients.client_name_spans(COMMUNITY, text)] == ["jos\nd'hondt", "JOS D’HONDT"]


def test_a_name_only_in_a_theme_is_corrected_too(store, fake_embedder, tmp_path):
    """Themes are free text ('zorgen om Bosmans'); a document whose text never names the
    client was not looked at by a correction, so its theme kept the name."""
    store.accounts.add_community(COMMUNITY)
    store.accounts.set_pseudonymise(COMMUNITY, False)
    note = f'---\ncommunity: "{COMMUNITY}"\nthemes: ["zorgen om Bosmans"]\n---\nDe groep sprak over de wandeling.\n'
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "thema.md").write_text(note, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "d"])
    report = ingest.correct_names(store, fake_embedder, COMMUNITY, ["Bosmans"])
    assert report.documents == {"thema.md": 1}
    assert store.catalogue.get_document("thema.md").meta.themes == ["zorgen om B."]


def test_a_corrected_name_glued_to_a_year_leaves_no_id_or_path(cli, store, tmp_path):
    """A file named after its client with a year or version ("Vranckaert2024.md") kept the
    corrected name in its id: the listed names were looked for as whole words only, and a
    digit is part of a word (trace attack 8). Read with the digits as spaces, the id is
    renamed as 'casus-Vranckaert.md' is."""
    import json

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "Vranckaert2024.md").write_text(NOTE, encoding="utf-8")
    (notes / "casus-vranckaert-v2.md").write_text(NOTE.replace("Overdracht", "Tweede overdracht"), encoding="utf-8")
    assert cli("communities", "add", COMMUNITY, "--no-pseudonymise")[0] == 0
    assert cli("ingest", str(notes))[0] == 0
    code, out, _ = cli("clients", "add", "--community", COMMUNITY, NAME, "Vranckaert", "Bolleke", "--json")
    assert code == 0, out
    assert sorted(r["from"] for r in json.loads(out)["renamed"]) == ["Vranckaert2024.md", "casus-vranckaert-v2.md"]
    assert traces(store, NEEDLES) == {}
