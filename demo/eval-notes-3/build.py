"""Build tune.jsonl and heldout.jsonl of demo/eval-notes-3 from its labelled sources
(source-tune.txt, source-heldout.txt), with demo/eval-notes-2's builder: the same source
format (`=== ID | COMMUNITY | NOTES`, `members: ...`, `{c:..}` `{m:..}` `{p:..}` `{x:..}`
`{k:..}` labels) and the same check that the counting rule finds exactly the labels.

Usage:  python3 demo/eval-notes-3/build.py
"""
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_BUILD = runpy.run_path(str(HERE.parent / "eval-notes-2" / "build.py"))
parse, check = _BUILD["parse"], _BUILD["check"]


def main() -> int:
    return _BUILD["main"](HERE)


if __name__ == "__main__":
    sys.exit(main())
