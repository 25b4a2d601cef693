"""Build tune.jsonl and heldout.jsonl from the labelled sources (source-tune.txt,
source-heldout.txt) and check that the set's counting rule finds exactly the labels.

Usage:  python3 demo/eval-notes-2/build.py

A source block starts with `=== ID | COMMUNITY | NOTES`, then `members: A B, C D`, then the
text, in which every labelled name is written `{c:name}` (client), `{m:name}` (member),
`{p:name}` (place, street, station, organisation, company), `{x:name}` (a professional who is
not a member) or `{k:name}` (anything else that must stay). The labels are removed from the
text; the validator's leftmost-longest rule (demo/eval-pseudo/validate.py) must then find
every label at its place, with its kind, and nothing else, or the build fails.
"""
import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABEL = re.compile(r"\{([cmpxk]):([^{}]+)\}")
HEAD = re.compile(r"^=== (\S+) \| ([^|]+?) \| (.+)$")


def _validator():
    path = HERE.parent / "eval-pseudo" / "validate.py"
    spec = importlib.util.spec_from_file_location("validate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse(source: str) -> list[dict]:
    """The labelled blocks of a source file as (case, labelled spans)."""
    blocks = [b for b in re.split(r"(?m)^(?==== )", source) if b.strip()]
    return [_block(b) for b in blocks]


def _block(block: str):
    lines = block.rstrip("\n").split("\n")
    head = HEAD.match(lines[0])
    if not head or not lines[1].startswith("members: "):
        raise ValueError(f"bad block head: {lines[:2]}")
    members = [m.strip() for m in lines[1][len("members: "):].split(",")]
    labelled = "\n".join(lines[2:]).strip("\n")
    text, spans, lists = "", [], {k: [] for k in "cmpxk"}
    pos = 0
    for m in LABEL.finditer(labelled):
        text += labelled[pos:m.start()]
        kind, name = m.group(1), m.group(2)
        spans.append((len(text), len(text) + len(name), kind, name))
        text += name
        pos = m.end()
        if name not in lists[kind]:
            lists[kind].append(name)
    text += labelled[pos:]
    keep = lists["m"] + lists["p"] + lists["x"] + lists["k"]
    case = {"id": head.group(1), "community": head.group(2), "members": members, "text": text,
            "clients": lists["c"], "keep": list(dict.fromkeys(keep)), "places": lists["p"]}
    if lists["x"]:
        case["professionals"] = lists["x"]
    case["notes"] = head.group(3)
    return case, spans


def check(case: dict, spans: list, validator) -> list[str]:
    """Where the counting rule and the labels disagree."""
    found = [(s, e, "client" if lab == "client" else "keep", name)
             for s, e, lab, name in validator.label_spans(case["text"], case["clients"], case["keep"])]
    wanted = [(s, e, "client" if k == "c" else "keep", name) for s, e, k, name in spans]
    return [f"{case['id']}: counted {f} but labelled otherwise" for f in found if f not in wanted] + \
           [f"{case['id']}: labelled {w} but not counted so" for w in wanted if w not in found]


def main(here: Path = HERE) -> int:
    """Write `here`'s tune.jsonl and heldout.jsonl (demo/eval-notes-3's build.py calls this
    with its own folder: one format, one builder)."""
    validator, problems = _validator(), []
    for half in ("tune", "heldout"):
        cases = []
        for case, spans in parse((here / f"source-{half}.txt").read_text("utf-8")):
            problems += check(case, spans, validator)
            cases.append(case)
        (here / f"{half}.jsonl").write_text(
            "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")
    for p in problems:
        print("ERROR:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
