"""MCP server fixtures: real `mpwasm-kernel mcp` subprocesses, reached with the SDK's real client.

`mcp_server(*options)` starts a streamable-HTTP server on 127.0.0.1 with a free port (``--port 0``;
the server prints the URL it bound) and stops it afterwards; `stdio_params(*options)` are the
parameters for the SDK's stdio client. The host functions of `mcp_hostfns.py` are importable by
the servers; `marks` is a directory where the `mark` host function leaves files, so a test can wait
for guest code to reach a point (explicit synchronisation, no sleeps).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("mcp")

from mcp import StdioServerParameters  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
START_TIMEOUT = 120
FUNCTIONS = ("--functions", "lookup=mcp_hostfns:lookup", "--functions", "mark=mcp_hostfns:mark")


@pytest.fixture(scope="session")
def marks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("marks")
    os.environ["MPWASM_TEST_MARKS"] = str(path)
    return path


def server_env(marks: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), str(HERE), env.get("PYTHONPATH")]))
    env["MPWASM_TEST_MARKS"] = str(marks)
    return env


def wait_for(path: Path, timeout: float = 120.0) -> None:
    """Wait until `path` exists (a generous bound that only guards against a hang)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name} never appeared")
        time.sleep(0.01)


@contextmanager
def http_server(marks: Path, *options: str) -> Iterator[str]:
    """A running HTTP server; yields its URL."""
    proc = subprocess.Popen([sys.executable, "-m", "mpwasm_kernel", "mcp", "--transport", "http", "--port", "0",
                             *options], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=server_env(marks), cwd=REPO)
    try:
        assert proc.stderr is not None
        lines = []
        deadline = time.monotonic() + START_TIMEOUT
        url = None
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            match = re.search(r"at (http://\S+)", line)
            url = match.group(1) if match else None
        if url is None:
            raise RuntimeError("the MCP server did not start:\n" + "".join(lines))
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server_url(marks: Path) -> Iterator[str]:
    """One HTTP server for a test module: host functions, a read-only mount, generous limits (a
    runaway loop runs until it is cancelled), short output parts."""
    fixtures = HERE / "fixtures"
    with http_server(marks, *FUNCTIONS, "--mount", f"/data={fixtures}", "--wall-seconds", "600", "--fuel", "1e14",
                     "--max-output-chars", "1000", "--max-code-chars", "50000", "--max-pending", "3",
                     "--max-sessions", "12") as url:
        yield url


@pytest.fixture(scope="session")
def stdio_params(marks: Path) -> Callable[..., StdioServerParameters]:
    def make(*options: str) -> StdioServerParameters:
        return StdioServerParameters(command=sys.executable, args=["-m", "mpwasm_kernel", "mcp", *options],
                                     env=server_env(marks), cwd=str(REPO))

    return make
