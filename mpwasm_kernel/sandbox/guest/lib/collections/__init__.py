# Guest library: collections with CPython's API (Counter, defaultdict, deque, namedtuple,
# OrderedDict, ChainMap, UserDict, UserList, UserString).
from keyword import iskeyword as _iskeyword  # at import: namedtuple also runs inside _lib.frozen("os")

import _mpk_lib as _lib

_native = _lib.builtin("collections")
_NativeOrderedDict = _native.OrderedDict


def _dict_body(d):
    return "{" + ", ".join(["%r: %r" % kv for kv in d.items()]) + "}"


class _InsertionOrdered(dict):
    # A dict that also keeps its keys in first-insertion order (`_order`), as CPython's dicts do
    # and MicroPython's do not: iteration, keys/values/items and reprs follow it.
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __setitem__(self, key, value):
        if key not in self:
            self._order.append(key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        super().__delitem__(key)
        self._order.remove(key)

    def _ordered_keys(self):
        order = self._order
        if len(order) != len(self):
            order[:] = [k for k in order if k in self]
        return order

    def keys(self):
        return list(self._ordered_keys())

    def items(self):
        get = super().__getitem__
        return [(k, get(k)) for k in self._ordered_keys()]

    def values(self):
        get = super().__getitem__
        return [get(k) for k in self._ordered_keys()]

    def __iter__(self):
        return iter(list(self._ordered_keys()))

    def pop(self, key, *default):
        return super().pop(key, *default)

    def popitem(self):
        if not self:
            raise KeyError("popitem(): dictionary is empty")
        key = self._ordered_keys()[-1]
        return key, self.pop(key)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return super().__getitem__(key)

    def update(self, *args, **kwargs):
        for other in args:
            pairs = other.items() if hasattr(other, "items") else other
            for key, value in pairs:
                self[key] = value
        for key in kwargs:
            self[key] = kwargs[key]

    def clear(self):
        super().clear()
        self._order = []


class defaultdict(_InsertionOrdered):
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        super().__init__()
        self._order = []
        self.default_factory = default_factory
        self.update(*args, **kwargs)

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            return self.__missing__(key)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        factory = self.default_factory
        if factory is None:
            text = "None"
        elif isinstance(factory, type):
            text = "<class '%s'>" % factory.__name__
        else:
            text = repr(factory)
        return "defaultdict(%s, %s)" % (text, _dict_body(self))

    __str__ = __repr__

    def copy(self):
        return defaultdict(self.default_factory, self.items())

    __copy__ = copy

    def __eq__(self, other):
        return dict(self.items()) == (dict(other.items()) if isinstance(other, dict) else other)


class Counter(_InsertionOrdered):
    # Ties in most_common() and the repr follow first insertion, as in CPython.
    def __init__(self, iterable=None, **kwds):
        super().__init__()
        self._order = []
        self.update(iterable, **kwds)

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            return 0

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        # MicroPython's sort is not stable: break ties by insertion position explicitly
        items = self.items()
        order = sorted(range(len(items)), key=lambda i: (-items[i][1], i))
        items = [items[i] for i in order]
        return items if n is None else items[:max(n, 0)]

    def elements(self):
        for key, count in self.items():
            for _ in range(count):
                yield key

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError("Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for key, count in iterable.items():
                    self[key] = self[key] + count
            else:
                get = self.get
                order = self._order
                store = super(_InsertionOrdered, self).__setitem__  # dict's own: order kept here
                for elem in iterable:
                    count = get(elem, 0)
                    if not count and elem not in self:
                        order.append(elem)
                    store(elem, count + 1)
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for key, count in iterable.items():
                    self[key] = self[key] - count
            else:
                for elem in iterable:
                    self[elem] = self[elem] - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return Counter(self)

    __copy__ = copy

    def __delitem__(self, key):
        if key in self:
            super().__delitem__(key)

    def __repr__(self):
        if not self:
            return "Counter()"
        return "Counter({%s})" % ", ".join(["%r: %r" % kv for kv in self.most_common()])

    __str__ = __repr__

    def __eq__(self, other):
        if not isinstance(other, Counter):
            return dict(self.items()) == other if isinstance(other, dict) else False
        return all(self[e] == other[e] for c in (self, other) for e in c)

    def __ne__(self, other):
        return not self == other

    def __le__(self, other):
        return all(self[e] <= other[e] for c in (self, other) for e in c)

    def __lt__(self, other):
        return self <= other and self != other

    def __ge__(self, other):
        return all(self[e] >= other[e] for c in (self, other) for e in c)

    def __gt__(self, other):
        return self >= other and self != other

    def __add__(self, other):
        result = Counter()
        for elem, count in self.items():
            total = count + other[elem]
            if total > 0:
                result[elem] = total
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __sub__(self, other):
        result = Counter()
        for elem, count in self.items():
            total = count - other[elem]
            if total > 0:
                result[elem] = total
        for elem, count in other.items():
            if elem not in self and count < 0:
                result[elem] = 0 - count
        return result

    def __or__(self, other):
        result = Counter()
        for elem, count in self.items():
            top = max(count, other[elem])
            if top > 0:
                result[elem] = top
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __and__(self, other):
        result = Counter()
        for elem, count in self.items():
            low = min(count, other[elem])
            if low > 0:
                result[elem] = low
        return result

    def __pos__(self):
        result = Counter()
        for elem, count in self.items():
            if count > 0:
                result[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self.items():
            if count < 0:
                result[elem] = 0 - count
        return result

    def __iadd__(self, other):
        for elem, count in other.items():
            self[elem] = self[elem] + count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other.items():
            self[elem] = self[elem] - count
        return self._keep_positive()

    def _keep_positive(self):
        for elem in [e for e, c in self.items() if not c > 0]:
            del self[elem]
        return self


class OrderedDict(_NativeOrderedDict):
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        super().__init__()
        if len(args) > 1:
            raise TypeError("expected at most 1 arguments, got %d" % len(args))
        if args:
            other = args[0]
            items = other.items() if isinstance(other, dict) else other
            for key, value in items:
                self[key] = value
        for key in kwargs:
            self[key] = kwargs[key]

    def move_to_end(self, key, last=True):
        # the built-in part's own operations: a subclass's __setitem__ (an LRU cache's, which
        # calls move_to_end) is not called, as in CPython
        part = super()
        value = part.pop(key)
        if last:
            part.__setitem__(key, value)
        else:
            rest = list(part.items())
            part.clear()
            part.__setitem__(key, value)
            for k, v in rest:
                part.__setitem__(k, v)

    def popitem(self, last=True):
        if not self:
            raise KeyError("dictionary is empty")
        key = next(reversed(list(self.keys()))) if last else next(iter(self.keys()))
        return key, self.pop(key)

    def copy(self):
        return type(self)(self.items())

    def __repr__(self):
        if not self:
            return "%s()" % type(self).__name__
        return "%s(%r)" % (type(self).__name__, list(self.items()))

    __str__ = __repr__

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self.items()) == list(other.items())
        return dict(self.items()) == other if isinstance(other, dict) else False

    def __reversed__(self):
        return reversed(list(self.keys()))


class deque:
    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._items = []
        self._head = 0
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _list(self):
        if self._head:
            del self._items[:self._head]
            self._head = 0
        return self._items

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return iter(self._list()[:])

    def __reversed__(self):
        return reversed(self._list()[:])

    def __contains__(self, value):
        return value in self._list()

    def __getitem__(self, index):
        if isinstance(index, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("deque index out of range")
        return self._items[self._head + index]

    def __setitem__(self, index, value):
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("deque index out of range")
        self._items[self._head + index] = value

    def __delitem__(self, index):
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("deque index out of range")
        del self._list()[index]

    def append(self, x):
        self._items.append(x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self.popleft()

    def appendleft(self, x):
        if self._head:
            self._head -= 1
            self._items[self._head] = x
        else:
            self._items.insert(0, x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self._items.pop()

    def pop(self):
        if not self:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self:
            raise IndexError("pop from an empty deque")
        items = self._items
        value = items[self._head]
        items[self._head] = None
        self._head += 1
        if self._head > 32 and self._head * 2 > len(items):
            del items[:self._head]
            self._head = 0
        return value

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._items = []
        self._head = 0

    def copy(self):
        return deque(self, self._maxlen)

    __copy__ = copy

    def count(self, value):
        return self._list().count(value)

    def index(self, value, start=0, stop=None):
        items = self._list()
        return items.index(value, start, len(items) if stop is None else stop)

    def insert(self, index, value):
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._list().insert(index, value)

    def remove(self, value):
        items = self._list()
        if value not in items:
            raise ValueError("deque.remove(x): x not in deque")
        items.remove(value)

    def reverse(self):
        self._list().reverse()

    def rotate(self, n=1):
        items = self._list()
        if items:
            n %= len(items)
            if n:
                items[:] = items[-n:] + items[:-n]

    def __eq__(self, other):
        return isinstance(other, deque) and list(self) == list(other)

    def __lt__(self, other):
        return list(self) < list(other)

    def __le__(self, other):
        return list(self) <= list(other)

    def __gt__(self, other):
        return list(self) > list(other)

    def __ge__(self, other):
        return list(self) >= list(other)

    def __add__(self, other):
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return deque(list(self) * n, self._maxlen)

    def __repr__(self):
        if self._maxlen is None:
            return "deque(%r)" % (self._list(),)
        return "deque(%r, maxlen=%d)" % (self._list(), self._maxlen)

    __str__ = __repr__


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = [str(name) for name in field_names]
    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not _is_identifier(name) or _iskeyword(name) or name.startswith("_") or name in seen):
                field_names[index] = "_%d" % index
            seen.add(name)
    for name in [typename] + field_names:
        if not _is_identifier(name):
            raise ValueError("Type names and field names must be valid identifiers: %r" % name)
        if _iskeyword(name):
            raise ValueError("Type names and field names cannot be a keyword: %r" % name)
    seen = set()
    for name in field_names:
        if name.startswith("_") and not rename:
            raise ValueError("Field names cannot start with an underscore: %r" % name)
        if name in seen:
            raise ValueError("Encountered duplicate field name: %r" % name)
        seen.add(name)
    fields = tuple(field_names)
    nfields = len(fields)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > nfields:
            raise TypeError("Got more default values than field names")
        field_defaults = dict(zip(fields[nfields - len(defaults):], defaults))

    # The tuple is built in __new__, as CPython's namedtuple does: a subclass's own __init__ then
    # sees a complete tuple whether or not it calls super().__init__(). (MicroPython would build
    # a native base only after the Python __init__ returned, from that call's arguments; until
    # then the instance holds a placeholder that iterating traps on.) object.__new__ makes the
    # instance with its native part unbuilt and super(...).__init__(values) builds it.
    def __new__(klass, *args, **kwargs):
        if len(args) > nfields:
            least = nfields + 1 - len(field_defaults)
            raise TypeError("%s.__new__() takes %s positional arguments but %d were given" % (
                typename, "%d" % (nfields + 1) if least > nfields else "from %d to %d" % (least, nfields + 1),
                len(args) + 1))
        if len(args) == nfields and not kwargs:
            return _build(klass, args)  # a tuple: tuple(args) is args itself, no copy
        values = list(args)
        if len(values) < nfields or kwargs:
            for name in fields[len(args):]:
                if name in kwargs:
                    values.append(kwargs.pop(name))
                elif name in field_defaults:
                    values.append(field_defaults[name])
                else:
                    missing = [n for n in fields[len(values):] if n not in kwargs and n not in field_defaults]
                    raise TypeError("%s.__new__() missing %d required positional argument%s: %s" % (
                        typename, len(missing), "" if len(missing) == 1 else "s",
                        " and ".join(", ".join(repr(m) for m in missing).rsplit(", ", 1))))
            if kwargs:
                name = next(iter(kwargs))
                if name in fields:
                    raise TypeError("%s.__new__() got multiple values for argument '%s'" % (typename, name))
                raise TypeError("%s.__new__() got an unexpected keyword argument '%s'" % (typename, name))
        return _build(klass, values)

    def _build(klass, values):
        self = object.__new__(klass)
        super(cls, self).__init__(values)
        return self

    # object.__init__ as CPython applies it to a namedtuple: the class's own call passes the
    # constructor's arguments and they are ignored; a subclass's super().__init__(x, y) is an error.
    def __init__(self, *args, **kwargs):
        if (args or kwargs) and type(self).__init__ is not __init__:
            raise TypeError("object.__init__() takes exactly one argument (the instance to initialize)")

    # As CPython's: the tuple alone is built (neither a subclass's __new__ nor __init__ runs).
    def _make(klass, iterable):
        values = list(iterable)
        if len(values) != nfields:
            raise TypeError("Expected %d arguments, got %d" % (nfields, len(values)))
        return _build(klass, values)

    def _replace(self, **kwargs):
        values = [kwargs.pop(name, value) for name, value in zip(fields, self)]
        if kwargs:
            raise ValueError("Got unexpected field names: %r" % list(kwargs))
        return self._make(values)

    def _asdict(self):
        return dict(zip(fields, self))

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(["%s=%r" % nv for nv in zip(fields, self)]))

    def __getnewargs__(self):
        return tuple(self)

    # CPython's errors name the namedtuple's own type
    def __setitem__(self, index, value):
        raise TypeError("'%s' object does not support item assignment" % type(self).__name__)

    def __delitem__(self, index):
        raise TypeError("'%s' object doesn't support item deletion" % type(self).__name__)

    namespace = {
        "__new__": staticmethod(__new__), "__init__": __init__, "_make": classmethod(_make),
        "_replace": _replace, "_asdict": _asdict,
        "__repr__": __repr__, "__str__": __repr__, "_fields": fields, "_field_defaults": field_defaults,
        "__getnewargs__": __getnewargs__, "__setitem__": __setitem__, "__delitem__": __delitem__,
        # CPython takes the caller's module; namedtuples are made in the notebook's (pickle finds them)
        "__module__": module if module is not None else "__main__",
    }
    for index, name in enumerate(fields):
        namespace[name] = property(_getter(index), _read_only, _undeletable)
    cls = type(typename, (tuple,), namespace)
    return cls


def _getter(index):
    return lambda self: self[index]


# CPython 3.11's words for a namedtuple's field, which is read-only.
def _read_only(self, value):
    raise AttributeError("can't set attribute")


def _undeletable(self):
    raise AttributeError("can't delete attribute")


def _is_identifier(name):
    if not name or not (name[0].isalpha() or name[0] == "_"):
        return False
    for ch in name:
        if not (ch.isalpha() or ch.isdigit() or ch == "_"):
            return False
    return True


class ChainMap:
    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        keys = set()
        for mapping in self.maps:
            keys.update(mapping)
        return len(keys)

    def __iter__(self):
        seen = {}
        for mapping in reversed(self.maps):
            for key in mapping:
                seen[key] = None
        return iter(list(seen))

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def keys(self):
        return list(self)

    def values(self):
        return [self[k] for k in self]

    def items(self):
        return [(k, self[k]) for k in self]

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(map(repr, self.maps)))

    __str__ = __repr__

    @classmethod
    def fromkeys(cls, iterable, *args):
        return cls(dict.fromkeys(iterable, *args))

    def copy(self):
        return type(self)(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return type(self)(m, *self.maps)

    @property
    def parents(self):
        return type(self)(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def clear(self):
        self.maps[0].clear()

    def update(self, other=(), **kwargs):
        self.maps[0].update(other, **kwargs)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def __eq__(self, other):
        return dict(self.items()) == dict(other.items())


class UserDict:
    def __init__(self, dict=None, **kwargs):
        self.data = {}
        if dict is not None:
            self.update(dict)
        if kwargs:
            self.update(kwargs)

    def update(self, other=(), **kwargs):
        items = other.items() if hasattr(other, "items") else other
        for key, value in items:
            self[key] = value
        for key in kwargs:
            self[key] = kwargs[key]

    def __len__(self):
        return len(self.data)

    def __getitem__(self, key):
        if key in self.data:
            return self.data[key]
        if hasattr(type(self), "__missing__"):
            return self.__missing__(key)
        raise KeyError(key)

    def __setitem__(self, key, item):
        self.data[key] = item

    def __delitem__(self, key):
        del self.data[key]

    def __iter__(self):
        return iter(self.data)

    def __contains__(self, key):
        return key in self.data

    def get(self, key, default=None):
        return self[key] if key in self else default

    def keys(self):
        return self.data.keys()

    def values(self):
        return self.data.values()

    def items(self):
        return self.data.items()

    def pop(self, key, *default):
        return self.data.pop(key, *default)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def copy(self):
        return type(self)(self.data)

    def __repr__(self):
        return repr(self.data)

    def __eq__(self, other):
        return self.data == (other.data if isinstance(other, UserDict) else other)


class UserList:
    def __init__(self, initlist=None):
        self.data = [] if initlist is None else list(initlist)

    def __repr__(self):
        return repr(self.data)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        return self.data[i]

    def __setitem__(self, i, item):
        self.data[i] = item

    def __delitem__(self, i):
        del self.data[i]

    def __iter__(self):
        return iter(self.data)

    def __contains__(self, item):
        return item in self.data

    def __eq__(self, other):
        return self.data == (other.data if isinstance(other, UserList) else other)

    def __add__(self, other):
        return type(self)(self.data + list(other))

    def append(self, item):
        self.data.append(item)

    def extend(self, other):
        self.data.extend(other)

    def insert(self, i, item):
        self.data.insert(i, item)

    def pop(self, i=-1):
        return self.data.pop(i)

    def remove(self, item):
        self.data.remove(item)

    def clear(self):
        self.data.clear()

    def count(self, item):
        return self.data.count(item)

    def index(self, item, *args):
        return self.data.index(item, *args)

    def reverse(self):
        self.data.reverse()

    def sort(self, *args, **kwds):
        self.data.sort(*args, **kwds)

    def copy(self):
        return type(self)(self.data)


class UserString:
    def __init__(self, seq):
        self.data = seq.data if isinstance(seq, UserString) else str(seq)

    def __str__(self):
        return str(self.data)

    def __repr__(self):
        return repr(self.data)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        return self.__class__(self.data[index])

    def __eq__(self, other):
        return self.data == (other.data if isinstance(other, UserString) else other)

    def __add__(self, other):
        return self.__class__(self.data + str(other))

    def __getattr__(self, name):
        return getattr(self.data, name)


__getattr__ = _lib.missing("collections")
