"""The `new_dicts` patch (wasm/patches/new_dicts.py): every dict is created insertion-ordered.

`check` is the patched behaviour (a differential cell: host CPython and the sandbox print the same);
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Sandbox

# Each kind of new dict, with keys whose hash order differs from their insertion order.
ORDER_CELL = """
import json
keys = ["k%d" % (19 - i) for i in range(20)]
d1 = {}
for k in keys:
    d1[k] = 1
def f(**kw):
    return kw
kinds = {
    "loop": d1,
    "display": {"zz": 1, "aa": 2, "mm": 3, "bb": 4, "yy": 5, "cc": 6},
    "dict(zip)": dict(zip(keys, range(20))),
    "dict(kw)": dict(zz=1, aa=2, mm=3, bb=4, yy=5, cc=6),
    "kwargs": f(zz=1, aa=2, mm=3, bb=4, yy=5, cc=6),
    "json": json.loads('{"zz": 1, "aa": 2, "mm": 3, "bb": 4, "yy": 5, "cc": 6}'),
    "fromkeys": dict.fromkeys(keys),
    "copy": d1.copy(),
    "comprehension": {k: 0 for k in keys},
}
for name, d in kinds.items():
    print(name, list(d))
"""


def check(sb: Sandbox) -> list[str]:
    """The kinds of dict whose order differs from CPython's on `sb` (empty: the patch works)."""
    r = sb.run(ORDER_CELL)
    if r.error is not None:
        return [f"error: {r.error}"]
    want = cpython(ORDER_CELL).splitlines()
    return [f"{got} (CPython: {exp})" for got, exp in zip(r.stdout.splitlines(), want, strict=False) if got != exp] \
        or ([] if len(r.stdout.splitlines()) == len(want) else [f"output {r.stdout!r}"])


def test_every_kind_of_new_dict_keeps_insertion_order() -> None:
    with Sandbox() as sb:
        assert check(sb) == []
