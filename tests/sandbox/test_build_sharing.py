"""The patch builds' shared prefixes (`patch_builds._patched_texts`): each build's text is exactly
the base with its patches applied in order, while the text after a common prefix is patched once."""

from __future__ import annotations

from types import ModuleType

import patch_builds
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
    names = [p.NAME for p in patch_builds.patches.PATCHES]
    for name in names:
        chosen = [p.NAME for p in patch_builds._chosen(name)]
        assert chosen == [n for n in names if n != name and (n != patch_builds.HEAVY or name == n)]
