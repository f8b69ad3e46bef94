#!/usr/bin/env python3
"""Fetch the pinned MicroPython WebAssembly build, post-process it, and install it for the package.

Run by the build backend (`pip install .` / `pip install -e .`), or by hand:

    python wasm/fetch.py                     # npm pack both pinned packages, process, verify, install
    python wasm/fetch.py --tarball T.tgz     # use an already downloaded MicroPython tarball
    python wasm/fetch.py --binaryen-tarball B.tgz   # ... and/or an already downloaded Binaryen tarball
    python wasm/fetch.py --check             # only verify what is installed; exit 1 if wrong
    python wasm/fetch.py --update-lock       # maintainers: process, then write the new output hashes

Two tarballs come from `npm pack <package>@<version>` (the machine's npm and its registry): the
MicroPython build and Binaryen (`lock["binaryen"]`, whose command-line tools run on Node.js). Their
sha256, that of every upstream `.wasm` used and that of the shim `sjlj_merge.wat` must match
`wasm/lock.json`. Each variant is then post-processed (see docs/speed.md), both in parallel:

1. `wasm-as` assembles `sjlj_merge.wat`, the setjmp/longjmp shim that imports the interpreter's
   own function table and stack helpers;
2. `wasm-dis` / `wasm-as` round trip of the interpreter with the interned-string lookup removed
   from the three functions that create a `str` from data (`patch_str_lookup`), every `dict`
   created insertion-ordered (`patch_new_dicts`) and becoming a hash map at 128 entries
   (`patch_ordered_growth`);
3. `wasm-merge` links the shim into the interpreter, so the `invoke_*` imports become internal calls;
4. `wasm-opt` (`OPT_FLAGS`) inlines them and turns their indirect calls into direct ones.

The sha256 of each processed output must equal `lock["processed"]`, otherwise nothing is
installed. Installed into `mpwasm_kernel/_artifacts/`: the processed `.wasm` files (under the
upstream names) and `lock.json`. Nothing is ever fetched or processed at kernel run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCK = HERE / "lock.json"
SHIM = HERE / "sjlj_merge.wat"
DEST = HERE.parent / "mpwasm_kernel" / "_artifacts"

FEATURES = ["--enable-exception-handling"]
# The function table is safe to treat as immutable: its maximum equals its initial size and the
# interpreter never writes to it. `-aimfs 20` lets the inliner take small functions that contain
# calls (the invoke wrappers); `-O4` and `--flatten` crash on modules with `try_table`.
OPT_FLAGS = [*FEATURES, "--pass-arg=directize-initial-contents-immutable", "-aimfs", "20",
             "--inlining", "-O3", "--directize", "-O3"]
# Features the upstream module uses (its target_features section is lost in the text round trip).
TEXT_FEATURES = [*FEATURES, "--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int",
                 "--enable-sign-ext", "--enable-mutable-globals"]
TOOLS = ("wasm-as", "wasm-dis", "wasm-merge", "wasm-opt")
# A call of qstr_find_strn(data, len) whose non-zero result is returned as a qstr object
# (MP_OBJ_NEW_QSTR: `(q << 3) | 2`), in whitespace-normalised Binaryen text. It occurs exactly in
# mp_obj_new_str, mp_obj_new_str_of_type and mp_obj_new_str_type_from_vstr (py/objstr.c).
STR_LOOKUP_SITE = re.compile(
    r"\(local\.tee \$(?P<v>\d+) (?P<call>\(call \$(?P<f>\d+) "
    r"(?:\(local\.get \$\d+\) |\(i32\.load offset=\d+ \(local\.get \$\d+\) \) ){2}\)) \) \) \) "
    r"(?:\(call \$\d+ \(local\.get \$\d+\) \) \(i32\.store \(local\.get \$\d+\) \(i32\.const 0\) \) )?"
    r"\(return \(i32\.or \(i32\.shl \(local\.get \$(?P=v)\) \(i32\.const 3\) \) \(i32\.const 2\) \) \)")
STR_LOOKUP_SITES = 3
# In mp_map_lookup (py/map.c), the ordered-array path growing its table by 4 when `used ==
# alloc` ("TODO: Alloc policy"): `map->alloc += 4` after comparing `used` (word 0 >> 3) with
# `alloc` (word 1), in whitespace-normalised Binaryen text. Exactly one site per build.
ORDERED_GROWTH_SITE = re.compile(
    r"\(block \$(\w+) \(br_if \$\1 \(i32\.ne \(local\.tee \$(\w+) \(i32\.shr_u \(local\.tee \$\w+ "
    r"\(i32\.load \(local\.get \$0\)\)\) \(i32\.const 3\)\)\) \(i32\.load offset=4 \(local\.get \$0\)\)\)\) "
    r"\(i32\.store offset=4 \(local\.get \$0\) \(local\.tee \$\2 \(i32\.add \(local\.get \$\2\) \(i32\.const 4\)\)\)\)")
# The start of mp_map_lookup's ordered path: `if (map->is_ordered)` (bit 2 of word 0).
ORDERED_PATH_SITE = re.compile(
    r"\(block \$(\w+) \(br_if \$\1 \(i32\.eqz \(i32\.and \(local\.get \$\w+\) \(i32\.const 4\)\)\)\) ")
# mp_unary_op(MP_UNARY_OP_HASH, index), as the hash path of mp_map_lookup calls it.
HASH_CALL = re.compile(r"\(call \$(\w+) \(i32\.const 6\) \(local\.get \$1\)\)")
# Where a dict object is made: `o->base.type = &mp_type_dict` on a fresh 16-byte object (or on the
# object argument of mp_obj_dict_init), immediately followed by the mp_map_init call.
NEW_DICT_SITE = r"\(i32\.store \(local\.tee \$(\w+) \(call \$\w+ \(i32\.const 16\)\)\) \(i32\.const {t}\)\) (?=\(call )"
INIT_DICT_SITE = (r"\(i32\.store \(local\.get \$(0)\) \(i32\.const {t}\)\) "
                  r"(?=\(call \$\w+ \(i32\.add \(local\.get \$0\) \(i32\.const 4\)\))")
# mp_obj_new_dict, mp_obj_dict_init, dict_make_new, dict_copy and dict.fromkeys (py/objdict.c).
NEW_DICT_SITES = 5
# An insertion-ordered dict (is_ordered: linear lookups) holding this many entries becomes a hash
# map before its next new key (guest/pycompat_lazy.py, ORDERED_MAX).
ORDERED_MAX = 128
TOOL_TIMEOUT = 900  # seconds per tool run; a hung Node process must not hang the build


class FetchError(Exception):
    """The artifact could not be obtained, processed, or did not match the lock."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def installed_ok(lock: dict, dest: Path = DEST) -> bool:
    """True if every processed file is in `dest` with its locked hash, installed from the same lock."""
    try:
        if json.loads((dest / "lock.json").read_text()) != lock:
            return False
        return all(sha256(dest / name) == digest for name, digest in lock["processed"].items())
    except (OSError, ValueError, KeyError):
        return False


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download the tarball of `spec` (`name@version`) with `npm pack` into `workdir`; return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is not on PATH; install Node.js/npm, or pass the package tarballs "
                         "(--tarball, --binaryen-tarball)")
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(workdir), "--json"],
        cwd=workdir, capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise FetchError(f"`npm pack {spec}` failed:\n{proc.stderr.strip()}")
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise FetchError(f"`npm pack {spec}` produced {len(tarballs)} tarballs in {workdir}")
    return tarballs[0]


def _check_tarball(tarball: Path, expected: str) -> None:
    digest = sha256(tarball)
    if digest != expected:
        raise FetchError(f"{tarball.name}: sha256 {digest} does not match lock {expected}")


def _extract_member(tar: tarfile.TarFile, member_name: str, target: Path, tarball: Path) -> None:
    member = tar.getmember(member_name)
    if not member.isfile():
        raise FetchError(f"{member_name} in {tarball.name} is not a regular file")
    with tar.extractfile(member) as src, target.open("wb") as dst:  # type: ignore[union-attr]
        shutil.copyfileobj(src, dst)


def extract(lock: dict, tarball: Path, workdir: Path) -> dict[str, Path]:
    """Verify the MicroPython tarball and pull out the locked files (by exact member name)."""
    _check_tarball(tarball, lock["tarball_sha256"])
    out: dict[str, Path] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for name, expected in lock["files"].items():
            target = workdir / name
            _extract_member(tar, f"package/{name}", target, tarball)
            got = sha256(target)
            if got != expected:
                raise FetchError(f"{name}: sha256 {got} does not match lock {expected}")
            out[name] = target
    return out


def extract_binaryen(lock: dict, tarball: Path, workdir: Path) -> Path:
    """Verify the Binaryen tarball and pull out the three tools used; return their directory."""
    _check_tarball(tarball, lock["binaryen"]["tarball_sha256"])
    bindir = workdir / "binaryen"
    bindir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as tar:
        # bin/package.json marks the tools as CommonJS (the package itself is an ES module).
        for name in (*TOOLS, "package.json"):
            _extract_member(tar, f"package/bin/{name}", bindir / name, tarball)
    return bindir


class Binaryen:
    """Runs the Binaryen command-line tools (Emscripten builds) with Node.js."""

    def __init__(self, bindir: Path) -> None:
        node = shutil.which("node") or shutil.which("nodejs")
        if node is None:
            raise FetchError("node is not on PATH; the Binaryen tools used by the build run on Node.js")
        self.node = node
        self.bindir = bindir

    def run(self, tool: str, *args: str | Path) -> None:
        cmd = [self.node, str(self.bindir / tool), *map(str, args)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=TOOL_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise FetchError(f"`{tool}` did not finish within {TOOL_TIMEOUT} s") from None
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip()[-2000:]
            raise FetchError(f"`{tool} {' '.join(map(str, args))}` failed (exit {proc.returncode}):\n{tail}")


def patch_str_lookup(wat: str) -> str:
    """Remove the interned-string lookup from `str` creation in Binaryen text of the interpreter.

    MicroPython looks every new `str` up in all qstr pools (`qstr_find_strn`: linear scans of the
    static and run-time pools) to return an existing interned string instead; that costs ~0.8 us
    per string here. The lookup's result is replaced by 0 ("not found") at its three call sites,
    so a new heap string is made: equal value, equal hash, only `is` differs (as in CPython).
    Interning where it matters (attribute names, keyword arguments, the compiler) goes through
    other functions and is unchanged. Raises `FetchError` unless exactly the expected sites, all
    calling one function that computes the qstr hash (5381), are found.
    """
    chunks = re.split(r"(?m)^(?= \(func )", wat)
    names = {}
    for i, chunk in enumerate(chunks):
        m = re.match(r" \(func \$(\w+) ", chunk)
        if m:
            names[m.group(1)] = i
    sites = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(call $" in chunk:
            flat = re.sub(r"\s+", " ", chunk)
            found = list(STR_LOOKUP_SITE.finditer(flat))
            if found:
                sites.append((i, flat, found))
    callees = {m.group("f") for _, _, found in sites for m in found}
    count = sum(len(found) for _, _, found in sites)
    if count != STR_LOOKUP_SITES or len(callees) != 1 or \
            "(i32.const 5381)" not in chunks[names.get(next(iter(callees)), 0)]:
        raise FetchError(f"str lookup patch: expected {STR_LOOKUP_SITES} call sites of one qstr lookup function, "
                         f"found {count} calling {sorted(callees)} (a different upstream build?)")
    for i, flat, found in sites:
        for m in reversed(found):
            flat = flat[:m.start("call")] + "(i32.const 0)" + flat[m.end("call"):]
        chunks[i] = flat + "\n"
    return "".join(chunks)


def _normalise(chunk: str) -> str:
    """One function's Binaryen text on one line, without spaces before closing parentheses."""
    return re.sub(r" \)", ")", re.sub(r"\s+", " ", chunk)) + "\n"


def patch_ordered_growth(wat: str, dict_type: int) -> str:
    """Make an insertion-ordered `dict` that reaches `ORDERED_MAX` entries a hash map.

    MicroPython's ordered maps (the `is_ordered` bit, used by OrderedDict and by the guest's
    CPython-ordered dicts) find keys by a linear scan and grow 4 entries at a time, so filling one
    is quadratic (20,000 keys: 2.6 s instead of 0.01 s). At the growth site of mp_map_lookup's
    ordered path, a map with at least `ORDERED_MAX` entries whose object is a plain `dict` (its
    type pointer, the word before the map, is `dict_type`: OrderedDict keeps its order at any
    size) clears the bit, is rehashed by mp_map_rehash (the one function the lookup calls with the
    map alone) and the lookup is retried as a hash lookup.

    Also, the ordered path never hashed its key, so an unhashable key (`d[[1]] = 2`) was accepted:
    at its start, a key that is neither a small int nor an interned string is now hashed with
    mp_unary_op(MP_UNARY_OP_HASH, key), as the hash path does, which raises CPython's TypeError.

    Raises `FetchError` unless exactly one growth site, one ordered-path start, one rehash callee
    and one hash callee are found and `dict_type` occurs as a constant."""
    chunks = re.split(r"(?m)^(?= \(func )", wat)
    sites = [(i, _normalise(c)) for i, c in enumerate(chunks) if c.startswith(" (func ") and "i32.shr_u" in c]
    sites = [(i, flat, m) for i, flat in sites for m in [ORDERED_GROWTH_SITE.search(flat)] if m]
    if len(sites) != 1 or wat.count(f"(i32.const {dict_type})") < 10:
        raise FetchError(f"ordered dict patch: expected one ordered-map growth site and the dict type {dict_type}, "
                         f"found {len(sites)} sites (a different upstream build?)")
    i, flat, site = sites[0]
    func = re.match(r" \(func \$(\w+) \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\)", flat)
    rehash = set(re.findall(r"\(call \$(\w+) \(local\.get \$0\)\)", flat))
    if func is None or len(rehash) != 1:
        raise FetchError(f"ordered dict patch: the growth site is not in a 3-argument lookup calling one rehash "
                         f"function (found {sorted(rehash)})")
    convert = (
        f"(if (i32.and (i32.ge_u (i32.shr_u (i32.load (local.get $0)) (i32.const 3)) (i32.const {ORDERED_MAX})) "
        f"(i32.eq (i32.load (i32.sub (local.get $0) (i32.const 4))) (i32.const {dict_type}))) "
        f"(then (i32.store (local.get $0) (i32.and (i32.load (local.get $0)) (i32.const -5))) "
        f"(call ${rehash.pop()} (local.get $0)) "
        f"(return (call ${func.group(1)} (local.get $0) (local.get $1) (local.get $2))))) ")
    starts = list(ORDERED_PATH_SITE.finditer(flat, 0, site.start()))
    hashes = set(HASH_CALL.findall(flat))
    if len(starts) != 1 or len(hashes) != 1:
        raise FetchError(f"ordered dict patch: expected one ordered-path start and one hash call before the growth "
                         f"site, found {len(starts)} and {sorted(hashes)}")
    check = (f"(if (i32.and (i32.ne (i32.and (local.get $1) (i32.const 7)) (i32.const 2)) "
             f"(i32.eqz (i32.and (local.get $1) (i32.const 1)))) "
             f"(then (drop (call ${hashes.pop()} (i32.const 6) (local.get $1))))) ")
    at = starts[0].end()
    chunks[i] = flat[:at] + check + flat[at:site.start()] + convert + flat[site.start():]
    return "".join(chunks)


def _call_end(text: str, start: int) -> int:
    """Index just after the parenthesised expression that starts at `start`."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    raise FetchError("unbalanced Binaryen text")


def patch_new_dicts(wat: str, dict_type: int) -> str:
    """Create every `dict` insertion-ordered, as CPython's are.

    Right after each place that makes a dict object (its type pointer set to `dict_type`, then
    mp_map_init on its map), the map's `is_ordered` bit is set: dict displays, `dict(...)`,
    `**kwargs`, `json.loads`, `dict.fromkeys`, module and class namespaces all keep insertion
    order, with linear lookups until `patch_ordered_growth` makes a dict of `ORDERED_MAX` entries a
    hash map (dict_copy then copies the bit of its source, as before). Raises `FetchError` unless
    exactly `NEW_DICT_SITES` such places are found."""
    chunks = re.split(r"(?m)^(?= \(func )", wat)
    found = 0
    for i, chunk in enumerate(chunks):
        if f"(i32.const {dict_type})" not in chunk:
            continue
        flat = _normalise(chunk)
        sites = sorted((m for site in (NEW_DICT_SITE, INIT_DICT_SITE)
                        for m in re.finditer(site.format(t=dict_type), flat)), key=lambda m: m.start())
        pieces, pos = [], 0
        for m in sites:
            end = _call_end(flat, m.end())
            pieces += [flat[pos:end], f" (i32.store offset=4 (local.get ${m.group(1)}) "
                                      f"(i32.or (i32.load offset=4 (local.get ${m.group(1)})) (i32.const 4)))"]
            pos = end
        if sites:
            chunks[i] = "".join(pieces) + flat[pos:]
            found += len(sites)
    if found != NEW_DICT_SITES:
        raise FetchError(f"new dict patch: expected {NEW_DICT_SITES} places that make a dict, found {found}")
    return "".join(chunks)


def process(binaryen: Binaryen, upstream: Path, shim_wasm: Path, out: Path, dict_type: int) -> Path:
    """Patch `upstream`, merge the shim into it and optimize; write `out` and return it."""
    text, patched, merged = (out.with_suffix(s) for s in (".wat", ".patched.wasm", ".merged.wasm"))
    binaryen.run("wasm-dis", upstream, "-o", text)
    wat = patch_ordered_growth(patch_str_lookup(text.read_text()), dict_type)
    text.write_text(patch_new_dicts(wat, dict_type))
    binaryen.run("wasm-as", *TEXT_FEATURES, text, "-o", patched)
    # The interpreter is named "mp" (the shim imports its table and helpers from "mp"); the shim
    # is named "env", which resolves the interpreter's `env.invoke_*` imports.
    binaryen.run("wasm-merge", *TEXT_FEATURES, patched, "mp", shim_wasm, "env", "-o", merged)
    binaryen.run("wasm-opt", *TEXT_FEATURES, *OPT_FLAGS[len(FEATURES):], merged, "-o", out)
    for tmp in (text, patched, merged):
        tmp.unlink()
    return out


def build(lock: dict, upstream: dict[str, Path], bindir: Path, workdir: Path) -> dict[str, Path]:
    """Post-process every upstream file (in parallel); return the processed paths by name."""
    got = sha256(SHIM)
    if got != lock["binaryen"]["shim_sha256"]:
        raise FetchError(f"{SHIM.name}: sha256 {got} does not match lock {lock['binaryen']['shim_sha256']} "
                         "(after editing the shim run `python wasm/fetch.py --update-lock`)")
    binaryen = Binaryen(bindir)
    shim_wasm = workdir / "sjlj_merge.wasm"
    binaryen.run("wasm-as", *FEATURES, SHIM, "-o", shim_wasm)
    outdir = workdir / "processed"
    outdir.mkdir()
    with ThreadPoolExecutor(max_workers=len(upstream)) as pool:
        futures = {name: pool.submit(process, binaryen, path, shim_wasm, outdir / name, lock["dict_type"][name])
                   for name, path in upstream.items()}
        return {name: fut.result() for name, fut in futures.items()}


def verify_processed(lock: dict, processed: dict[str, Path]) -> None:
    """One `FetchError` listing every processed file whose sha256 differs from the lock."""
    wrong = [f"  {name}: got {sha256(path)}, lock {lock['processed'].get(name)}"
             for name, path in processed.items() if sha256(path) != lock["processed"].get(name)]
    if wrong:
        raise FetchError(
            "post-processed MicroPython differs from wasm/lock.json (different Binaryen output; "
            "nothing installed):\n" + "\n".join(wrong)
            + "\nIf the pipeline or a pinned version changed on purpose, run `python wasm/fetch.py --update-lock`.")


def install(files: dict[str, Path], lock: dict, dest: Path = DEST) -> None:
    """Copy verified files into `dest`: write then rename each file; the lock goes last."""
    dest.mkdir(parents=True, exist_ok=True)
    for stale in ("sjlj_shim.wat",):  # run-time shim of earlier installs, no longer used
        (dest / stale).unlink(missing_ok=True)
    for name, src in files.items():
        tmp = dest / f".{name}.tmp"
        shutil.copyfile(src, tmp)
        tmp.replace(dest / name)
    (dest / "lock.json").write_text(json.dumps(lock, indent=2) + "\n")


def fetch(tarball: Path | None = None, binaryen_tarball: Path | None = None, force: bool = False,
          update_lock: bool = False) -> str:
    """Make `mpwasm_kernel/_artifacts` match the lock; return a one-line summary."""
    lock = json.loads(LOCK.read_text())
    if not (force or update_lock) and tarball is None and binaryen_tarball is None and installed_ok(lock):
        return f"MicroPython artifact {lock['version']} already installed in {DEST}"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mpwasm-fetch-") as tmp:
        work = Path(tmp)
        tgz = tarball if tarball is not None else npm_pack(f"{lock['package']}@{lock['version']}", work / "mp")
        bn = lock["binaryen"]
        btgz = binaryen_tarball if binaryen_tarball is not None else \
            npm_pack(f"{bn['package']}@{bn['version']}", work / "bn")
        upstream = extract(lock, tgz, work)
        bindir = extract_binaryen(lock, btgz, work)
        processed = build(lock, upstream, bindir, work)
        if update_lock:
            lock["processed"] = {name: sha256(path) for name, path in processed.items()}
            LOCK.write_text(json.dumps(lock, indent=2) + "\n")
        verify_processed(lock, processed)
        install(processed, lock)
    seconds = time.monotonic() - started
    return (f"installed MicroPython artifact {lock['package']}@{lock['version']}, post-processed with "
            f"{bn['package']}@{bn['version']} in {seconds:.0f} s, into {DEST}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this MicroPython tarball instead of running npm pack")
    parser.add_argument("--binaryen-tarball", type=Path, help="use this Binaryen tarball instead of running npm pack")
    parser.add_argument("--check", action="store_true", help="only verify the installed files")
    parser.add_argument("--force", action="store_true", help="fetch even if the installed files match")
    parser.add_argument("--update-lock", action="store_true",
                        help="process, then record the output and shim hashes in wasm/lock.json (maintainers)")
    args = parser.parse_args(argv)
    if args.check:
        ok = installed_ok(json.loads(LOCK.read_text()))
        print("artifact OK" if ok else f"artifact missing or mismatched in {DEST}; run: python wasm/fetch.py")
        return 0 if ok else 1
    if args.update_lock:
        lock = json.loads(LOCK.read_text())
        lock["binaryen"]["shim_sha256"] = sha256(SHIM)
        LOCK.write_text(json.dumps(lock, indent=2) + "\n")
    try:
        print(fetch(args.tarball, args.binaryen_tarball, args.force, args.update_lock))
    except FetchError as exc:
        print(f"wasm/fetch.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
