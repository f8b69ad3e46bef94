# Guest library: copy (copy, deepcopy, replace-free). User objects are copied attribute by
# attribute into a new instance made without calling __init__.


class Error(Exception):
    pass


error = Error
_ATOMIC = (int, float, bool, complex, str, bytes, type(None), type, range, type(len), type(lambda: 0))


def _blank(obj):
    # An object with __getnewargs__ (a namedtuple) is made by its class's __new__ from them, as
    # CPython's copy does through __reduce_ex__: object.__new__ would leave a tuple subclass's
    # tuple unbuilt, and iterating it would stop the interpreter.
    getnewargs = getattr(obj, "__getnewargs__", None)
    if getnewargs is not None:
        cls = type(obj)
        return cls.__new__(cls, *getnewargs())
    return object.__new__(type(obj))


def _attributes(obj):
    try:
        return obj.__dict__
    except AttributeError:
        return {}


def copy(x):
    if isinstance(x, _ATOMIC):
        return x
    cls = type(x)
    method = getattr(x, "__copy__", None)
    if method is not None:
        return method()
    if cls in (list, dict, set, bytearray):
        return x.copy()
    if cls in (tuple, frozenset):
        return x
    if isinstance(x, (list, dict, set)):
        return cls(x)
    new = _blank(x)
    for key, value in _attributes(x).items():
        setattr(new, key, value)
    return new


_NIL = object()


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    d = id(x)
    found = memo.get(d, _NIL)
    if found is not _NIL:
        return found
    if isinstance(x, _ATOMIC):
        return x
    cls = type(x)
    method = getattr(x, "__deepcopy__", None)
    if method is not None:
        y = method(memo)
    elif cls is list:
        y = []
        memo[d] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is tuple:
        y = tuple(deepcopy(item, memo) for item in x)
        if all(a is b for a, b in zip(x, y)):
            y = x
    elif cls in (set, frozenset):
        y = cls(deepcopy(item, memo) for item in x)
    elif cls is bytearray:
        y = bytearray(x)
    elif isinstance(x, tuple) and hasattr(x, "_fields"):
        y = cls(*[deepcopy(item, memo) for item in x])
    elif isinstance(x, dict):
        y = copy(x)
        memo[d] = y
        for key in list(y.keys()):
            y[key] = deepcopy(x[key], memo)
    elif isinstance(x, list):
        y = cls([deepcopy(item, memo) for item in x])
    else:
        y = _blank(x)
        memo[d] = y
        for key, value in _attributes(x).items():
            setattr(y, key, deepcopy(value, memo))
    memo[d] = y
    return y
