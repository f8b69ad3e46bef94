"""The build's Binaryen pipeline: pinned in the lock, checked by hash, installed output has no sjlj imports."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import wasmtime

from mpwasm_kernel.sandbox.wasm import artifact, engine

ROOT = Path(__file__).resolve().parents[2]
LOCK = json.loads((ROOT / "wasm" / "lock.json").read_text())


def _fetch_module():
    spec = importlib.util.spec_from_file_location("mpwasm_fetch", ROOT / "wasm" / "fetch.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fetch = _fetch_module()


def test_lock_pins_binaryen_and_every_processed_output() -> None:
    assert LOCK["binaryen"]["package"] == "binaryen"
    assert LOCK["binaryen"]["version"] == "132.0.0"
    assert len(LOCK["binaryen"]["tarball_sha256"]) == 64
    assert set(LOCK["processed"]) == set(LOCK["files"]) == set(LOCK["variants"].values())
    assert fetch.sha256(fetch.SHIM) == LOCK["binaryen"]["shim_sha256"]


def test_processed_hash_mismatch_is_one_clear_error(tmp_path: Path) -> None:
    outputs = {}
    for name in LOCK["processed"]:
        outputs[name] = tmp_path / name
        outputs[name].write_bytes(b"not the locked output " + name.encode())
    with pytest.raises(fetch.FetchError) as info:
        fetch.verify_processed(LOCK, outputs)
    text = str(info.value)
    assert all(name in text for name in LOCK["processed"])
    assert "nothing installed" in text and "--update-lock" in text


def test_edited_shim_without_lock_update_fails_before_processing(tmp_path: Path, monkeypatch) -> None:
    shim = tmp_path / "sjlj_merge.wat"
    shim.write_text(fetch.SHIM.read_text() + ";; edited\n")
    monkeypatch.setattr(fetch, "SHIM", shim)
    with pytest.raises(fetch.FetchError, match="sjlj_merge.wat: sha256 .* does not match lock"):
        fetch.build(LOCK, {}, tmp_path, tmp_path)


@pytest.mark.parametrize("variant", sorted(LOCK["variants"]))
def test_installed_interpreter_has_the_shim_merged_in(variant: str) -> None:
    a = artifact.load_artifact(variant)
    assert a.sha256 == LOCK["processed"][LOCK["variants"][variant]]
    eng = engine.make_engine()
    module = engine.compiled_module(eng, a.sha256, path=a.wasm_path)
    names = {imp.name for imp in module.imports}
    assert not any(n.startswith("invoke_") for n in names)
    assert "_emscripten_throw_longjmp" not in names
    assert isinstance(module, wasmtime.Module)


def test_str_lookup_patch_refuses_an_unexpected_module() -> None:
    with pytest.raises(fetch.FetchError, match="str lookup patch: expected 3 call sites"):
        fetch.patch_str_lookup("(module\n (func $1 (param $0 i32) (result i32)\n  (local.get $0)\n )\n)\n")


def test_ordered_dict_patch_refuses_an_unexpected_module() -> None:
    with pytest.raises(fetch.FetchError, match="ordered dict patch: expected one ordered-map growth site"):
        fetch.patch_ordered_growth("(module\n (func $1 (param $0 i32) (result i32)\n  (local.get $0)\n )\n)\n", 1)


@pytest.mark.parametrize("variant", sorted(LOCK["variants"]))
def test_dict_type_in_the_lock_is_the_interpreters(variant: str) -> None:
    """The patch compares a map's owner with `lock["dict_type"]`: it must be `dict`'s address in
    that build (`id(dict)`), and a plain dict must switch to a hash map at 128 entries while an
    OrderedDict keeps its order."""
    from mpwasm_kernel import Sandbox

    with Sandbox(variant=variant) as sb:
        r = sb.run("import collections\no = collections.OrderedDict()\nd = {}\n"
                   "for i in range(300):\n    o[str(299 - i)] = d[str(299 - i)] = i\n"
                   "print(id(dict), list(o)[:2] == ['299', '298'], list(d)[:2] == ['299', '298'], len(d))")
    assert r.error is None, r.error
    dict_id, ordered, first_kept, size = r.stdout.split()
    assert int(dict_id) == LOCK["dict_type"][LOCK["variants"][variant]]
    assert ordered == "True" and size == "300"
    assert first_kept in ("True", "False")  # beyond 128 entries the order is the hash map's


# Strings built at run time are no longer looked up among interned strings (docs/speed.md): every
# value operation must still behave as in CPython. Same cell, host CPython vs the sandbox.
STRING_CELL = """
class C:
    alpha = 1
names = ["al" + "pha", "".join(["a", "l", "p", "h", "a"]), "ALPHA".lower(), "xalpha"[1:], str("alpha")]
d = {"alpha": 1, "print": 2}
for n in names:
    print(n == "alpha", hash(n) == hash("alpha"), d[n], getattr(C, n), n in {"alpha"}, n in d)
def f(alpha=0, **kw):
    return alpha, sorted(kw)
print(f(**{names[0]: 5, "be" + "ta": 6}))
setattr(C, "be" + "ta", 2)
print(C.beta, hasattr(C, "beta"), "beta" in dir(C))
mod = __import__("ma" + "th")
print(mod.__name__ == "math", getattr(mod, "s" + "qrt")(16.0))
print(sorted(["b" + "b", "a" + "a", "aa"]), "-".join(n[:2] for n in names))
print(len(set(names)), {n: i for i, n in enumerate(names)})
print("print" + "" == "print", ("x" * 3).upper(), "a,b,,c".split(","), "%s-%d" % ("k", 7))
"""


def test_built_strings_behave_like_cpython() -> None:
    import contextlib
    import io

    from mpwasm_kernel import Sandbox

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(STRING_CELL, {"__name__": "__main__"})
    with Sandbox() as sb:
        r = sb.run(STRING_CELL)
    assert r.error is None, r.error
    assert r.stdout == buf.getvalue()
