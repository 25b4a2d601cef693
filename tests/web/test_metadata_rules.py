"""One set of metadata rules for the three ways metadata comes in: the upload form,
`ingest`'s flags and a file's front matter. The same table of values goes through
each of them, and each gives the verdict the table says (the form and ingest used to
drift: the form refused a cycle that ends before it starts and session 1000, front
matter took them)."""
import html
import json

import pytest

import ingest
from dutch_docs import write_docs
from store import open_store
from web.views._params import parse_date

NOTE = "Verslag van sessie 3. We bespraken hoe vrijwilligers eenzame bewoners ophalen.\n"
FORM = {"community": "PG Noord", "cycle": "2023-2024", "session": "3", "type": "sessieverslag",
        "date": "2023-11-14", "authors": "Tom Wouters (WZC Ter Beke)"}
FLAGS = {"community": "--community", "cycle": "--cycle", "session": "--session", "type": "--type",
         "date": "--date", "authors": "--author"}

# field, value, what it becomes (None: refused)
CASES = [
    ("cycle", "2024-2023", None),                 # ends before it starts
    ("cycle", "vorig jaar", None),
    ("cycle", "٢٠٢٣-٢٠٢٤", None),                 # digits, but not ours
    ("cycle", "2022 / 2023", "2022-2023"),
    ("session", "1000", None),
    ("session", "-1", None),
    ("session", "drie", None),
    ("session", "12", 12),
    ("type", "roman", None),
    ("type", "verslag", "sessieverslag"),         # the words people write
    ("date", "gisteren", None),
    ("date", "31-02-2023", None),                 # no such day
    ("date", "14/11/2023", "2023-11-14"),
    ("authors", "(Alleen organisatie)", None),
    ("authors", "An Peeters, zanger", None),      # no such role
    ("authors", "An Peeters (OCMW), inbreng", [["An Peeters", "OCMW", "inbreng"]]),
    ("community", "x" * 101, None),
    ("community", "PG\u0007Noord", None),
]
IDS = [f"{field}={value[:12]!r}" for field, value, _ in CASES]


def stored(document: dict, field: str):
    if field == "authors":
        return [[a["name"], a["organisation"], a["role"]] for a in document["authors"]]
    return document[field]


def stored_in(store, doc_id: str, field: str):
    meta = store.catalogue.get_document(doc_id).meta
    return [[a.name, a.organisation, a.role] for a in meta.authors] if field == "authors" else getattr(meta, field)


@pytest.mark.parametrize("field, value, expected", CASES, ids=IDS)
def test_the_upload_form(client, field, value, expected):
    page = client.post("/upload", data={**FORM, field: value}, files=[("files", ("a.md", NOTE.encode(), "text/markdown"))])
    message = html.escape(ingest.FIELD_MESSAGES[field], quote=True)
    if expected is None:
        assert page.status_code == 400 and message in page.text
        assert client.get("/api/documents/PG Noord/a.md").status_code == 404
    else:
        assert page.status_code == 200 and message not in page.text
        assert stored(client.get("/api/documents/PG Noord/a.md").json(), field) == expected


@pytest.mark.parametrize("field, value, expected", CASES, ids=IDS)
def test_the_ingest_flags(cli, settings, tmp_path, field, value, expected):
    folder = write_docs(tmp_path / "docs", {"a.md": NOTE})
    code, out, err = cli("ingest", str(folder), "--create-communities", "--json", FLAGS[field], value)
    if expected is None:
        assert code == 2 and err.startswith("error: ") and field.rstrip("s") in err and not out
    else:
        assert code == 0, err
        opened = open_store(settings)
        try:
            assert stored_in(opened, json.loads(out)["outcomes"][0]["doc_id"], field) == expected
        finally:
            opened.close()


@pytest.mark.parametrize("field, value, expected", CASES, ids=IDS)
def test_front_matter(store, fake_embedder, tmp_path, field, value, expected):
    front = f"---\n{'authors' if field == 'authors' else field}: {json.dumps(value)}\n---\n"
    report = ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs", {"a.md": front + NOTE})])
    outcome = report.outcomes[0]
    if expected is None:
        assert (outcome.status, outcome.code, outcome.field) == ("failed", "bad_metadata", field)
    else:
        assert outcome.status == "ingested", outcome.reason
        assert stored_in(store, outcome.doc_id, field) == expected


def test_an_uploaded_file_with_bad_front_matter_says_which_field(client):
    bad = "---\ncycle: 2024-2023\n---\n" + NOTE
    answer = client.post("/api/upload", data=FORM, files=[("files", ("b.md", bad.encode(), "text/markdown"))])
    row = answer.json()["files"][0]
    assert row["code"] == "bad_metadata" and row["field"] == "cycle"
    assert ingest.FIELD_MESSAGES["cycle"] in row["message"]


@pytest.mark.parametrize("value, expected", [(value, expected) for field, value, expected in CASES if field == "date"])
def test_search_filter_dates_follow_the_same_rule(value, expected):
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected
