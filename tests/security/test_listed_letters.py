"""A community's known client names are matched folded ("case, accents and spacing do not
matter": 'Émile' is 'emile'), but a letter Unicode does not write as a base letter and an
accent stayed itself: a client listed as 'Yilmaz' kept her name in a text that writes the
Turkish 'Yılmaz' (dotless ı), and so did 'Michał', 'Søren' and 'Đorđević' listed in their
plain spelling, or the other way round. Where the community does not pseudonymise the list
is the only thing that hides a name. Found by the ninth attack. Now those letters fold to
their base letters too ('ı' 'i', 'ł' 'l', 'ø' 'o', 'đ' 'd', 'æ' 'ae', ...), and a name listed
before keeps being found under the digest it was stored with."""
from __future__ import annotations

import hmac

import pytest

from access_world import SOUTH


def _stored_text(world, text: str) -> str:
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("notitie.md", text.encode())], SOUTH)["files"]
    assert row["status"] == "ingested", row
    return mod.get(f"/api/documents/{row['doc_id']}").json()["text"]


@pytest.mark.parametrize("listed, written", [
    ("Yilmaz", "Yılmaz"), ("Yılmaz", "Yilmaz"), ("Michal Nowak", "Michał Nowak"), ("Soren", "Søren"),
    ("Dordevic", "Đorđević"), ("Laetitia", "Lætitia"), ("Ayse Yilmaz", "AYŞE YILMAZ"),
])
def test_a_listed_name_is_found_in_any_spelling_of_its_letters(world, listed, written):
    world.store.clients.add_client_names(SOUTH, [listed])   # the switch is off in this world: only the list hides
    text = _stored_text(world, f"We spraken over de zandloper. {written} kwam niet; {written} belde later.\n")
    assert written not in text and "zandloper" in text, text


def test_a_name_listed_before_the_change_is_still_found(world):
    """Digests stored with the earlier fold ('yılmaz') keep hiding the name as written then."""
    from store._clients import secret_key

    key = secret_key(world.store.db)
    old = hmac.digest(key, "yılmaz".encode("utf-8"), "sha256").hex()
    community = world.store.db.conn().execute("SELECT id FROM communities WHERE name = ?", (SOUTH,)).fetchone()[0]
    with world.store.db.transaction() as conn:
        conn.execute("INSERT INTO client_name_hashes(community_id, digest, words) VALUES (?, ?, 1)", (community, old))
    text = _stored_text(world, "Over de zandloper. Mevrouw Yılmaz kwam niet.\n")
    assert "Yılmaz" not in text, text
