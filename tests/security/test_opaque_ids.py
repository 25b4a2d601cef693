"""Pack, pack-item and API-token ids were integers counted across the whole network:
a moderator of Wijkteam Zuid who made a pack or added an item learned from the jump
in numbers how many packs and items PG Oost (a closed group) had made meanwhile, and
any user how many tokens had been issued network-wide. Now they are named by random
public ids (store._opaque_ids) and the integer keys never leave the store.

The probe: with the same randomness (secrets.token_urlsafe seeded alike), everything
Wijkteam Zuid's moderator sees while making a pack, adding, noting, moving and
removing items and making and revoking a token is identical whether or not PG Oost's
moderator made packs, items and tokens in between."""
from __future__ import annotations

import base64
import random
import re
import secrets

from access_world import EAST, SOUTH, form_csrf

DATES = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T][0-9:.+]+)?|\d{1,2} (?:januari|februari|maart|april|mei|juni|juli"
                   r"|augustus|september|oktober|november|december) \d{4}")
TOKEN_ROW = re.compile(r'name="nummer" value="([^"]+)"')


def _comparable(text: str) -> str:
    """An answer as compared: the per-session CSRF token and the clock taken out (not data)."""
    return DATES.sub("<datum>", re.sub(r'name="csrf" value="[^"]*"', 'name="csrf"', text))


def _seeded(monkeypatch) -> None:
    """Every random id from here on drawn from one seeded stream, the same in both runs."""
    stream = random.Random(20261205)

    def token_urlsafe(nbytes: int | None = None) -> str:
        return base64.urlsafe_b64encode(stream.randbytes(nbytes or 32)).rstrip(b"=").decode()
    monkeypatch.setattr(secrets, "token_urlsafe", token_urlsafe)


def _use_packs_and_tokens(client, community: str) -> list[str]:
    """Make a pack with two items, note, move and remove one, make and revoke a token;
    every answer seen on the way. Leaves nothing behind (the pack and token are gone)."""
    seen = []
    csrf = form_csrf(client, "/pakketten")
    made = client.post("/api/packs", data={"naam": "Sessie", "groep": community, "csrf": csrf})
    assert made.status_code == 201, made.text
    pack = made.json()["id"]
    for doc_id in ("zuid/open.md", "noord/gedeeld.md"):
        added = client.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf})
        assert added.status_code == 200, added.text
        seen.append(added.text)
    first, second = (s["item_id"] for s in client.get(f"/api/packs/{pack}").json()["sources"])
    for path, data in [(f"/api/packs/{pack}/items/{first}/note", {"notitie": "Lees vooraf."}),
                       (f"/api/packs/{pack}/items/{second}/omhoog", {}),
                       (f"/api/packs/{pack}/items/{first}/weg", {})]:
        changed = client.post(path, data={**data, "csrf": csrf})
        assert changed.status_code == 200, changed.text
        seen.append(changed.text)
    for page in ("/pakketten", "/api/packs", f"/pakketten/{pack}", f"/api/packs/{pack}", f"/pakketten/{pack}/export.md"):
        seen.append(client.get(page).text)
    seen.append(client.post(f"/api/packs/{pack}/delete", data={"csrf": csrf}).text)
    account_csrf = form_csrf(client, "/account")
    made_token = client.post("/account/tokens", data={"label": "script", "csrf": account_csrf})
    assert made_token.status_code == 200, made_token.text
    seen += [made_token.text, client.get("/api/account").text]
    [token] = TOKEN_ROW.findall(made_token.text)
    revoked = client.post("/account/tokens/intrekken", data={"nummer": token, "csrf": account_csrf},
                          follow_redirects=False)
    assert revoked.status_code == 303, revoked.text
    return [_comparable(text) for text in seen]


def test_another_groups_packs_and_tokens_change_nothing_a_moderator_sees(world, monkeypatch):
    south, east = world.client("mod-zuid"), world.client("mod-oost")
    _seeded(monkeypatch)
    alone = _use_packs_and_tokens(south, SOUTH)
    monkeypatch.undo()
    for n in range(3):   # PG Oost's moderator works meanwhile: packs, items, tokens that stay
        csrf = form_csrf(east, "/pakketten")   # (one pack of a name per group: workflow round 38)
        made = east.post("/api/packs", data={"naam": f"Oost geheim {n}", "groep": EAST, "csrf": csrf}).json()
        assert east.post(f"/api/packs/{made['id']}/items", data={"doc_id": "oost/geheim.md", "csrf": csrf}).status_code == 200
        world.store.accounts.create_token("mod-oost", label="oost")
    _seeded(monkeypatch)
    meanwhile = _use_packs_and_tokens(south, SOUTH)
    assert any("Lees vooraf." in text for text in alone)   # the probe sees its own work
    assert alone == meanwhile


def test_old_numbers_and_other_groups_ids_answer_like_unknown_ones(world):
    east, south = world.client("mod-oost"), world.client("mod-zuid")
    csrf = form_csrf(east, "/pakketten")
    pack = east.post("/api/packs", data={"naam": "Oost", "groep": EAST, "csrf": csrf}).json()
    item = east.post(f"/api/packs/{pack['id']}/items", data={"doc_id": "oost/geheim.md", "csrf": csrf}).json()
    [source] = item["sources"]
    assert not str(pack["id"]).isdigit() and not str(source["item_id"]).isdigit()
    south_csrf = form_csrf(south, "/pakketten")
    for prefix in ("/pakketten/", "/api/packs/"):
        unknown = south.get(prefix + "AAAAAAAAAAAAAAAA")
        assert unknown.status_code == 404
        for pack_id in ("1", "2", pack["id"]):
            answer = south.get(prefix + pack_id)
            assert (answer.status_code, answer.text) == (unknown.status_code, unknown.text), prefix + pack_id
    # in its own pack, old numbers of items and another pack's item are unknown too
    own = south.post("/api/packs", data={"naam": "Zuid", "groep": SOUTH, "csrf": south_csrf}).json()
    for item_id in ("1", source["item_id"]):
        answer = south.post(f"/api/packs/{own['id']}/items/{item_id}/weg", data={"csrf": south_csrf})
        assert answer.status_code == 404, item_id
    for numbered in ("1", "01", "2"):   # east's own pack by its old number
        answer = east.post(f"/api/packs/{numbered}/delete", data={"csrf": csrf})
        assert answer.status_code == 404, numbered
    assert east.get(f"/api/packs/{pack['id']}").status_code == 200


def test_a_token_is_revoked_by_its_public_id_only(world):
    client = world.client("mod-zuid")
    world.store.accounts.create_token("mod-oost", label="van oost")
    world.store.accounts.create_token("mod-zuid", label="mijn script")
    [mine] = world.store.profiles.tokens("mod-zuid")
    [theirs] = world.store.profiles.tokens("mod-oost")
    assert not mine.id.isdigit() and mine.id in client.get("/account").text
    csrf = form_csrf(client, "/account")
    for wrong in ("1", "2", theirs.id):   # old numbers, and another user's id
        answer = client.post("/account/tokens/intrekken", data={"nummer": wrong, "csrf": csrf}, follow_redirects=False)
        assert answer.status_code == 404, wrong
    assert [t.id for t in world.store.profiles.tokens("mod-oost")] == [theirs.id]
    assert client.post("/account/tokens/intrekken", data={"nummer": mine.id, "csrf": csrf},
                       follow_redirects=False).status_code == 303
    assert world.store.profiles.tokens("mod-zuid") == []
