"""People, twenty-ninth round: how "wie nog?" weighs the people of the confident documents, on the tuning
halves of the people sets only (`python -m bench.tuning.tune_people SET... --data-dir DIR [--stage
dump|score|misses]`; docs/history/searching-rounds.md, "People, twenty-ninth round").

`dump` ingests each set's corpus (reusing `praktijkgeheugen eval`'s cache under DIR/cache/eval), searches
the tuning half's queries that have people in `people.tsv` once (hybrid, as `praktijkgeheugen eval-people
--half tune`), and writes per query its confident and weaker documents with their people (name,
organisation, role, person id) and matching passages to DIR/cache/people/<set>.json. Held-out queries are
never searched. `score` weighs those people by each configuration of a grid (search.Weighing) and
prints recall@5 per set, the macro average, and leave-one-set-out: each set scored with the configuration
chosen on the other sets (highest macro recall@5 among those that lower none of them by more than
DROP against BEFORE, the weighing before this round, which wins a tie). `misses` prints, per query whose
recall@5 is below 1 under the product's weighing, the panel and where each missed person is.
"""
from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from pathlib import Path

from bench.people import PANEL, load_people
from search import Hit, Passage, Weighing, people_from_hits
from store import Author

CACHE = "people"
BEFORE = Weighing(further=0.3, decay=0.0, mentioned=0.0)  # the weighing before this round, the reference
DROP = 0.02  # no set may lose more recall@5 than this for a weighing to be chosen
HITS = 20  # as bench.people and search.PEOPLE_FROM


def dump(sets: list[Path], data_dir: Path) -> None:
    """Search every tuning query with people once per set; write its hits."""
    import models
    import search
    from bench.evaluate import ingested, load_dataset

    embedder = models.get_embedder(models.DEFAULT_MODEL, data_dir / "models")
    out = data_dir / "cache" / CACHE
    out.mkdir(parents=True, exist_ok=True)
    for directory in sets:
        dataset = load_dataset(directory)
        people = load_people(directory)
        queries = [q for q in dataset.half("tune") if q["id"] in people]
        rows = []
        with ingested(dataset, embedder, data_dir / "cache" / "eval") as (store, _):
            for query in queries:
                result = search.search(store, embedder, query["text"], HITS, snippets=False)
                confident = search.people_hits(store, embedder, query["text"])  # what "wie nog?" weighs
                rows.append({"id": query["id"], "people": sorted(people[query["id"]]),
                             "hits": [_hit(h) for h in confident], "weaker": [_hit(h) for h in result.weaker]})
        (out / f"{dataset.name}.json").write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
        print(f"{dataset.name}: {len(rows)} tuning queries with people", flush=True)


def _hit(hit: Hit) -> dict:
    return {"doc_id": hit.doc_id, "type": hit.type, "score": hit.score,
            "authors": [[a.name, a.organisation, a.role, a.person_id] for a in hit.authors],
            "passages": [[p.chunk_id, p.ordinal, p.text, p.heading, p.score] for p in hit.passages]}


def hits_of(rows: list[dict]) -> list[Hit]:
    """The dumped hits as search's Hits (what people_from_hits reads)."""
    return [Hit(r["doc_id"], None, r["type"], None, None, None, None,
                [Author(n, o, role, person_id=pid) for n, o, role, pid in r["authors"]], None, r["score"],
                [Passage(c, o, t, 0, 0, h, s) for c, o, t, h, s in r["passages"]]) for r in rows]


def load(data_dir: Path, names: list[str]) -> dict[str, list[dict]]:
    """Each set's dumped queries, with their hits made once (`made`)."""
    data = {name: json.loads((data_dir / "cache" / CACHE / f"{name}.json").read_text("utf-8")) for name in names}
    for rows in data.values():
        for row in rows:
            row["made"] = hits_of(row["hits"])
    return data


def recall(rows: list[dict], weighing: Weighing) -> float:
    """Mean recall@5 of the people the set names, as bench.people scores it."""
    total = 0.0
    for row in rows:
        named = {p.name for p in people_from_hits(row.get("made") or hits_of(row["hits"]), PANEL, weighing=weighing)}
        total += len(named & set(row["people"])) / len(row["people"])
    return total / len(rows) if rows else 0.0


GRID = {
    "top": (5, 10, 15),
    "further": (0.1, 0.3),
    "decay": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5),
    "deelnemer": (0.2, 0.35),
    "verslag": (0.05,),
    "unknown": (0.6,),
    "mentioned": (0.0, 0.25, 0.35, 0.5, 0.6),
}


def grid(only: dict[str, tuple] | None = None):
    """Every Weighing of GRID (`only` replaces some axes), the one before this round first."""
    axes = {**GRID, **(only or {})}
    yield BEFORE
    for values in itertools.product(*axes.values()):
        given = dict(zip(axes, values))
        roles = {**Weighing().roles, "deelnemer": given.pop("deelnemer"), "verslag": given.pop("verslag"),
                 None: given.pop("unknown")}
        yield Weighing(roles=roles, **given)
    yield Weighing()   # the product's


def label(weighing: Weighing) -> str:
    """What differs from the weighing before this round ("before" for that one)."""
    today = BEFORE
    parts = [f"{k}={v}" for k, v in dataclasses.asdict(weighing).items() if k != "roles" and v != getattr(today, k)]
    parts += [f"{k}={v}" for k, v in weighing.roles.items() if today.roles.get(k) != v]
    return " ".join(parts) or "before"


def score(data_dir: Path, names: list[str], show: int = 10) -> dict:
    """Recall@5 per set for every weighing (BEFORE first, the product's last); leave-one-set-out."""
    data = load(data_dir, names)
    weighings = list(grid())
    per_set = {n: [recall(data[n], w) for w in weighings] for n in names}  # a set at a time: search._who's cache
    table = [(w, {n: per_set[n][i] for n in names}) for i, w in enumerate(weighings)]
    macro = [(w, per, sum(per.values()) / len(per)) for w, per in table]
    today, now = macro[0], macro[-1]
    print("now:", " ".join(f"{n}={v:.3f}" for n, v in now[1].items()), f"macro={now[2]:.4f}")
    print("before:", " ".join(f"{n}={v:.3f}" for n, v in today[1].items()), f"macro={today[2]:.4f}")
    ranked = sorted(macro, key=lambda item: -item[2])   # stable: today first on a tie
    for w, per, m in ranked[:show]:
        worst = min(per[n] - today[1][n] for n in names)
        print(f"{m:.4f} worst {worst:+.3f} {label(w)}")
    loso = {}
    for held in names:   # the adoption rule on the other sets: highest macro, none of them down > DROP
        allowed = [item for item in macro if all(v >= today[1][n] - DROP for n, v in item[1].items() if n != held)]
        chosen = max(allowed, key=lambda item: sum(v for n, v in item[1].items() if n != held))
        loso[held] = (label(chosen[0]), chosen[1][held])
        print(f"held back {held}: {chosen[1][held]:.3f} (before {today[1][held]:.3f}) with {label(chosen[0])}")
    print(f"leave-one-set-out macro {sum(v for _, v in loso.values()) / len(loso):.4f} (before {today[2]:.4f})")
    return {"before": today[1], "now": now[1], "best": label(ranked[0][0]), "loso": loso}


def misses(data_dir: Path, names: list[str]) -> None:
    """Per query below 1 under the product's weighing: the panel, and where each missed person is."""
    for name, rows in load(data_dir, names).items():
        for row in rows:
            panel = people_from_hits(hits_of(row["hits"]), 8)
            named = {p.name for p in panel[:PANEL]}
            missed = set(row["people"]) - named
            if not missed:
                continue
            print(f"\n{name} {row['id']} want {row['people']}")
            for p in panel:
                print(f"   {p.score:.3f} {p.name} [{', '.join(str(r.role) for r in p.reasons)}]"
                      f"{'  <- wanted' if p.name in row['people'] else ''}")
            for person in sorted(missed):
                where = [f"{kind}#{rank + 1} {a[2]}" for kind in ("hits", "weaker")
                         for rank, h in enumerate(row[kind]) for a in h["authors"] if a[0] == person]
                forms = [f"{kind}#{rank + 1} {a[0]!r} {a[2]}" for kind in ("hits", "weaker")
                         for rank, h in enumerate(row[kind]) for a in h["authors"]
                         if a[0] != person and (a[0] in person or person.split()[0] == a[0].split()[0])]
                text = [f"hits#{rank + 1}" for rank, h in enumerate(row["hits"])
                        if any(person.split()[0] in p[2] for p in h["passages"])]
                print(f"   MISSED {person}: {where or 'in no document'}; other forms {forms}; first name in passage {text}")


def main(argv: list[str] | None = None) -> int:
    from bench.tuning.command import arguments, set_names

    parser = arguments(__doc__.split("\n")[0])
    parser.add_argument("--stage", choices=("dump", "score", "misses"), default="score")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args(argv)
    if args.stage == "dump":
        dump(args.sets, args.data_dir)
    elif args.stage == "misses":
        misses(args.data_dir, set_names(args.sets))
    else:
        score(args.data_dir, set_names(args.sets), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
