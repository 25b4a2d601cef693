"""Tenancy attack 40: the correction's question 'Is dit wel een cliënt?' names only its own group.

A missed client name that is a word of the name of an author or listed member of the group is
asked again (409, naming the people) before it is listed (web.views.correction.members_named).
Probed as Wijkteam Zuid's moderator, with the name of the closed PG Oost's author (Otto
Verborgen) and of a name on PG Oost's member list: the same request as for a name nobody
has, answered alike (listed, no people), while Zuid's own author is asked about. This held; the
test keeps it, also for the forms that come to share the function (/groep/namen, the admin's
group page)."""
from __future__ import annotations

from access_world import EAST, SOUTH, form_csrf


def _post(client, names: str, api: bool):
    url = "/api/documents/zuid/open.md/client-names" if api else "/clientnamen/zuid/open.md"
    return client.post(url, data={"namen": names, "csrf": form_csrf(client)})


def test_a_closed_groups_author_or_member_is_not_asked_about(world):
    world.store.accounts.add_community_names(EAST, "member", ["Olga Geheimhouder"])
    world.store.accounts.add_community_names(SOUTH, "member", ["Sien Zuidewind"])
    moderator = world.client("mod-zuid")
    for api in (False, True):
        for own in ("Openhart", "Zuidewind"):   # Zuid's author and listed member: asked
            asked = _post(moderator, own, api)
            assert asked.status_code == 409, asked.text
            assert "Verborgen" not in asked.text and "Geheimhouder" not in asked.text
        for theirs, nobody in (("Verborgen", "Kwastenbos"), ("Geheimhouder", "Pluimveld")):
            answers = [_post(moderator, name, api) for name in (theirs, nobody)]
            assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
            assert "Otto" not in answers[0].text and "Olga" not in answers[0].text
