"""Attacks on the interpreter itself: raw memory writes through `uctypes`, tampering with the guest
runtime's globals, heap locks, enormous source, SystemExit and hand-raised KeyboardInterrupt.

What the sandbox promises here is narrower than for ordinary limits: user code may corrupt its own
interpreter (wasm linear memory is the guest's to scribble on), but the host never sees an
exception or a crash, a run that traps is rolled back, an interpreter that cannot recover is
restarted, and `reset()` always returns a pristine one.
"""

from __future__ import annotations

import time

import pytest
from hostile_support import Hostile, install_lying_runtime, rss

SANDBOX_LIMITS = {"wall_seconds": 30.0, "fuel": 5_000_000_000}  # fuel stops runaways

TRAPPING_WRITES = {
    "write_past_end_of_memory": "import uctypes\nuctypes.bytearray_at(0xFFFFFFF0, 64)[0] = 1",
    "write_at_2g": "import uctypes\nuctypes.bytearray_at(0x7FFFFFF0, 64)[0] = 1",
    "read_past_end": "import uctypes\nbytes(uctypes.bytearray_at(0x10000000, 64))",
    "zero_whole_low_memory": (
        "import uctypes\nm = uctypes.bytearray_at(0, 16 * 1024 * 1024)\n"
        "for i in range(0, len(m), 4096):\n    m[i:i + 4096] = bytes(4096)"),
    "fill_data_and_stack_region": (
        "import uctypes\nm = uctypes.bytearray_at(1024, 65536)\nm[:] = b'\\xff' * len(m)"),
    "smash_around_the_heap": (
        "import uctypes\na = uctypes.addressof(bytearray(8))\n"
        "m = uctypes.bytearray_at(a - 65536, 131072)\nm[:] = b'\\xff' * len(m)"),
}


@pytest.mark.parametrize("source", TRAPPING_WRITES.values(), ids=TRAPPING_WRITES.keys())
def test_memory_smashing_traps_and_rolls_back(hostile: Hostile, source: str) -> None:
    """Wild writes either trap inside wasm (bounds-checked linear memory) and are rolled back, or
    corrupt only the guest; the host survives and the interpreter runs the next cell."""
    r = hostile.attack("changed = 1\n" + source, ("SandboxFault", "FuelExhausted", "TimeLimitExceeded", None),
                       state="alive")
    if r.error is not None:
        assert r.rolled_back


@pytest.mark.parametrize("seed", range(4))
def test_random_writes_never_hurt_the_host(hostile: Hostile, seed: int) -> None:
    """Thousands of random byte writes into the low 16 MiB: any outcome except a host failure; the
    sandbox keeps working (possibly restarted), and reset() always gives a pristine interpreter."""
    source = (f"import uctypes, random\nrandom.seed({seed})\nfor i in range(20000):\n"
              "    uctypes.bytearray_at(random.getrandbits(24), 1)[0] = random.getrandbits(8)")
    result, _ = hostile.run(source)  # any ename, any outcome: the guest's memory is the guest's
    hostile.canary.assert_clean([result.stdout, result.stderr, str(result.error)])
    for _ in range(3):
        after, _ = hostile.run("1 + 1")
        if after.value == "2":
            break
    hostile.sb.reset()
    r, _ = hostile.run("'adv_marker' in globals(), 6 * 7")
    assert r.value == "(False, 42)", r.error


def test_reset_heals_a_silently_corrupted_interpreter(hostile: Hostile) -> None:
    """Corrupting the code of the runtime's own functions without trapping: reset() still heals."""
    hostile.run("import uctypes\nm = uctypes.bytearray_at(1 << 20, 1 << 20)\nfor i in range(0, len(m), 7):\n"
                "    m[i] = 0x55")
    hostile.sb.reset()
    assert hostile.run("6 * 7")[0].value == "42"


TAMPERED_DUMPS = {
    "not_json": "'not json'",
    "json_list": "'[1, 2]'",
    "not_a_string": "5",
    "error_not_a_record": "'{\"error\": 5}'",
    "traceback_not_a_list": "'{\"error\": {\"ename\": \"X\", \"traceback\": 5}}'",
    "data_not_a_dict": "'{\"data\": 5}'",
    "text_plain_not_a_string": "'{\"data\": {\"text/plain\": 5}}'",
    "raises": "1 / 0",
}


@pytest.mark.parametrize("body", TAMPERED_DUMPS.values(), ids=TAMPERED_DUMPS.keys())
def test_tampered_runtime_results_never_raise_in_the_host(hostile: Hostile, body: str) -> None:
    """User code can reach the runtime's globals (`run_cell.__globals__`) and replace its `json`.
    Whatever the runtime then returns, `Sandbox.run` returns a RunResult (no host exception) with a
    str-or-None value, no secret leaks, and `reset()` restores a working interpreter. (A runtime the
    user taught to lie keeps lying until reset: that is the user's own session, not the host.)"""
    source = ("import _mpk_runtime\nclass J:\n    @staticmethod\n    def dumps(x):\n"
              f"        return {body}\n_mpk_runtime.run_cell.__globals__['json'] = J")
    assert hostile.sb.run(source).error is None
    install_lying_runtime(hostile.sb)
    for cell in ("1 + 1", "1 + 1", "raise ValueError"):
        r, _ = hostile.run(cell)
        assert r.value is None or isinstance(r.value, str)
        assert r.error is None or isinstance(r.error.ename, str)
        hostile.canary.assert_clean([r.stdout, r.stderr, r.value or "", str(r.error)])
    hostile.sb.reset()
    hostile.assert_alive()


def test_delayed_runtime_tampering_is_healed(hostile: Hostile) -> None:
    """Tampering that only breaks the *next* run (so the tampering run itself is not rolled back)
    leads to a SandboxFault and a restarted interpreter, not a permanently broken sandbox."""
    source = ("import _mpk_runtime, json\nclass J:\n    @staticmethod\n    def dumps(x):\n"
              "        return 'garbage'\n"
              "_mpk_runtime.run_cell.__globals__['json'] = J")
    first, _ = hostile.run(source)
    assert first.error is None
    install_lying_runtime(hostile.sb)
    second, _ = hostile.run("1 + 1")
    assert second.error is not None and second.error.ename == "SandboxFault"
    hostile.assert_alive()


def test_runtime_helpers_tampered_for_call(hostile: Hostile) -> None:
    """`Sandbox.call` (completion, inspection) also survives a tampered runtime: CallError, not a crash."""
    from mpwasm_kernel import CallError

    hostile.run("import _mpk_runtime\nclass J:\n    @staticmethod\n    def dumps(x):\n        return '[]'\n"
                "_mpk_runtime.call.__globals__['json'] = J")
    try:
        hostile.sb.call("evaluate", "1 + 1")
    except CallError:
        pass
    hostile.assert_alive()


SELF_HARM = {
    "heap_lock": ("import micropython\nmicropython.heap_lock()",
                  ("TimeLimitExceeded", "FuelExhausted", "MemoryError", None)),
    "heap_unlock_unbalanced": ("import micropython\nmicropython.heap_unlock()",
                               ("TimeLimitExceeded", "MemoryError", "FuelExhausted", None)),
    "kbd_intr_disabled": ("import micropython\nmicropython.kbd_intr(-1)\nwhile True:\n    pass",
                          ("TimeLimitExceeded", "FuelExhausted")),
    "system_exit": ("raise SystemExit(3)", "SystemExit"),
    "sys_exit_string": ("import sys\nsys.exit('bye')", "SystemExit"),
    "keyboard_interrupt_by_hand": ("raise KeyboardInterrupt('by hand')", "KeyboardInterrupt"),
    "repr_raises_system_exit": (
        "class R:\n    def __repr__(self):\n        raise SystemExit\nR()", "SystemExit"),
    "repr_raises_keyboard_interrupt": (
        "class R:\n    def __repr__(self):\n        raise KeyboardInterrupt\nR()", "KeyboardInterrupt"),
    "str_of_exception_loops": ("class E(Exception):\n    def __str__(self):\n        while True:\n"
                               "            pass\nraise E()", ("TimeLimitExceeded", "FuelExhausted")),
    "exception_str_raises": ("class E(Exception):\n    def __str__(self):\n        raise E()\nraise E()",
                             ("E", "RuntimeError")),
    # With the guest library, `import sys` is a module object whose attributes can be rebound;
    # the interpreter's real output stream is untouched (print still works), as the test requires.
    "stdout_replaced": ("import sys\nsys.stdout = None\nprint(1)", ("AttributeError", "TypeError", None)),
    "gc_disabled_then_collect": ("import gc\ngc.disable()\ngc.collect()\n1", None),
}


@pytest.mark.parametrize(("source", "expect"), SELF_HARM.values(), ids=SELF_HARM.keys())
def test_self_harm_is_contained(hostile: Hostile, source: str, expect: str | tuple) -> None:
    """Cells that attack the interpreter's own machinery end as a guest error or a limit stop."""
    hostile.attack(source, expect)


def test_print_replaced_only_affects_the_user(hostile: Hostile) -> None:
    """Replacing builtins.print is the user's business (as in CPython), but results still come back."""
    hostile.attack("import builtins\n_p = builtins.print\nbuiltins.print = lambda *a, **k: None\nprint('x')",
                   None)
    r = hostile.attack("6 * 7", None)
    assert r.value == "42"
    hostile.run("builtins.print = _p")


def test_five_megabyte_cell_is_bounded_on_the_host(hostile: Hostile) -> None:
    """A 5 MB cell (2.5 M list elements) is not parsed on the host without limits: the run returns
    within the bound and the host's RSS does not balloon (CPython's AST for it is ~1 GB)."""
    source = "x = [" + "1," * 2_500_000 + "]\nlen(x)"
    before = rss()
    start = time.monotonic()
    r = hostile.attack(source, (None, "MemoryError", "RuntimeError", "FuelExhausted", "TimeLimitExceeded"))
    assert time.monotonic() - start < hostile.bound
    assert rss() - before < 200 << 20
    assert r.value in (None, "2500000")


def test_huge_comment_and_many_lines(hostile: Hostile) -> None:
    """Five megabytes of comment, and 400 000 short statements, both come back within the bound."""
    hostile.attack("x = 1\n# " + "c" * (5 << 20) + "\n", (None, "MemoryError"))
    hostile.attack("y = 0\n" + "y += 1\n" * 400_000, (None, "MemoryError", "RuntimeError", "FuelExhausted",
                                                       "TimeLimitExceeded"))
