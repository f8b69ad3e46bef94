"""What the CPython-compatibility layer costs: the host source pass and the guest shims.

``python -m benchmarks.compat_pass`` prints, as JSON:

* ``pass_ms``: median time of `transform()` on a 200-line teaching-style cell (strings, lists,
  dicts, classes, comprehensions), and on the same cell when nothing needs rewriting;
* ``cell_ms``: median wall time of ``Sandbox.run`` on the teaching cell (which needs the pass to
  run at all), and on a 200-line cell that needs no rewrite with and without the pass (disabled
  by replacing it with the identity);
* ``start_s``: median ``Sandbox()`` creation time (compiled-module cache warm);
* ``literal_loop``: fuel used by a loop building 100 000 small dict displays, with and without
  the pass (the ordered-dict helper call per display is the largest per-operation cost).

Speed is reported, never asserted.
"""

from __future__ import annotations

import json
import statistics
import time

from mpwasm_kernel.sandbox import Sandbox
from mpwasm_kernel.sandbox import sandbox as sandbox_mod
from mpwasm_kernel.sandbox.cpython import transform as transform_mod

_BLOCK = '''\
class Student:
    def __init__(self, name, grades):
        self.name = name
        self.grades = grades
    def average(self):
        return sum(self.grades) / len(self.grades)
    def __repr__(self):
        return f"Student({self.name!r}, {self.average():.1f})"
people = [Student("ada", [90, 85, 77]), Student("alan", [60, 75, 88])]
summary = {"count": len(people), "best": max(people, key=lambda s: s.average()).name}
word = "Racecar"
print(word[::-1].lower() == word.lower(), word.title(), summary)
squares = {n: n * n for n in range(10)}
evens = [x for x in range(20) if x % 2 == 0]
print(sorted(squares.items())[:3], evens[::2])
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(10), "done".center(10, "*"))
'''
_PLAIN = '''\
total = 0
for i in range(10):
    total += i * i
values = [1, 2, 3]
values.append(total)
print(total, values)
'''


def _cell(block: str, lines: int = 200) -> str:
    n = block.count("\n")
    return block * (lines // n)


def _median_ms(func, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 3)


def main() -> dict:
    rich, plain = _cell(_BLOCK), _cell(_PLAIN)
    out: dict = {"cell_lines": rich.count("\n")}
    out["pass_ms"] = {"teaching_cell": _median_ms(lambda: transform_mod.transform(rich), 30),
                      "nothing_to_rewrite": _median_ms(lambda: transform_mod.transform(plain), 30)}
    out["start_s"] = round(_median_ms(lambda: Sandbox().close(), 5) / 1000, 3)
    loop = "for i in range(100000):\n    d = {'a': i, 'b': i}\n"
    with Sandbox() as sb:
        sb.run("1")
        rich_ms = _median_ms(lambda: sb.run(rich), 10)
        on = _median_ms(lambda: sb.run(plain), 10)
        fuel_on = sb.run(loop).fuel_used
        original = sandbox_mod.transform
        sandbox_mod.transform = lambda source: source
        try:
            off = _median_ms(lambda: sb.run(plain), 10)
            fuel_off = sb.run(loop).fuel_used
        finally:
            sandbox_mod.transform = original
    out["cell_ms"] = {"teaching_cell_with_pass": rich_ms, "plain_cell_with_pass": on, "plain_cell_without_pass": off}
    out["literal_loop"] = {"fuel_with_pass": fuel_on, "fuel_without_pass": fuel_off,
                           "ratio": round(fuel_on / fuel_off, 2)}
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
