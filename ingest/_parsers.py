"""One parser per file format, each returning (text, front-matter-like metadata).

Well-kept parsers do the format work (pypdf, python-docx, BeautifulSoup); this
module only maps their output to plain text with Markdown-style headings, so the
chunker can follow the document's structure whatever the format.
"""
from __future__ import annotations

import logging
import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from errors import kind_of
from ingest._decode import decode_bytes
from ingest._errors import CORRUPT, ENCRYPTED, NO_TEXT, TOO_LARGE, IngestError
from ingest._frontmatter import split_front_matter

log = logging.getLogger(__name__)


def parse_text(data: bytes) -> tuple[str, dict]:
    """.txt and .md: decoded text, with YAML front matter when present."""
    meta, body = split_front_matter(decode_bytes(data))
    return body, meta


def parse_docx(path: Path) -> tuple[str, dict]:
    """Paragraphs (headings as Markdown) and tables. python-docx parses with lxml without
    network access or entity expansion; lxml's own limits (depth, entity amplification)
    and any inconsistency in the package make the file unreadable, not the batch."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with unreadable_package(".docx", "Word", PackageNotFoundError):
        document = docx.Document(str(path))
        lines = [_docx_line(p) for p in document.paragraphs]
        for table in document.tables:
            lines += [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]
        title = (document.core_properties.title or "").strip()
    return "\n\n".join(line for line in lines if line.strip()), {"title": title} if title else {}


@contextmanager
def unreadable_package(suffix: str, program: str, *errors: type[BaseException]) -> Iterator[None]:
    """What an Office package's parser raises, as a refusal: lxml's own limits (depth,
    entity amplification) and any inconsistency in the package make the file
    unreadable, not the batch. A damaged ZIP (a part whose bytes fail their CRC or do
    not inflate) too: it escaped as an unexpected error, whose message names the part
    ('Bad CRC-32 for file 'word/media/mevrouw Yilmaz.png''), the file's own words."""
    from lxml import etree

    unreadable: tuple[type[BaseException], ...] = (*errors, KeyError, ValueError, OSError, AttributeError,
                                                   TypeError, IndexError, zipfile.BadZipFile, zlib.error,
                                                   EOFError, NotImplementedError)
    try:
        yield
    except etree.LxmlError as exc:
        raise IngestError(CORRUPT, f"the {suffix} file's XML is damaged or hostile ({exc.__class__.__name__})") from None
    except unreadable as exc:
        raise IngestError(CORRUPT, f"not a readable {suffix} file ({exc.__class__.__name__});"
                                   f" open it in {program} or LibreOffice and save it again") from None


def _docx_line(paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith("Heading") and style[-1:].isdigit():
        return "#" * int(style[-1]) + " " + paragraph.text.strip()
    if style == "Title":
        return "# " + paragraph.text.strip()
    return paragraph.text


def parse_pdf(path: Path) -> tuple[str, dict]:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes are noise; the outcome says it
    try:
        reader = PdfReader(str(path))
        _decrypt(reader)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except IngestError:
        raise
    except LimitReachedError as exc:
        raise IngestError(TOO_LARGE, "a part of the PDF unpacks to more than pypdf's limit"
                                     f" (a decompression bomb?): {exc}") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError(CORRUPT, f"not a readable PDF ({exc.__class__.__name__});"
                                   " open it and save or print it as a new PDF") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise IngestError(NO_TEXT, "the PDF has no text layer (only scanned images?); run OCR"
                                   " (text recognition) on it first, or upload the original document")
    return text, {"title": title.strip()} if title.strip() else {}


def pdf_properties(path: Path) -> tuple[str, str] | None:
    """What parse_pdf does not read of a PDF, in two parts: (what a person wrote: every
    string of its objects (properties, annotations and their link targets, form fields,
    bookmarks, file names...), the text its annotations show and the text of every text
    stream (XMP metadata, an XFA form's data); what a program wrote: the PDF's names
    ('/Root', '/Link', a font's), the streams' markup and the tools that made it
    ('pdfTeX-1.40', 'TeX Live')). None when they cannot be read, when it holds an attached
    file (compressed, never read) or an earlier revision's objects, so the original is
    not kept (ingest._read.every_part). Page contents are the text layer parse_pdf read;
    fonts and images are not read."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        _decrypt(reader)
        if _earlier_objects(path.read_bytes(), reader):
            return None
        return _pdf_strings(reader.trailer)
    except Exception:   # noqa: BLE001 - the text was read; what cannot be read now cannot be cleared
        return None


# An object's header in a PDF's bytes ('4 0 obj').
_PDF_OBJECT = re.compile(rb"(?<!\d)(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj(?![A-Za-z])")


def _earlier_objects(data: bytes, reader) -> bool:
    """Whether the file holds an object its current revision does not use: a PDF edited
    and saved as most programs save an edit (Acrobat's Save) keeps every earlier revision
    and appends the changes, so a name deleted from the page is still in the file (as the
    old page's content stream), where no reader of the current revision looks (attack 29).
    Every object header must be where the cross-reference table puts that object."""
    current = {(number, generation): offset for generation, table in reader.xref.items()
               for number, offset in table.items()}
    for match in _PDF_OBJECT.finditer(data):
        offset = current.get((int(match.group(1)), int(match.group(2))))
        if offset is None or offset > match.start() or data[offset:match.start()].strip():
            return True
    return False


def _pdf_strings(root) -> tuple[str, str] | None:
    """Every string reachable from `root` (the trailer: the catalogue and the properties),
    each object once, and every stream that holds text (the XMP metadata, an XFA form's
    data, a script); page contents, fonts and images skipped (the text layer, glyphs and
    pictures), an annotation's appearance read as the text it shows (`_shown_text`: a
    stamp or a text box may show what no string of it says); None on an embedded file.
    As (written, marks): the PDF's names, a stream's markup and the properties naming the
    tools that made it are marks, which the name rules read as names ('/Root' and 'TeX
    Live' are capitalised words), so no PDF's original was kept in a group with rules."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject, TextStringObject

    texts: list[str] = []
    marks: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            kind = node.get("/Type")
            if kind == "/EmbeddedFile" or "/EF" in node:
                return None
            if "/AP" in node:
                texts += _shown_text(node["/AP"])
            if kind in ("/Font", "/XObject", "/FontDescriptor"):
                continue
            if isinstance(node, StreamObject):
                data = node.get_data()
                if b"\x00" not in data[:4096]:   # text (XML, a script), not a colour profile
                    stream = data.decode("utf-8", "replace")
                    texts.append(_written_in_markup(stream))   # its tags and tools, XMP's
                    marks.append(stream)                         # pdf:Producer="pdfTeX-1.40": marks
            skipped = _PDF_SKIPPED | {"/Contents"} if kind == "/Page" else _PDF_SKIPPED   # a note's is its text
            marks += [str(key) for key in node]   # a name tree's or destinations' keys
            for key, value in node.items():
                if key in _PDF_TOOLS:   # who made it and its file id, not what it says
                    marks.append(str(value.get_object()))
                elif key not in skipped:
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack += list(node)
        elif isinstance(node, NameObject):
            marks.append(str(node))
        elif isinstance(node, (TextStringObject, str, bytes)):
            texts.append(str(node) if not isinstance(node, bytes) else node.decode("latin-1"))
    return "\n".join(texts), "\n".join(marks)


# What the tools that made a PDF write in its properties (pdfTeX's banner, 'This is pdfTeX,
# Version 3.14 (TeX Live 2022)') and its trailer (the file's id, bytes); a person writes
# Title, Author, Subject and Keywords. /Producer and /Creator stay with the rules: a tool
# may put a document's file name there ('Microsoft Word - casus mevrouw Yilmaz.docx').
_PDF_TOOLS = frozenset({"/PTEX.Fullbanner", "/ID"})
# A tag of a text stream (XMP, an XFA form's data): its text is between them, and in
# attribute values (XMP may write a property as one: pdf:Keywords="..."), but for those
# that name a tool, a namespace or an id.
_MARKUP = re.compile(r"<[^<>]*>")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TOOL_ATTRIBUTES = re.compile(r"(?:^xmlns|:about$|ID$|:xmptk$|Date$|:format$|:lang$)", re.IGNORECASE)


def _written_in_markup(stream: str) -> str:
    """A text stream's element text and its attribute values but a tool's, a namespace's or an id."""
    values = [m.group(2) if m.group(2) is not None else m.group(3)
              for tag in _MARKUP.findall(stream) for m in _ATTRIBUTE.finditer(tag)
              if not _TOOL_ATTRIBUTES.search(m.group(1))]
    return "\n".join([_MARKUP.sub(" ", stream), *values])
_PDF_SKIPPED = frozenset({"/Parent", "/Font", "/XObject", "/ColorSpace", "/Pattern", "/Shading"})


def _shown_text(appearances) -> list[str]:
    """The text an annotation's appearance streams show (normal, rollover, down, each
    per state), read as a page with that content would be: a viewer draws them, and they
    need not say what the annotation's strings say."""
    from pypdf import PageObject
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    streams, texts = [], []
    for value in appearances.get_object().values():
        value = value.get_object()
        streams += [value] if isinstance(value, StreamObject) else \
            [v.get_object() for v in value.values()] if isinstance(value, DictionaryObject) else []
    for stream in streams:
        if isinstance(stream, StreamObject):
            page = PageObject.create_blank_page(width=1, height=1)
            page[NameObject("/Resources")] = stream.get("/Resources", DictionaryObject())
            page[NameObject("/Contents")] = stream
            texts.append(page.extract_text())
    return texts


def _decrypt(reader) -> None:
    """A PDF that is only protected against editing opens with an empty password, as
    in every viewer; one that needs a password to open is refused."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except Exception as exc:  # e.g. AES without the optional crypto library: treat as locked
        # its kind only: a parser's message may quote the uploaded file's own values (errors.without_message)
        log.info("cannot open the PDF with an empty password (%s); refused as protected", kind_of(exc))
        opened = 0
    if not opened:
        raise IngestError(ENCRYPTED, "the PDF is protected with a password; open it, save an"
                                     " unprotected copy (or print it to a new PDF) and try again")


_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "svg"})
_BLOCKS = frozenset({"p", "li", "div", "br", "tr", "table", "ul", "ol", "section", "article",
                     "blockquote", "pre", "header", "footer", "main", "aside", "dd", "dt"})
_END = object()  # marks where a block ends during the walk


def parse_html(data: bytes) -> tuple[str, dict]:
    """Visible text with Markdown headings; scripts, styles and comments left out."""
    text, title = html_to_text(decode_bytes(data))
    return text, {"title": title} if title else {}


def html_to_text(html: str) -> tuple[str, str]:
    """(visible text with Markdown headings, the <title> or ''): also an e-mail's HTML body."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    return re.sub(r"\n\s*\n\s*", "\n\n", re.sub(r"[ \t]+", " ", _visible_text(soup))), title


def _visible_text(root) -> str:
    """One walk with an explicit stack: a hostile page nested 100,000 deep must neither
    exhaust recursion nor make each insertion walk the whole tree (bs4's tree edits do)."""
    from bs4 import NavigableString

    parts, stack = [], [root]
    while stack:
        node = stack.pop()
        if node is _END:
            parts.append("\n\n")
        elif isinstance(node, NavigableString):
            if type(node) is NavigableString:  # not a comment, script text or doctype
                parts.append(str(node))
        elif node.name in _HEADINGS:
            parts.append(f"\n\n{'#' * _HEADINGS[node.name]} {node.get_text(' ', strip=True)}\n\n")
        elif node.name not in _SKIPPED:
            if node.name in _BLOCKS:
                parts.append("\n\n")
                stack.append(_END)
            stack.extend(reversed(node.contents))
    return "".join(parts)


_HEADINGS = {f"h{level}": level for level in range(1, 7)}
