"""The patch builds' shared work: prefixes (`patch_builds._patched_texts`: each build's text is
exactly the base with its patches applied in order, while the text after a common prefix is patched
once), claims between processes (a build is made by one process, waited for by the others), and
the cache's pruning."""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import patch_builds
import pytest
from patch_builds import _patched_texts

from wasm.errors import FetchError


class _Counting:
    """Fake patches that append their name to the text, counting every application."""

    def __init__(self, names: str) -> None:
        self.calls = 0
        self.patches = {name: self._patch(name) for name in names}

    def _patch(self, name: str) -> ModuleType:
        patch = ModuleType(name)
        patch.NAME = name

        def apply(text: str, target: object) -> str:
            self.calls += 1
            if name == "!":
                raise FetchError("expected 1 site, found 0")
            return text + name

        patch.apply = apply
        return patch

    def plans(self, lists: list[str]) -> list[tuple[str, tuple[ModuleType, ...]]]:
        return [(f"plan{i}", tuple(self.patches[n] for n in names)) for i, names in enumerate(lists)]


def test_every_build_but_one_applies_each_prefix_once() -> None:
    fake = _Counting("abcdefgh")
    lists = ["abcdefgh".replace(left_out, "") for left_out in "abcdefgh"]
    texts = list(_patched_texts("base:", None, fake.plans(lists)))
    assert texts == [("base:" + names, None) for names in lists]
    n = len(lists)
    # the build without the k-th applies the n - k after it and, but the first, the (k-1)-th to
    # the kept text: n(n-1)/2 + n - 1 in all instead of n(n-1) unshared
    assert fake.calls == sum(n - k for k in range(1, n + 1)) + n - 1


def test_any_lists_in_any_order_get_their_own_text() -> None:
    fake = _Counting("abcdef")
    lists = ["abcf", "abde", "ab", "abcdef", "cdef", "", "abce", "abcf"]
    assert list(_patched_texts("", None, fake.plans(lists))) == [(names, None) for names in lists]


def test_a_refused_patch_fails_its_build_only() -> None:
    fake = _Counting("ab!c")
    lists = ["ab!c", "abc", "a!c", "ac"]
    texts = list(_patched_texts("", None, fake.plans(lists)))
    assert texts[1] == ("abc", None) and texts[3] == ("ac", None)
    assert texts[0][0] is None and "expected 1 site" in texts[0][1]
    assert texts[2][0] is None and "expected 1 site" in texts[2][1]


def test_the_builds_without_each_patch_leave_out_only_it_and_the_heavy_one() -> None:
    """... and the patches that extend it (`EXTENDS`), which cannot be applied without it."""
    names = [p.NAME for p in patch_builds.patches.PATCHES]
    extends = {p.NAME: getattr(p, "EXTENDS", ()) for p in patch_builds.patches.PATCHES}
    assert extends["index_grow"] == ("ordered_index",)
    for name in names:
        chosen = [p.NAME for p in patch_builds._chosen(name)]
        assert chosen == [n for n in names if n != name and (n != patch_builds.HEAVY or name == n)
                          and name not in extends[n]]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty build cache (`patch_builds.CACHE`) and system temporary directory for one test."""
    monkeypatch.setattr(patch_builds, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path / "cache"


def _names() -> tuple[str, str]:
    first, second = (p.NAME for p in patch_builds.patches.PATCHES[:2])
    return first, second


def test_a_build_claimed_elsewhere_is_waited_for_not_made_twice(cache: Path) -> None:
    """Two claimants (as two processes: flock locks belong to open files): the second gets only
    what the first did not claim; the claim blocks a waiter until it is let go, and the waiter
    then sees whether the build was cached."""
    first, second = _names()
    elsewhere = patch_builds._claim([first])
    assert list(elsewhere) == [first]
    here = patch_builds._claim([first, second])
    assert list(here) == [second]
    with open(patch_builds._lock_path(first), "ab") as probe, pytest.raises(BlockingIOError):
        fcntl.flock(probe, fcntl.LOCK_SH | fcntl.LOCK_NB)  # what `_wait_unclaimed` blocks on
    patch_builds._cached(first).write_bytes(b"built")
    elsewhere[first].close()
    assert patch_builds._wait_unclaimed(first) is True
    assert patch_builds._claim([first]) == {}  # cached now: nothing to claim
    here[second].close()  # given up without a build: a waiter learns it, and may claim it
    assert patch_builds._wait_unclaimed(second) is False
    again = patch_builds._claim([second])
    assert list(again) == [second]
    again[second].close()


def test_a_round_builds_its_claims_then_waits_for_the_others(cache: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`_build_round` builds only what it claimed, and reports a build another process held once
    that process has cached it (explicit synchronisation: the holder lets go only after the round
    has made its claims)."""
    first, second = _names()
    built: list[list[str]] = []
    claimed = threading.Event()

    def fake_build(missing: list[str], claims: dict) -> Iterator[tuple[str, None]]:
        built.append(missing)
        claimed.set()
        for name in missing:
            patch_builds._cached(name).write_bytes(b"built")
            claims[name].close()
            yield name, None

    monkeypatch.setattr(patch_builds, "_build_claimed", fake_build)
    holder = patch_builds._claim([first])
    outcomes: list = []
    worker = threading.Thread(target=lambda: outcomes.extend(patch_builds._build_round([first, second])))
    worker.start()
    assert claimed.wait(timeout=300)
    patch_builds._cached(first).write_bytes(b"built elsewhere")
    holder[first].close()
    worker.join(timeout=300)
    assert not worker.is_alive()
    assert built == [[second]] and outcomes == [(second, None), (first, None)]
    assert patch_builds._cached(first).read_bytes() == b"built elsewhere"


def test_prune_keeps_current_recent_and_held_builds(cache: Path, tmp_path: Path) -> None:
    """Only builds of other keys unused for a day go (with their lock and partial files), and
    killed rounds' build directories as old; current builds stay at any age, and so does a lock
    a process holds."""
    cache.mkdir()
    now = time.time()
    old = now - patch_builds.STALE_SECONDS - 60
    first, _ = _names()
    current = patch_builds._cached(first)
    files = {
        "current": current, "current_lock": patch_builds._lock_path(first),
        "other_old": cache / "without-x-000000000000000000000000.wasm",
        "other_old_lock": cache / "without-x-000000000000000000000000.lock",
        "other_old_partial": cache / "without-x-000000000000000000000000.123.tmp",
        "other_recent": cache / "without-y-111111111111111111111111.wasm",
        "other_old_held_lock": cache / "without-z-222222222222222222222222.lock",
    }
    for path in files.values():
        path.write_bytes(b"")
    for name, path in files.items():
        if name != "other_recent":
            os.utime(path, (old, old))
    killed = tmp_path / "mpwasm-patch-build-abc"
    running = tmp_path / "mpwasm-patch-build-def"
    for directory in (killed, running):
        directory.mkdir()
        (directory / "upstream.wat").write_text("")
    os.utime(killed, (old, old))
    with open(files["other_old_held_lock"], "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        gone = patch_builds.prune(now)
    assert sorted(gone) == sorted([files["other_old"], files["other_old_lock"], files["other_old_partial"], killed])
    assert all(path.exists() for name, path in files.items() if not name.startswith("other_old") or "held" in name)
    assert running.exists() and not killed.exists()
