"""`pytest --fd-report FILE`: the process's open file descriptors after every test.

One JSON line per test, written as it ends (teardown included): its node id, how
many descriptors the process holds, and the ones it gained and lost since the
previous test, each as its kind and target (`os.readlink` of /proc/self/fd/N:
a path, `socket:[...]`, `pipe:[...]`, `anon_inode:[pidfd]`, ...). A last line
gives the session's start and end counts and the kinds still open at the end.
Summarise with `python tests/_fdcheck.py FILE`. Linux only (/proc); without the
option nothing is recorded.

Why: a full CI run failed 12 store tests with `filedescriptor out of range in
select()` because the test process held over 1024 descriptors late in the
session (see docs/testing.md, "Open file descriptors").
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

FD_DIR = "/proc/self/fd"


def open_descriptors() -> dict[int, str]:
    """This process's descriptors and their targets (the one listing the folder is gone)."""
    found = {}
    for name in os.listdir(FD_DIR):
        try:
            found[int(name)] = os.readlink(f"{FD_DIR}/{name}")
        except OSError:
            pass
    return found


def kind(target: str) -> str:
    """A descriptor's class: `socket`, `pipe`, `anon_inode:[eventfd]`, or a file's
    suffix (`.sqlite3`, `.sqlite3-wal`, `.log`, ...), so leaks of one class add up."""
    if target.startswith(("socket:", "pipe:")):
        return target.split(":")[0]
    if target.startswith("anon_inode:"):
        return target
    name = target.rsplit("/", 1)[-1]
    name = re.sub(r"\s*\(deleted\)$", "", name)
    suffix = "".join(Path(name).suffixes[-2:]) if "." in name else ""
    return f"file{suffix}" if suffix else f"file:{name}" if target.startswith("/dev/") else "file"


def pytest_addoption(parser):
    parser.addoption("--fd-report", metavar="FILE", default=None,
                     help="write the open file descriptors after each test to FILE (JSON lines; tests/_fdcheck.py)")


class _Recorder:
    def __init__(self, path: str):
        self.out = open(path, "w", encoding="utf-8")
        self.before = open_descriptors()
        self.start = len(self.before)
        self.out.write(json.dumps({"start": self.start}) + "\n")

    def record(self, nodeid: str) -> None:
        now = open_descriptors()
        gained = {fd: t for fd, t in now.items() if self.before.get(fd) != t}
        lost = {fd: t for fd, t in self.before.items() if now.get(fd) != t}
        self.out.write(json.dumps({"test": nodeid, "open": len(now),
                                   "gained": sorted(f"{kind(t)} {t}" for t in gained.values()),
                                   "lost": len(lost)}) + "\n")
        self.out.flush()
        self.before = now

    def close(self) -> None:
        now = open_descriptors()
        self.out.write(json.dumps({"start": self.start, "end": len(now),
                                   "kinds": Counter(kind(t) for t in now.values()),
                                   "targets": sorted(now.values())}) + "\n")
        self.out.close()


_recorder: _Recorder | None = None


def pytest_configure(config):
    global _recorder
    if config.getoption("--fd-report"):
        _recorder = _Recorder(config.getoption("--fd-report"))


@pytest.hookimpl(trylast=True)
def pytest_runtest_logfinish(nodeid, location):
    if _recorder is not None:
        _recorder.record(nodeid)


def pytest_unconfigure(config):
    global _recorder
    if _recorder is not None:
        _recorder.close()
        _recorder = None


def summary(path: str, top: int = 25) -> str:
    """The tests that left the most descriptors open (net gain), and the kinds gained."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    tests = [r for r in rows if "test" in r]
    lines = []
    if rows and "start" in rows[0]:
        end = rows[-1].get("end", tests[-1]["open"] if tests else rows[0]["start"])
        lines.append(f"{len(tests)} tests: {rows[0]['start']} descriptors at the start, {end} at the end")
    kinds: Counter = Counter()
    previous = rows[0].get("start", 0) if rows else 0
    gains = []
    for r in tests:
        gains.append((r["open"] - previous, r["test"], Counter(g.split(" ")[0] for g in r["gained"])))
        kinds.update(g.split(" ")[0] for g in r["gained"])
        previous = r["open"]
    lines.append("gained, by kind (over all tests, closed ones included): "
                 + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    lines.append(f"tests with the largest net gain (top {top}):")
    for gain, test, by_kind in sorted(gains, key=lambda g: -g[0])[:top]:
        if gain > 0:
            lines.append(f"  +{gain:<4} {test}  " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
    if rows and "kinds" in rows[-1]:
        lines.append("open at the end, by kind: " + ", ".join(f"{k} {n}" for k, n in
                                                             Counter(rows[-1]["kinds"]).most_common()))
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(sys.argv[1]))
