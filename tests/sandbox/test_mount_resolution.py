"""A mount's host path is resolved again when it no longer names the directory resolved before
(files/filesystem.py keeps each resolved path to spare every sandbox the library's `realpath`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mpwasm_kernel import Sandbox


def _tree(root: Path, name: str, text: str) -> Path:
    directory = root / name
    directory.mkdir()
    (directory / "which.txt").write_text(text)
    return directory


def test_a_symlinked_mount_follows_the_link_as_it_is_now(tmp_path: Path) -> None:
    first, second = _tree(tmp_path, "first", "one"), _tree(tmp_path, "second", "two")
    link = tmp_path / "link"
    link.symlink_to(first)
    read = "open('/data/which.txt').read()"
    with Sandbox(mounts={"/data": link}) as sb:
        assert sb.run(read).value == "'one'"
    link.unlink()
    link.symlink_to(second)
    with Sandbox(mounts={"/data": link}) as sb:
        assert sb.run(read).value == "'two'"
    link.unlink()
    (tmp_path / "plain.txt").write_text("x")
    link.symlink_to(tmp_path / "plain.txt")
    with pytest.raises(ValueError, match="not a directory"):
        Sandbox(mounts={"/data": link})
    link.unlink()
    with pytest.raises(ValueError, match="not a directory"):
        Sandbox(mounts={"/data": link})


def test_a_directory_replaced_under_the_same_name_is_the_new_one(tmp_path: Path) -> None:
    first = _tree(tmp_path, "course", "old")
    read = "open('/data/which.txt').read()"
    with Sandbox(mounts={"/data": first}) as sb:
        assert sb.run(read).value == "'old'"
    os.rename(first, tmp_path / "moved")
    _tree(tmp_path, "course", "new")
    with Sandbox(mounts={"/data": first}) as sb:
        assert sb.run(read).value == "'new'"
