"""`super().__getitem__` and the other special methods through `super()`: MicroPython's list,
tuple and str have their operators only as C slots, dict's `__getitem__` never calls `__missing__`,
and `object`/`BaseException` lack `__str__`/`__repr__`/`__eq__`/`__hash__` there; the source pass
sends `super().__X__` in a method of a module-level class to the guest's `_mpk_super.sup`.
Differential: host CPython vs sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

CELLS = [
    """
    class L(list):
        def __len__(self):
            return super().__len__() + 100
    print(len(L([1, 2])))
    """,
    """
    class L(list):
        def __contains__(self, x):
            return super().__contains__(x) or x == 0
    print(0 in L([1]), 1 in L([1]), 2 in L([1]))
    """,
    """
    class L(list):
        def __iter__(self):
            return super().__iter__()
    print(list(L([1, 2])))
    """,
    """
    class L(list):
        def __str__(self):
            return "L" + super().__str__()
    print(L([1, 2]))
    """,
    """
    class L(list):
        def __eq__(self, o):
            return super().__eq__(o)
    print(L([1, 2]) == [1, 2])
    """,
    """
    class L(list):
        def __add__(self, o):
            return L(super().__add__(o))
    print(L([1, 2]) + [3])
    """,
    """
    class L(list):
        def append(self, x):
            super().append(x * 2)
    l = L(); l.append(2); print(l)
    """,
    """
    class D(dict):
        def __setitem__(self, k, v):
            super().__setitem__(k, v * 2)
    d = D(); d["a"] = 1; print(d)
    """,
    """
    class D(dict):
        def __getitem__(self, k):
            return super().__getitem__(k.lower())
    d = D(a=1); print(d["A"])
    try:
        d["B"]
    except KeyError as e:
        print("KE", e)
    """,
    """
    class D(dict):
        def __missing__(self, k):
            return 0
        def __getitem__(self, k):
            return super().__getitem__(k)
    d = D(a=1); print(d["a"], d["zz"])
    """,
    """
    class D(dict):
        def __delitem__(self, k):
            print("del", k)
            super().__delitem__(k)
    d = D(a=1, b=2); del d["a"]; print(d)
    """,
    """
    class S(set):
        def __contains__(self, x):
            return super().__contains__(x)
    print(1 in S([1]))
    """,
    """
    class L(list):
        def __getitem__(self, i):
            if isinstance(i, slice):
                return L(super().__getitem__(i))
            return super().__getitem__(i)
    l = L([1, 2, 3, 4])
    print(l[1], l[1:3], type(l[1:3]).__name__, l[-1])
    try:
        l[10]
    except IndexError as e:
        print(e)
    """,
    """
    class L(list):
        def __setitem__(self, i, v):
            super().__setitem__(i, v)
    l = L([1, 2, 3]); l[0:2] = [9]; print(l)
    l[5] = 1
    """,
    """
    class T(tuple):
        def __getitem__(self, i):
            return super().__getitem__(i) * 2
    print(T((1, 2))[1])
    """,
    """
    class U(str):
        def __getitem__(self, i):
            return super().__getitem__(i).upper()
    print(U("abc")[1])
    """,
    """
    class L(list):
        def __delitem__(self, i):
            print("del", i)
            super().__delitem__(i)
    l = L([1, 2, 3]); del l[0]; del l[0:1]; print(l, len(l))
    del l[7]
    """,
    """
    class L(list):
        def __iadd__(self, o):
            print("iadd")
            return super().__iadd__(o)
    l = L([1]); l += [2]; print(l, type(l).__name__)
    """,
    """
    class Base(list):
        def __getitem__(self, i):
            return "base" + str(super().__getitem__(i))
    class Child(Base):
        def __getitem__(self, i):
            return "child" + super().__getitem__(i)
    print(Child([1, 2])[1])
    """,
    """
    class E(Exception):
        def __str__(self):
            return "E:" + super().__str__()
    print(E("x"))
    try:
        raise E("boom")
    except E as e:
        print(e)
    """,
    """
    class A:
        def __eq__(self, o):
            return True
    class B(A):
        def __eq__(self, o):
            return super().__eq__(o)
    print(B() == 1)
    """,
    """
    class T(tuple):
        def __len__(self):
            return super().__len__() * 10
        def __contains__(self, x):
            return super().__contains__(x)
    t = T((1, 2)); print(len(t), 1 in t, 5 in t, t)
    """,
    """
    class S(str):
        def __len__(self):
            return super().__len__() + 1
        def __add__(self, o):
            return S(super().__add__(o))
    s = S("ab"); print(len(s), s + "c", type(s + "c").__name__)
    """,
    """
    class Counter2(dict):
        def __missing__(self, key):
            return 0
        def __getitem__(self, key):
            return super().__getitem__(key.lower())
    c = Counter2(a=3)
    print(c["A"], c["Q"])
    """,
    """
    class D(dict):
        def __len__(self):
            return super().__len__() + 1
        def __contains__(self, k):
            return super().__contains__(k)
        def __iter__(self):
            return super().__iter__()
    d = D(a=1, b=2); print(len(d), "a" in d, "z" in d, list(d))
    """,
    """
    class A:
        def __str__(self):
            return "A:" + super().__str__()
    print(str(A())[:20])
    """,
    """
    class A:
        def __repr__(self):
            return "A:" + super().__repr__()
    print(repr(A())[:20])
    """,
    """
    class A:
        def __init__(self, x):
            self.x = x
        def __repr__(self):
            return "A(%r)" % self.x
        def __str__(self):
            return "str:" + super().__str__()
    print(A(1))
    """,
    """
    class E(Exception):
        def __str__(self):
            return "E:" + super().__str__()
    print(E("x"), E(), E(1, 2))
    """,
    """
    class E(ValueError):
        def __repr__(self):
            return "R" + super().__repr__()
    print(repr(E("x")))
    """,
    """
    class A:
        def __eq__(self, o):
            return super().__eq__(o)
    a = A(); print(a == a, a == 1)
    """,
    """
    class A:
        def __hash__(self):
            return super().__hash__() * 0 + 5
    print(hash(A()))
    """,
    """
    class Outer:
        def make(self):
            class Inner(dict):
                def __getitem__(s, k):
                    return super().__getitem__(k) * 2
            return Inner(a=2)
    print(Outer().make()["a"])
    """,
    """
    class A(list):
        class B(list):
            def __getitem__(self, i):
                return super().__getitem__(i) * 2
        def __getitem__(self, i):
            return super().__getitem__(i) + 1
    print(A([1, 2])[0], A.B([3])[0], A.B([4, 5])[-1])
    """,
    """
    def outer():
        class T(tuple):
            def __getitem__(self, i):
                return ("got", super().__getitem__(i))
            def __len__(self):
                return super().__len__() + 10
        class S(str):
            def __contains__(self, x):
                return super().__contains__(x.lower())
        return T, S
    T, S = outer()
    print(T((1, 2))[1], len(T((1, 2))), "B" in S("abc"), "z" in S("abc"))
    class U(T):
        def __getitem__(self, i):
            return ["u", super().__getitem__(i)]
    print(U((7, 8))[0])
    """,
    """
    from collections import OrderedDict
    class LRU(OrderedDict):
        def __init__(self, cap):
            super().__init__()
            self.cap = cap
        def __getitem__(self, k):
            v = super().__getitem__(k)
            self.move_to_end(k)
            return v
        def __setitem__(self, k, v):
            super().__setitem__(k, v)
            self.move_to_end(k)
            if len(self) > self.cap:
                super().__delitem__(next(iter(self)))
    cache = LRU(2)
    cache["a"] = 1
    cache["b"] = 2
    print(cache["a"])
    cache["c"] = 3
    print(cache, list(cache), len(cache), "b" in cache)
    try:
        cache["zz"]
    except KeyError as e:
        print("KeyError", e)
    """,
]


@pytest.mark.parametrize("cell", CELLS, ids=[f"cell{i}" for i in range(len(CELLS))])
def test_super_special_methods(sandbox: Sandbox, cell: str) -> None:  # noqa: F811
    same(sandbox, cell)
