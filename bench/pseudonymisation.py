"""`praktijkgeheugen eval-pseudonymisation`: how well client names are replaced.

Scored per span on demo/eval-pseudo (see its README): a client mention counts as
caught when none of its name words survive (a kept "mevrouw" or "opa" is fine);
a replaced span is right when it lies on a client mention, and wrong when it
touches a keep string (member, place, organisation...) or any other word. A
replaced member name is a failure of its own: members must keep their names.
The known-client list is left empty on purpose: this measures finding names.
A set may list which kept strings are places and organisations, and which are professionals
(demo/eval-notes); then the report also says how many of those kept their names.
"""
from __future__ import annotations

import importlib.util
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import regex

from ingest import _names as nm
from ingest import find_mentions, pseudonymise

_WORD = regex.compile(r"\p{Lu}[\p{L}'’-]*")
_LOWER_WORD = regex.compile(r"[\p{L}'’-]+")
# Particles of surnames: "de smet" is caught when "smet" is replaced ("dhr de S." is fine).
_PARTICLES = frozenset("de den der van von ter ten te el al la le du da dos das di del".split())
_DEFAULT_VALIDATOR = Path(__file__).resolve().parents[1] / "demo" / "eval-pseudo" / "validate.py"
_CUE = regex.compile(r"(?i:" + "|".join(regex.escape(c) for c in sorted(
    nm.ADDRESS + nm.WEAK_ADDRESS + nm.KIN, key=len, reverse=True)) + r")\s+")


@dataclass
class CaseScore:
    id: str
    mentions: int = 0                                  # client mentions in the text
    caught: int = 0                                    # ... with no name word left
    replaced: int = 0                                  # spans the pseudonymiser replaced
    right: int = 0                                     # ... that lie on a client mention
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)     # replaced keep strings or other words
    members: list[str] = field(default_factory=list)   # replaced member names (must stay empty)
    member_mentions: int = 0                           # keep spans that are a member's name
    place_mentions: int = 0                            # keep spans listed in the case's "places"
    places: list[str] = field(default_factory=list)    # ... that were changed
    professional_mentions: int = 0                     # keep spans listed in "professionals"
    professionals: list[str] = field(default_factory=list)  # ... that were changed


@dataclass
class PseudoReport:
    use_model: bool
    seconds: float
    cases: list[CaseScore]

    @property
    def recall(self) -> float:
        total = sum(c.mentions for c in self.cases)
        return sum(c.caught for c in self.cases) / total if total else 1.0

    @property
    def precision(self) -> float:
        total = sum(c.replaced for c in self.cases)
        return sum(c.right for c in self.cases) / total if total else 1.0

    @property
    def members_replaced(self) -> int:
        return sum(len(c.members) for c in self.cases)

    def kept(self, kind: str) -> tuple[int, int]:
        """(kept, total) mentions of `kind`: "member", "place" or "professional"."""
        total = sum(getattr(c, f"{kind}_mentions") for c in self.cases)
        return total - sum(len(getattr(c, f"{kind}s")) for c in self.cases), total

    def totals(self) -> dict:
        """The aggregate figures only (all a held-out half may show)."""
        kept = {kind: dict(zip(("kept", "mentions"), self.kept(kind)))
                for kind in ("member", "place", "professional")}
        return {"use_model": self.use_model, "cases": len(self.cases), "recall": self.recall,
                "caught": sum(c.caught for c in self.cases), "mentions": sum(c.mentions for c in self.cases),
                "precision": self.precision, "members_replaced": self.members_replaced, "kept": kept,
                "seconds": self.seconds}

    def as_dict(self) -> dict:
        kept = {kind: dict(zip(("kept", "mentions"), self.kept(kind)))
                for kind in ("member", "place", "professional")}
        return {"use_model": self.use_model, "recall": self.recall, "precision": self.precision,
                "members_replaced": self.members_replaced, "kept": kept, "seconds": self.seconds,
                "cases": [asdict(c) for c in self.cases]}


def evaluate_pseudonymisation(folder: Path, use_model: bool = True, cases_file: str = "cases.jsonl") -> PseudoReport:
    """Run the pseudonymiser over every case in `folder`/`cases_file` and score it
    (holdout.jsonl: cases written after the rules, never used to tune them)."""
    label_spans, keep_kind = _validator(folder)
    lines = (folder / cases_file).read_text("utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    if use_model:
        find_mentions("Warm maken.", use_model=True)  # load deduce before the clock starts
    started, scores = time.perf_counter(), []
    for case in cases:
        mentions = find_mentions(case["text"], case["members"], use_model=use_model)
        pseudonymise(case["text"], case["members"], use_model=use_model)  # the path ingest takes
        spans = label_spans(case["text"], case["clients"], case["keep"])
        scores.append(score_case(case, [(m.name_start, m.end) for m in mentions], spans, keep_kind))
    return PseudoReport(use_model, time.perf_counter() - started, scores)


def score_case(case: dict, replaced: list[tuple[int, int]], spans: list[tuple],
               keep_kind=None) -> CaseScore:
    """Score one case: `replaced` are the replaced character ranges, `spans` the labelled
    (start, end, "client"|"keep", string) mentions of the set's `label_spans`, `keep_kind`
    the set's own word on what a kept string is ("member", "place", "professional")."""
    text, score = case["text"], CaseScore(case["id"], replaced=len(replaced))
    members = nm.Members.of(case["members"])
    for start, end, label, string in spans:
        hit = [r for r in replaced if r[0] < end and start < r[1]]
        if label == "client":
            score.mentions += 1
            caught = all(any(a <= start + w.start() and start + w.end() <= b for a, b in hit)
                         for w in _name_words(string))
            score.caught += caught
            score.missed += [] if caught else [string]
        else:
            kind = keep_kind(string, case) if keep_kind else None
            if kind == "member" or members.protects(string, False):
                score.member_mentions += 1
                score.members += [string] if hit else []
            elif kind in ("place", "professional"):
                setattr(score, f"{kind}_mentions", getattr(score, f"{kind}_mentions") + 1)
                getattr(score, f"{kind}s").extend([string] if hit else [])
    clients = [(s, e) for s, e, label, _ in spans if label == "client"]
    for a, b in replaced:
        if any(a < e and s < b for s, e in clients):
            score.right += 1
        else:
            score.wrong.append(text[a:b])
    return score


def _name_words(string: str) -> list[regex.Match]:
    """The capitalised words of a client string after its form of address; in a string
    typed all in lower case ("de smet", "el amrani") its words except surname particles."""
    cue = _CUE.match(string)
    skip = cue.end() if cue else 0
    words = [w for w in _WORD.finditer(string) if w.start() >= skip]
    if words or any(ch.isupper() for ch in string):
        return words
    words = [w for w in _LOWER_WORD.finditer(string) if w.start() >= skip]
    return [w for w in words if w.group() not in _PARTICLES] or words


def _validator(folder: Path):
    """The set's own counting rule (its validate.py, else demo/eval-pseudo's, whose format
    demo/eval-notes shares), so the figures match its README: (label_spans, keep_kind|None)."""
    path = folder / "validate.py" if (folder / "validate.py").is_file() else _DEFAULT_VALIDATOR
    spec = importlib.util.spec_from_file_location("eval_pseudo_validate", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise FileNotFoundError(f"{folder / 'validate.py'} not found (the set's label_spans)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.label_spans, getattr(module, "keep_kind", None)


def format_report(report: PseudoReport, verbose: bool = False) -> str:
    """A table per case, then the totals; `verbose` lists what was missed or wrong."""
    lines = [f"{'case':6}{'clients':>8}{'caught':>8}{'replaced':>9}{'right':>7}{'wrong':>7}{'members':>8}"]
    for c in report.cases:
        lines.append(f"{c.id:6}{c.mentions:8d}{c.caught:8d}{c.replaced:9d}{c.right:7d}"
                     f"{len(c.wrong):7d}{len(c.members):8d}")
        if verbose and (c.missed or c.wrong or c.members):
            lines.append(f"      missed: {c.missed}  wrong: {c.wrong}  members: {c.members}"
                         + (f"  places: {c.places}" if c.places else ""))
    mentions, caught = sum(c.mentions for c in report.cases), sum(c.caught for c in report.cases)
    replaced, right = sum(c.replaced for c in report.cases), sum(c.right for c in report.cases)
    lines += ["", f"model: {'deduce' if report.use_model else 'none (rules, known names, members)'}",
              f"recall    {report.recall:.3f}  ({caught}/{mentions} client mentions fully replaced)",
              f"precision {report.precision:.3f}  ({right}/{replaced} replaced spans are client mentions)",
              f"members replaced: {report.members_replaced}"
              f"  ({'OK' if not report.members_replaced else 'FAIL: member names must stay'})",
              *_kept_lines(report),
              f"time: {report.seconds:.2f} s for {len(report.cases)} cases"]
    return "\n".join(lines)


def _kept_lines(report: PseudoReport) -> list[str]:
    """How many member, place and professional mentions kept their names (when the set says)."""
    lines = []
    for kind, label in (("member", "members kept"), ("place", "places kept"),
                        ("professional", "professionals kept (not clients; for information)")):
        kept, total = report.kept(kind)
        if total:
            lines.append(f"{label}: {kept / total:.3f}  ({kept}/{total} mentions unchanged)")
    return lines


def format_summary(reports: list[tuple[Path, PseudoReport]], roles: dict[Path, str] | None = None) -> str:
    """One line of totals per case file and no case-by-case rows, so a held-out half is
    measured without its cases being shown: clients replaced, precision, members, places
    and professionals kept (the last two when the set labels them); with `roles`, a last
    column says whether the file is tuning data, held-out, or a held-out half since seen."""
    roles = roles or {}
    lines = [f"{'case file':34}{'clients replaced':>20}{'precision':>10}{'members kept':>19}"
             f"{'places kept':>19}{'professionals kept':>21}" + ("  role" if roles else "")]
    for path, r in reports:
        t = r.totals()
        cells = [f"{t['recall']:.3f} ({t['caught']}/{t['mentions']})", f"{t['precision']:.3f}"]
        for kind in ("member", "place", "professional"):
            kept, total = r.kept(kind)
            cells.append(f"{kept / total:.3f} ({kept}/{total})" if total else "-")
        name = f"{path.parent.name}/{path.name}"
        role = f"  {roles[path]}" if path in roles else ""
        lines.append(f"{name:34}{cells[0]:>20}{cells[1]:>10}{cells[2]:>19}{cells[3]:>19}{cells[4]:>21}{role}")
    model = "deduce" if reports and reports[0][1].use_model else "none (rules, word lists, members)"
    lines += ["", f"model: {model}. clients replaced: client mentions with no name word left;"
              " places kept: place, street and organisation mentions unchanged"]
    if roles:
        lines.append("role: tuning = rules may be chosen on it; held-out = never read while tuning;"
                     " seen = a held-out half reported before and used for tuning since")
    return "\n".join(lines)
