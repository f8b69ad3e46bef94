"""Sorting as CPython sorts: stable (ties keep their order, also with `reverse=True`) and not
quadratic on sorted input. Each cell runs on the host's CPython and in the sandbox; outputs must
be equal."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpwasm_kernel import Sandbox

CELLS = {
    "sorted_by_key_keeps_ties": """
        students = [("ann", 3), ("bob", 1), ("cy", 3), ("dee", 1), ("eve", 2)] * 3
        print(sorted(students, key=lambda s: s[1]))
        print(sorted(students, key=lambda s: s[1], reverse=True))
        print(sorted(students, key=lambda s: -s[1]))
    """,
    "list_sort_method": """
        words = "the quick brown fox jumps over the lazy dog again and again".split()
        words.sort(key=len)
        print(words)
        words.sort(key=len, reverse=True)
        print(words)
        nums = [5, 2, 9, 1, 5, 6]
        nums.sort()
        print(nums, nums.sort(), sorted(nums, reverse=True))
    """,
    "mixed_equal_values": """
        print(sorted([3, 1.0, 1, True, 2]), sorted([0.0, -0.0, 0]), sorted("banana"))
        print(sorted({"b": 1, "a": 2}), sorted((3, 1, 2)), sorted(range(5), reverse=True))
    """,
    "objects_with_lt": """
        class Card:
            def __init__(self, rank, suit):
                self.rank, self.suit = rank, suit
            def __lt__(self, other):
                return self.rank < other.rank
            def __repr__(self):
                return "%s%s" % (self.rank, self.suit)
        hand = [Card(5, "h"), Card(2, "s"), Card(5, "c"), Card(9, "d"), Card(2, "h")]
        print(sorted(hand), sorted(hand, reverse=True))
        hand.sort(key=lambda c: c.suit)
        print(hand)
    """,
    "already_sorted_input": """
        data = list(range(30000))
        print(sorted(data)[:3], sorted(data, reverse=True)[:3])
        data.sort(reverse=True)
        print(data[:3])
    """,
    "sort_errors": """
        try:
            sorted([1, "a"])
        except TypeError as e:
            print("TypeError")
    """,
    "presorted_and_reversed_inputs": """
        class P:
            def __init__(self, k, tag):
                self.k, self.tag = k, tag
            def __lt__(self, other):
                return self.k < other.k
            def __repr__(self):
                return '%s%s' % (self.k, self.tag)
        up = [P(i // 2, c) for i, c in enumerate('abcdefghij')]
        print(sorted(up), sorted(up, reverse=True), sorted(up[::-1]), sorted(up[::-1], reverse=True))
        print(sorted(up, key=lambda p: p.k), sorted(up, key=lambda p: -p.k, reverse=True))
        zeros = [0.0, -0.0, 0, False, 0.0]
        print(sorted(zeros), sorted(zeros, reverse=True), sorted(zeros[::-1]))
        print(sorted([1.0, 0.0, -0.0]), sorted([-0.0, 0.0, 2.5]), sorted([2.5, 0.0, -0.0], reverse=True))
        nums = list(range(50))
        print(sorted(nums) == nums, sorted(nums, reverse=True)[:5], sorted(nums[::-1])[:5])
        near = list(range(40)) + [7, 3]
        print(sorted(near), sorted(near, reverse=True)[:8])
        words = ['b', 'a', 'c'] * 5
        print(sorted(sorted(words)), sorted(sorted(words), reverse=True), sorted(words, key=str.upper))
        rows = sorted([(i % 3, i) for i in range(12)])
        print(sorted(rows, key=lambda r: r[0]), sorted(rows, key=lambda r: r[0], reverse=True))
        try:
            sorted([3, 2, 1, 'x'])
        except TypeError:
            print("TypeError")
        def bad(x):
            if x == 5:
                raise ValueError('key failed at 5')
            return x
        items = list(range(10))
        try:
            items.sort(key=bad)
        except ValueError as e:
            print(e, items)
    """,
    "list_modified_during_sort": """
        class M:
            def __init__(self, v):
                self.v = v
            def __lt__(self, o):
                if len(ys) < 50:
                    ys.append(M(0))
                return self.v < o.v
        ys = [M(v) for v in [5, 3, 8, 1, 9, 2] * 5]
        try:
            ys.sort()
        except ValueError as e:
            print(e)
        ws = [5, 4, 3, 2, 1] * 20
        def grow(x):
            ws.extend(range(100))
            return x
        try:
            ws.sort(key=grow)
        except ValueError as e:
            print(e)
        class Boom:
            def __init__(self, v):
                self.v = v
            def __lt__(self, o):
                if self.v == 7 or o.v == 7:
                    raise ArithmeticError("no 7")
                return self.v < o.v
        bs = [Boom(v) for v in [9, 2, 7, 4, 1, 8]]
        try:
            bs.sort()
        except ArithmeticError as e:
            print(e, sorted(b.v for b in bs))
        print(sorted(range(5), key=lambda x: x % 2), sorted('banana', reverse=True), sorted({3: 1, 1: 2}))
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_sorting_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


def test_sorted_input_costs_linear_fuel(sandbox: Sandbox) -> None:
    # Sorted, reverse-sorted and nearly sorted input: the fuel (deterministic) for 2n items stays
    # under 2.3x the fuel for n (quadratic would be 4x).
    def sandbox_fuel(code: str) -> int:
        sandbox.reset()
        result = sandbox.run(code)
        assert result.error is None, result.error
        return result.fuel_used

    for make in ("list(range({n}))", "list(range({n}, 0, -1))", "list(range({n})) + [5]",
                 "['%07d' % i for i in range({n})]", "[i * 0.5 for i in range({n})]"):
        for call in ("sorted(xs)", "sorted(xs, reverse=True)", "xs.sort(key=lambda v: v)"):
            costs = [sandbox_fuel(f"xs = {make.format(n=n)}\nys = {call}") - sandbox_fuel(f"xs = {make.format(n=n)}")
                     for n in (20000, 40000)]
            assert costs[1] < 2.3 * costs[0], (make, call, costs)
