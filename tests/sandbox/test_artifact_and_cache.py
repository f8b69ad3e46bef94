"""The pinned artifact is verified; a missing or corrupt one gives one clear error; compiles are cached."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mpwasm_kernel import ArtifactError, Sandbox
from mpwasm_kernel.sandbox import cell
from mpwasm_kernel.sandbox.wasm import artifact

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def fake_artifacts(tmp_path, monkeypatch):
    src = artifact.ARTIFACT_DIR
    dst = tmp_path / "_artifacts"
    shutil.copytree(src, dst)
    monkeypatch.setattr(artifact, "ARTIFACT_DIR", dst)
    artifact.load_artifact.cache_clear()
    yield dst
    artifact.load_artifact.cache_clear()


def test_installed_artifact_matches_lock() -> None:
    lock = json.loads((ROOT / "wasm" / "lock.json").read_text())
    a = artifact.load_artifact("micropython")
    assert a.sha256 == lock["processed"]["micropython.wasm"]  # the post-processed build, not upstream
    assert a.version == lock["version"]


def test_missing_artifact_names_the_fix(fake_artifacts: Path) -> None:
    (fake_artifacts / "micropython.wasm").unlink()
    with pytest.raises(ArtifactError, match=r"missing.*wasm/fetch\.py"):
        Sandbox(variant="micropython")


def test_corrupt_artifact_names_the_fix(fake_artifacts: Path) -> None:
    path = fake_artifacts / "micropython.wasm"
    data = bytearray(path.read_bytes())
    data[1000] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match=r"corrupt.*sha256.*wasm/fetch\.py"):
        Sandbox(variant="micropython")


def test_unknown_variant() -> None:
    with pytest.raises(ValueError, match="unknown MicroPython variant"):
        Sandbox(variant="cpython")


def test_fetch_check_reports_installed_artifact() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "wasm" / "fetch.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "artifact OK" in out.stdout


RUN_ONCE = "from mpwasm_kernel import Sandbox\nprint(Sandbox().run('6*7').value)"


def _run_once(cache: Path) -> subprocess.CompletedProcess:
    """A fresh process that runs one cell with `cache` as its compiled-module cache."""
    env = dict(os.environ, MPWASM_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", RUN_ONCE], env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def written_cache(compiled_cache: Path) -> Path:
    """A cache directory as the first process left it (it compiled the interpreter and wrote it:
    the session's `compiled_cache`); tests copy it, so only that one process pays for compiling."""
    return compiled_cache


def test_compiled_module_cache_is_written_and_reused(written_cache: Path, tmp_path: Path) -> None:
    cached = sorted(written_cache.glob("*.cwasm"))
    assert len(cached) == 1  # the interpreter (the sjlj shim is merged into it at build time)
    cache = tmp_path / "cache"
    shutil.copytree(written_cache, cache, copy_function=shutil.copy2)
    mtimes = [p.stat().st_mtime_ns for p in sorted(cache.glob("*.cwasm"))]
    second = _run_once(cache)
    assert second.stdout.strip() == "42"
    assert [p.stat().st_mtime_ns for p in sorted(cache.glob("*.cwasm"))] == mtimes


def test_corrupt_cache_entry_is_replaced(written_cache: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(written_cache, cache)
    for p in cache.glob("*.cwasm"):
        p.write_bytes(b"garbage")
    again = _run_once(cache)
    assert again.stdout.strip() == "42", again.stderr


@pytest.mark.parametrize(("source", "body", "expr"), [
    ("x = 1\nx", "x = 1\n", "\\\nx"),
    ("x", "", "x"),
    ("x = 1", "x = 1", ""),
    ("a = 1; a", "a = 1; ", "a"),
    ("f(\n 1,\n 2)", "", "f(\n 1,\n 2)"),
    ("if x:\n    y", "if x:\n    y", ""),
    ("x = = 1", "x = = 1", ""),
    ("s = 'é'; s", "s = 'é'; ", "s"),
])
def test_split_cell(source: str, body: str, expr: str) -> None:
    split = cell.split_cell(source)
    assert (split.body, split.expr) == (body, expr)
