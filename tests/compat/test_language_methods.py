"""Methods of str/int/float/complex that this MicroPython lacks, served by the guest's shims through
the source pass (`x.title` → `_mpk_ga(x, 'title')`, `x.title()` → `_mpk_ga(x, 'title', ...)`). Output
compared with the host's CPython."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "rsplit_whitespace_with_limit": """
        s = "  Hello, World  wide \t"
        print(s.rsplit(None, 1), s.rsplit(None, 0), s.rsplit(None, 2), s.rsplit(),
              "a,b,c".rsplit(",", 1), s.rsplit(maxsplit=1), "".rsplit(None, 1), "   ".rsplit(None, 1),
              "x".rsplit(None, 3))
        name = "Ada King Lovelace"
        first, last = name.rsplit(None, 1)
        f = name.rsplit
        print(first, last, f(" ", 1), "path/to/file.txt".rsplit("/", 1)[-1], "a b".rsplit(sep=None, maxsplit=1))
    """,
    "string_methods": """
        names = ["ada lovelace", "ALAN turing", "grace o'hopper", "3rd place", ""]
        for n in names:
            print(repr(n.title()), n.capitalize(), n.swapcase(), n.casefold(), n.istitle())
        print("42".zfill(5), "-42".zfill(6), "ab".ljust(5, "*") + "|", "ab".rjust(5) + "|")
        for w in range(0, 9):
            print(repr("ab".center(w, "-")), repr("abc".center(w, "*")), repr("x".center(w)))
        print("test_file.py".removesuffix(".py"), "Mr. Smith".removeprefix("Mr. "), "a\\tbc\\td".expandtabs(4))
        print("abc123".isalnum(), "abc 1".isalnum(), "123".isdecimal(), "var_1".isidentifier(), "1var".isidentifier())
        print("abc".isascii(), "tab\\t".isprintable(), "ok".isprintable(), "12".isnumeric())
    """,
    "translate_and_format_map": """
        table = str.maketrans("aeiou", "12345", "xyz")
        print("hello xyz world".translate(table))
        print("caesar".translate({ord(c): ord(c) + 1 for c in "abcdefghijklmnopqrstuvwxy"}))
        print("{name} is {age}".format_map({"name": "Ada", "age": 36}))
        print(list(map(str.title, ["x y", "z"])), sorted(["b", "A", "c"], key=str.casefold))
    """,
    "numbers": """
        print((10).bit_length(), (0).bit_length(), (-37).bit_length(), (255).bit_count())
        print((0.75).as_integer_ratio(), (-2.5).as_integer_ratio(), (3).as_integer_ratio())
        print((3.0).is_integer(), (2.5).is_integer(), (3 + 4j).conjugate(), (5).conjugate())
        print((5).numerator, (5).denominator, (7).real, (7).imag, (2.5).real)
    """,
    "user_attributes_win": """
        class Book:
            def __init__(self, title, real):
                self.title = title
                self.real = real
            def center(self):
                return "book center"
        b = Book("dune", True)
        print(b.title, b.title.title(), b.real, b.center())
    """,
    "missing_attribute_error": """
        x = 5
        x.title()
    """,
    # Calls of str methods go through `_mpk_ga(x, name, ..., args)` (no bound method made first)
    # when their arguments are names, constants and arithmetic; other calls through the bound method.
    "direct_calls": """
        class Label(str):
            pass
        class Pad:
            def center(self, width, fill="."):
                return "pad%d%s" % (width, fill)
        w, n = "mIxEd wOrds", 4
        words = w.split()
        print(" ".join(x.capitalize() for x in words), w.title(), w.swapcase(), w.casefold())
        print(w.center(n * 4, "*"), w.ljust(n + 10, "-") + "|", w.rjust(-n), "7".zfill(n), w.zfill(-1))
        print(w.removeprefix("mI"), w.removesuffix("ds"), "a\tb".expandtabs(n), Label("ab cd").title())
        print(Pad().center(3), Pad().center(n, "#"), (w
              .title()), w.center(
                  20,
                  "~"))
        fill = "ab"
        for call in (lambda: w.center(20, fill), lambda: w.capitalize(1), lambda: n.capitalize(),
                     lambda: w.center(*[5])):
            try:
                print(call())
            except Exception as exc:
                print(type(exc).__name__)
    """,
    "stepped_str_slices": """
        s = "Übermäßig schön, ça va"
        print(s[::-1], s[::2], s[-3:2:-3], s[5:1:-1], "abc"[::-1], ""[::-1], "x"[::5])
        print([w[::-1] for w in s.split()], b"bytes"[::-2], (1, 2, 3)[::-1], [1, 2, 3][::2])
        try:
            print("abc"[::0])
        except ValueError as exc:
            print("ValueError", exc)
    """,
    # `"literal" % name` goes through `_mpk_pct` (the class of the value decides what is formatted)
    "percent_format_of_names": """
        from collections import namedtuple
        Point = namedtuple("Point", "x y")
        class Label(str):
            pass
        class Count(int):
            pass
        class Thing:
            def __str__(self):
                return "thing"
        p, t, n, s, f, d, b = Point(1, 2), (3, 4), 7, "schön ça", 2.5, {"k": "é"}, True
        lab, cnt, one = Label("Übel"), Count(9), (5,)
        print("%d-%d" % p, "%s/%s" % t, "%d" % n, "<%s>" % s, "%.2f" % f, "%(k)s" % d, "%s" % b)
        print("[%s]" % lab, "%d" % cnt, "%s" % Thing(), "%d" % one, "%r" % s, "%5s|" % s)
        try:
            print("%d %d" % n)
        except TypeError as exc:
            print("TypeError")
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_methods_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)
