"""`__del__` on a module-level `del` that drops an object's last global reference (issue 26).

This build runs no finalisers; the source pass calls the guest's `_mpk_fin.fin` before such a
`del` (cpython/transform.py). Differential: the same cell on the host CPython and in the sandbox.
Finalisers append to a log printed at the end of the cell, so objects CPython finalises at exit
do not print after the comparison point.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

BOOK = """
log = []
class Book:
    def __init__(self, title):
        print("A book is created")
        self.title = title
    def __str__(self):
        return "Title: %s" % self.title
    def __del__(self):
        log.append(self.title)
"""

CELLS = {
    "course_example": """
        class Book:
            def __init__(self, title, author, pages):
                print("A book is created")
                self.title, self.author, self.pages = title, author, pages
            def __len__(self):
                return self.pages
            def __del__(self):
                print("A book is destroyed")
        book = Book("Python Rocks!", "Jose Portilla", 159)
        print(len(book))
        del book
        print("after")
    """,
    "alias_keeps_it": BOOK + textwrap.dedent("""
        a = Book("a"); b = a
        del a
        print(log)
        del b
        print(log)
    """),
    "held_by_containers": BOOK + textwrap.dedent("""
        shelf = [Book("l")]
        index = {"k": Book("d")}
        x, y = shelf[0], index["k"]
        del x, y
        print(log)
    """),
    "several_names_and_blocks": BOOK + textwrap.dedent("""
        p, q = Book("p"), Book("q")
        if True:
            del p, q
        for i in range(2):
            t = Book("t%d" % i)
            del t
        print(log)
    """),
    "missing_name": """
        try:
            del nothere
        except NameError as e:
            print("NameError", e)
        v = 1
        del v
        print("v" in globals())
    """,
    "no_finaliser_and_classes": """
        class Plain:
            pass
        o = Plain()
        del o, Plain
        print("ok")
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_del_runs_finaliser_as_cpython(same_output: Callable[[str], str], name: str) -> None:
    out = same_output(CELLS[name])
    assert "\x00" not in out, out  # the cell ran to its end on CPython
