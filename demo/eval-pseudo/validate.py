"""Validate cases.jsonl and count client-name mentions.

Usage:  python3 validate.py [cases.jsonl] [-v]

Matching rule (also usable by an evaluator: `from validate import label_spans`):
every string in `clients` and `keep` is searched case-sensitively as a whole
word (not preceded or followed by a Unicode letter, digit or underscore).
Overlapping matches are resolved leftmost-longest over the union of both lists:
scan from left to right; at each position take the longest string that
matches there, then continue after it. So "Mevrouw Peeters" is one client
mention, not also a mention of "Peeters"; and "Jans" inside
"Sint-Jans-Molenbeek" (a keep string that starts earlier) is not a mention.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

WORDS_MIN, WORDS_MAX = 80, 250
MEMBERS_MIN, MEMBERS_MAX = 3, 8
REQUIRED = {"id": str, "community": str, "members": list, "text": str,
            "clients": list, "keep": list}
# Optional subsets of `keep` (demo/eval-notes uses them): which kept strings are places,
# streets, stations, neighbourhoods, organisations or companies, and which are professionals
# outside the community (GP, pharmacist, police officer), so scores can be given per kind.
KEEP_KINDS = ("places", "professionals")


def _pattern(s):
    return re.compile(r"(?<!\w)" + re.escape(s) + r"(?!\w)")


def label_spans(text, clients, keep):
    """Return non-overlapping (start, end, label, string) spans, label in
    {"client", "keep"}, chosen leftmost-longest over both lists."""
    cands = []
    for label, strings in (("client", clients), ("keep", keep)):
        for s in strings:
            for m in _pattern(s).finditer(text):
                cands.append((m.start(), m.end(), label, s))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen, pos = [], 0
    for c in cands:
        if c[0] >= pos:
            chosen.append(c)
            pos = c[1]
    return chosen


# Capitalised words that are ordinary sentence material, not names.
_COMMON = set("""
De Het Een Ik Ze Zij Hij Haar Zijn Zijn Wij We Mijn Wat Hoe Wie Waar Wanneer Dat Dit Daar Er Toen
Vraag Sinds Bij Na Nu Op In Via Maar En Nee Ja Eerst Elke Onze Volgens Pas Thuis Buren Iemand Sindsdien
Samen Het Dochter Zoon Vorige Mevrouw Meneer Afspraak Ingebracht Daarvoor Onderzoek Eigenlijk Uiteindelijk
Misschien Liever Binnen Dit Mijn Toen Wat Werkte Vroeger Meneer Papa Jullie
""".split())


def member_forms(members):
    """A member's full, first and last name, case-folded: notes write "lien" as well as "Lien"."""
    forms = set()
    for name in members:
        parts = name.split()
        forms |= {name.casefold(), parts[0].casefold(), " ".join(parts[1:]).casefold()}
    return forms - {""}


def keep_kind(string, case):
    """What a kept string is: "member", "place", "professional" or "other" (month, language...)."""
    if string.casefold() in member_forms(case["members"]):
        return "member"
    if string in case.get("places", ()):
        return "place"
    if string in case.get("professionals", ()):
        return "professional"
    return "other"


def uncovered_capitalised(text, spans):
    """Capitalised words outside every span that do not follow a sentence end."""
    covered = [(s, e) for s, e, _, _ in spans]
    out = []
    for m in re.finditer(r"\b[A-ZÀ-Ý][\w'’-]*", text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        before = text[:m.start()].rstrip(" ")
        if before.endswith("'s"):  # "'s Avonds" at sentence start
            before = before[:-2].rstrip(" ")
        if not before or before[-1] in ".!?:\"“‘'(" or m.group() in _COMMON:
            continue
        out.append(m.group())
    return out


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else Path(__file__).with_name("cases.jsonl")
    errors, warnings = [], []
    total_mentions = 0
    distinct_strings = 0
    ids = set()
    per_case = []
    n = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON: {exc}")
            continue
        cid = case.get("id", f"line {lineno}")
        for field, typ in REQUIRED.items():
            if not isinstance(case.get(field), typ):
                errors.append(f"{cid}: field {field!r} missing or not {typ.__name__}")
        if any(e.startswith(f"{cid}: field") for e in errors):
            continue
        if cid in ids:
            errors.append(f"{cid}: duplicate id")
        ids.add(cid)
        text, clients, keep, members = case["text"], case["clients"], case["keep"], case["members"]

        words = len(text.split())
        if not WORDS_MIN <= words <= WORDS_MAX:
            errors.append(f"{cid}: {words} words, expected {WORDS_MIN}-{WORDS_MAX}")
        if not MEMBERS_MIN <= len(members) <= MEMBERS_MAX:
            errors.append(f"{cid}: {len(members)} members, expected {MEMBERS_MIN}-{MEMBERS_MAX}")
        for lst, name in ((clients, "clients"), (keep, "keep")):
            for s, k in Counter(lst).items():
                if k > 1:
                    errors.append(f"{cid}: {name} lists {s!r} {k} times")
        for s in set(clients) & set(keep):
            errors.append(f"{cid}: {s!r} is in both clients and keep")
        for kind in KEEP_KINDS:
            extra = case.get(kind, [])
            if not isinstance(extra, list) or not all(isinstance(s, str) for s in extra):
                errors.append(f"{cid}: field {kind!r} is not a list of strings")
            else:
                errors += [f"{cid}: {kind} string {s!r} is not in keep" for s in extra if s not in keep]

        # A client string must never be a member's name (full, first or last).
        forms = set()
        for mname in members:
            parts = mname.split()
            forms |= {mname, parts[0], " ".join(parts[1:])}
        for s in clients:
            if s.casefold() in member_forms(members):
                errors.append(f"{cid}: client string {s!r} is a member name")
        # Already-pseudonymised initials ("mevrouw P.") must not be client strings.
        for s in clients:
            if re.search(r"(?<!\w)[A-ZÀ-Ý]\.$", s):
                errors.append(f"{cid}: client string {s!r} looks like an initial")

        for s in clients + keep:
            if s not in text:
                errors.append(f"{cid}: {s!r} does not occur in the text")
            elif not _pattern(s).search(text):
                errors.append(f"{cid}: {s!r} occurs only inside a longer word")

        spans = label_spans(text, clients, keep)
        used = Counter((lab, s) for _, _, lab, s in spans)
        for s in clients:
            if s in text and used[("client", s)] == 0:
                errors.append(f"{cid}: client {s!r} is always shadowed by a longer match")
        for s in keep:
            if s in text and used[("keep", s)] == 0:
                errors.append(f"{cid}: keep {s!r} is always shadowed by a longer match")
        # Occurrences of a client string that end up inside a keep span (intended tricky cases).
        for s in clients:
            for m in _pattern(s).finditer(text):
                for a, b, lab, ks in spans:
                    if lab == "keep" and a <= m.start() and m.end() <= b:
                        warnings.append(f"{cid}: client string {s!r} also occurs inside keep {ks!r} (kept)")

        # At least one member must be mentioned, and every member mention must be in keep.
        member_mentions = [f for f in forms if f and _pattern(f).search(text)]
        if not any(f in keep for f in member_mentions):
            errors.append(f"{cid}: no member is mentioned (as listed in keep)")
        for f in member_mentions:
            for m in _pattern(f).finditer(text):
                if not any(a <= m.start() and m.end() <= b for a, b, _, _ in spans):
                    errors.append(f"{cid}: member form {f!r} at {m.start()} is not covered by keep")

        unc = uncovered_capitalised(text, spans)
        if unc:
            warnings.append(f"{cid}: capitalised words not covered by clients/keep: {sorted(set(unc))}")

        mentions = sum(1 for sp in spans if sp[2] == "client")
        total_mentions += mentions
        distinct_strings += len(clients)
        kinds = Counter(keep_kind(sp[3], case) for sp in spans if sp[2] == "keep")
        per_case.append((cid, words, mentions, len(clients), sum(kinds.values()),
                         kinds["member"], kinds["place"]))

    if verbose:
        print(f"{'id':5} {'words':>5} {'client':>6} {'strings':>7} {'keep':>5} {'member':>6} {'place':>5}")
        for row in per_case:
            print(f"{row[0]:5} {row[1]:5d} {row[2]:6d} {row[3]:7d} {row[4]:5d} {row[5]:6d} {row[6]:5d}")
    for w in warnings:
        print("note:", w)
    for e in errors:
        print("ERROR:", e)
    words = [r[1] for r in per_case]
    print(f"cases: {n}; words per text {min(words)}-{max(words)}; "
          f"distinct client strings: {distinct_strings}; client mentions: {total_mentions}; "
          f"keep mentions: {sum(r[4] for r in per_case)} (members {sum(r[5] for r in per_case)}, "
          f"places {sum(r[6] for r in per_case)})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
