"""unittest.mock (Mock, MagicMock, patch, call, mock_open): host CPython vs the sandbox.

No expected output is written by hand. (Patching `math.pi` is left out: MicroPython compiles
`math.pi` to a constant, so a patched value is never read.)
"""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_mock_basics(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
    from unittest.mock import Mock, MagicMock, patch, call, ANY, sentinel, mock_open
    import math
    m = Mock()
    m.method(1, 2, key="v")
    m.method(3)
    m.other.deep(5)
    print(m.method.called, m.method.call_count, m.method.call_args, m.method.call_args_list)
    print(m.mock_calls)
    print(m.method_calls)
    m.method.assert_called_with(3)
    m.method.assert_any_call(1, 2, key="v")
    try:
        m.method.assert_called_once_with(3)
    except AssertionError as e:
        print("AssertionError:", e)
    try:
        m.method.assert_called_with(4)
    except AssertionError as e:
        print("AssertionError:", e)
    m.get_value.return_value = 42
    print(m.get_value(), m.get_value("x"))
    m.fail.side_effect = ValueError("boom")
    try:
        m.fail()
    except ValueError as e:
        print("ValueError", e)
    m.seq.side_effect = [1, 2, 3]
    print(m.seq(), m.seq(), m.seq())
    m.fn.side_effect = lambda x: x * 2
    print(m.fn(21))
    mm = MagicMock()
    print(len(mm), list(mm), bool(mm), int(mm), 3 in mm)
    mm.__len__ = lambda self: 5
    print(len(mm))
    with patch("math.sqrt") as fake:
        fake.return_value = 10
        print(math.sqrt(4), fake.call_args)
    print(math.sqrt(4))
    class Config:
        level = 1
    with patch.object(Config, "level", 3):
        print(Config.level)
    print(Config.level)
    @patch("math.floor")
    def test(mock_floor):
        mock_floor.return_value = "floored"
        return math.floor(2.5)
    print(test())
    d = {"a": 1}
    with patch.dict(d, {"b": 2}):
        print(sorted(d.items()))
    print(d)
    print(call(1, x=2) == call(1, x=2), call(1) == call(2), m.method.call_args == call(3), ANY == 5)
    print(sentinel.foo, sentinel.foo is sentinel.foo)
    m2 = Mock(return_value=7)
    print(m2(), m2.called)
    m2.reset_mock()
    print(m2.called, m2.call_count)
    o = mock_open(read_data="line1\\nline2\\n")
    with patch("builtins.open", o):
        with open("x.txt") as f:
            print(f.read())
    print(o.call_args)
    s = Mock(spec=["a", "b"])
    try:
        s.c
    except AttributeError as e:
        print("AttributeError", e)
    m.method.assert_called()
    try:
        Mock().x.assert_called_once()
    except AssertionError as e:
        print(e)
    try:
        m.method.assert_not_called()
    except AssertionError as e:
        print(e)
    """)


def test_patch_in_a_test_case(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import unittest, io
        from unittest import mock

        class Store:
            def fetch(self, key):
                raise RuntimeError("network")

        def describe(store, key):
            return "value: %s" % store.fetch(key)

        class TestDescribe(unittest.TestCase):
            @mock.patch.object(Store, "fetch")
            def test_fetch(self, fake):
                fake.return_value = 5
                self.assertEqual(describe(Store(), "k"), "value: 5")
                fake.assert_called_once_with("k")

            def test_mock_store(self):
                store = mock.Mock()
                store.fetch.return_value = "x"
                self.assertEqual(describe(store, 1), "value: x")
                self.assertEqual(store.method_calls, [mock.call.fetch(1)])

        class Client:
            def fetch(self):
                return 1
        class App:
            def __init__(self):
                self.client = Client()
            def run(self):
                return self.client.fetch() * 10
        app = App()
        with mock.patch("__main__.app.client") as fake:
            fake.fetch.return_value = 4
            print(app.run(), fake.fetch.called)
        print(app.run())
        buf = io.StringIO()
        result = unittest.TextTestRunner(stream=buf, verbosity=0).run(unittest.defaultTestLoader.loadTestsFromTestCase(TestDescribe))
        print(result.testsRun, len(result.failures), len(result.errors))
    """)
