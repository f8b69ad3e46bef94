"""What every patch module shares: the build target it patches and helpers over Binaryen text.

A patch module (see `wasm/patches/__init__.py`) has:

- `NAME`: a short name (used by tests to build the interpreter without it);
- `SITES`: the exact number of sites it rewrites in each variant (fewer or more fails the build);
- `TEST`: the test that proves its behaviour and fails on a build without it (`path::function`);
- `apply(wat: str, target: Target) -> str`: the rewritten module text; raises `FetchError` when
  the sites are not found exactly as expected.

Patches work on the output of `wasm-dis` (Binaryen 132 text, numbered names such as `$123`),
split into one chunk per function; a rewritten function is put back on one line, which `wasm-as`
reads the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wasm.errors import FetchError


@dataclass(frozen=True)
class Target:
    """One upstream variant being patched, with the facts of that build the patches need."""

    name: str  # the upstream file name, e.g. "micropython.wasm"
    dict_type: int  # address of `mp_type_dict` in that build (`lock["dict_type"]`, `id(dict)`)
    str_type: int  # address of `mp_type_str` in that build (`lock["str_type"]`, `id(str)`)
    float_type: int = 0  # address of `mp_type_float` in that build (`lock["float_type"]`, `id(float)`)
    tuple_type: int = 0  # address of `mp_type_tuple` in that build (`lock["tuple_type"]`, `id(tuple)`)
    array_type: int = 0  # address of `mp_type_array` in that build (`lock["array_type"]`, `id(array.array)`)
    array_it_type: int = 0  # address of `mp_type_array_it` (`lock["array_it_type"]`, `id(type(iter(bytearray())))`)

    @classmethod
    def from_lock(cls, lock: dict, name: str) -> Target:
        return cls(name=name, dict_type=int(lock["dict_type"][name]), str_type=int(lock["str_type"][name]),
                   float_type=int(lock["float_type"][name]), tuple_type=int(lock["tuple_type"][name]),
                   array_type=int(lock.get("array_type", {}).get(name, 0)),
                   array_it_type=int(lock.get("array_it_type", {}).get(name, 0)))


def split_functions(wat: str) -> list[str]:
    """The module text cut before every function: chunk 0 is the header, each other a `(func ...)`."""
    return re.split(r"(?m)^(?= \(func )", wat)


def function_index(chunks: list[str]) -> dict[str, int]:
    """Function name (without `$`) → index of its chunk."""
    names = {}
    for i, chunk in enumerate(chunks):
        m = re.match(r" \(func \$(\w+) ", chunk)
        if m:
            names[m.group(1)] = i
    return names


def flatten(chunk: str) -> str:
    """One function's text on one line (runs of whitespace become one space)."""
    return re.sub(r"\s+", " ", chunk)


def normalise(chunk: str) -> str:
    """One function's text on one line, without spaces before closing parentheses."""
    return re.sub(r" \)", ")", flatten(chunk)) + "\n"


def expression_end(text: str, start: int) -> int:
    """Index just after the parenthesised expression that starts at `start`."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    raise FetchError("unbalanced Binaryen text")
