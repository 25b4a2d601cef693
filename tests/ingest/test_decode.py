import pytest

from ingest import IngestError
from ingest._decode import clean_text, decode_bytes
from ingest._frontmatter import split_front_matter

TEXT = "Café De Kring: ideeën voor één zorgzame buurt, ’s avonds."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_are_detected(encoding):
    assert decode_bytes(((TEXT + "\n") * 3).encode(encoding)).strip().splitlines()[0] == TEXT


def test_latin1_without_curly_quotes():
    text = "Een bewoner van het woonzorgcentrum vertelde over zijn reis naar Brugge en de crème brûlée.\n"
    assert decode_bytes((text * 3).encode("latin-1")) == text * 3


def test_empty_and_binary_are_refused():
    with pytest.raises(IngestError, match="empty"):
        decode_bytes(b"  \n")
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(b"\x89PNG\x00\x00\x01binary")


def test_clean_text_normalises_newlines_and_controls():
    assert clean_text("a\r\nb\x07c\rd") == "a\nbc\nd\n"
    with pytest.raises(IngestError):
        clean_text("\x00\x01 ")


def test_front_matter_split_and_errors():
    meta, body = split_front_matter("---\ntitle: Hallo\n---\nTekst")
    assert meta == {"title": "Hallo"} and body == "Tekst"
    assert split_front_matter("Geen front matter") == ({}, "Geen front matter")
    with pytest.raises(IngestError, match="not valid YAML"):
        split_front_matter("---\ntitle: [open\n---\nTekst")
    with pytest.raises(IngestError, match="mapping"):
        split_front_matter("---\n- lijst\n---\nTekst")
