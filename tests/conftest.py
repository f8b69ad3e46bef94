"""Kernel fixtures: real kernels started through jupyter_client from kernelspecs installed in a tmp dir.

`kernelspecs` runs ``python -m mpwasm_kernel install --prefix TMP`` once per session and points
``JUPYTER_PATH`` there, so tests never touch the user's or the venv's Jupyter directories. It also
adds ``micropython-wasm-signal`` (the same kernel with ``interrupt_mode: signal``) to exercise both
interrupt routes.

`pytest_collection_finish` starts the interpreter builds the patch-needed tests compare with in the
background (`tests/sandbox/patch_builds.py`).

The suite runs on pytest-xdist workers (``-n auto --dist loadfile`` in pyproject's addopts): one
worker per CPU this process may use (`pytest_xdist_auto_num_workers`), each test file on one
worker, so a module's kernel or sandbox fixture starts once. Session fixtures are per worker (each
has its own kernelspec prefix and temporary directories). ``-n 0`` runs everything in this process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from queue import Empty
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
KERNEL = "micropython-wasm"
KERNEL_SIGNAL = "micropython-wasm-signal"
TIMEOUT = 30


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """The worker count of ``-n auto``: ``PYTEST_XDIST_AUTO_NUM_WORKERS`` when set, else the CPUs this
    process may run on (`usable_cpus`), at most one per test file when the arguments name files
    (a file runs on one worker), and none (this process runs the tests) when that is one."""
    text = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "")
    if text.strip().isdigit():
        return int(text)
    count = usable_cpus()
    paths = {Path(config.invocation_params.dir, arg.split("::")[0]) for arg in config.args}
    if paths and all(path.is_file() for path in paths):
        count = min(count, len(paths))
    return count if count > 1 else 0


def usable_cpus() -> int:
    """CPUs this process may use: its scheduler affinity, capped by a cgroup v2 ``cpu.max`` quota."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return max(1, count)
    if quota != "max" and int(period) > 0:
        count = min(count, -(-int(quota) // int(period)))  # a quota of 1.5 CPUs: 2 workers
    return max(1, count)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the interpreter builds the selected `test_every_patch_is_needed` cases compare with
    (`tests/sandbox/patch_builds.py`) in a background process, so that they are made while the
    tests collected before them run instead of while those cases wait."""
    names = [item.callspec.params["patch"].NAME for item in session.items
             if getattr(item, "originalname", None) == "test_every_patch_is_needed"]
    patch_builds = sys.modules.get("patch_builds")  # imported by the test module that has them
    if names and patch_builds is not None and not session.config.option.collectonly:
        patch_builds.start_round(names)


@pytest.fixture(scope="session")
def kernelspecs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Install the kernelspecs into a tmp prefix; ``JUPYTER_PATH`` points at it for the session."""
    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    saved = {name: os.environ.get(name) for name in ("JUPYTER_PATH", "PYTHONPATH")}
    # Kernels must import this checkout even when the package is not installed.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), saved["PYTHONPATH"]]))
    subprocess.run(
        [sys.executable, "-m", "mpwasm_kernel", "install", "--prefix", str(prefix)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    kernels = prefix / "share" / "jupyter" / "kernels"
    shutil.copytree(kernels / KERNEL, kernels / KERNEL_SIGNAL)
    spec_file = kernels / KERNEL_SIGNAL / "kernel.json"
    spec = json.loads(spec_file.read_text())
    spec.update(interrupt_mode="signal", display_name="MicroPython (WASM sandbox, signal interrupts)")
    spec_file.write_text(json.dumps(spec))
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    yield prefix
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def compiled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compile cache directory (``MPWASM_CACHE_DIR``) as the first process to use it leaves it:
    the interpreter compiled (``*.cwasm``), its booted image and its interrupt words stored.

    Tests that need a cache a real process has filled copy this one (``shutil.copytree(...,
    copy_function=shutil.copy2)``, which keeps its private modes) instead of running a process of
    their own that compiles (~4.5 s of CPU each). Nothing may change it.
    """
    cache = tmp_path_factory.mktemp("compiled-cache") / "cache"
    env = dict(os.environ, MPWASM_CACHE_DIR=str(cache))
    code = "from mpwasm_kernel import Sandbox\nprint(Sandbox().run('6*7').value)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert out.stdout.strip() == "42", out.stderr
    return cache


def start_kernel(name: str = KERNEL, extra_arguments: list[str] | None = None,
                 cwd: Path | None = None) -> tuple[Any, Any]:
    """Start a kernel process (in `cwd` when given) and a ready blocking client."""
    from jupyter_client.manager import start_new_kernel

    options = {} if cwd is None else {"cwd": str(cwd)}
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60, extra_arguments=extra_arguments or [], **options)
    drain_shell(kc)
    return km, kc


def drain_shell(kc: Any) -> None:
    """Consume shell replies left from start-up, so the next shell message answers the next request.

    ``wait_for_ready`` sends another ``kernel_info_request`` each second until one is answered, so
    a kernel that starts slowly (a busy machine) leaves extra replies queued. One more request,
    answered in order on the shell channel, marks where the stale replies end.
    """
    msg_id = kc.kernel_info()
    while kc.get_shell_msg(timeout=TIMEOUT)["parent_header"].get("msg_id") != msg_id:
        pass


@pytest.fixture(scope="module")
def kernel(kernelspecs: Path) -> Iterator[tuple[Any, Any]]:
    """One ``micropython-wasm`` kernel shared by a test module: ``(KernelManager, client)``."""
    km, kc = start_kernel()
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


ExecuteFn = Callable[..., tuple[dict, list[dict]]]


def _answers(msg: dict, msg_id: str) -> bool:
    """Is ``msg`` caused by the execute request ``msg_id``?

    The parent's msg_type is checked too: a KernelManager and its client have separate Session
    objects with the same session id and separate counters, so an ``interrupt_request`` sent by
    ``km.interrupt_kernel()`` (message mode) can carry the same msg_id as an execute request.
    """
    parent = msg["parent_header"]
    return parent.get("msg_id") == msg_id and parent.get("msg_type") == "execute_request"


def execute(
    kc: Any,
    code: str,
    *,
    timeout: float = TIMEOUT,
    stdin: Callable[[dict], str] | None = None,
    **options: Any,
) -> tuple[dict, list[dict]]:
    """Run code; return ``(execute_reply, IOPub messages of this request)``.

    Each IOPub message gets an extra ``"_received"`` key (``time.monotonic()``). ``stdin`` answers
    input requests (and turns ``allow_stdin`` on). ``stop_on_error`` defaults to False, like
    nbclient with ``allow_errors``: with True, ipykernel aborts requests that reach it before it
    has finished handling the error (a race when the next request follows the reply at once).
    """
    options.setdefault("stop_on_error", False)
    msg_id = kc.execute(code, allow_stdin=stdin is not None, **options)
    deadline = time.monotonic() + timeout
    outputs: list[dict] = []
    reply = None
    idle = False
    while reply is None or not idle:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no reply/idle within {timeout} s for {code!r}")
        if stdin is not None:
            try:
                request = kc.get_stdin_msg(timeout=0.01)
            except Empty:
                pass
            else:
                kc.input(stdin(request["content"]))
        try:
            msg = kc.get_iopub_msg(timeout=0.01)
        except Empty:
            pass
        else:
            if _answers(msg, msg_id):
                msg["_received"] = time.monotonic()
                if msg["msg_type"] == "status":
                    idle = idle or msg["content"]["execution_state"] == "idle"
                elif msg["msg_type"] != "execute_input":
                    outputs.append(msg)
        if reply is None:
            try:
                candidate = kc.get_shell_msg(timeout=0.01)
            except Empty:
                continue
            if _answers(candidate, msg_id):
                candidate["_received"] = time.monotonic()
                reply = candidate
    return reply, outputs


def stdout_of(outputs: list[dict]) -> str:
    """All stdout text of a request's IOPub messages."""
    return "".join(
        m["content"]["text"]
        for m in outputs
        if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
    )


def error_of(outputs: list[dict]) -> dict | None:
    """The content of the request's IOPub ``error`` message, if any."""
    return next((m["content"] for m in outputs if m["msg_type"] == "error"), None)


@pytest.fixture
def run(kernel: tuple[Any, Any]) -> ExecuteFn:
    """``run(code, **options) -> (reply, outputs)`` on the module's kernel."""
    _, kc = kernel

    def runner(code: str, **options: Any) -> tuple[dict, list[dict]]:
        return execute(kc, code, **options)

    return runner


def skip_without_ipykernel() -> None:
    """Skip the calling test unless a ``python3`` (ipykernel) kernelspec is installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 (ipykernel) kernelspec")


def run_cells(name: str, cells: list[str], observe: Callable[[dict, list[dict]], Any],
              cwd: Path | None = None) -> list[Any]:
    """Run `cells` in order in a fresh kernel `name` (in `cwd` when given), then shut it down;
    ``observe(reply, outputs)`` of each cell."""
    km, kc = start_kernel(name, cwd=cwd)
    try:
        return [observe(*execute(kc, code)) for code in cells]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def against_ipython(cells: list[str], observe: Callable[[dict, list[dict]], Any], *,
                    ipython_cells: list[str] | None = None, tmp_path: Path | None = None) -> tuple[list, list]:
    """The harness of the tests that compare this kernel with a real IPython kernel: skip without
    a ``python3`` kernelspec, run every cell on a fresh ``python3`` kernel (`ipython_cells` instead
    when given) and a fresh MicroPython kernel, each in its own new directory ``tmp_path/python3``
    and ``tmp_path/micropython-wasm`` when `tmp_path` is given; ``(IPython's, this kernel's)``
    observations. The two kernels are separate processes with their own clients: they start and
    run side by side (each kernel still runs its cells in order)."""
    from concurrent.futures import ThreadPoolExecutor

    skip_without_ipykernel()
    runs = []
    for name, code in (("python3", ipython_cells or cells), (KERNEL, cells)):
        cwd = None
        if tmp_path is not None:
            cwd = tmp_path / name
            cwd.mkdir()
        runs.append((name, code, observe, cwd))
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        expected, actual = pool.map(lambda run: run_cells(*run), runs)
    return expected, actual


def assert_cells_equal(cells: list[str], expected: list[Any], actual: list[Any]) -> None:
    """Each cell's observation in this kernel equals IPython's; a failure shows the first cell that differs."""
    for code, want, got in zip(cells, expected, actual, strict=True):
        assert got == want, f"\n--- cell ---\n{code}\n--- IPython ---\n{want}\n--- mpwasm ---\n{got}"


@pytest.fixture(scope="session")
def kernel_tools(kernelspecs: Path) -> Any:
    """The helpers above for test modules (importing conftest depends on pytest's import mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        start_kernel=start_kernel,
        execute=execute,
        stdout_of=stdout_of,
        error_of=error_of,
        skip_without_ipykernel=skip_without_ipykernel,
        run_cells=run_cells,
        against_ipython=against_ipython,
        assert_cells_equal=assert_cells_equal,
        KERNEL=KERNEL,
        KERNEL_SIGNAL=KERNEL_SIGNAL,
        prefix=kernelspecs,
    )
