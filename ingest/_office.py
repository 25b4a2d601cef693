"""Presentations (.pptx) and OpenDocument text (.odt): text with Markdown headings.

A masterclass comes as slides with the speaker's notes, a conference report as an
.odt from LibreOffice. python-pptx reads the slides (lxml, entities not resolved,
no network); an .odt is a ZIP package whose content.xml is small and regular
enough to read with lxml directly, so no extra library is needed for it. The ZIP
declarations were already checked (ingest._sniff) before either runs here; lxml
refuses XML nested deeper than its limit, and each walk below is iterative, so a
crafted file becomes one refused file, never a crash.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ingest._errors import CORRUPT, NO_TEXT, IngestError
from ingest._parsers import unreadable_package

_SLIDE = "Slide"  # "## Slide 3: Wat werkt?" heads each slide's text ("Dia" is a first name to the pseudonymiser)
_NOTES = "Sprekersnotities"  # the speaker's notes, after the slide's own text


def parse_pptx(path: Path) -> tuple[str, dict]:
    """Each slide under `## Slide N: <its title>`, then its text, tables and notes."""
    import pptx
    from pptx.exc import PackageNotFoundError

    with unreadable_package(".pptx", "PowerPoint", PackageNotFoundError):
        presentation = pptx.Presentation(str(path))
        blocks = [block for number, slide in enumerate(presentation.slides, start=1)
                  for block in _slide_blocks(number, slide)]
        title = (presentation.core_properties.title or "").strip()
    return _joined(blocks, "presentation"), {"title": title} if title else {}


def _slide_blocks(number: int, slide) -> list[str]:
    title_shape = slide.shapes.title
    title = _one_line(title_shape.text_frame.text) if title_shape is not None and title_shape.has_text_frame else ""
    blocks = [f"## {_SLIDE} {number}: {title}" if title else f"## {_SLIDE} {number}"]
    title_id = title_shape.shape_id if title_shape is not None else None
    blocks += [text for shape in _shapes(slide.shapes) if shape.shape_id != title_id
               for text in _shape_texts(shape)]
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = slide.notes_slide.notes_text_frame.text.strip()
        if notes:
            blocks.append(f"{_NOTES}: {notes}")
    return blocks


def _shapes(shapes) -> list:
    """Every shape, groups opened with an explicit stack (a crafted file may nest them deeply)."""
    from pptx.shapes.group import GroupShape

    found, stack = [], list(reversed(list(shapes)))
    while stack:
        shape = stack.pop()
        if isinstance(shape, GroupShape):
            stack.extend(reversed(list(shape.shapes)))
        else:
            found.append(shape)
    return found


def _shape_texts(shape) -> list[str]:
    if getattr(shape, "has_table", False) and shape.has_table:
        return [" | ".join(cell.text.strip() for cell in row.cells) for row in shape.table.rows]
    if shape.has_text_frame:
        return [paragraph for paragraph in (p.text.strip() for p in shape.text_frame.paragraphs) if paragraph]
    return []


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- OpenDocument text ---

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_P, _H = f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"
_ROW, _CELL = f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table-cell"
_SPACES = {f"{{{_TEXT}}}s": " ", f"{{{_TEXT}}}tab": "\t", f"{{{_TEXT}}}line-break": "\n"}
_LEFT_OUT = frozenset({f"{{{_TEXT}}}note-citation", f"{{{_TEXT}}}tracked-changes"})


def parse_odt(path: Path) -> tuple[str, dict]:
    """Headings (by outline level), paragraphs, list items and table rows of content.xml;
    the title from meta.xml."""
    with unreadable_package(".odt", "Writer", zipfile.BadZipFile), zipfile.ZipFile(path) as package:
        if package.read("mimetype").strip() != _ODT_MIMETYPE:
            raise IngestError(CORRUPT, "not an OpenDocument text (.odt) file: its mimetype says otherwise;"
                                       " save it again as .odt from LibreOffice or Word")
        content = _xml(package.read("content.xml"))
        meta = _xml(package.read("meta.xml")) if "meta.xml" in package.namelist() else None
    blocks = [block for block in (_odt_block(element) for element in content.iter(_P, _H, _ROW)) if block]
    title = _one_line(meta.findtext(f".//{{{_DC}}}title") or "") if meta is not None else ""
    return _joined(blocks, ".odt file"), {"title": title} if title else {}


def _xml(data: bytes):
    """lxml without entities, DTDs, network or its 'huge tree' allowance."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _odt_block(element) -> str | None:
    """One heading, paragraph or table row; a paragraph inside a table row, a note or
    another paragraph is part of that outer block, not a block of its own."""
    if any(True for _ in element.iterancestors(_P, _H, _ROW)):
        return None
    if element.tag == _ROW:
        cells = [" ".join(_inline_text(p) for p in cell.iter(_P, _H)).strip() for cell in element.iter(_CELL)]
        return " | ".join(cells) if any(cells) else None
    text = _inline_text(element).strip()
    if not text:
        return None
    if element.tag == _H:
        level = min(max(int(element.get(f"{{{_TEXT}}}outline-level", "1") or 1), 1), 6)
        return f"{'#' * level} {_one_line(text)}"
    return text


def _inline_text(element) -> str:
    """The paragraph's text in document order, with ODF's space, tab and line-break
    elements as characters (itertext would drop them); an explicit stack, since a
    crafted paragraph may nest spans as deep as lxml allows."""
    parts, stack = [], [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append(node.tail or "")
            continue
        if node is not element:
            stack.append((node, True))  # its tail comes after its children
        if not isinstance(node.tag, str) or node.tag in _LEFT_OUT:
            continue
        parts.append(_SPACES.get(node.tag, "") * _repeat(node) + (node.text or ""))
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def _repeat(node) -> int:
    try:
        return min(max(int(node.get(f"{{{_TEXT}}}c", "1")), 1), 100)
    except ValueError:
        return 1


def _joined(blocks: list[str], what: str) -> str:
    """The blocks as one text; refused when nothing but bare slide numbers is in them."""
    if all(re.fullmatch(rf"## {_SLIDE} \d+", block) for block in blocks):
        raise IngestError(NO_TEXT, f"the {what} holds no text (only images?)")
    return "\n\n".join(blocks)


def package_text(path: Path) -> str | None:
    """Everything of a .docx, .pptx or .odt that may hold words (headers, footers, comments,
    notes, properties: what the parsers above do not read): every part's file name; every
    XML part's (also a `.rels` part's: hyperlink targets) text nodes and attribute values
    (tooltips, alt text), each part twice (its nodes spaced, and joined as written, as Word
    splits a word over runs); a non-XML part's text. Pictures are not read (as a PDF's are
    not). None when a part is neither (an embedded object: a compressed package or binary),
    as a name in it cannot be ruled out. The package passed check_format's ZIP limits.
    Parsed as _xml does: no entities, no network."""
    import zipfile

    texts = []
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            texts.append(info.filename)
            if info.is_dir() or info.filename.lower().endswith(_PICTURES):
                continue
            data = package.read(info)
            part = info.filename.lower()
            words = _printer_words(data) if "printersettings/" in part else \
                _style_words(data) if part.endswith(_STYLE_PARTS) else _part_words(data)
            if words is None:
                return None
            texts += words
    return "\n".join(texts)


_PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".wdp")


def _printer_words(data: bytes) -> list[str]:
    """A printer settings part (Office's DEVMODE: PowerPoint writes one into most files):
    binary, its printer's name in UTF-16, read as such and as bytes."""
    return [data.decode("utf-16-le", "replace"), data.decode("latin-1")]


_STYLE_PARTS = ("word/styles.xml", "word/styleswitheffects.xml")


def _style_words(data: bytes) -> list[str] | None:
    """A Word style part: only what a person can type into it, the style names, aliases and
    ids (a custom style "Verslag Janssens", id "VerslagJanssens") and any text node. Not the
    formatting values nor the latent-style list (`w:lsdException`: by the format, the
    built-in styles' names only). The whole part is 80,000 characters for python-docx's
    one-paragraph file (half of its package's text, twice with stylesWithEffects.xml), and the
    rules took 48 s of CPU on that package in an upload (testspeed round, stop 27); these
    words are about 3,000 characters of it."""
    try:
        root = _xml(data)
    except Exception:   # noqa: BLE001 - not XML: read as any other part
        return _part_words(data)
    nodes = [t for t in root.itertext() if t.strip()]
    values = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rsplit("}", 1)[-1]
        if local in ("name", "aliases"):
            values += element.attrib.values()
        elif local == "style":
            values += [v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "styleId"]
    return [" ".join(nodes), "".join(nodes), " ".join(values)]


def _part_words(data: bytes) -> list[str] | None:
    """An XML part's text nodes and attribute values (spaced, and joined as written), or
    a plain text part as it is (an .odt's `mimetype`); None for anything else."""
    try:
        root = _xml(data)
    except Exception:   # noqa: BLE001 - not XML (or broken): read as text, if it is text
        if b"\0" in data:
            return None
        try:
            return [data.decode("utf-8")]
        except UnicodeDecodeError:
            return None
    nodes = [t for t in root.itertext() if t.strip()]
    values = [v for element in root.iter() if isinstance(element.tag, str) for v in element.attrib.values()]
    # Word splits a word over runs ("Bos", "mans"): the nodes joined as they are too
    return [" ".join(nodes), "".join(nodes), " ".join(values)]
