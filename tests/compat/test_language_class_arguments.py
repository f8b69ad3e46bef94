"""A class without `__init__` takes no arguments (issue 26: `Account('Jose', 100)` raises CPython's
"Account() takes no arguments"; MicroPython created the instance), and its instances' default
text is CPython's also in `str()` and f-strings (`<__main__.Rocket object at 0x...>`). The
source pass bases such a class on the guest's `_mpk_object.object`. Differential: the same cell
on the host CPython and in the sandbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "str_without_repr": """
        class Dog:
            def __init__(self, name):
                self.name = name
            def __str__(self):
                return f"Dog {self.name}"
        import re
        d = Dog("rex")
        for text in (str(d), str([d]), f"{d!r}", "%r" % (d,), "{!r}".format(d), repr(d)):
            print(re.sub("0x[0-9a-f]+", "0x", text))
    """,
    "course_challenge": """
        class Account:
            pass
        try:
            acct1 = Account('Jose', 100)
        except TypeError as e:
            print("TypeError:", e)
        print(type(Account()).__name__, Account.__bases__)
    """,
    "subclasses_and_mixins": """
        class Plain:
            tag = "p"
        class Sized:
            def __init__(self, size):
                self.size = size
        class Both(Plain, Sized):
            pass
        class Child(Plain):
            pass
        class Own(Plain):
            def __init__(self, n):
                super().__init__()
                self.n = n
        print(Both(4).size, Both(4).tag, Own(2).n)
        for make in (lambda: Child(1), lambda: Both(), lambda: Child(k=2)):
            try:
                make()
                print("made")
            except TypeError as e:
                print("TypeError", str(e).split("(")[0] == "Child")
    """,
    "explicit_object_and_class_attributes": """
        class Config(object):
            debug = False
            def show(self):
                return self.debug
        c = Config()
        print(c.show(), Config.__bases__, isinstance(c, object))
        try:
            Config(debug=True)
        except TypeError as e:
            print(e)
    """,
    "default_text_in_str_and_fstrings": """
        import re
        class Rocket:
            def fly(self):
                return 1
        class Named:
            def __str__(self):
                return "named"
        class Child(Rocket):
            pass
        r, n, c = Rocket(), Named(), Child()
        for text in (str(r), f"{r}", "%s" % r, "{}".format(r), repr(r), str([r]), repr(n), str(c), repr(r.fly)):
            print(re.sub("0x[0-9a-f]+", "0x", text))
        print(str(n), f"{n}")
    """,
    "own_init_default_text": """
        import re
        class MyFirstClass:
            def __init__(self, name):
                self.name = name

            def greet(self):
                print(f"Hello {self.name}!")
        class Base(object):
            def __init__(self, *args):
                super().__init__()
                self.args = args
        class Sub(Base):
            pass
        m, b, s = MyFirstClass("John Doe"), Base(1, 2), Sub()
        for text in (f"my_instance: {m}", str(b), "%s" % s, repr(m), str([m]), "{}".format(b)):
            print(re.sub("0x[0-9a-f]+", "0x", text))
        print(Base.__bases__, Sub.mro(), isinstance(b, object), b.args)
    """,
    "left_alone": """
        from dataclasses import dataclass
        @dataclass
        class Point:
            x: int
            y: int = 0
        class Made:
            def __new__(cls, *args):
                return super().__new__(cls)
        class Init:
            __init__ = lambda self, v: setattr(self, "v", v)
        print(Point(1, 2), type(Made(1, 2)).__name__, Init(7).v)
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_class_without_init_takes_no_arguments(same_output: Callable[[str], str], name: str) -> None:
    out = same_output(CELLS[name])
    assert "\x00" not in out, out
