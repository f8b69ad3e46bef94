"""Issue 26's library and language gaps: __future__, importlib, the OSError aliases, \\N{...}
escapes, ImportError for names a library module lacks. Differential: host CPython vs sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):  # the host side runs in an empty directory too
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path


def test_future_imports(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from __future__ import annotations, division, print_function
        import __future__
        print(1 / 2, __future__.annotations.getMandatoryRelease(), 'annotations' in __future__.all_feature_names)
        def f(x: int) -> int:
            return x
        print(f(3))
    """)


def test_importlib_import_module(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import importlib
        m = importlib.import_module('math')
        c = importlib.import_module('collections')
        print(m.sqrt(16), c.Counter('aab').most_common(1), importlib.import_module('os.path').join('a', 'b'))
        try:
            importlib.import_module('no_such_module_here')
        except ImportError as e:
            print(isinstance(e, ImportError))
    """)


def test_importlib_reload_user_module(sandbox: Sandbox, in_tmp) -> None:  # noqa: F811
    same(sandbox, """
        import importlib, sys
        with open('helper_mod26.py', 'w') as f:
            f.write('VALUE = 1\\ndef get():\\n    return VALUE\\n')
        import helper_mod26
        print(helper_mod26.get())
        with open('helper_mod26.py', 'w') as f:
            f.write('VALUE = 2\\ndef get():\\n    return VALUE * 10\\n')
        again = importlib.reload(helper_mod26)
        print(again is helper_mod26, helper_mod26.VALUE, helper_mod26.get())
        sys.modules.pop('helper_mod26', None)
    """)


def test_oserror_aliases(sandbox: Sandbox, in_tmp) -> None:  # noqa: F811
    same(sandbox, """
        print(IOError is OSError, EnvironmentError is OSError, IOError.__name__)
        try:
            open('missing-file.txt')
        except IOError as e:
            print('caught', type(e).__name__, isinstance(e, EnvironmentError))
    """)


def test_unicode_name_escapes(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, r"""
        bullet = "\N{BULLET} item"
        print(bullet, len(bullet), "\N{GREEK SMALL LETTER ALPHA}\N{greek small letter beta}")
        text = ("\N{EM DASH}"
                "x")
        print(text, r"\N{BULLET}", "\\N{BULLET}")
        def doc():
            "A \N{DEGREE SIGN} docstring"
        print(doc())
    """)


def test_slice_objects(sandbox: Sandbox) -> None:  # noqa: F811
    """`slice(...)` creates a slice (MicroPython: "can't create 'slice' instances")."""
    same(sandbox, """
        s = slice(1, 5)
        print(s, slice(3), slice(None, None, -1), slice(1, 10, 2).indices(5), s.start, s.stop, s.step)
        items = [10, 20, 30, 40, 50, 60]
        first_two = slice(0, 2)
        print(items[first_two], items[slice(2, None)], items[slice(None, None, 2)], "hello"[slice(1, 3)])
        print(isinstance(s, slice), type(s).__name__)
        try:
            slice()
        except TypeError as e:
            print("TypeError", e)
    """)


def test_missing_name_is_an_import_error(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        for stmt in ('from sys import no_such_thing', 'from math import nope'):
            try:
                exec(stmt)
            except ImportError as e:
                print(type(e).__name__, str(e).split(' (')[0])
        from collections import Counter
        from os import path
        print(Counter.__name__, path.sep)
    """)


def test_dir_is_sorted(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        class Pet:
            zebra = 1
            apple = 2
            def speak(self):
                pass
            def __init__(self):
                self.middle = 3
        print([n for n in dir(Pet) if not n.startswith('_')], [n for n in dir(Pet()) if not n.startswith('_')])
        import math
        names = dir(math)
        print(names == sorted(names), 'sqrt' in names)
    """)


def test_locals_in_a_function(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        def area(width, height=2, *rest, unit='m', **extra):
            before = dict(locals())
            result = width * height
            for i in range(2):
                pass
            try:
                1 / 0
            except ZeroDivisionError as err:
                pass
            import math
            def helper():
                return 1
            return before, sorted(locals())
        first, names = area(3)
        print(first)
        print(names)
        def later():
            x = 1
            print(locals())
            y = 2
            print(locals())
        later()
        print('locals' in dir(), type(locals()).__name__)
    """)


def test_os_errors_name_the_path(same_output) -> None:
    # os.listdir/stat/remove/rmdir/chdir/mkdir raise CPython's OSError subclass with the path
    same_output("""
        import os
        for f, a in [(os.listdir, 'photos'), (os.listdir, 'photos/jan'), (os.stat, 'nope.txt'),
                     (os.remove, 'nope'), (os.rmdir, 'nod'), (os.chdir, 'nod')]:
            try:
                f(a)
            except OSError as e:
                print(type(e).__name__, e, e.filename, e.errno)
        os.mkdir('d')
        try:
            os.mkdir('d')
        except FileExistsError as e:
            print(type(e).__name__, e)
        open('f.txt', 'w').close()
        try:
            os.listdir('f.txt')
        except NotADirectoryError as e:
            print(type(e).__name__, e)
        os.listdir('photos')
    """)


def test_step_slices_with_start_and_stop(same_output) -> None:
    same_output("""
        word = 'schooled'
        n = 7
        print(word[0:None:2], word[1:n:3], word[None:None:-1], (1, 2, 3, 4)[0:4:2], b'abcdef'[1:5:2])
    """)



def test_class_mro_and_object_str(same_output) -> None:
    # Think Python's find_defining_class (type(obj).mro()) and Kangaroo's object.__str__(obj)
    same_output("""
        class A:
            def f(self): pass
        class B(A): pass
        class C(A): pass
        class D(B, C):
            def __str__(self):
                return 'D!'
        print(D.mro(), B.mro(), int.mro(), bool.mro(), object.mro())
        def find_defining_class(obj, method_name):
            for typ in type(obj).mro():
                if method_name in vars(typ):
                    return typ
        print(find_defining_class(D(), 'f'), find_defining_class(D(), '__str__'))
        d = D()
        print(object.__str__(d) == object.__repr__(d), str(d), d.__str__(), object.__str__(5), repr(d)[:16])
        print(object.__str__(A())[:17], object.__str__([1, 'a']))
    """)


def test_string_index_message(same_output) -> None:
    same_output("""
        for seq in ('abc', [1, 2], (1, 2)):
            try:
                seq[1.5]
            except TypeError as e:
                print(e)
    """)


def test_open_newline_and_errors(same_output) -> None:
    """`open(..., newline="")` (the csv module's idiom) and `errors=` are accepted, as CPython's
    open() accepts them (MicroPython's raised "extra keyword arguments given")."""
    same_output("""
        import csv
        with open("x.csv", "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["a", "b"])
            w.writerow([1, 2])
        with open("x.csv", newline="") as fh:
            print(list(csv.reader(fh)))
        with open("x.csv", encoding="utf-8", newline="") as fh:
            print(list(csv.DictReader(fh)))
        with open("x.csv", "a", newline="\\n", encoding="utf8", errors="strict") as fh:
            print(fh.write("3,4\\n"))
        with open("x.csv", errors="strict") as fh:
            print(repr(fh.read()))
    """)
