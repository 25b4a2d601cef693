"""A damaged part inside an uploaded Office file: the ZIP reader's message names the part
('Bad CRC-32 for file 'word/media/mevrouw Wintermans.png''), and a part's name is the
file's own text, never pseudonymised. The readers raised it past their refusals
(zipfile.BadZipFile, zlib.error), so the file failed as 'unexpected' and the server log
took the whole traceback with that message, where it names an upload by its format only
(ingest._pipeline.logged): the name of a client on a page of the server's log. Now a
damaged package is refused as damaged, and an unexpected error of an upload or a watched
group folder is logged by its kind and its frames, never its message (which the file
chose). Found by the twenty-first attack."""
from __future__ import annotations

import io
import logging
import zipfile

import pytest

from access_world import SOUTH
from hostile_files import docx, odt_bytes, pptx_bytes

NAME = "Wintermans"
PART = f"word/media/mevrouw {NAME}.xml"


def _damaged(package: bytes, part: str) -> bytes:
    """The package with one more part, stored, whose bytes no longer match its CRC."""
    out = io.BytesIO(package)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr(part, "<x>" + "zandloper " * 20 + "</x>")
    data = bytearray(out.getvalue())
    at = data.index(b"zandloper zandloper")
    data[at:at + 9] = b"ZANDLOPER"
    return bytes(data)


@pytest.mark.parametrize("file_name, package", [
    ("verslag.docx", lambda: docx(["Over de buren en de wijk.", "Tweede alinea."])),
    ("dia.pptx", lambda: pptx_bytes([("Sessie", ["Over de buren en de wijk."], "")])),
    ("congres.odt", lambda: odt_bytes()),
])
def test_a_damaged_part_is_refused_and_its_name_stays_out_of_the_log(world, caplog, file_name, package):
    moderator = world.client("mod-zuid")
    with caplog.at_level(logging.INFO):
        [row] = world.upload(moderator, [(file_name, _damaged(package(), PART))], SOUTH)["files"]
    assert (row["status"], row["code"]) == ("failed", "corrupt_file"), row
    assert NAME not in caplog.text


def test_an_unexpected_error_of_an_upload_is_logged_without_its_message(world, caplog, monkeypatch):
    """Whatever a reader raises (a parser's bug), its message may quote the file."""
    import ingest._pipeline as pipeline

    monkeypatch.setattr(pipeline, "parse_limited",
                        lambda *args: (_ for _ in ()).throw(RuntimeError(f"kan 'mevrouw {NAME}' niet lezen")))
    moderator = world.client("mod-zuid")
    with caplog.at_level(logging.INFO):
        [row] = world.upload(moderator, [("verslag.txt", b"Over de buren.\n")], SOUTH)["files"]
    assert (row["status"], row["code"]) == ("failed", "unexpected"), row
    assert "RuntimeError" in caplog.text and NAME not in caplog.text
