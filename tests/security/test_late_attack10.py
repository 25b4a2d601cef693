"""Late attack 10 on the session's new code (store._staging, ...).

A folder of the backups' folder named like an earlier version's staging folder
('backup-' and eight characters) holding only a backup's entries was removed by the next
backup: 'backup-december' (eight letters, a month), 'backup-zaterdag', a backup unpacked
by hand to look at it, went with it. tempfile made those folders with mode 0700 and a name
of random letters and digits; a word a person picks is neither."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from store._staging import abandoned, remove_abandoned

OLD = 1_700_000_000


def _unpacked(folder: Path, mode: int) -> Path:
    folder.mkdir(mode=mode)
    os.chmod(folder, mode)
    (folder / "manifest.json").write_text("{}")
    (folder / "praktijkgeheugen.sqlite3").write_bytes(b"SQLite format 3\x00 casus")
    os.utime(folder, (OLD, OLD))
    return folder


@pytest.mark.parametrize("name", ["backup-december", "backup-zaterdag", "backup-augustus", "backup-original"])
@pytest.mark.parametrize("mode", [0o755, 0o700])
def test_a_backup_unpacked_by_hand_into_a_folder_named_by_a_word_stays(tmp_path, name, mode):
    folder = _unpacked(tmp_path / name, mode)
    assert remove_abandoned(tmp_path, "backup") == []
    assert (folder / "praktijkgeheugen.sqlite3").exists()


def test_a_named_folder_made_by_hand_with_a_digit_but_an_ordinary_mode_stays(tmp_path):
    folder = _unpacked(tmp_path / "backup-2024_dec", 0o755)
    assert remove_abandoned(tmp_path, "backup") == []
    assert folder.exists()


@pytest.mark.parametrize("name", ["backup-0rpn38c2", "restore-k2_9xq1a"])
def test_an_earlier_versions_tempfile_folder_still_goes(tmp_path, name):
    folder = _unpacked(tmp_path / name, 0o700)
    kind = name.split("-")[0]
    assert remove_abandoned(tmp_path, kind) == [folder]
    assert not folder.exists()


def test_a_lock_file_that_is_a_symlink_does_not_stop_the_backup(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("kostbaar")
    staging = tmp_path / ".praktijkgeheugen-backup-0123456789abcdef"
    staging.mkdir()
    (staging / ".lock").symlink_to(victim)
    assert abandoned(tmp_path, "backup") == [staging]
    remove_abandoned(tmp_path, "backup")
    assert victim.read_text() == "kostbaar"
    assert not staging.exists()
