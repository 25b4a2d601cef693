"""A command whose standard output is closed before it is done (`praktijkgeheugen
status --json | head -1`) ends quietly with 141, the exit code of a process SIGPIPE
ended (128 + 13), as `cat` and `grep` do: it ended with "error: [Errno 32] Broken pipe"
(QA, session of 7 December 2026). Run as a real process, as a shell pipe runs it."""
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_reader_that_closed_ends_the_command_quietly(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)   # the reader (`head -1`) is gone before the command writes: every write fails
    try:
        done = subprocess.run([sys.executable, "-m", "cli", "pseudonymise", "-", "--no-model", "--show-names"],
                              cwd=ROOT, input="mevrouw Peeters belde.\n" * 50, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              env={**os.environ, "PRAKTIJKGEHEUGEN_DATA": str(tmp_path / "data")})
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 128 + signal.SIGPIPE
