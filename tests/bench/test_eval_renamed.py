"""An evaluation set's judged ids follow the ids ingest stores: a client name the
text's pseudonymisation found is hidden in the id as well (ingest._document), and
`praktijkgeheugen eval` must not count such a document as never found."""
import json

import pytest

from bench.evaluate import ingested, load_dataset
from fakes import FakeEmbedder

CASE = """---
title: Casus thuiszorg
community: Wijkteam Noord
---
Mevrouw Jansen belde de thuiszorg drie keer deze week over haar medicijnen.
"""


@pytest.mark.deduce
def test_judged_ids_follow_the_stored_id_that_hides_a_client_name(tmp_path):
    root = tmp_path / "set"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "casus-jansen.md").write_text(CASE, encoding="utf-8")
    (root / "corpus" / "verslag.md").write_text(CASE.replace("Mevrouw Jansen belde", "Iemand belde"),
                                                encoding="utf-8")
    (root / "queries.jsonl").write_text(json.dumps({"id": "q1", "text": "medicijnen thuiszorg"}) + "\n")
    (root / "qrels.tsv").write_text("q1\tcasus-jansen.md\t2\nq1\tverslag.md\t1\n")
    dataset = load_dataset(root)
    for _ in range(2):  # ingested now, then reused from the cache
        with ingested(dataset, FakeEmbedder(), tmp_path / "cache") as (store, _):
            stored = {d.doc_id for d in store.catalogue.list_documents()}
            case = f"casus-J.-{store.clients.id_tag('casus-jansen.md')}.md"
        assert stored == {case, "verslag.md"}
        assert dataset.qrels == {"q1": {case: 2, "verslag.md": 1}}
