"""The `reader_buffer` patch (wasm/patches/reader_buffer.py): `import` reads a module file of the
sandbox 255 bytes per host read, not 25, and the module is the same.

The host's reads are counted exactly (each `fd_read` of a file goes through the file system's
`_read_from`): importing a 19 KB module written during the run takes 75 reads with the patch
(759 without); the guest library's loader on the first `import math` of a reset sandbox ~11
(102). The imported modules, a `.py` larger than the buffer and one whose size is an exact
multiple of it, hold the values CPython gives for the same source. `check` is the patched
behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.files.syscalls import FileSyscalls

SIZE = 255


def _module(lines: int) -> str:
    """A module source with values depending on every line (a checksum over big literals)."""
    body = [f"V{i} = {i * 7919 % 1000003} + len('{'x' * (i % 61)}')" for i in range(lines)]
    body.append(f"TOTAL = sum(globals()[f'V{{i}}'] for i in range({lines}))")
    body.append("TEXT = '''" + "".join(chr(0x41 + i % 26) for i in range(3000)) + "'''")
    return "\n".join(body) + "\n"


BIG = _module(300)
EXACT = "X = 1\n" + "#" * (4 * SIZE - len("X = 1\n") - 1) + "\n"  # 4 × 255 bytes exactly


@contextlib.contextmanager
def counted_reads() -> Iterator[list[tuple[str, int]]]:
    """Every host read of a guest file while the block runs: (its name, bytes asked for)."""
    reads: list[tuple[str, int]] = []
    real = FileSyscalls._read_from

    def _read_from(self, of, n: int) -> bytes:
        path = getattr(of, "path", None)
        reads.append(("/".join(path) if isinstance(path, tuple) else repr(path), n))
        return real(self, of, n)

    FileSyscalls._read_from = _read_from
    try:
        yield reads
    finally:
        FileSyscalls._read_from = real


def _cell(name: str, source: str) -> str:
    """Write module `name` during the run, import it, print what it holds."""
    return (f"with open({name + '.py'!r}, 'w') as f:\n    f.write({source!r})\n"
            f"import {name}\n"
            f"print(sorted((k, v) for k, v in {name}.__dict__.items() if not k.startswith('__')))\n")


def _expected(name: str, source: str) -> str:
    space: dict = {}
    exec(source, space)
    return str(sorted((k, v) for k, v in space.items() if not k.startswith("__"))) + "\n"


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    for name, source in (("bigmod", BIG), ("exactmod", EXACT)):
        sb.reset()
        with counted_reads() as reads:
            r = sb.run(_cell(name, source))
        if r.error is not None:
            problems.append(f"{name}: {r.error}")
            continue
        if r.stdout != _expected(name, source):
            problems.append(f"{name}: the imported module differs from CPython's")
        mine = [n for path, n in reads if path.endswith(name + ".py")]
        most = len(source.encode()) // SIZE + 2
        if not mine or len(mine) > most or max(mine) != SIZE:
            problems.append(f"{name}: {len(mine)} host reads of up to {max(mine, default=0)} bytes "
                            f"for {len(source)} bytes (expected at most {most} of {SIZE})")
    sb.reset()
    with counted_reads() as reads:
        r = sb.run("import math\nprint(math.factorial(20))")
    if r.error is not None or r.stdout != cpython("import math\nprint(math.factorial(20))"):
        problems.append(f"import math: {r.error or r.stdout}")
    loader = [n for path, n in reads if path.endswith("_mpk_library.mpy")]
    if len(loader) > 20:
        problems.append(f"import math: {len(loader)} host reads of the library's loader")
    return problems


def test_an_import_reads_its_file_255_bytes_per_call() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_a_module_rewritten_during_the_run_is_read_anew() -> None:
    """A module file rewritten after an import and imported again (after `del sys.modules[...]`)
    gives the new contents, shorter and longer than before."""
    cell = ("import sys\n"
            "for i, n in enumerate((900, 30, 2000)):\n"
            "    with open('remod.py', 'w') as f:\n"
            "        f.write('N = %d\\nS = %r\\n' % (i, 'y' * n))\n"
            "    sys.modules.pop('remod', None)\n"
            "    import remod\n"
            "    print(remod.N, len(remod.S))\n")
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(cell)
        assert r.error is None, r.error
        assert r.stdout == "0 900\n1 30\n2 2000\n"
