"""Syntax MicroPython rejects or runs differently, rewritten by the host source pass: the output
must equal the host CPython's. Plus the pass's own guarantees (lines kept, bounded, total)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpwasm_kernel.sandbox.cpython.transform import MAX_CHARS, transform

CELLS = {
    "reverse_string": """
        word = "racecar"
        print(word[::-1], word == word[::-1])
        s = "Hello, World"
        print(s[::2], s[1::3], s[-1:-6:-1], s[10:2:-2])
    """,
    "palindromes": """
        def is_palindrome(text):
            cleaned = "".join(c.lower() for c in text if c.isalpha())
            return cleaned == cleaned[::-1]
        for t in ["A man a plan a canal Panama", "hello", "Was it a car or a cat I saw"]:
            print(t, is_palindrome(t))
    """,
    "tuple_bytes_range_steps": """
        t = (1, 2, 3, 4, 5, 6)
        print(t[::-1], t[::2], t[1:5:2])
        print(b"abcdef"[::-1], b"abcdef"[::2], bytearray(b"xyz")[::-1])
        print(list(range(20)[::-3]), [1, 2, 3, 4][::-1])
        n = 12345
        print(int(str(n)[::-1]))
    """,
    "multiline_slice": """
        s = "abcdef"
        print(s[
            ::-1
        ], len(s))
        print(undefined_name)
    """,
    "dict_unpacking": """
        defaults = {"color": "red"}
        extra = {"size": 3}
        merged = {**defaults, **extra}
        print(sorted(merged.items()), len({**defaults, "k": 1}))
        print({**defaults}["color"])
    """,
    "list_unpacking": """
        a = [1, 2]
        b = (3, 4)
        print([*a, *b], [0, *a, 9], (*a, *b), sorted({*a, *b, 5}))
        first, *rest = [*a, *b]
        print(first, rest)
        t = *a, *b
        print(t)
    """,
    "fstring_debug": """
        name = "Ada"
        age = 36
        print(f"{name=}", f"{age=}", f"{name=:>6}", f"{age * 2=}", f"{[1, 'a']=}")
        print(f"{{name=}}")
    """,
    "stepped_slice_assignment": """
        nums = list(range(10))
        nums[::2] = [0] * 5
        print(nums)
        nums[1::3] = "abc"
        print(nums)
        del nums[::4]
        print(nums)
        letters = list("abcdef")
        letters[::-1] = letters
        print(letters)
        try:
            nums[::2] = [1, 2]
        except ValueError as e:
            print("error:", e)
    """,
    "nested_rewrites": """
        words = ["alpha", "beta"]
        print([w[::-1] for w in words], {**{"x": "abc"[::-1]}}, [*"ab"[::-1]])
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_syntax_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


SOURCES = [
    "x = 'abc'[::-1]\ny = {**a, 'k': [*b,\n  *c]}\nprint(f'{x=}')\n",
    "try:\n    pass\nexcept (RecursionError, ValueError) as e:\n    s = e[::2]\n",
    "s[\n::-1\n]\n",
]


@pytest.mark.parametrize("source", SOURCES)
def test_pass_keeps_every_line(source: str) -> None:
    out = transform(source)
    assert out != source
    assert out.count("\n") == source.count("\n")
    compile(out, "<t>", "exec")


@pytest.mark.parametrize("source", [
    "x = 'abc'[::-1",                          # syntax error: MicroPython reports it
    "x = " + "[" * 5000 + "]" * 5000,         # too deep for CPython's parser
    "x = " + "[" * 150 + "'a'[::-1]" + "]" * 150,  # deeper than the pass's bound
    "s = 'x'\n" * (MAX_CHARS // 8) + "s[::-1]",  # larger than the pass's bound
    "\udcff = 1[::-1]",                          # lone surrogate
    "",
])
def test_pass_is_bounded_and_total(source: str) -> None:
    assert transform(source) == source


def test_plain_stores_are_not_rewritten() -> None:
    source = "a[1:2] = b\ndel a[:2]\n[x, *y] = z\na[::2] += b\n"
    assert transform(source) == source


def test_helpers_that_take_code_get_the_pass(sandbox) -> None:  # noqa: ANN001 - the conftest fixture
    """`evaluate` (user_expressions) and `timeit` (%timeit) run user code too."""
    sandbox.reset()
    sandbox.run("s = 'abc'\nd = {'b': 1, 'a': 2}")
    assert sandbox.call("evaluate", "s[::-1]")["data"]["text/plain"] == repr("abc"[::-1])
    assert sandbox.call("evaluate", "{**d, 'c': 3}")["data"]["text/plain"] == repr({"b": 1, "a": 2, "c": 3})
    assert len(sandbox.call("timeit", "s[::-1].title()", "", 5, 2)) == 2
