import datetime as dt

import pytest

from ingest._errors import IngestError
from ingest._metadata import Overrides, resolve_meta
from store import Author


def test_front_matter_wins_over_flags_and_folders():
    fields = {"title": "Casus X", "type": "casus", "community": "PG Noord", "cycle": "2022/2023",
              "session": "3", "date": dt.date(2022, 11, 8),
              "authors": [{"name": "Griet", "organisatie": "LDC"}, "Tom (WZC)"]}
    meta = resolve_meta(fields, Overrides(community="Andere", cycle="2023-2024"), "x/2021-2022/a.md", "")
    assert (meta.title, meta.type, meta.community, meta.cycle, meta.session, meta.date) == (
        "Casus X", "casus", "PG Noord", "2022-2023", 3, "2022-11-08")
    assert meta.authors == [Author("Griet", "LDC"), Author("Tom", "WZC")]


def test_flags_then_folder_convention():
    meta = resolve_meta({}, Overrides(type="reflectie"), "pg-noord/2023-2024/notes/a.md", "tekst")
    assert (meta.type, meta.community, meta.cycle) == ("reflectie", "pg-noord", "2023-2024")


def test_missing_metadata_stays_unknown():
    meta = resolve_meta({}, Overrides(), "losse-notitie.txt", "Gewoon wat tekst.")
    assert meta.type is None and meta.community is None and meta.cycle is None
    assert meta.authors == [] and meta.date is None
    assert meta.title == "Losse notitie"


def test_title_from_first_heading():
    assert resolve_meta({}, Overrides(), "a.md", "intro\n\n## Mijn titel\n").title == "Mijn titel"


def test_dutch_keys_and_date_format():
    meta = resolve_meta({"titel": "T", "soort": "verslag", "datum": "14-11-2023", "auteurs": "An"},
                        Overrides(), "a.md", "")
    assert (meta.type, meta.date, meta.authors) == ("sessieverslag", "2023-11-14", [Author("An")])


@pytest.mark.parametrize("fields, words", [
    ({"type": "notulen"}, "unknown type"),
    ({"cycle": "vorig jaar"}, "working year"),
    ({"session": "drie"}, "not a number"),
    ({"date": "gisteren"}, "not a date"),
    ({"authors": [{"organisation": "X"}]}, "no name"),
])
def test_malformed_values_are_clear_errors(fields, words):
    with pytest.raises(IngestError) as error:
        resolve_meta(fields, Overrides(), "a.md", "")
    assert words in error.value.detail and error.value.code == "bad_metadata"
