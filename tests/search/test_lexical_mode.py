"""The lexical mode's own BM25 constants (search._retrieve.LEXICAL_K1, LEXICAL_B; eighteenth
lexical round, bench/tuning/tune_eighteenth_lexical.py), with the fake embedder."""
import ingest
import search
import search._retrieve
from dutch_docs import write_docs

SHORT = "Een korte notitie over schulden bij de woningcorporatie."
LONG = (
    "Verslag van de intervisie. Mevrouw Jansen vertelde over haar schulden: na de scheiding "
    "bleven de rekeningen liggen en groeiden de schulden bij energiebedrijf en zorgverzekeraar. "
    "De groep besprak hoe je samen met de budgetcoach een overzicht maakt, welke instanties je "
    "eerst belt en hoe je beslaglegging voorkomt. Zij schaamde zich lang en opende haar post niet. "
    "De wijkverpleegkundige merkte het op tijdens een huisbezoek, toen de koelkast leeg was en de "
    "verwarming uit stond. Afspraak: de maatschappelijk werker neemt contact op met de "
    "schuldhulpverlening van de gemeente, en de vrijwilliger gaat mee naar het eerste gesprek over "
    "de schulden. Volgende keer bespreken we wat het met de kinderen deed en hoe de buren hielpen.")
OTHER = ("De jeugdwerker organiseert een voetbaltoernooi op het plein. Jongeren uit de buurt helpen "
         "met de opbouw, de moskee zorgt voor thee en de bibliotheek leent tafels uit.")


def _ranked(store, embedder) -> list[str]:
    return [h.doc_id for h in search.search(store, embedder, "schulden", mode="lexical").hits]


def test_a_long_report_that_returns_to_the_word_ranks_above_a_short_note_that_names_it_once(
        store, fake_embedder, tmp_path, monkeypatch):
    """The lexical mode normalises a document's length less (b 0.3) and saturates a term's
    frequency sooner (k1 1.2) than hybrid's whole-document legs (K1 2.0, B 0.6): the case report
    that speaks of debts three times now ranks above the one-line note; at the constants before
    the round the note came first (checked below, so the test sees the constants matter)."""
    write_docs(tmp_path / "c", {"kort.md": SHORT, "verslag.md": LONG, "ander.md": OTHER})
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "c"])
    assert _ranked(store, fake_embedder) == ["verslag.md", "kort.md"]
    monkeypatch.setattr(search._retrieve, "LEXICAL_K1", 2.0)
    monkeypatch.setattr(search._retrieve, "LEXICAL_B", 0.6)
    monkeypatch.setattr(search._retrieve, "LEXICAL_STEMS", 0.5)
    assert _ranked(store, fake_embedder) == ["kort.md", "verslag.md"]


def test_hybrids_whole_document_legs_keep_their_constants():
    """Only the lexical mode changed: hybrid's rank legs (store._bm25_documents' K1 and B) were
    not part of the round's choice, so hybrid ranks as before."""
    from store._bm25_documents import K1, B

    assert (K1, B) == (2.0, 0.6)
    assert (search._retrieve.LEXICAL_K1, search._retrieve.LEXICAL_B) != (K1, B)
