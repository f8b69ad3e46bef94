"""Booted images on disk (wasm/imagecache.py; issue 29).

A process's first sandbox maps the image a previous process booted, instead of booting. These
tests hold that the image from disk is the booted image byte for byte and gives isolated
sandboxes, that a corrupt, renamed or tampered file (even with a correct checksum) is refused
and replaced by a boot, that the key follows the interpreter build and the sandbox's files, and
that nothing is read or written with the cache turned off.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

import pytest

from mpwasm_kernel import Sandbox
from mpwasm_kernel.sandbox import boot
from mpwasm_kernel.sandbox import sandbox as sandbox_mod
from mpwasm_kernel.sandbox.wasm import image as image_mod
from mpwasm_kernel.sandbox.wasm import imagecache

pytestmark = pytest.mark.skipif(not image_mod.images_enabled(), reason="images need Linux and memfd")


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A private cache directory, the process's images forgotten, and a count of boots."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("MPWASM_CACHE_DIR", str(directory))
    monkeypatch.delenv("MPWASM_IMAGE_CACHE", raising=False)
    state = {"dir": directory, "boots": 0}
    real = sandbox_mod.Sandbox._boot_image

    def counting(self: Sandbox) -> image_mod.BootImage:
        state["boots"] += 1
        return real(self)

    monkeypatch.setattr(sandbox_mod.Sandbox, "_boot_image", counting)
    _forget_images()
    yield state
    _forget_images()


def _forget_images() -> None:
    for runtime in image_mod._runtimes.values():
        with runtime.lock:
            runtime.images.clear()


def _image_bytes(sb: Sandbox) -> bytes:
    image = sb._pristine._image  # the image this sandbox was cloned from
    return os.pread(image.memory.fd, image.size, 0)


def _files(cache: dict) -> list[Path]:
    return sorted(cache["dir"].glob("image-*.bin"))


def test_a_new_process_maps_the_stored_image_byte_for_byte(cache: dict) -> None:
    with Sandbox() as booted:
        assert cache["boots"] == 1
        assert len(_files(cache)) == 1
        original = _image_bytes(booted)
        state = dict(booted._pristine._image.state)
    _forget_images()  # as in a new process: the image must come from disk
    with Sandbox() as a, Sandbox() as b:
        assert cache["boots"] == 1
        assert _image_bytes(a) == original
        loaded = a._pristine._image.state
        assert boot.facts_to_json(loaded) == boot.facts_to_json(state)
        assert loaded["stack"].old_region == state["stack"].old_region
        assert a.run("x = 'a'\nopen('f.txt', 'w').write('a')\nx").value == "'a'"
        assert b.run("'x' in globals()").value == "False"
        assert b.run("import os\n'f.txt' in os.listdir()").value == "False"
        r = b.run("import uctypes")
        assert r.error is not None and r.error.ename == "ModuleNotFoundError"  # the seal came with the image
        a.reset()
        assert a.run("'x' in globals()").value == "False"


def _rewrite(path: Path, change) -> None:
    """Apply `change(header, memory_chunks)` to a stored image and write it back with a correct
    checksum (what a bug, or someone able to write the cache, could produce)."""
    blob = path.read_bytes()
    body = blob[:-32]
    start = len(imagecache.MAGIC) + 4
    (length,) = struct.unpack_from("<I", body, len(imagecache.MAGIC))
    header = json.loads(body[start:start + length])
    at, chunks = start + length, []
    for offset, n in header["chunks"]:
        chunks.append([offset, bytearray(body[at:at + n])])
        at += n
    change(header, chunks)
    raw = json.dumps(header).encode()
    new = b"".join([imagecache.MAGIC, struct.pack("<I", len(raw)), raw, *(bytes(c) for _, c in chunks)])
    path.write_bytes(new + hashlib.sha256(new).digest())


def _unseal(header: dict, chunks: list) -> None:
    """Put uctypes' first module-map entry back into the stored memory."""
    site, key, module = header["facts"]["sealed"][0]
    for offset, data in chunks:
        if offset <= site < offset + len(data):
            data[site - offset:site - offset + 8] = struct.pack("<II", key, module)
            return
    raise AssertionError("seal site not stored")


def test_a_rewritten_but_unchanged_image_is_accepted(cache: dict) -> None:
    """The control for the tampering cases below: `_rewrite` itself keeps an image valid."""
    with Sandbox():
        pass
    (path,) = _files(cache)
    _rewrite(path, lambda header, chunks: None)
    _forget_images()
    with Sandbox() as sb:
        assert cache["boots"] == 1
        assert sb.run("6 * 7").value == "42"


def _far_words(header: dict, _chunks: list) -> None:
    header["facts"]["words"]["arm"][0][0] = 1 << 40


def _other_key(header: dict, _chunks: list) -> None:
    header["key"] = "0" * 40


@pytest.mark.parametrize("damage", ["flipped_byte", "truncated", "garbage", "unsealed", "far_words", "other_key"])
def test_a_damaged_or_tampered_image_is_refused_and_booted_again(cache: dict, damage: str) -> None:
    with Sandbox() as sb:
        assert sb.run("6 * 7").value == "42"
    (path,) = _files(cache)
    if damage == "flipped_byte":
        blob = bytearray(path.read_bytes())
        blob[len(blob) // 2] ^= 0x40
        path.write_bytes(bytes(blob))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "garbage":
        path.write_bytes(b"planted")
    else:
        _rewrite(path, {"unsealed": _unseal, "far_words": _far_words, "other_key": _other_key}[damage])
    _forget_images()
    with Sandbox() as sb:
        assert cache["boots"] == 2  # refused: booted again
        r = sb.run("import uctypes")
        assert r.error is not None and r.error.ename == "ModuleNotFoundError"
        assert sb.run("6 * 7").value == "42"
    _forget_images()
    with Sandbox() as sb:  # the boot rewrote a good image
        assert cache["boots"] == 2
        assert sb.run("6 * 7").value == "42"


def test_the_key_follows_the_build_the_options_and_the_sandbox_files(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    base = imagecache.image_key("a" * 64, (True, False, 0))
    assert imagecache.image_key("b" * 64, (True, False, 0)) != base
    assert imagecache.image_key("a" * 64, (True, True, 0)) != base
    assert imagecache.image_key("a" * 64, (False, False, 0)) != base
    package = tmp_path / "package"
    (package / "guest").mkdir(parents=True)
    guest = package / "guest" / "runtime.py"
    guest.write_text("x = 1\n")
    monkeypatch.setattr(imagecache, "PACKAGE_DIR", package)
    monkeypatch.setattr(imagecache, "_digest", None)
    first = imagecache.sources_digest()
    guest.write_text("x = 22\n")  # another size
    monkeypatch.setattr(imagecache, "_digest", None)
    assert imagecache.sources_digest() != first
    os.utime(guest, ns=(1, 1))  # same size, another modification time
    monkeypatch.setattr(imagecache, "_digest", None)
    second = imagecache.sources_digest()
    os.utime(guest, ns=(2, 2))
    monkeypatch.setattr(imagecache, "_digest", None)
    assert imagecache.sources_digest() != second


def test_nothing_is_stored_with_the_cache_off(cache: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPWASM_IMAGE_CACHE", "0")
    with Sandbox() as sb:
        assert sb.run("6 * 7").value == "42"
    assert _files(cache) == []
    assert cache["boots"] == 1


def test_an_untrusted_directory_is_neither_read_nor_written(cache: dict) -> None:
    with Sandbox():
        pass
    (path,) = _files(cache)
    good = path.read_bytes()
    cache["dir"].chmod(0o777)
    try:
        _forget_images()
        with Sandbox() as sb:
            assert cache["boots"] == 2
            assert sb.run("6 * 7").value == "42"
        assert path.read_bytes() == good
    finally:
        cache["dir"].chmod(0o700)
