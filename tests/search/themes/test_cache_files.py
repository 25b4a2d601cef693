"""The theme tagger's cache files are shared by the worker processes of `serve
--workers N`: one worker may read a file while another writes it, so a file is
replaced whole (written aside, then renamed), never rewritten in place."""
from __future__ import annotations

from search.themes._tagger import write_atomically


def test_a_reader_of_the_old_file_keeps_reading_it_whole_while_it_is_replaced(tmp_path):
    path = tmp_path / "cache" / "theme-tagger-x.pickle"
    write_atomically(path, b"old" * 1000)
    with path.open("rb") as reader:   # another worker, half-way through reading
        first = reader.read(10)
        write_atomically(path, b"new")
        assert first + reader.read() == b"old" * 1000   # an in-place write would have truncated it
    assert path.read_bytes() == b"new"
    assert [p.name for p in path.parent.iterdir()] == [path.name]   # nothing half-written left
