"""The build package `wasm/`: pinned in the lock, checked by hash, installed output has no sjlj imports,
and every interpreter patch states its contract and is needed (its check fails on a build without it)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import wasmtime
from patch_builds import build_ahead, sandbox_on

from mpwasm_kernel import Limits
from mpwasm_kernel.sandbox.wasm import artifact, engine
from wasm import pipeline, sources
from wasm.errors import FetchError
from wasm.patches import PATCHES, base

ROOT = Path(__file__).resolve().parents[2]
LOCK = json.loads((ROOT / "wasm" / "lock.json").read_text())
TRIVIAL_MODULE = "(module\n (func $1 (param $0 i32) (result i32)\n  (local.get $0)\n )\n)\n"


def test_lock_pins_binaryen_and_every_processed_output() -> None:
    assert LOCK["binaryen"]["package"] == "binaryen"
    assert LOCK["binaryen"]["version"] == "132.0.0"
    assert len(LOCK["binaryen"]["tarball_sha256"]) == 64
    assert set(LOCK["processed"]) == set(LOCK["files"]) == set(LOCK["variants"].values())
    assert sources.sha256(sources.SHIM) == LOCK["binaryen"]["shim_sha256"]


def test_processed_hash_mismatch_is_one_clear_error(tmp_path: Path) -> None:
    outputs = {}
    for name in LOCK["processed"]:
        outputs[name] = tmp_path / name
        outputs[name].write_bytes(b"not the locked output " + name.encode())
    with pytest.raises(FetchError) as info:
        sources.verify_processed(LOCK, outputs)
    text = str(info.value)
    assert all(name in text for name in LOCK["processed"])
    assert "nothing installed" in text and "--update-lock" in text


def test_edited_shim_without_lock_update_fails_before_processing(tmp_path: Path, monkeypatch) -> None:
    shim = tmp_path / "sjlj_merge.wat"
    shim.write_text(sources.SHIM.read_text() + ";; edited\n")
    monkeypatch.setattr(sources, "SHIM", shim)
    with pytest.raises(FetchError, match="sjlj_merge.wat: sha256 .* does not match lock"):
        pipeline.build(LOCK, {}, tmp_path, tmp_path)


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


@pytest.mark.parametrize("variant", sorted(LOCK["variants"]))
def test_dict_type_in_the_lock_is_the_interpreters(variant: str) -> None:
    """The patches compare a map's owner with `lock["dict_type"]`, a key's type with
    `lock["str_type"]`, a sort key's with `lock["float_type"]` and compared operands' with
    `lock["tuple_type"]`, the MT fill's arrays with `lock["array_type"]` and a `yield from`
    delegate with `lock["array_it_type"]`: they must be the addresses of `dict`, `str`, `float`,
    `tuple`, `array` and the array iterator type in that build (`id(dict)`, ..., `id(array.array)`,
    `id(type(iter(bytearray())))`), and a plain dict must switch to a hash map at 128 entries while an
    OrderedDict keeps its order."""
    from mpwasm_kernel import Sandbox

    with Sandbox(variant=variant) as sb:
        r = sb.run("import collections\no = collections.OrderedDict()\nd = {}\n"
                   "for i in range(300):\n    o[str(299 - i)] = d[str(299 - i)] = i\n"
                   "print(id(dict), list(o)[:2] == ['299', '298'], list(d)[:2] == ['299', '298'], len(d), id(str),"
                   " id(float), id(tuple), id(__import__('array').array), id(type(iter(bytearray()))))")
    assert r.error is None, r.error
    dict_id, ordered, first_kept, size, str_id, float_id, tuple_id, array_id, array_it_id = r.stdout.split()
    assert int(dict_id) == LOCK["dict_type"][LOCK["variants"][variant]]
    assert int(str_id) == LOCK["str_type"][LOCK["variants"][variant]]
    assert int(float_id) == LOCK["float_type"][LOCK["variants"][variant]]
    assert int(tuple_id) == LOCK["tuple_type"][LOCK["variants"][variant]]
    assert int(array_id) == LOCK["array_type"][LOCK["variants"][variant]]
    assert int(array_it_id) == LOCK["array_it_type"][LOCK["variants"][variant]]
    assert ordered == "True" and size == "300"
    assert first_kept in ("True", "False")  # beyond 128 entries the order is the hash map's


def _test_module(patch):
    path = ROOT / patch.TEST.split("::")[0]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("patch", PATCHES, ids=lambda p: p.NAME)
def test_every_patch_states_its_contract(patch) -> None:
    """MicroPython's terms (a source file at the pinned version), the site count, and a test that
    exists and exposes `check(sandbox) -> problems` for the test below."""
    doc = patch.__doc__ or ""
    assert "v1.29.0" in doc and "py/" in doc and "Site" in doc
    assert isinstance(patch.SITES, int) and patch.SITES > 0 and f"{patch.SITES}" in doc
    assert patch.TEST.split("::")[0] in doc
    module = _test_module(patch)
    assert callable(getattr(module, patch.TEST.split("::")[1]))
    assert callable(module.check)
    assert [p.NAME for p in PATCHES].count(patch.NAME) == 1


@pytest.mark.parametrize("patch", PATCHES, ids=lambda p: p.NAME)
def test_every_patch_refuses_a_module_without_its_sites(patch) -> None:
    target = base.Target.from_lock(LOCK, getattr(patch, "VARIANTS", ("micropython.wasm",))[0])
    with pytest.raises(FetchError, match="expected"):
        patch.apply(TRIVIAL_MODULE, target)


@pytest.fixture(scope="module")
def upcoming_builds(request: pytest.FixtureRequest) -> list[str]:
    """The patches whose `test_every_patch_is_needed` case is selected, in run order: the first
    case that needs a build starts them all, sharing their common steps (`build_ahead`)."""
    return [item.callspec.params["patch"].NAME for item in request.session.items
            if item.module is request.module and item.originalname == "test_every_patch_is_needed"]


@pytest.mark.slow
@pytest.mark.timeout(900)  # the first case may wait for the round's shared steps and its own build
@pytest.mark.parametrize("patch", PATCHES, ids=lambda p: p.NAME)
def test_every_patch_is_needed(patch, upcoming_builds: list[str]) -> None:
    """On the interpreter built with every other patch, the patch's own check finds a difference
    (the installed build passes the same check in the patch's test). The wall clock is generous:
    quadratic work on a busy machine must show as a difference in fuel, not a time-limit stop."""
    with sandbox_on(build_ahead(patch.NAME, upcoming_builds), limits=Limits(wall_seconds=600)) as sb:
        problems = _test_module(patch).check(sb)
    assert problems, f"{patch.NAME}: its check passes without the patch"
