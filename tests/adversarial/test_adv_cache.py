"""Class 9 of the outside review: the compile cache is not trusted blindly.

Interrupt-word addresses read from the cache are bounds-checked before the host writes to them;
the cache directory is created private (0700); a directory or file another user could have
written is refused, and the kernel falls back to compiling. Each case runs in a subprocess
(a poisoned cache used to crash the process with SIGSEGV).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mpwasm_kernel.sandbox import sandbox as sandbox_mod
from mpwasm_kernel.sandbox.wasm import engine
from mpwasm_kernel.sandbox.wasm.artifact import load_artifact

#: Starts a sandbox, checks a cell and that an interrupt stops a loop (so the interrupt words
#: used are the real ones), prints OK.
CHECK = """
import threading
from mpwasm_kernel import Limits, Sandbox
sb = Sandbox(Limits(wall_seconds=20), interrupt_grace=5)
assert sb.run('6 * 7').value == '42'
threading.Timer(0.3, sb.interrupt).start()
r = sb.run('n = 0\\nwhile True:\\n    n += 1')
assert r.error is not None and r.error.ename == 'KeyboardInterrupt' and not r.rolled_back, r.error
print('OK')
"""


def _run(cache: Path, **extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MPWASM_CACHE_DIR=str(cache), **extra)
    return subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120)


def _genuine(compiled_cache: Path, cache: Path) -> Path:
    """`cache`: a copy of the genuine entries a first process wrote (the session's `compiled_cache`,
    private modes kept), instead of a process of its own compiling the interpreter again."""
    shutil.copytree(compiled_cache, cache, copy_function=shutil.copy2)
    return cache


def _words_file(cache: Path) -> Path:
    content_id = (f"interrupt-words:{load_artifact().sha256}:"
                  f"{sandbox_mod.HEAP_BYTES}:{sandbox_mod.PYSTACK_WORDS}")
    return cache / f"json-{engine._key(content_id)}.json"


@pytest.mark.parametrize("poison", [
    {"arm": [[1 << 40, "01000000"]], "disarm": [[1 << 40, "00000000"]]},
    {"arm": [[-4096, "01000000"]], "disarm": [[0, "00000000"]]},
    {"arm": [[3, "01000000"]], "disarm": [[0, "00000000"]]},
    {"arm": [[0, "0100000000"]], "disarm": [[0, "00000000"]]},
    {"arm": "x"},
], ids=["far_address", "negative", "unaligned", "long_value", "malformed"])
def test_poisoned_interrupt_words_are_rejected(tmp_path: Path, compiled_cache: Path, poison: dict) -> None:
    cache = _genuine(compiled_cache, tmp_path / "cache")
    words = _words_file(cache)
    assert words.exists()
    words.write_text(json.dumps(poison))
    # The booted image stored on disk carries its own checked words (test_image_cache.py): boot
    # instead, the path that reads the cached words.
    again = _run(cache, MPWASM_IMAGE_CACHE="0")
    assert again.returncode == 0 and again.stdout.strip() == "OK", (again.returncode, again.stderr[-2000:])
    assert json.loads(words.read_text()) != poison  # recomputed and rewritten


def test_cache_directory_is_created_private(tmp_path: Path) -> None:
    cache = tmp_path / "fresh" / "cache"
    result = _run(cache)
    assert result.stdout.strip() == "OK", result.stderr
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert list(cache.glob("*.cwasm"))


@pytest.mark.parametrize("kind", ["world_writable", "other_owner", "symlink"])
def test_untrusted_cache_directory_is_not_used(tmp_path: Path, compiled_cache: Path, kind: str) -> None:
    """A cache directory others could write to is neither read nor written: planted files are
    ignored (they would be native code), and the kernel compiles instead."""
    real = tmp_path / "shared"
    real.mkdir()
    cache = real
    if kind == "world_writable":
        real.chmod(0o777)
    elif kind == "other_owner":
        if os.getuid() != 0:
            pytest.skip("changing a directory's owner needs root")
        os.chown(real, 65534, 65534)
    else:
        cache = tmp_path / "link"
        cache.symlink_to(real)
    # A planted entry with the right name: garbage here; a real attack would be native code.
    for entry in compiled_cache.iterdir():  # the names a genuine process wrote
        (real / entry.name).write_bytes(b"planted")
    result = _run(cache)
    assert result.returncode == 0 and result.stdout.strip() == "OK", result.stderr[-2000:]
    assert all(p.read_bytes() == b"planted" for p in real.iterdir())  # nothing read back or rewritten


def test_cache_file_writable_by_others_is_not_trusted(tmp_path: Path, compiled_cache: Path) -> None:
    cache = _genuine(compiled_cache, tmp_path / "cache")
    for entry in cache.iterdir():
        entry.write_bytes(b"planted")
        entry.chmod(0o666)
    result = _run(cache)
    assert result.returncode == 0 and result.stdout.strip() == "OK", result.stderr[-2000:]
