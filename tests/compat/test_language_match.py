"""`match` statements (literal, capture, wildcard, or, sequence with star, mapping with rest,
class patterns with __match_args__ and keywords, guards), rewritten by the source pass."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "all_patterns": """
        class Point:
            __match_args__ = ("x", "y")
            def __init__(self, x, y):
                self.x, self.y = x, y

        def describe(value):
            match value:
                case 0 | 1:
                    return "small"
                case None:
                    return "nothing"
                case True:
                    return "true"
                case int(n) if n < 0:
                    return f"negative {n}"
                case str() as s:
                    return "text " + s
                case [x, y]:
                    return f"pair {x} {y}"
                case [first, *rest]:
                    return f"list starting {first} then {rest}"
                case (a, b, *_, z) if z == 9:
                    return f"long {a} {b} {z}"
                case {"name": name, **others}:
                    return f"named {name} {others}"
                case Point(x=0, y=0):
                    return "origin"
                case Point(x, y) if x == y:
                    return f"diagonal {x}"
                case Point(x=px):
                    return f"point {px}"
                case _:
                    return "other"

        for v in [0, 1, None, True, -5, "hi", [1, 2], [1, 2, 3], (4,), (1, 2, 3, 9), {"name": "Ada", "age": 3},
                  Point(0, 0), Point(2, 2), Point(1, 5), 3.5, {"other": 1}]:
            print(describe(v))
    """,
    "text_adventure": """
        def handle(command):
            match command.split():
                case ["go", ("north" | "south") as direction]:
                    print("going", direction)
                case ["go", direction]:
                    print("cannot go", direction)
                case ["take", *items] if items:
                    print("taking", ", ".join(items))
                case ["quit" | "exit"]:
                    print("bye")
                case []:
                    print("say something")
                case _:
                    print("unknown:", command)
        for c in ["go north", "go west", "take lamp key", "take", "quit", "", "dance"]:
            handle(c)
    """,
    "http_status_and_loop": """
        results = []
        for status in [200, 404, 418, 500, 301]:
            match status:
                case 200:
                    results.append("ok")
                case 404:
                    results.append("not found")
                    continue
                case 500 | 501 | 502:
                    results.append("server error")
                    break
                case code:
                    results.append(f"code {code}")
        print(results)
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_match_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)
