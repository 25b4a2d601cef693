from text import MAX_WORDS, chunk_spans

SENTENCE = "De bewoners van het woonzorgcentrum gingen samen met de buren naar de markt in de wijk. "


def test_short_document_is_one_chunk_with_exact_offsets():
    text = "# Titel\n\nEen korte tekst. Nog een zin.\n"
    spans = chunk_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start:spans[0].end] == "# Titel\n\nEen korte tekst. Nog een zin."


def test_long_section_is_split_within_window_with_one_sentence_overlap():
    text = "## Bespreking\n\n" + SENTENCE * 60
    spans = chunk_spans(text)
    assert len(spans) >= 3
    for span in spans:
        assert len(text[span.start:span.end].split()) <= MAX_WORDS
    for first, second in zip(spans, spans[1:]):
        assert second.start < first.end, "consecutive chunks overlap by a sentence"
        assert text[second.start:first.end].strip().endswith(".")


def test_headings_start_new_chunks_and_are_recorded():
    text = "## Situatie\n\n" + SENTENCE * 8 + "\n\n## Afspraken\n\n" + SENTENCE * 8
    spans = chunk_spans(text)
    assert [s.heading for s in spans] == ["Situatie", "Afspraken"]
    assert text[spans[1].start:].startswith("## Afspraken")


def test_tiny_sections_are_merged_not_left_as_fragments():
    text = "## Aanwezig\n\nAn, Bart, Carla.\n\n## Bespreking\n\n" + SENTENCE * 5
    spans = chunk_spans(text)
    assert len(spans) == 1 and spans[0].heading == "Aanwezig"


def test_a_huge_line_without_punctuation_is_cut_to_the_window():
    text = "woord " * 1000
    spans = chunk_spans(text)
    assert all(len(text[s.start:s.end].split()) <= MAX_WORDS for s in spans)
    assert sum(len(text[s.start:s.end].split()) for s in spans) >= 1000
