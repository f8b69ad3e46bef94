"""`python -m mpwasm_kernel install|list|remove` and the shipped kernelspec files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, jupyter_path: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    )
    if jupyter_path is not None:
        env["JUPYTER_PATH"] = str(jupyter_path)
    return subprocess.run(
        [sys.executable, "-m", "mpwasm_kernel", *args], capture_output=True, text=True, env=env, cwd=REPO
    )


def test_shipped_kernelspecs_are_complete() -> None:
    assert sorted(p.name for p in (REPO / "kernelspec").iterdir()) == ["micropython-wasm"]
    for name, display in (("micropython-wasm", "MicroPython (WASM sandbox)"),):
        folder = REPO / "kernelspec" / name
        spec = json.loads((folder / "kernel.json").read_text())
        assert spec["display_name"] == display
        assert spec["language"] == "python"
        assert spec["argv"][1:5] == ["-m", "mpwasm_kernel", "-f", "{connection_file}"]
        assert spec["interrupt_mode"] in ("message", "signal")
        assert not any("variant" in arg for arg in spec["argv"])  # the default build: with numpy
        for logo, size in (("logo-32x32.png", 32), ("logo-64x64.png", 64)):
            data = (folder / logo).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert int.from_bytes(data[16:20], "big") == size and int.from_bytes(data[20:24], "big") == size
        assert (folder / "logo-svg.svg").read_text().startswith("<svg")


def test_install_list_remove(tmp_path: Path) -> None:
    result = cli(
        "install", "--prefix", str(tmp_path), "--name", "mpk-test", "--env", "MPWASM_WALL_SECONDS", "7"
    )
    assert result.returncode == 0, result.stderr
    kernels = tmp_path / "share" / "jupyter" / "kernels"
    assert sorted(p.name for p in kernels.iterdir()) == ["mpk-test"]
    spec = json.loads((kernels / "mpk-test" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    assert spec["env"] == {"MPWASM_WALL_SECONDS": "7"}
    assert (kernels / "mpk-test" / "logo-64x64.png").is_file()
    # the second spec earlier versions installed: listed and removed as this package's
    old = kernels / "micropython-wasm-ulab"
    old.mkdir()
    (old / "kernel.json").write_text(json.dumps({**spec, "argv": [*spec["argv"], "--MicroPythonKernel.variant=ulab"]}))

    listed = cli("list", jupyter_path=tmp_path / "share" / "jupyter")
    assert "mpk-test " in listed.stdout and "micropython-wasm-ulab" in listed.stdout

    removed = cli("remove", "mpk-test", "micropython-wasm-ulab", jupyter_path=tmp_path / "share" / "jupyter")
    assert removed.returncode == 0, removed.stderr
    assert not any(kernels.iterdir())


def test_install_refuses_two_locations(tmp_path: Path) -> None:
    result = cli("install", "--user", "--prefix", str(tmp_path))
    assert result.returncode != 0
    assert "not allowed with" in result.stderr


def test_no_arguments_prints_usage() -> None:
    result = cli()
    assert result.returncode == 2
    assert "install" in result.stderr and "-f CONNECTION_FILE" in result.stderr  # a usage error: stderr
