"""Round nine of the pseudonymiser (issue #16): classes derived on the tuning and seen files
only, each kept because it also lowered no class on the validation counts (docs/pseudonymisation.md,
"Round nine"). Every sentence here is made up for these tests and appears in no evaluation set."""
from __future__ import annotations

from ingest._pseudonymise import pseudonymise

MEMBERS = ["Hilde Goossens", "Koen Verstraete"]


def rules(text: str, members=MEMBERS) -> str:
    return pseudonymise(text, list(members), use_model=False).text


# --- 1. a table's column of remarks is no person column ------------------------------------

REMARKS_TABLE = (
    "| naam | kamer | opmerking |\n"
    "| Dewaele | 12 | kwam binnen via Tactus, vraagt naar Gerda |\n"
    "| Rosalie | 14 | zus Gerda belt morgen, leent een rolator van Vegro |\n"
    "| Schoofs | 15 | wil terug naar Wezep, Hilde bespreekt het |\n"
)


def test_a_column_of_remarks_spreads_no_name():
    out = rules(REMARKS_TABLE)
    for kept in ("Tactus", "Vegro", "Wezep", "Hilde"):
        assert kept in out
    for replaced in ("Dewaele", "Rosalie", "Schoofs", "Gerda"):
        assert replaced not in out


def test_a_short_column_of_names_still_spreads():
    table = ("| naam | kamer | contact |\n| Dewaele | 12 | zus Gerda |\n"
             "| Rosalie | 14 | Anke |\n| Schoofs | 15 | Zomer |\n")
    out = rules(table)
    assert "Zomer" not in out and "Gerda" not in out and "Anke" not in out
