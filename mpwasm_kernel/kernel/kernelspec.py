"""Install, list and remove the kernelspecs (``python -m mpwasm_kernel install|list|remove``).

Follows ``python -m ipykernel install``: ``--user`` (per-user data dir), ``--sys-prefix``
(``sys.prefix``, e.g. the active venv), ``--prefix P`` (``P/share/jupyter/kernels``), default the
system-wide Jupyter data dir. One spec is installed, ``micropython-wasm`` (MicroPython with ulab,
so ``import numpy`` works); the first element of its ``argv`` becomes ``sys.executable``. The
second spec of earlier versions, ``micropython-wasm-ulab``, is no longer installed: the plain build
saved nothing measurable (``benchmarks/variants.py``) and offered a teacher nothing but a kernel
without numpy. ``remove`` still removes it, and ``mpwasm-kernel execute`` still runs notebooks
that name it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

__all__ = ["SPEC_NAMES", "install", "installed_specs", "main", "remove", "spec_source_dir"]

#: The kernelspecs this package ships, by directory name.
SPEC_NAMES = ("micropython-wasm",)
_MODULE = "mpwasm_kernel"


def spec_source_dir() -> Path:
    """The directory holding the shipped kernelspec directories.

    Looked up as package data (``mpwasm_kernel/_kernelspecs/``, for wheels) and then as the
    repository's ``kernelspec/`` next to the package (source checkouts, editable installs).
    """
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_kernelspecs", package.parent / "kernelspec"):
        if all((candidate / name / "kernel.json").is_file() for name in SPEC_NAMES):
            return candidate
    raise FileNotFoundError(
        f"kernelspec files not found next to {package} (expected kernelspec/{SPEC_NAMES[0]}/kernel.json)"
    )


def _install_name(spec: str, base_name: str | None) -> str:
    if base_name is None:
        return spec
    return base_name + spec[len(SPEC_NAMES[0]) :]


def install(
    *,
    user: bool = False,
    prefix: str | None = None,
    sys_prefix: bool = False,
    name: str | None = None,
    env: dict[str, str] | None = None,
    manager: KernelSpecManager | None = None,
) -> list[Path]:
    """Install the kernelspec; return the installed directories.

    ``name`` renames it; ``env`` is written into each kernel.json
    (e.g. ``{"MPWASM_WALL_SECONDS": "10"}`` to set the administrator's limits).
    """
    if sum((user, prefix is not None, sys_prefix)) > 1:
        raise ValueError("use only one of --user, --prefix and --sys-prefix")
    if sys_prefix:
        prefix = sys.prefix
    manager = manager or KernelSpecManager()
    source = spec_source_dir()
    installed = []
    for spec in SPEC_NAMES:
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / spec
            shutil.copytree(source / spec, staged)
            kernel_json = staged / "kernel.json"
            spec_data = json.loads(kernel_json.read_text())
            spec_data["argv"][0] = sys.executable
            if env:
                spec_data["env"] = {**spec_data.get("env", {}), **env}
            kernel_json.write_text(json.dumps(spec_data, indent=2) + "\n")
            target = manager.install_kernel_spec(
                str(staged), _install_name(spec, name), user=user, prefix=prefix
            )
            installed.append(Path(target))
    return installed


def installed_specs(manager: KernelSpecManager | None = None) -> Iterator[tuple[str, str, dict]]:
    """``(name, resource_dir, spec)`` for every installed kernelspec that launches this package."""
    manager = manager or KernelSpecManager()
    for name, info in sorted(manager.get_all_specs().items()):
        spec = info.get("spec", {})
        if _MODULE in spec.get("argv", []):
            yield name, info.get("resource_dir", ""), spec


def remove(names: list[str] | None = None, manager: KernelSpecManager | None = None) -> list[str]:
    """Remove kernelspecs by name (default: every installed spec of this package, including
    ``micropython-wasm-ulab`` from earlier versions); return removed dirs."""
    manager = manager or KernelSpecManager()
    targets = names or [name for name, _, _ in installed_specs(manager)]
    removed = []
    for name in targets:
        try:
            removed.append(manager.remove_kernel_spec(name))
        except (NoSuchKernel, KeyError):
            print(f"no kernelspec named {name!r}", file=sys.stderr)
    return removed


def main(argv: list[str]) -> int:
    """Command line for ``install``, ``list`` and ``remove`` (alias ``uninstall``)."""
    parser = argparse.ArgumentParser(prog="python -m mpwasm_kernel", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    inst = commands.add_parser("install", help="install the kernelspec")
    where = inst.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install for the current user")
    where.add_argument("--sys-prefix", action="store_true", help="install into sys.prefix (the venv)")
    where.add_argument("--prefix", help="install into PREFIX/share/jupyter/kernels")
    inst.add_argument("--name", help="kernelspec name (default micropython-wasm)")
    inst.add_argument(
        "--env",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="environment for the kernel, e.g. --env MPWASM_WALL_SECONDS 10 (repeatable)",
    )
    commands.add_parser("list", help="list installed mpwasm kernelspecs")
    rem = commands.add_parser("remove", aliases=["uninstall"], help="remove installed kernelspecs")
    rem.add_argument("names", nargs="*", help="kernelspec names (default: all of this package's)")
    args = parser.parse_args(argv)

    if args.command == "install":
        paths = install(
            user=args.user,
            prefix=args.prefix,
            sys_prefix=args.sys_prefix,
            name=args.name,
            env=dict(args.env or []),
        )
        for path in paths:
            print(f"Installed kernelspec {path.name} in {path}")
        return 0
    if args.command == "list":
        found = list(installed_specs())
        if not found:
            print("No mpwasm-kernel kernelspecs installed.")
        for name, resource_dir, spec in found:
            print(f"{name:<28} {spec.get('display_name', ''):<36} {resource_dir}")
        return 0
    removed = remove(args.names)
    for path in removed:
        print(f"Removed {path}")
    return 0 if removed or not args.names else 1
