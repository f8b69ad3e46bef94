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
                self.assertEqual(self.values, [1, 2, 3, 4][:3])
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
