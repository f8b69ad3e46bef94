"""The MCP server's sessions take their sandboxes from one `SandboxPool` (issue 29): a closed
session's sandbox is reset and handed to the next session, which finds a pristine interpreter
(no variables, no files) and gets its own output; sessions open at the same time never share
one."""

from __future__ import annotations

import asyncio

from mpwasm_kernel.mcp_server.engine import EngineSettings, PythonSession
from mpwasm_kernel.mcp_server.sessions import SessionManager
from mpwasm_kernel.sandbox.limits import Limits


def test_a_new_session_gets_a_recycled_pristine_sandbox() -> None:
    manager = SessionManager(EngineSettings(limits=Limits(wall_seconds=30)), max_sessions=4)

    async def scenario() -> None:
        first = manager.open()
        out = await manager.call(first, lambda py: py.run("secret = 41\nprint('first')\nsecret + 1"))
        assert (out.stdout, out.result) == ("first\n", "42")
        await manager.call(first, lambda py: py.write_file("notes.txt", b"private"))
        sandbox = first.python._runner.sandbox
        manager.close(first)
        first.worker._thread.join(timeout=120)  # its worker gave the sandbox back and ended
        assert manager.pool.idle == 1

        second = manager.open()
        other = manager.open()
        out = await manager.call(second, lambda py: py.run("print('second')\n'secret' in globals()"))
        assert (out.stdout, out.result) == ("second\n", "False")
        assert second.python._runner.sandbox is sandbox and manager.pool.reused == 1
        names = await manager.call(second, lambda py: [f.name for f in py.list_files(".")])
        assert "notes.txt" not in names
        out = await manager.call(other, lambda py: py.run("x = 'other'\nx"))
        assert out.result == "'other'" and other.python._runner.sandbox is not sandbox
        out = await manager.call(second, lambda py: py.run("'x' in globals()"))
        assert out.result == "False"

    try:
        asyncio.run(scenario())
    finally:
        manager.close_all()


def test_a_session_without_a_pool_still_owns_its_sandbox() -> None:
    """The start-up interpreter of the CLI (no pool) closes its sandbox as before."""
    python = PythonSession(EngineSettings())
    sandbox = python._runner.sandbox
    assert python.run("1 + 1").result == "2"
    python.close()
    assert sandbox._closed
