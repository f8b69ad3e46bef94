"""Subclasses of built-in types get their built-in part in `__new__`, as CPython builds it
(issue 26): an `__init__` that uses `self` before `super().__init__()` (`self.append(x)`,
`self["n"] = 0`, `len(self)`), `super().__new__(cls, value)` and `tuple.__new__(cls, ...)` in a
tuple or str subclass, `list.__init__(self, ...)`; `str()`/`print` of a subclass use its own `__repr__` (CPython's
list/tuple/dict/set `__str__` is object's). The source pass bases a cell's `class X(list)`
(dict, set, tuple, str, frozenset) on the guest's `_mpk_native` classes. Differential: the same
cell on the host CPython and in the sandbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "self_before_super_list": """
        class Stack(list):
            def __init__(self, items):
                self.extra = len(items)
                for x in items:
                    self.append(x)
        s = Stack([1, 2])
        print(s, len(s), s.extra, Stack.__bases__, isinstance(s, list), type(s))
    """,
    "dict_items_before_super": """
        class Bag(dict):
            def __init__(self, **kw):
                self["n"] = 0
                super().__init__(**kw)
        b = Bag(a=1)
        print(b, len(b))
    """,
    "tuple_super_new": """
        class Pair(tuple):
            def __new__(cls, a, b):
                return super().__new__(cls, (a, b))
            def total(self): return self[0] + self[1]
        p = Pair(1, 2)
        print(p, p.total(), len(p), isinstance(p, tuple))
    """,
    "tuple_dunder_new": """
        class Pair2(tuple):
            def __new__(cls, a, b):
                return tuple.__new__(cls, (a, b))
        p = Pair2(3, 4)
        print(p, p[1], hash(p) == hash((3, 4)))
    """,
    "str_super_new": """
        class Word(str):
            def __new__(cls, s):
                return super().__new__(cls, s.lower())
        print(Word("HeLLo"), Word("A") == "a", Word("Ab").upper())
    """,
    "str_methods": """
        class Up(str):
            def shout(self): return self.upper() + "!"
        print(Up("hi").shout(), Up("x") + "y", repr(Up("q")))
    """,
    "list_super_init_args": """
        class L2(list):
            def __init__(self, *a):
                super().__init__(a)
                self.count_ = len(self)
        x = L2(1, 2, 3); print(x, x.count_)
    """,
    "plain_list_subclass": """
        class Plain(list): pass
        print(Plain("abc"), Plain(), Plain([1]) + [2])
    """,
    "dict_missing": """
        class DD(dict):
            def __missing__(self, k): return 0
        d = DD(a=1); print(d, d["a"])
    """,
    "dict_init_explicit": """
        class Counted(dict):
            def __init__(self, *a, **k):
                dict.__init__(self, *a, **k)
                self.created = True
        c = Counted({"x": 1}, y=2); print(c, c.created)
    """,
    "set_subclass": """
        class S2(set):
            def add_all(self, *xs):
                for x in xs: self.add(x)
        s2 = S2([1]); s2.add_all(2, 3); print(sorted(s2), len(s2))
    """,
    "list_init_explicit": """
        class LL(list):
            def __init__(self):
                list.__init__(self)
                self.append(0)
        print(LL())
    """,
    "subclass_of_tuple_subclass": """
        class Pair(tuple):
            def __new__(cls, a, b):
                return super().__new__(cls, (a, b))
        class Sub(Pair):
            pass
        print(Sub(5, 6), type(Sub(5, 6)).__name__)
    """,
    "frozenset_subclass": """
        class FS(frozenset): pass
        print(FS([1, 2]) == frozenset([1, 2]))
    """,
    "copies": """
        class Stack(list):
            def __init__(self, items):
                for x in items:
                    self.append(x)
        class Plain(list): pass
        import copy
        print(copy.copy(Stack([1])), copy.deepcopy(Plain([1, [2]])))
    """,
    "self_before_super_iterates": """
        class Bag(list):
            def __init__(self, items):
                self.total = sum(self) + len(list(self))
                for x in self:
                    print("never", x)
                super().__init__(items)
        b = Bag([3, 4])
        print(b, b.total, [x for x in b])
    """,
    "tuple_init_calls_super": """
        class Point(tuple):
            def __new__(cls, x, y):
                return super().__new__(cls, (x, y))
            def __init__(self, x, y):
                super().__init__()
                self.norm = abs(x) + abs(y)
        class Labelled(str):
            def __init__(self, text):
                super().__init__()
                self.size = len(self)
        p, w = Point(3, -4), Labelled("hey")
        print(p, p.norm, w, w.size, w.upper())
    """,
    "mixins_with_list_and_dict": """
        class Named:
            def __init__(self, *args, **kwargs):
                print("Named", args, kwargs)
        class NamedList(Named, list):
            pass
        class ListNamed(list, Named):
            pass
        class NamedDict(Named, dict):
            pass
        print(NamedList([1, 2]), ListNamed("ab"), NamedDict(a=1))
    """,
    "methods_operators_and_copies": """
        import json
        class Bag(dict):
            pass
        b = Bag(a=1, b=[1, 2])
        print(json.dumps(b), isinstance(b, dict), dict(b), sorted(b), b == {"a": 1, "b": [1, 2]},
              type(b).__name__, len(b))
        class Lower(dict):
            def __setitem__(self, k, v):
                super().__setitem__(k.lower(), v)
            def __getitem__(self, k):
                return super().__getitem__(k.lower())
        l = Lower()
        l["ABC"] = 1
        print(l, l["aBc"], "abc" in l)
        class Stack(list):
            def push(self, x):
                self.append(x)
            def peek(self):
                return self[-1]
        s = Stack()
        s.push(1); s.push(2)
        print(s, s.peek(), s + [3], type(s + [3]).__name__, s * 2, s[::-1], len(s), list(s), s.pop(), s,
              bool(Stack()), Stack([1]) == [1])
        class Name(str):
            def greet(self):
                return "hi " + self
        n = Name("bob")
        print(n.greet(), n.upper(), n + "!", len(n), n == "bob", {n: 1}["bob"], f"{n}", "%s" % n, n.title(),
              n[0], json.dumps(n))
        class T(tuple):
            @property
            def first(self):
                return self[0]
        t = T([4, 5])
        print(t.first, t, t + (6,), hash(t) == hash((4, 5)), sorted(T([3, 1])), max(t))
        import copy
        print(copy.deepcopy(b), copy.copy(t), type(copy.copy(s)).__name__)
        print([0] + Stack([1, 2]), (0,) + T([1]), "x" + Name("y"), type("x" + Name("y")).__name__)
        try:
            5 + Stack([1])
        except TypeError as e:
            print("TypeError")
    """,
    "tuple_new_errors": """
        class P(tuple):
            def __new__(cls, a, b):
                return tuple.__new__(cls, (a, b))
        try:
            tuple.__new__(int, (1,))
        except TypeError as e:
            print("TypeError")
        print(tuple.__new__(tuple, [1, 2]), P(1, 2) == (1, 2), P(1, 2) < (1, 3))
    """,
    "str_uses_own_repr_list": """
        class L(list):
            def __repr__(self):
                return "L" + super().__repr__()
        l = L([1, 2])
        print(l, str(l), f"{l}", "%s" % (l,), [l])
    """,
    "str_of_list_subclass_with_floats": """
        class L(list):
            pass
        l = L([1, 2.5, 0.1 + 0.2])
        print(l, str(l), f"{l}", repr(l))
    """,
    "str_uses_own_repr_dict": """
        class D(dict):
            def __repr__(self):
                return "D(" + super().__repr__() + ")"
        print(D(a=1), str(D(b=2)))
    """,
    "str_uses_own_repr_tuple": """
        class T(tuple):
            def __repr__(self):
                return "T" + super().__repr__()
        print(T((1, 2)), str(T((3,))))
    """,
    "str_uses_own_repr_set": """
        class S(set):
            def __repr__(self):
                return "S" + repr(sorted(self))
        print(S([2, 1]), f"{S([3])}")
    """,
    "str_uses_own_repr_frozenset": """
        class F(frozenset):
            def __repr__(self):
                return "F"
        print(F([1]))
    """,
    "str_subclass_str_is_value": """
        class W(str):
            def __repr__(self):
                return "W!"
        w = W("hi")
        print(w, str(w), f"{w}", repr(w))
    """,
    "own_str_kept": """
        class L(list):
            def __str__(self):
                return "custom"
        print(L([1]), repr(L([1])))
    """,
    "plain_stack_prints": """
        class Stack(list):
            def push(self, x):
                self.append(x)
        s = Stack(); s.push(1); s.push(2)
        print(s, len(s))
        print(repr(s))
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_builtin_subclass_like_cpython(same_output: Callable[[str], str], name: str) -> None:
    same_output(CELLS[name])
