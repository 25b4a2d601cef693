"""The twenty-third tenancy attack's probes that held, kept as a test: a filter value
(query string) naming a closed group or a closed-only author must answer as one that
names nothing at all. Every filtering route (pages, JSON twins, exports, themes, browse,
packs, the upload form), for a moderator of another group, a member of another closed
group, an account without a role and an admin of nothing: 'PG Oost' (closed, exists)
against 'PG Nergens' (never made), 'Otto Verborgen' (writes only in PG Oost) against
'Niemand Nergens', the value itself replaced in both answers."""
from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

import pytest

ROUTES = ["/?q=thuiszorg&community={c}", "/api/search?q=thuiszorg&community={c}", "/api/search?q=thuiszorg&author={a}",
          "/?q=thuiszorg&author={a}", "/bladeren?community={c}", "/api/browse?community={c}", "/bladeren/{c}/2023-2024",
          "/api/browse/{c}/2023-2024", "/themas?community={c}", "/api/themes?community={c}",
          "/api/who?q=thuiszorg&community={c}", "/zoekresultaten.csv?q=thuiszorg&community={c}",
          "/api/documents?community={c}", "/api/documents?author={a}", "/themas?author={a}", "/api/themes?author={a}",
          "/themas/export.csv?wat=passages&community={c}", "/api/themes/export?what=passages&format=json&community={c}",
          "/bladeren?author={a}", "/api/browse?author={a}", "/api/search/export?q=thuiszorg&community={c}&format=json",
          "/api/search?q=thuiszorg&cycle=2023-2024&community={c}&type=sessieverslag", "/pakketten?groep={c}",
          "/api/packs?groep={c}", "/upload?community={c}"]
CLOSED, NEVER = ("PG Oost", "Otto Verborgen"), ("PG Nergens", "Niemand Nergens")


def _answer(client, route: str, values: tuple[str, str]) -> tuple[int, str]:
    response = client.get(route.format(c=quote(values[0]), a=quote(values[1])))
    text = re.sub(r'(name="csrf" value=")[^"]+', r"\1C", response.text)
    text = re.sub(r'"seconds": ?[0-9.e-]+', '"seconds": 0', text)
    for value in values:
        for shown in (value, quote(value), quote_plus(value)):
            text = text.replace(shown, "WAARDE")
    return response.status_code, text


@pytest.mark.parametrize("name", ["mod-zuid", "lid-noord", "nieuw", "beheerder"])
def test_a_closed_group_or_author_as_filter_answers_as_one_never_made(world, name):
    import search.themes as themes

    client = world.client(name)
    client.get("/themas")
    themes.wait_for_tagging(world.store, 60)
    differ = [route for route in ROUTES if _answer(client, route, CLOSED) != _answer(client, route, NEVER)]
    assert differ == []
