"""Property-based tests (hypothesis): arbitrary Unicode into the chunker and the front
matter parser; nothing but a per-file refusal may come out of them."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import IngestError
from ingest._frontmatter import split_front_matter
from text import chunk_spans

# Every code point class, plus the characters that steer the chunker and YAML.
LINES = st.lists(st.one_of(st.text(max_size=80), st.sampled_from(
    ["", "# Kop", "## Afspraken", "---", "- item", "Een zin. Nog een zin!", "\t", "\u2028", "a: &x [1]",
     "b: *x", "title: 'x'", "\r", "\x00", "\ufeff"])), max_size=40)
TEXTS = st.one_of(st.text(), LINES.map("\n".join))
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(TEXTS, st.integers(min_value=1, max_value=60))
def test_chunk_offsets_always_point_at_the_chunk_text(text, max_words):
    spans = chunk_spans(text, max_words=max_words)
    previous_start = -1
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        chunk = text[span.start:span.end]
        assert chunk.strip() == chunk and chunk  # trimmed, never empty
        assert span.start >= previous_start      # in document order
        previous_start = span.start
        assert span.heading is None or isinstance(span.heading, str)


@PROPERTY
@given(TEXTS)
def test_chunks_cover_every_word(text):
    spans = chunk_spans(text, max_words=25)
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    words = [i for i, ch in enumerate(text) if not ch.isspace()]
    assert all(i in covered for i in words if _counted(text, i))


def _counted(text: str, index: int) -> bool:
    """Characters the chunker may drop: lone heading marks ("#" lines with no text)."""
    line = text[text.rfind("\n", 0, index) + 1:].split("\n", 1)[0]
    return line.strip() not in ("#" * n for n in range(1, 7))


@PROPERTY
@given(TEXTS)
def test_front_matter_gives_a_mapping_and_a_suffix_or_a_refusal(text):
    _check_front_matter(text)


@PROPERTY
@given(LINES)
def test_front_matter_blocks_of_arbitrary_yaml(lines):
    _check_front_matter("---\n" + "\n".join(lines) + "\n---\nDe tekst.")


def _check_front_matter(text: str) -> None:
    try:
        meta, body = split_front_matter(text)
    except IngestError as error:
        assert error.code == "bad_front_matter" and error.detail
        return
    assert isinstance(meta, dict)
    assert text.endswith(body)
