"""A new password typed on a terminal, for `init`, `users add` and `users passwd`.

One loop for all three, so an admin who types a password that is too short (or
differently the second time) is told why in Dutch and asked again, wherever they are.
Passwords from stdin (scripts, `--password-stdin`) are never asked again: each command
says there what happens to a refused one.
"""
from __future__ import annotations

import getpass
import sys

from store import MIN_PASSWORD

ASKS = 5   # passwords asked for on a terminal before the command gives up
TOO_SHORT = (f"Dit wachtwoord is te kort: een wachtwoord heeft minstens {MIN_PASSWORD} tekens."
             " Kies een langer wachtwoord, bijvoorbeeld een zin van een paar woorden.")
PROMPT = f"Wachtwoord (minstens {MIN_PASSWORD} tekens): "
AGAIN = "Nog eens, ter controle: "


def ask_new_password(nothing_done: str) -> str | None:
    """A password of at least MIN_PASSWORD characters typed twice alike, or None after
    Ctrl+D or ASKS refused tries (having said so, ending with `nothing_done`, a Dutch
    clause such as "er is niets aangemaakt")."""
    try:
        for _ in range(ASKS):
            first = getpass.getpass(PROMPT)
            if len(first) < MIN_PASSWORD:
                print(TOO_SHORT, file=sys.stderr)
                continue
            if getpass.getpass(AGAIN) == first:
                return first
            print("De twee wachtwoorden zijn niet gelijk. Typ het opnieuw.", file=sys.stderr)
    except EOFError:   # Ctrl+D at a prompt: the admin stops
        print(f"\nfout: geen wachtwoord gegeven; {nothing_done}.", file=sys.stderr)
        return None
    print(f"error: no acceptable password after {ASKS} tries.\n"
          f"fout: na {ASKS} pogingen geen bruikbaar wachtwoord; {nothing_done}.", file=sys.stderr)
    return None
