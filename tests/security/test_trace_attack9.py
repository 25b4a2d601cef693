"""Trace attack 9: invented client names planted in every way a group can get them in
(six formats' text, titles, front matter, file and folder names, e-mail subjects, PDF
and Word properties, comments, headers, footers, tables, footnotes, alt text, a
correction, a refused and a failed upload, a search typed by a member, a moderator's
client list, a pack and its exports, a watched folder, a backup), then every byte the
data dir holds (SQLite, its WAL, Chroma, caches, kept originals, backups unpacked), every
log record and, on PostgreSQL, every table (the backup's COPY of each) is searched for
each name. A hit names the path that kept it."""
from __future__ import annotations

import gzip
import io
import logging
import os
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

import ingest
from access_world import SOUTH, form_csrf
from fakes import FakeEmbedder
from security_world import jsonl

# One invented name per way in: a hit says which way kept it.
NAMES = {
    "txt": "Quiltekla", "md-title": "Quilmarda", "md-theme": "Quilthemis", "md-body": "Quilbodo",
    "md-field": "Quilveldo", "docx-body": "Quildora", "docx-core": "Quilkerna", "docx-comment": "Quilkomma",
    "docx-header": "Quilkopa", "docx-footer": "Quilvoeta", "docx-table": "Quiltabla", "docx-alt": "Quilalta",
    "docx-footnote": "Quilnota", "pdf-body": "Quilpedra", "pdf-meta": "Quilmetra", "html-title": "Quilhtma",
    "html-alt": "Quilbeelda", "eml-subject": "Quilsubja", "eml-body": "Quilmailo", "pptx": "Quilslida",
    "pptx-notes": "Quilnotsa", "odt": "Quilodta", "file-name": "Quilfilka", "failed-file": "Quilkapotta",
    "refused-file": "Quilweigra", "refused-text": "Quilweitxa", "correction": "Quilcorra", "search": "Quilzoeka",
    "client-list": "Quillijsta", "pack-name": "Quilpakka", "pack-note": "Quilnotje", "watch-root": "Quilrootje",
    "watch-folder": "Quilmapje", "watch-file": "Quilbestja", "metadata-form": "Quilformi",
    "eml-attachment": "Quilbijla", "md-author-org": "Quilorga", "jsonl-id": "Quiljsona", "jsonl-title": "Quiljtitla",
    "cli-folder": "Quilsubmap", "cli-file": "Quilclifa", "form-author-org": "Quilformorg",
    # in a file whose text names nobody, so its original is a candidate to keep
    "only-png-text": "Quilexifa", "only-alt": "Quilaltje", "only-footnote": "Quilvoetja", "only-comment": "Quilkomja",
    "only-pdf-meta": "Quilpdfmeta", "only-core": "Quilkernja", "form-edit-org": "Quileditorg",
}
CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg in de wijk."


def _docx() -> bytes:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.core_properties.title = f"Dossier mevrouw {NAMES['docx-core']}"
    document.core_properties.subject = f"mevrouw {NAMES['docx-core']}"
    document.core_properties.keywords = NAMES["docx-core"]
    paragraph = document.add_paragraph(f"Ik bezocht mevrouw {NAMES['docx-body']} thuis. {CLEAN}")
    document.add_comment(paragraph.runs, text=f"Vraag het aan mevrouw {NAMES['docx-comment']}", author="Lid")
    document.sections[0].header.paragraphs[0].text = f"Dossier mevrouw {NAMES['docx-header']}"
    document.sections[0].footer.paragraphs[0].text = f"Casus meneer {NAMES['docx-footer']}"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Naam", "Afspraak"
    table.cell(1, 0).text, table.cell(1, 1).text = f"mevrouw {NAMES['docx-table']}", "dinsdag"
    png = _png()
    document.add_picture(io.BytesIO(png), width=Inches(0.5))
    doc_pr = document.inline_shapes[0]._inline.docPr
    doc_pr.set("descr", f"Foto van mevrouw {NAMES['docx-alt']}")
    out = io.BytesIO()
    document.save(out)
    # a footnote, as Word writes one (python-docx writes none)
    notes = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:footnote w:id="1"><w:p><w:r><w:t>Zie het gesprek met mevrouw '
             + NAMES["docx-footnote"] + '.</w:t></w:r></w:p></w:footnote></w:footnotes>')
    return _with_part(out.getvalue(), "word/footnotes.xml", notes.encode())


def _clean_docx(where: str) -> bytes:
    """A Word file whose text names nobody, with a client's name in one part only."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    paragraph = document.add_paragraph(CLEAN)
    if where == "only-comment":
        document.add_comment(paragraph.runs, text=f"Vraag het aan mevrouw {NAMES[where]}", author="Lid")
    elif where == "only-core":
        document.core_properties.keywords = f"mevrouw {NAMES[where]}"
    elif where in ("only-png-text", "only-alt"):
        png = _png(f"Foto van mevrouw {NAMES[where]}" if where == "only-png-text" else None)
        document.add_picture(io.BytesIO(png), width=Inches(0.5))
        if where == "only-alt":
            document.inline_shapes[0]._inline.docPr.set("descr", f"Foto van mevrouw {NAMES[where]}")
    out = io.BytesIO()
    document.save(out)
    if where == "only-footnote":
        notes = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>Zie het gesprek met mevrouw ' + NAMES[where]
                 + '.</w:t></w:r></w:p></w:footnote></w:footnotes>')
        return _with_part(out.getvalue(), "word/footnotes.xml", notes.encode())
    return out.getvalue()


def _with_part(package: bytes, name: str, data: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


def _png(description: str | None = None) -> bytes:
    """A 1x1 picture; `description` in a tEXt chunk, as cameras and phones write it."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    text = chunk(b"tEXt", b"Description\x00" + description.encode("latin-1")) if description else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + text
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _pdf(body: str | None = None, meta: str | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    from hostile_files import text_pdf
    body = f"Gesprek met mevrouw {NAMES['pdf-body']} over de thuiszorg" if body is None else body
    meta = NAMES["pdf-meta"] if meta is None else meta
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(body))))
    writer.add_metadata({"/Title": f"Casus mevrouw {meta}", "/Subject": meta})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _uploads() -> list[tuple[str, bytes]]:
    from hostile_files import ODT_CONTENT, eml_bytes, odt_bytes, pptx_bytes
    md = (f"---\ntitle: Casus mevrouw {NAMES['md-title']}\ntype: casus\nthemes: [rouw, \"zorgen om meneer "
          f"{NAMES['md-theme']}\"]\nauthors: [\"Lien Baeten (thuiszorg bij mevrouw {NAMES['md-author-org']})\"]\n"
          f"cliënt: mevrouw {NAMES['md-field']}\n---\nMeneer {NAMES['md-body']} belde. {CLEAN}\n")
    html = (f"<html><head><title>Verslag mevrouw {NAMES['html-title']}</title></head><body><p>{CLEAN}</p>"
            f"<img src=\"x.png\" alt=\"foto van mevrouw {NAMES['html-alt']}\"></body></html>")
    return [
        ("huisbezoek.txt", f"Huisbezoek\n\nMevrouw {NAMES['txt']} woont alleen. {CLEAN}\n".encode()),
        ("casus.md", md.encode()),
        ("verslag.docx", _docx()),
        ("gesprek.pdf", _pdf()),
        ("pagina.html", html.encode()),
        ("mail.eml", eml_bytes(f"Mevrouw {NAMES['eml-body']} belde. {CLEAN}",
                               subject=f"Huisbezoek mevrouw {NAMES['eml-subject']}",
                               attachments=[(f"verslag_{NAMES['eml-attachment']}.txt", CLEAN.encode(), "text/plain")])),
        ("sessie.pptx", pptx_bytes([("Casus", [f"mevrouw {NAMES['pptx']} en haar zoon", CLEAN],
                                     f"Vraag naar meneer {NAMES['pptx-notes']}")])),
        ("congres.odt", odt_bytes(ODT_CONTENT.format(body=f"Mevrouw {NAMES['odt']} vertelde. {CLEAN}"))),
        (f"verslag-{NAMES['file-name']}.md", f"# Huisbezoek\n\n{CLEAN}\n".encode()),
        *((f"schoon-{where}.docx", _clean_docx(where))
          for where in ("only-png-text", "only-alt", "only-footnote", "only-comment", "only-core")),
        ("schoon.pdf", _pdf("Gesprek over de thuiszorg in de wijk", NAMES["only-pdf-meta"])),
        ("regels.jsonl", jsonl({"id": f"casus-{NAMES['jsonl-id']}.md", "community": SOUTH, "text": CLEAN,
                                "title": f"Gesprek met mevrouw {NAMES['jsonl-title']}"})),
    ]


def _stored_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root`, backups unpacked (gzip, tar, zip members, recursively)."""
    found: dict[str, bytes] = {}
    for path in root.rglob("*"):
        if path.is_file():
            _unpacked(str(path.relative_to(root)), path.read_bytes(), found)
    return found


def _unpacked(name: str, data: bytes, found: dict[str, bytes]) -> None:
    found[name] = data
    if data[:2] == b"\x1f\x8b":
        try:
            _unpacked(name + "|gunzip", gzip.decompress(data), found)
        except OSError:
            pass
    elif data[257:262] == b"ustar":
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar.getmembers():
                if member.isfile():
                    _unpacked(f"{name}|{member.name}", tar.extractfile(member).read(), found)
    elif data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                for item in package.namelist():
                    _unpacked(f"{name}|{item}", package.read(item), found)
        except zipfile.BadZipFile:
            pass


def _backed_up_and_kept(world, caplog) -> dict[str, bytes]:
    """A backup of all of it, then every byte the data dir holds (`_stored_bytes`) and
    every log record but the test client's own (httpx logs the URLs it asks for; the real
    server logs at 'warning', so uvicorn writes no access line with a query string)."""
    from store import write_backup
    (world.data_dir / "backups").mkdir(exist_ok=True)
    write_backup(world.store.settings, world.data_dir / "backups" / "nacht.tar.gz")
    haystacks = _stored_bytes(world.data_dir)
    haystacks["log"] = "\n".join(r.getMessage() + " " + str(r.exc_text) for r in caplog.records
                                 if not r.name.startswith("httpx")).encode()
    return haystacks


def _hits(haystacks: dict[str, bytes]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for way, name in NAMES.items():
        needles = (name.lower().encode(), name.lower().encode("utf-16-le"))
        for where, data in haystacks.items():
            lowered = data.lower()
            if any(n in lowered for n in needles):
                hits.setdefault(way, []).append(where)
    return hits


@pytest.mark.deduce
def test_no_planted_client_name_is_stored_anywhere(world, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    # the probe sees a name in a picture's text chunk inside a Word package, and in a PDF's properties
    unpacked: dict[str, bytes] = {}
    _unpacked("probe.docx", _clean_docx("only-png-text"), unpacked)
    assert set(_hits(unpacked)) == {"only-png-text"}
    assert set(_hits({"probe.pdf": _pdf("Over de thuiszorg", NAMES["only-pdf-meta"])})) == {"only-pdf-meta"}
    store = world.store
    store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    rows = world.upload(mod, _uploads(), SOUTH, authors=f"Lien Baeten (bij mevrouw {NAMES['form-author-org']})")["files"]
    assert [r["status"] for r in rows] == ["ingested"] * len(rows), rows
    by_name = {r["filename"]: r for r in rows}

    # a refused file (an extension ingest does not read) and a broken one
    refused = world.upload(mod, [(f"foto-{NAMES['refused-file']}.png", _png())], SOUTH)["files"]
    broken = world.upload(mod, [(f"casus-{NAMES['failed-file']}.docx", b"PK\x03\x04 kapot")], SOUTH)["files"]
    other = world.upload(mod, [("ander.md", f"---\ncommunity: PG Oost\n---\nMevrouw {NAMES['refused-text']} belde.\n"
                                            .encode())], SOUTH)["files"]
    assert refused[0]["status"] != "ingested" and broken[0]["status"] == "failed" and other[0]["status"] == "failed"

    # a correction: a name the rules miss, then listed by the moderator
    [corr] = world.upload(mod, [("gesprek.md", f"{NAMES['correction']} vertelde over de buren. {CLEAN}\n".encode())],
                          SOUTH)["files"]
    csrf = form_csrf(mod, f"/documenten/{corr['doc_id']}")
    fixed = mod.post(f"/api/documents/{corr['doc_id']}/client-names", data={"namen": NAMES["correction"], "csrf": csrf})
    assert fixed.status_code == 200, fixed.text

    # a moderator's metadata correction naming a client in the title
    doc_id = by_name["huisbezoek.txt"]["doc_id"]
    form = {"title": f"Huisbezoek bij mevrouw {NAMES['metadata-form']}", "type": "casus",
            "authors": f"Zeno Openhart (thuiszorg bij mevrouw {NAMES['form-edit-org']})",
            "cycle": "2023-2024", "session": "1", "date": "2023-10-10", "themes": "eenzaamheid",
            "csrf": form_csrf(mod, f"/documenten/{doc_id}")}
    assert mod.post(f"/api/documents/{doc_id}/metadata", data=form).status_code == 200

    # the community's client list (an admin's)
    store.clients.add_client_names(SOUTH, [f"{NAMES['client-list']} Zonnestraal"])

    # a search typed by a member, in every mode, and its export
    member = world.client("onderzoeker")
    for mode in ("hybrid", "lexical", "dense"):
        member.get("/api/search", params={"q": f"mevrouw {NAMES['search']} eenzaam", "mode": mode})
    member.get("/", params={"q": f"mevrouw {NAMES['search']}"})
    member.get("/api/search/export", params={"q": f"mevrouw {NAMES['search']}", "format": "csv"})

    # a pack with a client's name in its name and a note, exported
    csrf = form_csrf(mod, "/pakketten")
    made = mod.post("/api/packs", data={"naam": f"Sessie over mevrouw {NAMES['pack-name']}", "groep": SOUTH,
                                        "csrf": csrf})
    pack = made.json()["id"]
    mod.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf})
    [item] = store.packs.items(pack, None)
    mod.post(f"/api/packs/{pack}/items/{item.id}/note",
             data={"notitie": f"Vergelijk met mevrouw {NAMES['pack-note']}.", "csrf": csrf})
    exports = {url: mod.get(url).content for url in (f"/pakketten/{pack}/export.md", f"/pakketten/{pack}/export.docx",
                                                     "/themas/export.csv", "/api/themes/export")}

    # a watched folder named after a client, with a subfolder and a file named after others
    root = tmp_path / "sync" / f"casus-{NAMES['watch-root']}"
    (root / NAMES["watch-folder"]).mkdir(parents=True)
    watched = root / NAMES["watch-folder"] / f"verslag-{NAMES['watch-file']}.md"
    watched.write_text(f"# Sessie\n\n{CLEAN}\n", "utf-8")
    old = time.time() - 3600
    os.utime(watched, (old, old))
    passed = ingest.watch_pass(store, FakeEmbedder(), root, ingest.Overrides(community=SOUTH))
    assert [o.status for o in passed.report.outcomes] == ["ingested"], passed.report.outcomes
    pages = {page: world.client(who).get(page).content for who in ("beheerder", "mod-zuid")
             for page in ("/mappen", "/api/watch", "/api/status", "/status")}

    # the CLI's ingest of a folder tree (<community>/<cycle>/...) with a client's subfolder and file
    tree = tmp_path / "tree" / SOUTH / "2023-2024" / NAMES["cli-folder"]
    tree.mkdir(parents=True)
    (tree / f"notities {NAMES['cli-file']}.md").write_text(f"# Notities\n\n{CLEAN}\n", "utf-8")
    report = ingest.ingest_paths(store, FakeEmbedder(), [tmp_path / "tree"])
    assert [o.status for o in report.outcomes] == ["ingested"], report.outcomes

    haystacks = _backed_up_and_kept(world, caplog)
    haystacks.update({f"export {k}": v for k, v in exports.items()})
    if store.db.dialect == "postgresql":
        haystacks["postgresql"] = _postgres_rows(store)
    haystacks.update({f"page {k}": v for k, v in pages.items()})
    assert _hits(haystacks) == {}, _hits(haystacks)


def _postgres_rows(store) -> bytes:
    """Every row of every table of the test's schema, as text (a dump)."""
    conn = store.db.conn()
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()]
    out = []
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}"').fetchall():
            out.append(f"{table}: {' | '.join(str(v) for v in row)}")
    return "\n".join(out).encode()
