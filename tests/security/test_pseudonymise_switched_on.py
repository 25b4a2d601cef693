"""Trace attack 11: a group that stored documents with pseudonymisation switched off, and
then switched it on (`communities set --pseudonymise`, the admin's group page). Only what
came after was pseudonymised: every client name stored while it was off stayed in the
documents' text, titles, ids and paths, in the uploaded originals kept for download
(nothing was replaced, so they were kept) and in the group's pack names. Now switching on pseudonymises all of it again
as ingest would, the old versions erased as a delete erases them."""
from __future__ import annotations

import io

import pytest
from test_trace_attack9 import _postgres_rows, _stored_bytes

from access_world import SOUTH, form_csrf

CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg in de wijk."
NAMES = ("Quilaana", "Quilbeeka", "Quildocha", "Quilpacka", "Quiltitla")


def _docx_with_header() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(CLEAN)
    document.sections[0].header.paragraphs[0].text = "Dossier mevrouw Quildocha"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _hits(world) -> dict[str, list[str]]:
    haystacks = _stored_bytes(world.data_dir)
    if world.store.db.dialect == "postgresql":
        haystacks["postgresql"] = _postgres_rows(world.store)
    return {name: [where for where, data in haystacks.items() if name.lower().encode() in data.lower()]
            for name in NAMES if any(name.lower().encode() in data.lower() for data in haystacks.values())}


def _fill(world) -> str:
    store = world.store
    store.accounts.set_community(SOUTH, pseudonymise=False)
    mod = world.client("mod-zuid")
    files = [("casus-mevrouw-Quilaana.md", f"# Huisbezoek mevrouw Quiltitla\n\nIk bezocht mevrouw Quilbeeka thuis."
                                           f" Inbreng Quilcetta: {CLEAN}\n".encode()),
             ("verslag.docx", _docx_with_header())]
    rows = world.upload(mod, files, SOUTH)["files"]
    assert [r["status"] for r in rows] == ["ingested", "ingested"], rows
    csrf = form_csrf(mod, "/pakketten")
    made = mod.post("/api/packs", data={"naam": "Sessie over mevrouw Quilpacka", "groep": SOUTH, "csrf": csrf})
    assert made.status_code == 201, made.text
    assert set(_hits(world)) == set(NAMES)   # all of it stored while the switch was off
    return next(c.sharing for c in store.accounts.communities() if c.name == SOUTH)


@pytest.mark.deduce
def test_switching_pseudonymisation_on_pseudonymises_what_was_stored(world):
    sharing = _fill(world)
    admin = world.client("beheerder")
    csrf = form_csrf(admin, f"/beheer/groep?naam={SOUTH}")
    done = admin.post("/beheer/groep/instellingen", data={"naam": SOUTH, "delen": sharing, "pseudonimiseren": "1",
                                                          "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert _hits(world) == {}
    ids = [d.doc_id for d in world.store.catalogue.list_documents() if d.meta.community == SOUTH]
    assert any("casus-mevrouw-Q.-" in doc_id for doc_id in ids), ids
    assert not [p for p in world.files() if not p.startswith(".")], world.files()   # both originals named a client
    assert world.store.maintenance.check().ok


@pytest.mark.deduce
def test_the_cli_switch_does_the_same(world, cli):
    _fill(world)
    code, out, err = cli("communities", "set", SOUTH, "--pseudonymise", "--no-themes")
    assert code == 0, err
    assert "documents pseudonymised again" in out and "1 renamed" in out and "quil" not in out.lower()
    assert _hits(world) == {}
    code, out, _ = cli("communities", "set", SOUTH, "--pseudonymise")
    assert code == 0 and "nothing changed" in out and "pseudonymised again" not in out


@pytest.mark.deduce
def test_a_restore_of_a_backup_made_while_it_was_off_switches_it_on_again(world, cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("a forced restore over a SQLite data dir reads its settings (PostgreSQL: --erasures-from)")
    _fill(world)
    backup = tmp_path / "uit.tar.gz"
    assert cli("backup", str(backup))[0] == 0
    assert cli("communities", "set", SOUTH, "--pseudonymise", "--no-themes")[0] == 0
    world.store.close()
    code, out, err = cli("restore", str(backup), "--force")
    assert code == 0, out + err
    assert "switched pseudonymisation on after the backup was made (Wijkteam Zuid)" in out, out
    assert _hits(world) == {}
    code, out, _ = cli("communities", "list")
    assert f"{SOUTH}\t" in out and "not pseudonymised" not in [line for line in out.splitlines()
                                                               if line.startswith(SOUTH)][0]
