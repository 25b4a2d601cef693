"""Attack 29: a client's name written in decomposed Unicode, or split by a character
that shows nothing, outside the text.

The text is composed (NFC) when read (ingest._decode.clean_text) and a soft hyphen or a
zero-width space in it was removed before the rules ran (ingest._privacy.visible_only).
But the title, the themes and the authors' organisations come as written from front
matter, a JSONL line, a Word, OpenDocument or PDF property, an e-mail's subject, the
upload form, a moderator's correction form, a pack's name and note, and the other parts
of a file that decide whether its original is kept. "Öztürk" decomposed ('O' and a
combining diaeresis, as text copied from a PDF or a Mac may carry it) is no capitalised
word for any rule, so 'Gesprek met mevrouw Öztürk' was stored as given: in the title,
a theme, an organisation, a pack, the kept original, and a backup. And the characters
removed were a short list: a left-to-right mark ('Quil\\u200ebidixa'), a variation
selector or a Hangul filler (a letter for every rule, shown as a blank) kept the name
or its second part. Failed on 4d93149 in every way below but the left-to-right mark in
a text."""
from __future__ import annotations

import io
import json
import logging
import unicodedata

import pytest
import regex
from test_trace_attack9 import _backed_up_and_kept, _pdf

import ingest
from access_world import SOUTH, form_csrf
from fakes import FakeEmbedder
from security_world import jsonl

CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg in de wijk."
# One invented name per way in, each opening with a letter and an accent that decompose.
NAMES = {
    "md-title": "Ödquila", "md-theme": "Ödthema", "md-org": "Ödorga", "md-field": "Ödveld",
    "jsonl-title": "Ödjsona", "eml-subject": "Ödsubja", "docx-core": "Ödkern", "odt-meta": "Ödodtmeta",
    "pdf-meta": "Ödpedra", "upload-form-org": "Ödupload", "form-title": "Ödformi", "form-org": "Ödformorg",
    "form-theme": "Ödformthema", "pack-name": "Ödpakka", "pack-note": "Ödnotje", "cli-title": "Ödclititel",
}
# A name split by a character that shows nothing: the part after it must not stay either.
SPLIT = {"md-body-lrm": ("Quil\u200ebidixa", "bidixa"), "md-body-hangul": ("Quil\u3164hangixa", "hangixa"),
         "md-title-lrm": ("Quil\u200etitlrma", "titlrma"), "md-body-vs": ("Quil\ufe0fvarsela", "varsela")}
_SHOWS_NOTHING = regex.compile(r"\p{Default_Ignorable_Code_Point}")


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def _as_read(value: str) -> str:
    """What a reader sees: composed, without the characters that show nothing, any case."""
    return unicodedata.normalize("NFC", _SHOWS_NOTHING.sub("", value)).casefold()


def _hits(haystacks: dict[str, bytes]) -> dict[str, list[str]]:
    needles = {**{way: name for way, name in NAMES.items()}, **{way: tail for way, (_, tail) in SPLIT.items()}}
    hits: dict[str, list[str]] = {}
    for where, data in haystacks.items():
        read = [_as_read(data.decode(codec, "ignore")) for codec in ("utf-8", "utf-16-le")]
        for way, needle in needles.items():
            if any(_as_read(needle) in text for text in read):
                hits.setdefault(way, []).append(where)
    return hits


def _md(front: dict, body: str = CLEAN) -> bytes:
    return f"---\n{json.dumps(front, ensure_ascii=False)}\n---\n{body}\n".encode()


def _docx_titled(title: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(CLEAN)
    document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _uploads() -> list[tuple[str, bytes]]:
    from hostile_files import ODT_CONTENT, eml_bytes, odt_bytes

    odt_meta = ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>'
                + nfd(f"Casus mevrouw {NAMES['odt-meta']}") + "</dc:title></office:meta></office:document-meta>")
    return [
        ("titel.md", _md({"title": nfd(f"Gesprek met mevrouw {NAMES['md-title']}")})),
        ("thema.md", _md({"themes": [nfd(f"zorgen om mevrouw {NAMES['md-theme']}")]})),
        ("organisatie.md", _md({"authors": [nfd(f"Lien Baeten (thuiszorg bij mevrouw {NAMES['md-org']})")]})),
        # a front-matter field ingest does not read: only the kept original could hold it
        ("veld.md", _md({"cliënt": nfd(f"mevrouw {NAMES['md-field']}")})),
        ("regels.jsonl", jsonl({"id": "regel.md", "community": SOUTH, "text": CLEAN,
                                "title": nfd(f"Gesprek met mevrouw {NAMES['jsonl-title']}")})),
        ("mail.eml", eml_bytes(CLEAN, subject=nfd(f"Huisbezoek mevrouw {NAMES['eml-subject']}"))),
        ("verslag.docx", _docx_titled(nfd(f"Dossier mevrouw {NAMES['docx-core']}"))),
        ("congres.odt", odt_bytes(ODT_CONTENT.format(body=CLEAN), meta=odt_meta)),
        ("gesprek.pdf", _pdf("Gesprek over de thuiszorg in de wijk", nfd(NAMES["pdf-meta"]))),
        ("lrm.md", f"# Verslag\n\nMevrouw {SPLIT['md-body-lrm'][0]} woont alleen. {CLEAN}\n".encode()),
        ("hangul.md", f"# Verslag\n\nMevrouw {SPLIT['md-body-hangul'][0]} woont alleen. {CLEAN}\n".encode()),
        ("kiezer.md", f"# Verslag\n\nMevrouw {SPLIT['md-body-vs'][0]} woont alleen. {CLEAN}\n".encode()),
        ("titel-lrm.md", _md({"title": f"Gesprek met mevrouw {SPLIT['md-title-lrm'][0]}"})),
    ]


@pytest.mark.deduce
def test_decomposed_and_split_names_are_hidden_everywhere(world, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    store = world.store
    store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    rows = world.upload(mod, _uploads(), SOUTH,
                        authors=nfd(f"Lien Baeten (bij mevrouw {NAMES['upload-form-org']})"))["files"]
    assert [r["status"] for r in rows] == ["ingested"] * len(rows), rows
    by_name = {r["filename"]: r["doc_id"] for r in rows}

    # a moderator's metadata correction, typed (or pasted) decomposed
    doc_id = by_name["lrm.md"]
    form = {"title": nfd(f"Huisbezoek bij mevrouw {NAMES['form-title']}"), "type": "casus",
            "authors": nfd(f"Zeno Openhart (thuiszorg bij mevrouw {NAMES['form-org']})"),
            "cycle": "2023-2024", "session": "1", "date": "2023-10-10",
            "themes": nfd(f"eenzaamheid, zorgen om mevrouw {NAMES['form-theme']}"),
            "csrf": form_csrf(mod, f"/documenten/{doc_id}")}
    corrected = mod.post(f"/api/documents/{doc_id}/metadata", data=form)
    assert corrected.status_code == 200
    doc_id = corrected.json()["doc_id"]   # an author changed is pseudonymised again: a new id (privacy attack 38)

    # a pack's name and a note
    csrf = form_csrf(mod, "/pakketten")
    made = mod.post("/api/packs", data={"naam": nfd(f"Sessie over mevrouw {NAMES['pack-name']}"), "groep": SOUTH,
                                        "csrf": csrf})
    assert made.status_code == 201, made.text
    pack = made.json()["id"]
    assert mod.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf}).status_code < 300
    [item] = store.packs.items(pack, None)
    noted = mod.post(f"/api/packs/{pack}/items/{item.id}/note",
                     data={"notitie": nfd(f"Vergelijk met mevrouw {NAMES['pack-note']}."), "csrf": csrf})
    assert noted.status_code == 200, noted.text
    exports = {url: mod.get(url).content for url in (f"/pakketten/{pack}/export.md", f"/pakketten/{pack}/export.docx")}

    # the owner's CLI ingest of a file whose front matter was written decomposed
    tree = tmp_path / "tree" / SOUTH / "2023-2024"
    tree.mkdir(parents=True)
    (tree / "notities.md").write_text("---\n" + json.dumps({"title": nfd(f"Notities mevrouw {NAMES['cli-title']}")})
                                      + f"\n---\n{CLEAN}\n", "utf-8")
    report = ingest.ingest_paths(store, FakeEmbedder(), [tmp_path / "tree"])
    assert [o.status for o in report.outcomes] == ["ingested"], report.outcomes

    haystacks = _backed_up_and_kept(world, caplog)
    haystacks.update({f"export {url}": body for url, body in exports.items()})
    for doc in [*by_name.values(), *(o.doc_id for o in report.outcomes)]:
        haystacks[f"api {doc}"] = mod.get(f"/api/documents/{doc}").content
    haystacks["api pack"] = mod.get(f"/api/packs/{pack}").content
    hits = _hits(haystacks)
    assert hits == {}, f"{sorted(hits)} {hits}"
