"""`mpwasm-kernel mcp --transport http`: a real server subprocess on 127.0.0.1, the SDK's real client.

State across calls, isolated and concurrent sessions, a runaway cell that does not delay another
session and stops when its call is cancelled (state kept), limits (lowered per call, never
raised), files and read-only mounts, host functions, output truncation, and bad input answered
with MCP errors without losing the session.
"""

from __future__ import annotations

import base64
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import anyio
import pytest
from conftest import http_server, wait_for
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, EmbeddedResource, ImageContent

pytestmark = pytest.mark.timeout(600)


def run(main, *args):  # type: ignore[no-untyped-def]
    return anyio.run(main, *args)


async def call(client: Client, code: str, **limits: object):  # type: ignore[no-untyped-def]
    return await client.call_tool("run_python", {"code": code, **limits})


async def client_write(client: Client, path: str, content: str) -> None:
    assert not (await client.call_tool("write_file", {"path": path, "content": content})).is_error


def test_state_persists_and_sessions_are_isolated(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as a, Client(server_url) as b:
            assert a.protocol_version in ("2025-11-25", "2025-06-18", "2025-03-26")
            await call(a, "x = 'A'\ndef f(n):\n    return n * 2")
            await call(b, "x = 'B'")
            ra, rb = await call(a, "print('out')\nf(21), x"), await call(b, "x")
            assert ra.structured_content["result"] == "(42, 'A')" and ra.structured_content["stdout"] == "out\n"
            assert rb.structured_content["result"] == "'B'"
            missing = await call(b, "f(1)")
            assert missing.is_error and missing.structured_content["error"]["type"] == "NameError"
            await client_write(a, "/only-a.txt", "a's file")
            assert not (await a.call_tool("read_file", {"path": "/only-a.txt"})).is_error
            other = await b.call_tool("read_file", {"path": "/only-a.txt"})
            assert other.is_error and "FileNotFoundError: [Errno 2] No such file or directory" in other.content[0].text

    run(main)


def test_many_sessions_at_once(server_url: str) -> None:
    async def one(i: int, results: dict[int, str]) -> None:
        async with Client(server_url) as client:
            await call(client, f"n = {i}\ns = sum(range(100000))")
            results[i] = (await call(client, "n, s")).structured_content["result"]

    async def main() -> None:
        results: dict[int, str] = {}
        async with anyio.create_task_group() as tg:
            for i in range(6):
                tg.start_soon(one, i, results)
        assert results == {i: f"({i}, 4999950000)" for i in range(6)}

    run(main)


def test_runaway_cell_does_not_block_others_and_cancel_interrupts_it(server_url: str, marks: Path) -> None:
    flag = marks / "spin-http"

    async def main() -> None:
        async with Client(server_url) as a, Client(server_url) as b:
            await call(a, "i = 0")
            spinning = anyio.Event()
            finished: list[object] = []

            async def spin() -> None:
                with anyio.CancelScope() as scope:
                    cancel_scopes.append(scope)
                    finished.append(await call(a, "i += 1\nmark('spin-http')\nwhile True:\n    i += 1"))
                spinning.set()

            cancel_scopes: list[anyio.CancelScope] = []
            async with anyio.create_task_group() as tg:
                tg.start_soon(spin)
                await anyio.to_thread.run_sync(wait_for, flag)
                # A's loop is running (it called mark); B is answered meanwhile, several times.
                for k in range(3):
                    r = await call(b, f"{k} * 10")
                    assert r.structured_content["result"] == str(k * 10)
                assert not finished and not spinning.is_set()
                cancel_scopes[0].cancel()
            assert not finished  # the cancelled call got no result
            # The interrupted loop kept its state; the session still works.
            after = await call(a, "i > 0, 'alive'")
            assert after.structured_content["result"] == "(True, 'alive')", after.content[0].text

    run(main)


def test_limits_lowered_per_call_never_raised(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as client:
            await call(client, "kept = 1")
            r = await call(client, "kept = 2\nwhile True:\n    pass", fuel=5_000_000)
            assert r.is_error
            error = r.structured_content["error"]
            assert error["type"] == "FuelExhausted" and error["limit"] == "fuel"
            assert "stopped by the limit fuel" in r.content[0].text
            assert "kept" in r.content[0].text
            r = await call(client, "kept")
            assert r.structured_content["result"] in ("1", "2")  # the error says which: rolled back or kept
            expected = "1" if error["rolled_back"] else "2"
            assert r.structured_content["result"] == expected
            with pytest.raises(MCPError) as info:
                await call(client, "1", fuel=10**18)
            assert info.value.code == INVALID_PARAMS and "cannot be raised" in info.value.message
            r = await call(client, "print('x' * 50000)", output_bytes=1000)
            assert r.structured_content["error"]["limit"] == "output_bytes"

    run(main)


def test_output_truncation_says_how_much_was_cut(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as client:
            r = await call(client, "print('y' * 5000, end='')")
            assert r.structured_content["truncated"] == {"stdout": 4000}
            assert "4,000 of 5,000 characters cut" in r.structured_content["stdout"]
            assert "output was truncated: stdout: 4,000 characters cut" in r.content[0].text

    run(main)


def test_files_and_read_only_mount(server_url: str) -> None:
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                           "AAAABJRU5ErkJggg==")

    async def main() -> None:
        async with Client(server_url) as client:
            r = await client.call_tool("write_file", {"path": "/job/in.txt", "content": "3\n4\n"})
            assert not r.is_error and r.structured_content["size"] == 4
            r = await call(client, "sum(int(v) for v in open('/job/in.txt'))")
            assert r.structured_content["result"] == "7"
            await call(client, "open('/job/out.bin', 'wb').write(bytes(range(256)))")
            listing = await client.call_tool("list_files", {"path": "/job"})
            names = {e["name"]: e for e in listing.structured_content["entries"]}
            assert names["out.bin"]["size"] == 256 and names["in.txt"]["kind"] == "file"
            r = await client.call_tool("read_file", {"path": "/job/out.bin"})
            assert r.structured_content["encoding"] == "base64"
            assert base64.b64decode(r.content[0].text.split("base64:\n", 1)[1]) == bytes(range(256))
            await client.call_tool("write_file", {"path": "/job/dot.png", "content": base64.b64encode(png).decode(),
                                                  "encoding": "base64"})
            r = await client.call_tool("read_file", {"path": "/job/dot.png"})
            assert any(isinstance(b, ImageContent) and b.mime_type == "image/png" for b in r.content)
            # the administrator's read-only mount: readable, not writable
            r = await client.call_tool("read_file", {"path": "/data/elements.csv"})
            assert "H,1.008" in r.content[0].text
            r = await client.call_tool("write_file", {"path": "/data/x.txt", "content": "no"})
            assert r.is_error and "read-only" in r.content[0].text
            r = await client.call_tool("read_file", {"path": "/job/missing.txt"})
            assert r.is_error and "FileNotFoundError: [Errno 2] No such file or directory" in r.content[0].text
            # file tools do not touch the user's namespace
            r = await call(client, "'ARGS' in globals() or 'RESULT' in globals()")
            assert r.structured_content["result"] == "False"

    run(main)


def test_host_functions(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as client:
            listed = await client.call_tool("list_host_functions", {})
            assert "lookup(symbol: str) -> dict — The element with chemical `symbol`" in listed.content[0].text
            assert {f["name"] for f in listed.structured_content["functions"]} == {"lookup", "mark"}
            r = await call(client, "round(2 * lookup('H')['mass'] + lookup('O')['mass'], 3)")
            assert r.structured_content["result"] == "18.015"
            r = await call(client, "try:\n    lookup('Xx')\nexcept RuntimeError as e:\n    print(e)")
            assert r.structured_content["stdout"] == "KeyError: 'Xx'\n"

    run(main)


def test_images_and_html(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as client:
            r = await call(client, "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()")
            assert not r.is_error, r.content[0].text
            images = [b for b in r.content if isinstance(b, ImageContent)]
            svgs = [b for b in r.content if isinstance(b, EmbeddedResource) and b.resource.mime_type == "image/svg+xml"]
            assert len(images) + len(svgs) == 1
            if images:
                assert base64.b64decode(images[0].data).startswith(b"\x89PNG")
            r = await call(client, "from IPython.display import HTML, display\ndisplay(HTML('<b>bold</b>'))\n7")
            html = [b for b in r.content if isinstance(b, EmbeddedResource) and b.resource.mime_type == "text/html"]
            assert html and html[0].resource.text == "<b>bold</b>"
            assert r.structured_content["result"] == "7"

    run(main)


def test_bad_input_keeps_the_session(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as client:
            await call(client, "state = 'kept'")
            with pytest.raises(MCPError) as info:
                await client.call_tool("no_such_tool", {})
            assert info.value.code == INVALID_PARAMS and "unknown tool" in info.value.message
            with pytest.raises(MCPError) as info:
                await call(client, "x = 1\n" * 20000)
            assert "max_code_chars" in info.value.message
            with pytest.raises(MCPError):
                await client.call_tool("run_python", {"code": 42})
            with pytest.raises(MCPError):
                await client.call_tool("run_python", {"code": "1", "bogus": True})
            r = await call(client, "state")
            assert r.structured_content["result"] == "'kept'"

    run(main)


def test_malformed_http_requests_get_errors(server_url: str) -> None:
    def post(body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(server_url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Accept": "application/json, text/event-stream", **headers})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    assert post(b"{not json", {}) >= 400
    # a body over the size limit is refused from its Content-Length, before it is read
    parts = urllib.parse.urlsplit(server_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as conn:
        conn.sendall(f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                     f"Accept: application/json, text/event-stream\r\nContent-Length: {5 << 20}\r\n\r\n".encode())
        assert conn.recv(64).startswith(b"HTTP/1.1 413")
    assert post(b"\xff\xfe\x00garbage", {}) >= 400
    assert post(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call"}).encode(),
                {"Mcp-Session-Id": "no-such-session"}) >= 400

    async def main() -> None:  # the server still serves sessions
        async with Client(server_url) as client:
            assert (await call(client, "6 * 7")).structured_content["result"] == "42"

    run(main)


def test_stateless_protocol_is_refused_with_a_clear_error(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url, mode="2026-07-28") as client:
            with pytest.raises(MCPError) as info:
                await call(client, "1")
            assert "initialize handshake" in info.value.message

    run(main)


def test_session_cap_and_queue_cap(marks: Path) -> None:
    with http_server(marks, "--max-sessions", "2", "--max-pending", "1", "--functions",
                     "mark=mcp_hostfns:mark", "--wall-seconds", "600", "--fuel", "1e14") as url:
        async def main() -> None:
            async with Client(url) as a, Client(url) as b:
                await call(a, "1")
                await call(b, "1")
                with pytest.raises(Exception) as info:  # noqa: PT011 - the SDK reports the 503 as it can
                    async with Client(url) as c:
                        await call(c, "1")
                assert "503" in repr(info.value) or "session" in repr(info.value).lower()
                # a flood in one session: one call runs, one waits, the others are refused at once
                refused: list[object] = []
                scopes: list[anyio.CancelScope] = []

                async def send(code: str) -> None:
                    with anyio.CancelScope() as scope:
                        scopes.append(scope)
                        r = await call(a, code)
                        if r.is_error:
                            refused.append(r)

                async with anyio.create_task_group() as tg:
                    tg.start_soon(send, "mark('spin-cap')\nwhile True:\n    pass")
                    await anyio.to_thread.run_sync(wait_for, marks / "spin-cap")
                    for _ in range(3):
                        tg.start_soon(send, "3")
                    while len(refused) < 2:
                        await anyio.sleep(0.01)
                    assert "max_pending=1" in refused[0].content[0].text
                    for scope in scopes:
                        scope.cancel()
                assert (await call(b, "'b still works'")).structured_content["result"] == "'b still works'"
            # a, b ended their MCP sessions: their interpreters were closed and the room is free again
            for _ in range(2):
                async with Client(url) as c, Client(url) as d:
                    assert (await call(c, "'c'")).structured_content["result"] == "'c'"
                    assert (await call(d, "'d'")).structured_content["result"] == "'d'"

        run(main)


def test_files_as_resources(server_url: str) -> None:
    async def main() -> None:
        async with Client(server_url) as client:
            await client.call_tool("write_file", {"path": "/out/report.txt", "content": "total: 7\n"})
            await call(client, "open('/out/raw.bin', 'wb').write(bytes([0, 255, 1]))")
            listed = {r.name: r for r in (await client.list_resources()).resources}
            assert listed["/out/report.txt"].size == 9 and str(listed["/out/report.txt"].uri) == \
                "mpwasm:///out/report.txt"
            assert "/data/elements.csv" in listed and not any(name.startswith("/lib/") for name in listed)
            text = await client.read_resource("mpwasm:///out/report.txt")
            assert text.contents[0].text == "total: 7\n"
            blob = await client.read_resource("mpwasm:///out/raw.bin")
            assert base64.b64decode(blob.contents[0].blob) == bytes([0, 255, 1])
            with pytest.raises(MCPError):
                await client.read_resource("mpwasm:///out/missing.txt")
            with pytest.raises(MCPError):
                await client.read_resource("file:///etc/passwd")

    run(main)
