"""The pytest subset (issue 26: a course's test cells define fixtures and parametrized tests
with `import pytest`, which failed; CPython's output of those cells is nothing, or what the
helpers inside tests give). Differential: the same cell on the host CPython (the test
environment's pytest) and in the sandbox."""

from __future__ import annotations

from collections.abc import Callable


def test_fixtures_marks_and_helpers(same_output: Callable[[str], str]) -> None:
    same_output("""
        import pytest

        class Person:
            def __init__(self, first_name, last_name, age):
                self.first_name, self.last_name, self.age = first_name, last_name, age

        @pytest.fixture()
        def default_person():
            person = Person(first_name="John", last_name="Doe", age=82)
            return person

        PATHS = ["/foo/bar.txt", "/bar/baz.txt"]

        @pytest.fixture(params=PATHS)
        def executable(request):
            return request.param

        @pytest.fixture(scope="module")
        def module_fixture():
            print("module")

        @pytest.fixture(autouse=True)
        def my_fixture():
            print("using my_fixture")

        @pytest.mark.parametrize("a,b,expected", [(1, 2, 3), pytest.param(2, 2, 4, id="twos")])
        def test_add(a, b, expected):
            assert a + b == expected

        @pytest.mark.skip(reason="later")
        def test_later():
            pass

        test_add(1, 2, 3)
        with pytest.raises(ZeroDivisionError) as info:
            1 / 0
        print(info.type.__name__, 0.1 + 0.2 == pytest.approx(0.3), [0.1 + 0.2, 1] == pytest.approx([0.3, 1]), 1.1 == pytest.approx(1.0))
        with pytest.raises(ValueError, match="invalid"):
            int("x")
        try:
            with pytest.raises(KeyError):
                pass
        except BaseException as e:
            print(type(e).__name__, "DID NOT RAISE" in str(e))  # (the wording varies between pytest versions)
        print(pytest.raises(ZeroDivisionError, lambda: 1 / 0).type.__name__)
        try:
            pytest.fail("nope")
        except BaseException as e:
            print(type(e).__name__, e)
    """)


def test_approx_and_raises_details(same_output: Callable[[str], str]) -> None:
    same_output("""
        import pytest
        print(0.1 * 3 == pytest.approx(0.3), 1e-13 == pytest.approx(0), 100 == pytest.approx(101, rel=0.02),
              {"a": 0.3} == pytest.approx({"a": 0.1 * 3}), 2 != pytest.approx(2.1))
        with pytest.raises((KeyError, IndexError)) as info:
            [][1]
        print(info.type.__name__, str(info.value), info.match("out of range"))
        try:
            with pytest.raises(ValueError, match="^abc"):
                raise ValueError("xyz")
        except AssertionError:
            print("no match")
        try:
            with pytest.raises(ValueError):
                raise TypeError("other")
        except TypeError as e:
            print("passed through", e)
    """)
