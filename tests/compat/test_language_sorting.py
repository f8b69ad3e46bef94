"""Sorting as CPython sorts: stable (ties keep their order, also with `reverse=True`) and not
quadratic on sorted input. Each cell runs on the host's CPython and in the sandbox; outputs must
be equal."""

from __future__ import annotations

from collections.abc import Callable

import pytest

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
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_sorting_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)
