"""`SandboxPool`: pristine sandboxes checked out and returned, recycled by reset."""

from __future__ import annotations

import threading

import pytest

from mpwasm_kernel import Limits, Sandbox, SandboxPool


def test_checked_out_sandboxes_are_pristine_and_recycled() -> None:
    with SandboxPool(max_idle=2) as pool:
        sb = pool.acquire()
        sb.run("secret = 'first user'\nopen('notes.txt', 'w').write('x')")
        sb.limits = sb.limits.lowered(fuel=10**6)
        pool.release(sb)
        assert pool.idle == 1
        again = pool.acquire()
        assert again is sb and pool.reused == 1
        assert again.run("'secret' in globals()").value == "False"
        r = again.run("open('notes.txt').read()")
        assert r.error is not None and r.error.ename == "FileNotFoundError"
        assert again.limits == Limits()
        pool.release(again)


def test_the_pool_keeps_at_most_max_idle() -> None:
    with SandboxPool(max_idle=1) as pool:
        a, b = pool.acquire(), pool.acquire()
        assert a is not b and pool.created == 2
        pool.release(a)
        pool.release(b)
        assert pool.idle == 1
        assert b._closed and not a._closed


def test_a_sandbox_with_new_host_functions_is_not_recycled() -> None:
    with SandboxPool() as pool:
        sb = pool.acquire()
        sb.register_function(lambda: 1, "leak")
        pool.release(sb)
        assert pool.idle == 0 and sb._closed
        fresh = pool.acquire()
        assert fresh.run("'leak' in dir(__import__('builtins'))").value == "False"
        pool.release(fresh)


def test_release_rejects_foreign_and_double_returns() -> None:
    with SandboxPool() as pool, Sandbox() as foreign:
        with pytest.raises(ValueError):
            pool.release(foreign)
        sb = pool.acquire()
        pool.release(sb)
        with pytest.raises(ValueError):
            pool.release(sb)


def test_context_manager_and_threads() -> None:
    with SandboxPool(max_idle=4, prefill=2) as pool:
        assert pool.idle == 2
        values: list[str | None] = []
        lock = threading.Lock()

        def work(i: int) -> None:
            for _ in range(3):
                with pool.sandbox() as sb:
                    assert sb.run("'mine' in globals()").value == "False"
                    value = sb.run(f"mine = {i}\nmine * 2").value
                    with lock:
                        values.append(value)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(values) == sorted(str(2 * i) for i in range(4) for _ in range(3))
        assert pool.idle <= 4
    with pytest.raises(RuntimeError):
        pool.acquire()


def test_a_borrowers_callbacks_do_not_outlive_its_checkout() -> None:
    """A borrower may route output, displays and input to itself; the next borrower gets the
    pool's callbacks back (an MCP session's sandbox never writes into a closed session)."""
    pool_out: list[str] = []
    mine: list[object] = []
    with SandboxPool(max_idle=1, on_output=lambda name, text: pool_out.append(text),
                     on_input=lambda prompt, password: "from the pool") as pool:
        sb = pool.acquire()
        sb.on_output = lambda name, text: mine.append(text)
        sb.on_display = mine.append
        sb.on_input = lambda prompt, password: "from the borrower"
        assert sb.run("print('one')\ninput()").value == "'from the borrower'"
        assert mine == ["one\n"] and pool_out == []
        pool.release(sb)
        again = pool.acquire()
        assert again is sb and again.on_display is None
        assert again.run("print('two')\ninput()").value == "'from the pool'"
        assert pool_out == ["two\n"] and mine == ["one\n"]
        pool.release(again)
