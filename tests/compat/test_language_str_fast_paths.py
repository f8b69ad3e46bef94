"""The guest str shims' fast paths (capitalize: native when called, `_mpk_ga`'s when loaded; title
of letters and spaces and swapcase of one-case text by native calls, ljust/rjust/center without the
fill check for the default, isalnum/isdecimal by the native whole-string tests, `w[::-1]` by
`reversed`), each next to the cases its fallback serves. Output compared with the host's CPython.
The case methods change ASCII letters only in this build (README, differences from CPython), so
non-ASCII letters appear here only where CPython leaves their case as it is."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "capitalize": """
        words = ["", "a", "Z", "hello", "hELLO", "HeLLo wORLD", "3rd", "'quoted'", "o'neil", " lead",
                 "ÇA VA", "Über", "ÜBER", "x" * 40, "\\tTab"]
        print([w.capitalize() for w in words])
        print(" ".join(w.capitalize() for w in "the QUICK brown fox".split()))
        f = str.capitalize
        print(list(map(str.capitalize, ["ab", "CD"])), f("eF"), "ab".capitalize.__name__)
        class S(str):
            def capitalize(self):
                return "own"
        print(S("ab").capitalize(), type("ab".capitalize()).__name__)
        n = 5
        for call in (lambda: "ab".capitalize(1), lambda: n.capitalize()):
            try:
                print(call())
            except Exception as exc:
                print(type(exc).__name__)
    """,
    "title_swapcase": """
        for w in ["", "a", "hello", "HELLO", "hELLO wORLD", "ada  lovelace ", " x", "o'neil", "3rd place",
                  "ab-cd", "x1y", "ABC dEf", "tab\tsep", "12", "!?", "A B", "a  B c"]:
            print(repr(w.title()), repr(w.swapcase()), w.istitle())
    """,
    "parenthesised_receiver": """
        a, b = "ada", "LOVELACE"
        print((a + " " + b).title(), (b).capitalize(), ((a)).center(9, "*"), (
            b  # a comment inside the parentheses
        ).swapcase(), (a
                       + b).zfill(12))
        for call in (lambda: (5).capitalize(), lambda: (a).capitalize(1)):
            try:
                print(call())
            except Exception as exc:
                print(type(exc).__name__)
        print("line", 11)
    """,
    "justify": """
        for w in ["", "a", "ab", "abc", "Übung"]:
            for n in (-1, 0, 2, 5, 8):
                print(repr(w.ljust(n)), repr(w.rjust(n)), repr(w.center(n)), repr(w.ljust(n, "*")),
                      repr(w.rjust(n, "-")), repr(w.center(n, ".")), repr(w.center(n, "ß")))
        fill = "".join(["", " "])
        print(repr("ab".center(6, fill)), repr("ab".ljust(4, fill)))
        for bad in ("", "ab", 5, None):
            for call in (lambda: "ab".ljust(5, bad), lambda: "ab".rjust(5, bad), lambda: "ab".center(5, bad)):
                try:
                    print(call())
                except TypeError as exc:
                    print("TypeError", str(exc)[:40])
    """,
    "isalnum_isdecimal": """
        for w in ["", "abc", "123", "abc123", "ab c", "12.5", "-1", "x_1", "Ab9", " ", "\\n"]:
            print(repr(w), w.isalnum(), w.isdecimal(), w.isnumeric())
    """,
    "reversed_slices": """
        for s in ["", "a", "ab", "hello", "Übermäßig schön, ça va", "x" * 300]:
            print(s[::-1], s[::-1][::-1] == s, s[None:None:-1] == s[::-1], s[::-2], s[3::-1], s[:2:-1])
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_str_fast_paths_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)
