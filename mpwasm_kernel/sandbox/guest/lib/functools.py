# Guest library: functools with CPython's API. MicroPython functions cannot carry attributes,
# so wraps()/update_wrapper() given a plain function return a callable object in its place that
# carries the wrapped function's `__name__`, `__qualname__`, `__module__` and `__wrapped__`
# (a decorator's `@wraps(func)`: `decorated.__name__` is the function's, as in CPython; it binds
# as a method like a function), and lru_cache returns a callable object with
# cache_info()/cache_clear().
import _mpk_lib as _lib

_frozen = _lib.frozen("functools")
reduce = _frozen.reduce

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__", "__annotations__")
WRAPPER_UPDATES = ("__dict__",)


class _Wrapper:
    # A plain function with the attributes update_wrapper() copies (see the header).
    def __init__(self, func):
        self._func = func

    def __call__(self, *args, **kwargs):
        return self._func(*args, **kwargs)

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        func = self._func
        return lambda *args, **kwargs: func(obj, *args, **kwargs)

    def __repr__(self):
        return "<function %s at 0x%x>" % (getattr(self, "__qualname__", getattr(self, "__name__", "?")), id(self))


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    if type(wrapper).__name__ in ("function", "closure"):  # no attributes: a _Wrapper carries them
        wrapper = _Wrapper(wrapper)
    for attr in assigned:
        try:
            setattr(wrapper, attr, getattr(wrapped, attr))
        except (AttributeError, TypeError):
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except (AttributeError, TypeError):
        pass
    if type(wrapper) is _Wrapper:  # what MicroPython's functions do not carry, as CPython's would
        name = wrapper.__dict__.get("__name__")
        if name is not None and "__qualname__" in assigned and "__qualname__" not in wrapper.__dict__:
            wrapper.__qualname__ = name
        space = getattr(wrapped, "__globals__", None)
        if "__module__" in assigned and "__module__" not in wrapper.__dict__ and type(space) is dict:
            wrapper.__module__ = space.get("__name__")
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


class partial:
    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = dict(func.keywords, **keywords)
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        if self.func is int and "base" in kw:  # MicroPython's int() takes base only by position
            return int(*self.args, *args, kw.pop("base"), **kw)
        return self.func(*self.args, *args, **kw)

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(a) for a in self.args)
        parts.extend("%s=%r" % kv for kv in self.keywords.items())
        return "functools.partial(%s)" % ", ".join(parts)


class partialmethod:
    def __init__(self, func, *args, **keywords):
        self.func = func
        self.args = args
        self.keywords = keywords

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self.func, obj, *self.args, **self.keywords)


class _CacheInfo(tuple):
    def __init__(self, hits, misses, maxsize, currsize):
        super().__init__((hits, misses, maxsize, currsize))

    hits = property(lambda self: self[0])
    misses = property(lambda self: self[1])
    maxsize = property(lambda self: self[2])
    currsize = property(lambda self: self[3])

    def __repr__(self):
        return "CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)" % tuple(self)

    __str__ = __repr__


class _lru_cache_wrapper:
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self._maxsize = maxsize
        self._typed = typed
        self._cache = {}
        self._order = []
        self._hits = 0
        self._misses = 0
        try:
            self.__name__ = func.__name__
        except AttributeError:
            pass

    def _key(self, args, kwds):
        key = args
        if kwds:
            key += (_KWD_MARK,) + tuple(sorted(kwds.items()))
        if self._typed:
            key += tuple(type(v) for v in args) + tuple(type(v) for v in kwds.values())
        return key

    def __call__(self, *args, **kwds):
        key = self._key(args, kwds)
        cache = self._cache
        if key in cache:
            self._hits += 1
            if self._maxsize is not None:
                order = self._order
                order.remove(key)
                order.append(key)
            return cache[key]
        self._misses += 1
        result = self.__wrapped__(*args, **kwds)
        if self._maxsize is None:
            cache[key] = result
        elif self._maxsize > 0:
            if key not in cache:
                if len(cache) >= self._maxsize:
                    del cache[self._order.pop(0)]
                self._order.append(key)
            cache[key] = result
        return result

    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache = {}
        self._order = []
        self._hits = self._misses = 0

    def cache_parameters(self):
        return {"maxsize": self._maxsize, "typed": self._typed}

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self, obj)

    def __repr__(self):
        return "<functools._lru_cache_wrapper object>"


_KWD_MARK = object()


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, bool):
        return _lru_cache_wrapper(maxsize, 128, typed)
    if maxsize is not None:
        if not isinstance(maxsize, int):
            raise TypeError("Expected first argument to be an integer, a callable, or None")
        if maxsize < 0:
            maxsize = 0

    def decorating_function(user_function):
        return _lru_cache_wrapper(user_function, maxsize, typed)

    return decorating_function


def cache(user_function):
    return _lru_cache_wrapper(user_function, None, False)


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = None

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        # MicroPython looks in the instance before the class: once set, this is not called again
        value = self.func(instance)
        setattr(instance, self.attrname, value)
        return value


def total_ordering(cls):
    roots = [op for op in ("__lt__", "__le__", "__gt__", "__ge__") if op in cls.__dict__]
    if not roots:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    root = roots[0]
    for name, func in _ORDER_FROM[root]:
        if name not in roots:
            setattr(cls, name, func)
    return cls


def _gt_from_lt(self, other):
    r = type(self).__lt__(self, other)
    return r if r is NotImplemented else (not r and self != other)


def _le_from_lt(self, other):
    r = type(self).__lt__(self, other)
    return r if r is NotImplemented else (r or self == other)


def _ge_from_lt(self, other):
    r = type(self).__lt__(self, other)
    return r if r is NotImplemented else not r


def _ge_from_le(self, other):
    r = type(self).__le__(self, other)
    return r if r is NotImplemented else (not r or self == other)


def _lt_from_le(self, other):
    r = type(self).__le__(self, other)
    return r if r is NotImplemented else (r and self != other)


def _gt_from_le(self, other):
    r = type(self).__le__(self, other)
    return r if r is NotImplemented else not r


def _lt_from_gt(self, other):
    r = type(self).__gt__(self, other)
    return r if r is NotImplemented else (not r and self != other)


def _ge_from_gt(self, other):
    r = type(self).__gt__(self, other)
    return r if r is NotImplemented else (r or self == other)


def _le_from_gt(self, other):
    r = type(self).__gt__(self, other)
    return r if r is NotImplemented else not r


def _le_from_ge(self, other):
    r = type(self).__ge__(self, other)
    return r if r is NotImplemented else (not r or self == other)


def _gt_from_ge(self, other):
    r = type(self).__ge__(self, other)
    return r if r is NotImplemented else (r and self != other)


def _lt_from_ge(self, other):
    r = type(self).__ge__(self, other)
    return r if r is NotImplemented else not r


_ORDER_FROM = {
    "__lt__": (("__gt__", _gt_from_lt), ("__le__", _le_from_lt), ("__ge__", _ge_from_lt)),
    "__le__": (("__ge__", _ge_from_le), ("__lt__", _lt_from_le), ("__gt__", _gt_from_le)),
    "__gt__": (("__lt__", _lt_from_gt), ("__ge__", _ge_from_gt), ("__le__", _le_from_gt)),
    "__ge__": (("__le__", _le_from_ge), ("__gt__", _gt_from_ge), ("__lt__", _lt_from_ge)),
}


def cmp_to_key(mycmp):
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

    return K


def singledispatch(func):
    registry = {object: func}

    def dispatch(cls):
        for klass in _mro(cls):
            if klass in registry:
                return registry[klass]
        return func

    class _Dispatcher:
        def __call__(self, *args, **kw):
            if not args:
                raise TypeError("singledispatch function requires at least 1 positional argument")
            return dispatch(type(args[0]))(*args, **kw)

        def register(self, cls, method=None):
            if method is None:
                if isinstance(cls, type):
                    return lambda f: self.register(cls, f)
                raise TypeError("register() needs a class (annotations are not kept by MicroPython)")
            registry[cls] = method
            return method

    d = _Dispatcher()
    d.registry = registry
    d.dispatch = dispatch
    return d


def _mro(cls):
    order = [cls]
    i = 0
    while i < len(order):
        for base in getattr(order[i], "__bases__", ()):
            if base not in order:
                order.append(base)
        i += 1
    if object not in order:
        order.append(object)
    return order


__getattr__ = _lib.missing("functools", ("singledispatchmethod",))
