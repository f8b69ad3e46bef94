# Guest library: the parts of pytest a notebook's test cells use while they are written —
# `@pytest.fixture`, `@pytest.mark.<name>` / `mark.parametrize`, `pytest.param`, and the helpers
# called inside tests (`pytest.raises`, `pytest.approx`, `pytest.fail`, `pytest.skip`,
# `pytest.warns` without warnings). There is no test runner: collecting and running tests
# (`pytest.main`, `%%ipytest`) is not available in the sandbox; a test function can be called
# directly (`test_add()`), its fixtures passed by hand.

__version__ = "8.0.0 (sandbox subset)"


class OutcomeException(BaseException):  # as pytest's: not caught by `except Exception`
    pass


class Failed(OutcomeException):
    pass


class Skipped(OutcomeException):
    pass


def fail(reason="", pytrace=True):
    """Fail the running test with `reason`."""
    raise Failed(reason)


def skip(reason="", *, allow_module_level=False):
    """Skip the running test with `reason`."""
    raise Skipped(reason)


def _fixture_decorator(func, options):
    func._pytestfixture = options  # noqa: SLF001 - what pytest's collector would read
    return func


class _FixtureFunction:
    # A fixture function as pytest leaves it: callable directly (pytest itself forbids that, which
    # a runner would enforce), carrying its options.
    def __init__(self, func, options):
        self.__wrapped__ = func
        self.__name__ = getattr(func, "__name__", "fixture")
        self._options = options

    def __call__(self, *args, **kwargs):
        return self.__wrapped__(*args, **kwargs)

    def __repr__(self):
        return "<pytest_fixture(<function %s at 0x%x>)>" % (self.__name__, id(self.__wrapped__))


def fixture(fixture_function=None, *, scope="function", params=None, autouse=False, ids=None, name=None):
    """`@pytest.fixture` or `@pytest.fixture(scope=..., params=..., autouse=..., name=...)`."""
    options = {"scope": scope, "params": params, "autouse": autouse, "ids": ids, "name": name}
    if fixture_function is not None and callable(fixture_function):
        return _FixtureFunction(fixture_function, options)
    return lambda func: _FixtureFunction(func, options)


class MarkDecorator:
    """`pytest.mark.NAME(...)`: a decorator that records the mark on the test."""

    def __init__(self, name, args=(), kwargs=None):
        self.name, self.args, self.kwargs = name, args, kwargs or {}

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and (callable(args[0]) or isinstance(args[0], type)):
            func = args[0]
            try:
                marks = func.pytestmark
            except AttributeError:
                marks = []
            try:
                func.pytestmark = marks + [self]
            except (AttributeError, TypeError):
                pass  # (MicroPython functions take no attributes: the mark is not kept)
            return func
        return MarkDecorator(self.name, self.args + args, dict(self.kwargs, **kwargs))

    def __repr__(self):
        return "MarkDecorator(mark=Mark(name=%r, args=%r, kwargs=%r))" % (self.name, self.args, self.kwargs)


class _MarkGenerator:
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return MarkDecorator(name)


mark = _MarkGenerator()


class ParameterSet:
    def __init__(self, values, marks, id):
        self.values, self.marks, self.id = values, marks, id

    def __repr__(self):
        return "ParameterSet(values=%r, marks=%r, id=%r)" % (self.values, self.marks, self.id)


def param(*values, marks=(), id=None):
    """`pytest.param(value, ..., marks=..., id=...)` for parametrize."""
    return ParameterSet(values, marks if isinstance(marks, (list, tuple)) else (marks,), id)


class ExceptionInfo:
    """What `with pytest.raises(E) as info:` gives: `info.value`, `info.type`, `info.match()`."""

    def __init__(self):
        self.value = None
        self.type = None

    def match(self, regexp):
        import re

        if not re.search(regexp, str(self.value)):
            raise AssertionError("Regex pattern did not match.\n Regex: %r\n Input: %r" % (regexp, str(self.value)))
        return True

    def __repr__(self):
        if self.value is None:
            return "<ExceptionInfo for raises contextmanager>"
        return "<ExceptionInfo %r tblen=1>" % (self.value,)


class _Raises:
    def __init__(self, expected, match):
        self.expected, self.pattern, self.info = expected, match, ExceptionInfo()

    def __enter__(self):
        return self.info

    def __exit__(self, kind, value, tb):
        if kind is None:
            first = self.expected if isinstance(self.expected, type) else self.expected[0]
            raise Failed("DID NOT RAISE %r" % (first,))
        if not issubclass(kind, self.expected):
            return False
        self.info.value, self.info.type = value, kind
        if self.pattern is not None:
            self.info.match(self.pattern)
        return True


def raises(expected_exception, *args, match=None, **kwargs):
    """`with pytest.raises(E, match=...) as info:`, or `pytest.raises(E, func, *args)`."""
    context = _Raises(expected_exception, match)
    if not args:
        return context
    with context:
        args[0](*args[1:], **kwargs)
    return context.info


class _Approx:
    def __init__(self, expected, rel, abs_):
        self.expected, self.rel, self.abs = expected, rel, abs_

    def _close(self, actual, expected):
        if isinstance(expected, (list, tuple)):
            return isinstance(actual, (list, tuple)) and len(actual) == len(expected) and all(
                self._close(a, e) for a, e in zip(actual, expected))
        if isinstance(expected, dict):
            return isinstance(actual, dict) and set(actual) == set(expected) and all(
                self._close(actual[k], expected[k]) for k in expected)
        if actual == expected:
            return True
        try:
            tolerance = max(self.rel * abs(expected), self.abs)
            return abs(actual - expected) <= tolerance
        except TypeError:
            return False

    def __eq__(self, actual):
        return self._close(actual, self.expected)

    def __ne__(self, actual):
        return not self == actual

    def __repr__(self):
        if isinstance(self.expected, (list, tuple, dict)):
            return "approx(%r)" % (self.expected,)
        tolerance = max(self.rel * abs(self.expected), self.abs)
        return "%r ± %.1e" % (self.expected, tolerance)


def approx(expected, rel=None, abs=None, nan_ok=False):
    """`value == pytest.approx(expected)`: equal within a relative 1e-6 (or absolute 1e-12)."""
    if rel is None and abs is None:
        rel, abs = 1e-6, 1e-12
    return _Approx(expected, rel or 0.0, abs or 0.0)


def main(*args, **kwargs):
    raise NotImplementedError("running tests (pytest.main, %%ipytest) is not available in the sandbox")
