"""Item 2 of issue 14: an original holds its document and nothing more, a refused
file is gone at once, and `check` finds (and `check --repair` removes) every file
under the uploads folder that no document keeps."""
from __future__ import annotations

from access_world import SOUTH
from security_world import jsonl

SECRET_LINE = {"id": "regel-2", "text": "Mevrouw Jansen-Verhoef belde over haar zoon.",
               "community": SOUTH, "date": "Mevrouw Jansen-Verhoef"}   # refused: not a date


def test_a_jsonl_documents_original_is_not_the_jsonl_file(world):
    mod = world.client("mod-zuid")
    rows = world.upload(mod, [("export.jsonl", jsonl(
        {"id": "regel-1", "text": "Over de zandloper en de buurt.", "community": SOUTH}, SECRET_LINE))], SOUTH)["files"]
    [stored] = [row["doc_id"] for row in rows if row["status"] == "ingested"]
    assert mod.get(f"/bron/{stored}").status_code == 404
    assert "Origineel bestand" not in mod.get(f"/documenten/{stored}").text
    assert not any(b"Jansen" in body for body in world.files().values())


def test_a_refused_upload_leaves_no_file(world):
    refused = f"---\ndate: {SECRET_LINE['date']}\n---\n{SECRET_LINE['text']}\n".encode()
    [row] = world.upload(world.client("mod-zuid"), [("casus-jansen.md", refused)], SOUTH)["files"]
    assert row["status"] == "failed" and row["code"] == "bad_metadata"
    assert world.files() == {}


def test_check_reports_and_repair_removes_files_no_document_keeps(world, cli):
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("verslag.md", b"Over de zandloper en de buurt.\n")], SOUTH)["files"]
    kept = dict(world.files())
    stray = world.store.settings.files_dir / SOUTH / "oud-geweigerd.md"
    stray.parent.mkdir(parents=True)
    stray.write_text(SECRET_LINE["text"], "utf-8")
    code, out, _ = cli("check")
    assert code == 1 and "1 uploaded files that no document keeps" in " ".join(out.split())
    assert cli("check", "--repair")[0] == 0
    assert world.files() == kept and len(kept) == 1
    assert mod.get(f"/bron/{row['doc_id']}").text == "Over de zandloper en de buurt.\n"
