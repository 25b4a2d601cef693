"""A moderator adds a missed client name to the group's list (the correction form,
docs/pseudonymisation.md, "Een gemiste naam corrigeren"): the name as typed or
pasted may hold what shows nothing (a zero-width space, a soft hyphen, as a name copied
from a web page or a word processor carries them) or be decomposed ('Öztürk' as 'O' and
a combining diaeresis, as macOS writes it). It was listed under another fingerprint (the
invisible character kept, the decomposed letter split in two words) than the name the
document's text holds, so the correction reported it done and replaced nothing. The name
is now read as the text is (ingest._privacy.visible_only). Failed before: the name stayed."""
from __future__ import annotations

import unicodedata

import pytest

from access_world import SOUTH, form_csrf

TYPED = {   # (as the document writes it, as the moderator typed it)
    "zero-width-space": ("Quilzerowa", "Quil\u200bzerowa"),
    "soft-hyphen": ("Quilafbreka", "Quil\u00adafbreka"),
    "decomposed": ("Öztürkoğlu", unicodedata.normalize("NFD", "Öztürkoğlu")),
}


@pytest.mark.parametrize("case", list(TYPED))
def test_a_name_typed_with_what_shows_nothing_is_still_replaced(world, case):
    written, typed = TYPED[case]
    assert typed != written
    moderator = world.client("mod-zuid")   # the group does not guess (its rules off): only the list replaces
    [row] = world.upload(moderator, [("gesprek.md", f"Gesprek met {written} over de buren.\n".encode())], SOUTH)["files"]
    assert written in moderator.get(f"/api/documents/{row['doc_id']}").text
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    answer = moderator.post(f"/api/documents/{row['doc_id']}/client-names", data={"namen": typed, "csrf": csrf})
    assert answer.status_code == 200, answer.text
    assert answer.json()["mentions"] == 1
    texts = [document.text for document in world.store.catalogue.list_documents()]
    assert texts and not any(written in text for text in texts), texts
