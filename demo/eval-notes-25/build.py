"""Write demo/eval-notes-25's tune.jsonl and heldout.jsonl from source-tune.txt and
source-heldout.txt with demo/eval-notes-2's builder: one labelled format, one check that the
counting rule finds exactly the labels. Usage: python3 demo/eval-notes-25/build.py"""
import runpy
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
BUILDER = runpy.run_path(str(FOLDER.parent / "eval-notes-2" / "build.py"))
parse, check = BUILDER["parse"], BUILDER["check"]

if __name__ == "__main__":
    sys.exit(BUILDER["main"](FOLDER))
