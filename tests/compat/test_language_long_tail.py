"""Issue 26's long tail (positional-only parameters, `%` formatting, file modes, method order,
float and complex arithmetic). Differential: the same cell on host CPython and in the sandbox."""

from __future__ import annotations

import textwrap

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_positional_only_parameters(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        def f(a, b=2, /, c=3, *, d=4):
            def g(x=a):
                return a + x + [a for a in range(2)][0]
            def h(a):
                return a
            names = locals()
            print(f"{a} {b!r}", sorted(k for k in names if k in 'abcd'))
            return g() + h(10) + b + c
        g = lambda a, /: a * 2
        def outer(n, /):
            def inc():
                nonlocal n
                n += 1
                return n
            return inc() + inc()
        def kw(a, /, **rest):
            return a, rest
        print(f(1), g(3), f(1, 2, c=5), outer(1), kw(1, a=2))
    """)


@pytest.mark.parametrize("call", ["f(a=1, b=2)", "f(1, b=2)", "g(a=1, b=2)", "P(1, 2).scale(k=3)"])
def test_positional_only_passed_by_keyword(sandbox: Sandbox, call: str) -> None:  # noqa: F811
    same(sandbox, f"""
        def f(a, /, b):
            return a + b
        def g(a, b, /):
            return a
        class P:
            def __init__(self, x, y, /):
                self.x, self.y = x, y
            def scale(self, k, /):
                return P(self.x * k, self.y * k)
        print(f(1, 2), f(1, b=3), g(1, 2), P(1, 2).scale(3).y)
        {call}
    """)


def test_file_modes_x_rb_and_plus(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import io
        open("lt_x1.txt", "w").write("x")
        try:
            open("lt_x1.txt", "x")
        except FileExistsError as e:
            print(e, e.errno, e.filename)
        with open("lt_x2.txt", "x") as f:
            f.write("hi")
            print(f.mode, f.name, f.writable(), f.readable())
        with open("lt_x3.bin", "xb") as f:
            f.write(b"abc\\ndef\\n")
        with open("lt_x3.bin", "rb") as f:
            print(f, type(f).__name__, f.mode, f.readable(), f.writable())
            print(f.read(2), f.tell(), f.seek(0), f.readline(), list(f), f.closed)
            try:
                f.write(b"x")
            except io.UnsupportedOperation as e:
                print("UnsupportedOperation", e, isinstance(e, OSError))
        print(f.closed, open("lt_x2.txt").read())
        open("lt_d.txt", "w").write("hello")
        with open("lt_d.txt", "a+") as f:
            print(repr(f.read())); f.write("XY"); f.seek(0); print(f.read())
        with open("lt_c.txt", "w+") as f:
            f.write("abc"); f.seek(0); print(f.read()); f.write("d")
        with open("lt_c.txt", "r+") as f:
            f.write("J"); print(f.read())
        with open("lt_e.bin", "wb+") as f:
            f.write(b"abc"); f.seek(1); print(f.read()); f.seek(0); f.write(b"Z")
        with open("lt_e.bin", "rb+") as f:
            print(f.read(2)); f.write(b"X")
        print(open("lt_c.txt").read(), open("lt_e.bin", "rb").read())
    """)


@pytest.mark.parametrize("cell", ['open("lt_x4.txt", "w").close()\nopen("lt_x4.txt", "x")',
                                  'open("lt_b.bin", "wb").close()\nopen("lt_b.bin", "rb").write(b"z")'])
def test_file_mode_errors(sandbox: Sandbox, cell: str) -> None:  # noqa: F811
    same(sandbox, cell)


def test_percent_templates_in_names_and_subnormals(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        t = "%.16e"
        t2 = "%.17g"
        print(t % 1e23, t % (1e23,), t2 % 1e-07, t2 % 0.1)
        x = 1e-320
        print("%.4e" % 1e-320, "%.4e" % x, "%.10g" % x, "%g" % 5e-324, "%e|%s" % (x, 1), "%.3e" % 2.5)
        print("%.3E" % -4e-310, "%12.5g|" % 2.2e-308, "%.4e" % 0.0)
        t3 = "%d items"
        print(t3 % 5, 7 % 3)
        u = "%.2f"
        u = 5
        print(u % 3)
    """)


def test_format_templates_in_names(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        t = '{0:=<8}|{1:9}|'
        print(t.format('ab', 3.))
        row = "{:>10}{:>10.3f}|{:,}"
        for name, v in [("a", 1.5), ("bb", 2.25)]:
            print(row.format(name, v, 10**6))
        plain = "{} and {}"
        print(plain.format(1, 2))
    """)


DIAMOND = """
    class A:
        x = "A"
        def who(self):
            return "A"
        def f(self):
            return ["A"]
        def __init__(self):
            print("A init")
    class B(A):
        def f(self):
            return ["B"] + super().f()
        def __init__(self):
            print("B init")
            super().__init__()
    class C(A):
        x = "C"
        def who(self):
            return "C"
        def f(self):
            return ["C"] + super().f()
        def __init__(self):
            print("C init")
            super().__init__()
        def __repr__(self):
            return "C()"
    class D(B, C):
        def f(self):
            return ["D"] + super().f()
"""


@pytest.mark.parametrize("use", [
    "d = D()\nprint(d.who(), D.x, d.x, d.f(), B().f(), d, [d])",
    "print(D.__bases__, D.__mro__, D.mro(), isinstance(D(), C), issubclass(D, B))",
    "class E(D, C):\n    pass\nprint(E().who(), E.__mro__, E.__bases__)",
    "class X: pass\nclass Y: pass\nclass P(X, Y): pass\nclass Q(Y, X): pass\nclass Z(P, Q): pass",
])
def test_diamond_inheritance_follows_c3(sandbox: Sandbox, use: str) -> None:  # noqa: F811
    same(sandbox, textwrap.dedent(DIAMOND) + use)


def test_cooperative_keyword_init(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        class Base:
            def __init__(self, **kw):
                print("Base", kw)
        class Left(Base):
            def __init__(self, left=0, **kw):
                print("Left", left)
                super().__init__(**kw)
        class Right(Base):
            def __init__(self, right=0, **kw):
                print("Right", right)
                super().__init__(**kw)
        class Bottom(Left, Right):
            def __init__(self, **kw):
                super().__init__(**kw)
        Bottom(left=1, right=2, extra=3)
        class Animal:
            def __init__(self, name):
                self.name = name
            def speak(self):
                return "..."
        class Flyer:
            def fly(self):
                return f"{self.name} flies"
            def speak(self):
                return "tweet"
        class Bird(Animal, Flyer):
            pass
        b = Bird("Polly")
        print(b.speak(), b.fly(), Bird.__mro__, Bird.__bases__)
        class Tagged:
            def tag(self):
                return "tagged"
        class AppError(Tagged, ValueError):
            def __init__(self, msg):
                super().__init__(msg)
                self.msg = msg
        try:
            raise AppError("bad")
        except ValueError as e:
            print(e, e.tag(), e.msg, e.args)
        class A:
            pass
        class B(A):
            pass
        class C(A):
            def __init__(self, x):
                self.x = x
            def __repr__(self):
                return f"C({self.x})"
        class D(B, C):
            pass
        print(D(5).x, D(5), [D(6)], D.__mro__)
    """)


def test_complex_negative_zero_parts(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import math
        z = complex(1, -0.0)
        print(math.copysign(1, z.imag), math.copysign(1, complex(-0.0, 0).real))
        print(repr(z), str(z), z, [z], f"{z}", "%s" % z, complex(real=2, imag=-0.0))
        print(complex(-0.0, -0.0), complex(0.0, -0.0), -0j, 0j * -1, -(1+0j), (1-0j), 1 - 0j, complex("1-0j"))
        print(-1j, 2 - 3j, (-1j).conjugate(), abs(-3-4j), (1+2j) * (3-1j), complex(0, -0.0) + 0, complex(2, 3))
    """)


def test_locals_in_nested_functions(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        def outer():
            x = 1
            z = 3
            def inner():
                y = 2
                print(x, z, locals())
            inner()
            def counter():
                nonlocal x
                x += 1
                return locals()
            print(counter(), list(locals()))
        outer()
        def g(n):
            k = 2
            items = [3, 1]
            out = [x * k for x in items]
            return list(locals())
        print(g(3))
    """)


def test_del_of_a_local_runs_the_finaliser(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        class A:
            def __init__(self, n):
                self.n = n
            def __del__(self):
                print("del A", self.n)
        def f():
            a = A(1)
            del a
            print("in f")
        f()
        holder = []
        def g():
            c = A(3)
            holder.append(c)
            d = A(4)
            del c, d
            print("in g")
        g()
        def h(x):
            y = x * 2
            del y
            return x
        print(h(4))
    """)


def test_range_of_names_bound_to_big_numbers(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        n = 10**10
        r = range(n)
        print(len(r), r[5], 7 in r, r[-1], r == range(10**10))
        big = 2**40
        big += 1
        print(sum(range(big, big + 5)), list(range(big, big + 3)))
        small = 5
        print(list(range(small)))
    """)


def test_getattr_of_operator_methods_of_builtin_values(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        m = getattr(5, "__add__")
        print(m(3), getattr("ab", "title")(), getattr(2.5, "is_integer")(), getattr(int, "__mul__")(3, 4))
        class K:
            def title(self):
                return "mine"
        print(getattr(K(), "title")(), getattr(K(), "missing", 7))
        getattr(5, "__nope__")
    """)
