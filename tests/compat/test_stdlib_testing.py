"""unittest, doctest, timeit: differential tests (host CPython vs the sandbox).

Runner output carries a duration and tracebacks whose frames differ by design (MicroPython
keeps no source lines); the cells normalise those two parts and compare everything else.
"""

from __future__ import annotations

import textwrap

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

NORMALISE = r"""
out = re.sub(r'Ran (\d+) tests? in [0-9.]+s', r'Ran \1 tests in Xs', buf.getvalue())
print('\n'.join(line for line in out.split('\n') if not line.startswith('  ') and not line.startswith('Traceback')))
"""


def test_unittest_main_in_a_notebook(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, textwrap.dedent("""
        import unittest, io, re

        def add(a, b):
            return a + b

        class TestAdd(unittest.TestCase):
            def setUp(self):
                self.values = [1, 2, 3]
            def test_ints(self):
                self.assertEqual(add(2, 3), 5)
            def test_strings(self):
                self.assertEqual(add('a', 'b'), 'ab')
            def test_wrong(self):
                self.assertEqual(add(2, 2), 5)
            def test_list(self):
                self.assertEqual(self.values, [1, 2, 4])
            def test_strings_differ(self):
                self.assertEqual('hello world\\nsecond line', 'hello there\\nsecond line')
            def test_tuple_longer(self):
                self.assertEqual((1, 2, 3), (1, 2))
            def test_long_lists(self):
                self.assertEqual(list(range(30)), list(range(29)) + [99])
            def test_error(self):
                raise ValueError('bad input')
            def test_raises(self):
                with self.assertRaises(ZeroDivisionError):
                    1 / 0
            def test_true(self):
                self.assertTrue(len(self.values) > 5, 'too short')
            @unittest.skip('not ready')
            def test_skipped(self):
                pass
            def test_in(self):
                self.assertIn(4, self.values)
            def test_almost(self):
                self.assertAlmostEqual(0.1 + 0.2, 0.3)

        class TestOther(unittest.TestCase):
            def test_ok(self):
                self.assertIsNone(None)
                self.assertIsInstance(3, int)
                self.assertGreater(3, 2)

        for verbosity in (1, 2):
            buf = io.StringIO()
            program = unittest.main(argv=[''], exit=False, testRunner=unittest.TextTestRunner(stream=buf, verbosity=verbosity))
            print(program.result.testsRun, len(program.result.failures), len(program.result.errors), program.result.wasSuccessful())
    """) + NORMALISE)


def test_unittest_default_stream_runs(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import unittest
        class T(unittest.TestCase):
            def test_a(self):
                self.assertEqual(1, 1)
        result = unittest.main(argv=[''], exit=False).result
        print(result.testsRun, result.wasSuccessful())
    """)


def test_doctest_runner_on_text(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, r'''
        import doctest
        text = """
        >>> s = [3, 1, 2]
        >>> s.sort(); s
        [1, 2, 3]
        >>> s.pop() + 10
        12
        >>> [].pop()
        Traceback (most recent call last):
          ...
        IndexError: pop from empty list
        >>> print('a'); print('b')
        a
        b
        >>> list(range(12))  # doctest: +ELLIPSIS
        [0, 1, 2, ...]
        >>> 1 + 1
        3
        >>> x = 5
        >>> x * 2
        10
        """
        parser = doctest.DocTestParser()
        test = parser.get_doctest(text, {}, 'snippet', None, 0)
        runner = doctest.DocTestRunner()
        print(runner.run(test))
        print(runner.summarize())
        print(doctest.DocTestRunner().run(parser.get_doctest('>>> 2 * 21\n42\n', {}, 'ok', None, 0)))
    ''')


def test_doctest_testmod_sees_function_docstrings(sandbox: Sandbox) -> None:  # noqa: F811
    """MicroPython drops function docstrings; the host's copy of the cell gives them back."""
    same(sandbox, "import doctest\ndef f():\n    \"\"\"\n    >>> f()\n    1\n    >>> f() + 1\n    3\n    \"\"\"\n"
                  "    return 1\nprint(doctest.testmod())")


def test_doctest_testmod_says_what_it_cannot_see(sandbox: Sandbox) -> None:  # noqa: F811
    sandbox.reset()
    r = sandbox.run("import doctest\nexec('def f():\\n    \"\"\">>> f()\\n    1\"\"\"\\n    return 1')\ndoctest.testmod()")
    assert r.error is not None and r.error.ename == "NotImplementedError" and "docstrings" in r.error.evalue


def test_timeit_and_numbers(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import timeit, numbers
        from fractions import Fraction
        t = timeit.timeit('sum(range(100))', number=50)
        print(t >= 0, len(timeit.repeat('x = 1', repeat=3, number=10)), timeit.Timer(lambda: None).timeit(5) >= 0)
        print(timeit.timeit('y * 2', setup='y = 21', number=3) >= 0, timeit.default_timer() >= 0)
        print([isinstance(v, numbers.Number) for v in (1, 2.5, 1j, Fraction(1, 2), 'x')])
        print(isinstance(3, numbers.Integral), isinstance(3.0, numbers.Integral), isinstance(True, numbers.Real))
        print(isinstance(Fraction(1, 3), numbers.Rational), isinstance(2.0, numbers.Rational), isinstance(1j, numbers.Real))
    """)
