"""Fuzzing: random cells through one small-limit Sandbox.

Any host exception escaping `Sandbox.run`, a run past its bound, or a dead sandbox (a trivial
follow-up run not returning '2') is a failure. CI runs a short bounded campaign; set
MPWASM_FUZZ_EXAMPLES=N for a longer one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpwasm_kernel import Limits, Sandbox

EXAMPLES = int(os.environ.get("MPWASM_FUZZ_EXAMPLES", "0")) or None
LIMITS = Limits(fuel=200_000_000, wall_seconds=0.5, memory_bytes=32 << 20, output_bytes=16 * 1024,
                disk_bytes=64 * 1024)
BOUND = LIMITS.wall_seconds + 10


@pytest.fixture(scope="module")
def fuzz_sandbox() -> Iterator[Sandbox]:
    with Sandbox(LIMITS, interrupt_grace=0.3) as sb:
        yield sb


def _check(sb: Sandbox, source: str) -> None:
    start = time.monotonic()
    result = sb.run(source)
    assert time.monotonic() - start < BOUND, source[:200]
    assert result.error is None or isinstance(result.error.ename, str)
    assert result.value is None or isinstance(result.value, str)
    for text in (result.stdout, result.stderr, result.value or ""):
        text.encode("utf-8")
    follow = sb.run("1+1")
    if follow.value != "2":  # one recovery run is allowed (an interpreter restart reports once)
        follow = sb.run("1+1")
    assert follow.value == "2", (source[:300], result.error, follow.error)


NAMES = st.sampled_from(["x", "y", "l", "d", "s", "f", "_", "builtins", "sys", "os", "uctypes", "gc"])
ATOMS = st.one_of(
    st.integers(-10**30, 10**30).map(str), st.sampled_from(["None", "True", "[]", "{}", "()", "''", "b''",
                                                            "1.5e308", "-0.0", "float('nan')", "...",
                                                            "__import__('os')", "globals()", "locals()"]),
    st.text(max_size=20).map(repr), NAMES,
)


def _expr(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "**", "/", "//", "%", "<<", "|", "&", "==", "in",
                                             "and", "or", "is"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, children).map(lambda t: f"[{t[0]}, {t[1]}]"),
        st.tuples(children, children).map(lambda t: f"{{{t[0]}: {t[1]}}}"),
        st.tuples(st.sampled_from(["str", "repr", "len", "list", "dict", "bytes", "bytearray", "range", "hash",
                                   "sorted", "print", "iter", "next", "type", "dir", "id", "abs", "eval", "exec"]),
                  children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(["append", "pop", "keys", "decode", "encode", "split", "join",
                                             "__class__", "__dict__", "__globals__"])).map(
            lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
    )


EXPRS = st.recursive(ATOMS, _expr, max_leaves=12)
STATEMENTS = st.one_of(
    st.tuples(NAMES, EXPRS).map(lambda t: f"{t[0]} = {t[1]}"),
    EXPRS,
    st.tuples(NAMES, EXPRS).map(lambda t: f"for {t[0]} in {t[1]}:\n    pass"),
    st.tuples(EXPRS, EXPRS).map(lambda t: f"while {t[0]}:\n    {t[1]}\n    break"),
    st.tuples(EXPRS).map(lambda t: f"try:\n    {t[0]}\nexcept BaseException:\n    pass"),
    st.tuples(NAMES, EXPRS).map(lambda t: f"def {t[0]}(*a):\n    return {t[1]}"),
    st.sampled_from(["raise SystemExit", "raise KeyboardInterrupt", "import builtins", "import sys",
                     "import os", "import uctypes", "import gc", "import micropython", "del x",
                     "import json", "gc.collect()", "sys.exit()", "while True:\n    pass",
                     "open('/tmp/f', 'w').write('x' * 100)", "print('\\ud800')", "import js"]),
)
CELLS = st.lists(STATEMENTS, min_size=1, max_size=6).map("\n".join)
FUZZ = settings(max_examples=EXAMPLES or 120, deadline=None, derandomize=EXAMPLES is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@FUZZ
@given(cell=CELLS)
def test_grammar_cells(fuzz_sandbox: Sandbox, cell: str) -> None:
    """Random statements from a small Python grammar never break the host or kill the sandbox."""
    _check(fuzz_sandbox, cell)


@settings(FUZZ, max_examples=EXAMPLES or 60)
@given(raw=st.binary(max_size=400), mode=st.sampled_from(["replace", "surrogateescape", "latin-1"]))
def test_random_bytes_as_source(fuzz_sandbox: Sandbox, raw: bytes, mode: str) -> None:
    """Random bytes decoded as source (with U+FFFD, lone surrogates, or as Latin-1) are handled."""
    source = raw.decode("latin-1") if mode == "latin-1" else raw.decode("utf-8", mode)
    _check(fuzz_sandbox, source)


@settings(FUZZ, max_examples=EXAMPLES or 60)
@given(text=st.text(max_size=300))
def test_random_unicode_text(fuzz_sandbox: Sandbox, text: str) -> None:
    """Arbitrary Unicode text as a cell, and the same text printed and returned as a value."""
    _check(fuzz_sandbox, text)
    _check(fuzz_sandbox, f"print({text!r})\n{text!r}")
