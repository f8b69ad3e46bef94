# Guest library: `raise X from Y` (the source pass writes it `raise _mpk_chain.cause(X, Y)`,
# cpython/transform). MicroPython compiles exception chaining to a plain `raise X` that first
# prints "Warning: exception chaining not supported" on stderr, and its exceptions have no
# `__cause__`. Here the cause is checked as CPython checks it, kept in a small table by the
# exception (built-in exceptions take no attributes), and read back by `e.__cause__` and
# `e.__suppress_context__` (the source pass sends those reads to `_mpk_ga`, which asks `get`);
# `e.__context__` where the raise is in an `except ... as name:` body (else it is not known).
# The table holds the latest _KEEP chained exceptions (a loop raising thousands stays bounded).

_KEEP = 64
_causes = {}  # exception -> its cause (None for `from None`)
_contexts = {}  # exception -> the exception handled when it was raised (where the source says)
_order = []


def _instance(value, what):
    if isinstance(value, type) and issubclass(value, BaseException):
        return value()
    if isinstance(value, BaseException):
        return value
    raise TypeError("exception causes must derive from BaseException" if what == "cause"
                    else "exceptions must derive from BaseException")


def cause(exc, from_, context=None):
    """The exception `raise exc from from_` raises, with its cause recorded (and the handled
    exception, `context`, when the source pass saw the raise in `except ... as name:`)."""
    exc = _instance(exc, "exception")
    if from_ is not None:
        from_ = _instance(from_, "cause")
    if exc not in _causes:
        _order.append(exc)
        if len(_order) > _KEEP:
            old = _order.pop(0)
            _causes.pop(old, None)
            _contexts.pop(old, None)
    _causes[exc] = from_
    if context is ...:  # (`raise X from e` in `except ... as e:`)
        context = from_
    if context is not None and context is not exc:
        _contexts[exc] = context
    return exc


def get(exc, name):
    """`exc.__cause__` / `exc.__suppress_context__` as CPython reads them."""
    if name == "__cause__":
        return _causes.get(exc)
    if name == "__suppress_context__":
        return exc in _causes
    if name == "__context__" and exc in _contexts:
        return _contexts[exc]
    raise AttributeError("'%s' object has no attribute '%s'" % (type(exc).__name__, name))
