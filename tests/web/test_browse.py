"""Browsing per community and cycle: a cycle reads as a timeline of sessions."""
import ingest
from dutch_docs import WIDOWER


def test_browse_lists_communities_with_cycles_and_counts(client):
    page = client.get("/bladeren")
    assert page.status_code == 200
    text = page.text
    assert text.index("PG Noord") < text.index("Wijkteam Zuid")
    assert 'href="/bladeren/PG%20Noord/2022-2023"' in text and "1 document · 1 sessie" in text


def test_cycle_page_shows_sessions_in_order_with_documents(client, runtime, tmp_path):
    extra = tmp_path / "extra" / "pg-noord" / "2022-2023"
    extra.mkdir(parents=True)
    (extra / "sessie-1.md").write_text(
        "---\ntitle: Sessie 1 kennismaking\ntype: sessieverslag\ncommunity: PG Noord\n"
        "session: 1\ndate: 2022-09-20\n---\nWe maakten kennis en spraken over eenzaamheid.\n", "utf-8")
    (extra / "los.md").write_text("---\ncommunity: PG Noord\n---\nEen losse notitie zonder sessie.\n", "utf-8")
    ingest.ingest_paths(runtime.store, runtime.embedder, [tmp_path / "extra"])
    text = client.get("/bladeren/PG Noord/2022-2023").text
    assert text.index("Sessie 1") < text.index("Sessie 2") < text.index("Zonder sessienummer")
    assert f'href="/documenten/{WIDOWER}"' in text and "20 september 2022" in text
    assert "door Griet Declercq (LDC De Kring)" in text
    assert 'href="/bladeren/PG%20Noord/2023-2024"' in text  # the community's other cycle


def test_unknown_community_and_cycle_are_browsable(client, runtime, tmp_path):
    (tmp_path / "los").mkdir()
    (tmp_path / "los" / "notitie.md").write_text("Een notitie zonder groep of cyclus.\n", "utf-8")
    ingest.ingest_paths(runtime.store, runtime.embedder, [tmp_path / "los"])
    assert "Groep onbekend" in client.get("/bladeren").text
    page = client.get("/bladeren/onbekend/onbekend")
    assert page.status_code == 200 and "notitie.md" in page.text


def test_unknown_cycle_is_404(client):
    page = client.get("/bladeren/PG Noord/1990-1991")
    assert page.status_code == 404 and "Niet gevonden" in page.text
