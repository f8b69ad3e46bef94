"""Builtins and exceptions as CPython: OSError subclasses from open(), bool as int, round(), text
files with universal newlines. Every expected output comes from the host's CPython."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "file_not_found": """
        try:
            with open("missing.txt") as f:
                print(f.read())
        except FileNotFoundError as e:
            print("not found:", e, e.errno, e.filename, isinstance(e, OSError))
        try:
            open("missing.txt")
        except OSError as e:
            print(type(e).__name__, e.errno)
    """,
    "file_not_found_uncaught": """
        open("nope/data.csv")
    """,
    "bool_is_int": """
        print(isinstance(True, int), isinstance(False, (str, int)), isinstance(1, bool), issubclass(bool, int))
        print(sum([True, True, False]), isinstance("x", int))
    """,
    "round_like_cpython": """
        print(round(2.675, 2), round(0.125, 2), round(1.005, 2), round(2.5), round(3.5), round(-1.5))
        print(round(1234.5678, -2), round(0.5, 0), round(-0.001, 2), round(7, 1), round(10.0 / 3, 4))
        prices = [19.995, 4.445, 0.285]
        print([round(p, 2) for p in prices])
    """,
    "text_file_round_trip": """
        with open("notes.txt", "w") as f:
            for i in range(5):
                f.write(f"line {i}\\n")
        with open("notes.txt") as f:
            for line in f:
                print(line.strip())
        with open("notes.txt") as f:
            print(f.readlines())
        with open("notes.txt") as f:
            print(f.read(7), repr(f.readline()), f.read().count("\\n"))
    """,
    "print_arguments": """
        import io
        import sys
        print("a", "b", sep="-", end="!\\n")
        print("x", 1.5, [2.5], sep="", end="")
        print()
        print(*[1, 2, 3], sep=", ", flush=True)
        buf = io.StringIO()
        print("to buffer", 0.1 + 0.2, file=buf)
        print(repr(buf.getvalue()))
        print("to stderr", file=sys.stderr)
        print("none sep", "x", sep=None, end=None)
        print(1, 2, sep="\\t")
    """,
    "print_one_write": """
        class Loud:
            def __str__(self):
                print("inside")
                return "loud"
        class Name(str):
            pass
        print("x =", 3, True, -7, 10 ** 30, "")
        print(Name("sub"), 1, Loud(), None)
        print("long", "y" * 5000)
        print("é ü 😀", 0)
        for i in range(3):
            print(i, i * i, i == 1)
        print(*range(5))
    """,
    "header_then_rows": """
        with open("data.csv", "w") as f:
            f.write("name,score\\nada,90\\nalan,75\\ngrace,88\\n")
        with open("data.csv") as f:
            header = next(f).strip().split(",")
            rows = [line.strip().split(",") for line in f]
        print(header, rows)
        with open("data.csv") as f:
            first = f.readline()
            f.seek(0)
            print(repr(first), repr(f.read(4)), repr(f.readline()), len(f.readlines()))
        f = open("data.csv")
        print(f.closed, f.name, f.mode, f.readable(), f.writable())
        f.close()
        print(f.closed)
    """,
    "universal_newlines": """
        with open("dos.txt", "wb") as f:
            f.write(b"one\\r\\ntwo\\rthree\\n")
        print(open("dos.txt").read().split("\\n"))
        print(open("dos.txt").readlines(), open("dos.txt", "rb").read())
    """,
    "word_count": """
        text = "the quick brown fox jumps over the lazy dog the end"
        with open("words.txt", "w") as f:
            f.write("\\n".join(text.split()))
        counts = {}
        with open("words.txt") as f:
            for word in f:
                word = word.strip()
                counts[word] = counts.get(word, 0) + 1
        print(sorted(counts.items()), max(counts, key=counts.get))
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_builtins_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


def test_sum_takes_start_by_keyword(same_output: Callable[[str], str]) -> None:
    same_output("""
        def mean(*args, **kwargs):
            return sum(args, **kwargs) / len(args)
        print(mean(1, 2, 3), mean(1, 2, start=3), sum([1, 2], 10), sum((x for x in range(5)), start=10))
        print(sum([[1], [2]], start=[]), sum([0.1] * 10), sum([]), sum([], start=2.5))
        for start in ('', b'', bytearray()):
            try:
                sum(['a', 'b'], start)
            except TypeError as e:
                print(e)
        sum([1], 0, 2)
    """)
