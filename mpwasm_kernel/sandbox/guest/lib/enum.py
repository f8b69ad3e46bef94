# Guest library: enum (Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique).
#
# MicroPython has no metaclasses, so a class statement that inherits from Enum is turned (by
# the class hook of _mpk_lib) into an `EnumType` object: iterable, subscriptable by name,
# callable by value, with the members as attributes. The members are instances of the real
# class. Limitation: isinstance(x, Color) needs `type(Color.RED)`; member order is value
# order when values are comparable (definition order is not kept by MicroPython).
import _mpk_lib as _lib

_counter = [0]


class auto:
    def __init__(self):
        _counter[0] += 1
        self._order = _counter[0]
        self.value = None

    def __repr__(self):
        return "auto(%r)" % (self.value,)


class EnumType:
    def __init__(self, cls, members, names, kind):
        object.__setattr__(self, "_cls", cls)
        object.__setattr__(self, "_members", members)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "__name__", cls.__name__)
        object.__setattr__(self, "__qualname__", cls.__qualname__)
        by_value = {}
        for m in members:
            if _hashable(m._value_):
                by_value.setdefault(m._value_, m)
        object.__setattr__(self, "_value2member_map_", by_value)

    def __getattr__(self, name):
        member = self._names.get(name)
        if member is not None:
            return member
        if name == "__members__":
            return dict(self._names)
        if name == "_member_names_":
            return [m._name_ for m in self._members]
        if name == "_member_map_":
            return dict(self._names)
        return getattr(self._cls, name)

    def __setattr__(self, name, value):
        raise AttributeError("cannot reassign member '%s'" % name)

    def __iter__(self):
        return iter(self._members)

    def __reversed__(self):
        return reversed(self._members)

    def __len__(self):
        return len(self._members)

    def __bool__(self):
        return True

    def __contains__(self, member):
        return member in self._members

    def __getitem__(self, name):
        member = self._names.get(name)
        if member is None:
            raise KeyError(name)
        return member

    def __call__(self, value, *args, **kwargs):
        if isinstance(value, self._cls):
            return value
        member = self._value2member_map_.get(value) if _hashable(value) else None
        if member is None:
            for m in self._members:
                if m._value_ == value:
                    member = m
                    break
        if member is None and self._kind in ("flag", "intflag") and isinstance(value, int):
            return self._compose(value)
        if member is None:
            raise ValueError("%r is not a valid %s" % (value, self.__qualname__))
        return member

    def _compose(self, value):
        names = [m._name_ for m in self._members if m._value_ and m._value_ & value == m._value_]
        return _new_member(self._cls, self._kind, value, "|".join(names) if names else None)

    def __repr__(self):
        return "<enum %r>" % self.__name__

    __str__ = __repr__


def _hashable(value):
    try:
        hash(value)
        return True
    except TypeError:
        return False


class Enum:
    def __init__(self, *args):
        pass

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return "<%s.%s: %r>" % (self._enum_name(), self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (self._enum_name(), self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def _enum_name(self):
        return type(self).__name__

    def __hash__(self):
        return hash(self._name_)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)

    def _generate_next_value_(name, start, count, last_values):
        for v in reversed(last_values):
            try:
                return v + 1
            except TypeError:
                pass
        return start


class ReprEnum(Enum):
    pass


class IntEnum(int, ReprEnum):
    def __repr__(self):
        return "<%s.%s: %r>" % (self._enum_name(), self._name_, self._value_)

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __eq__(self, other):
        return self._value_ == (other._value_ if isinstance(other, Enum) else other)

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._value_ < int(other)

    def __le__(self, other):
        return self._value_ <= int(other)

    def __gt__(self, other):
        return self._value_ > int(other)

    def __ge__(self, other):
        return self._value_ >= int(other)

    def __hash__(self):
        return hash(self._value_)

    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_

    def __add__(self, other):
        return self._value_ + other

    __radd__ = __add__

    def __sub__(self, other):
        return self._value_ - other

    def __mul__(self, other):
        return self._value_ * other


class StrEnum(str, ReprEnum):
    def __repr__(self):
        return "<%s.%s: %r>" % (self._enum_name(), self._name_, self._value_)

    def __str__(self):
        return self._value_

    def __format__(self, spec):
        return format(self._value_, spec)

    def __eq__(self, other):
        return self._value_ == (other._value_ if isinstance(other, Enum) else other)

    def __hash__(self):
        return hash(self._value_)

    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


class Flag(Enum):
    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return start if start is not None else 1
        high = max(last_values)
        bit = 1
        while bit <= high:
            bit <<= 1
        return bit

    def __or__(self, other):
        return _owner(self)(self._value_ | other._value_)

    def __and__(self, other):
        return _owner(self)(self._value_ & other._value_)

    def __xor__(self, other):
        return _owner(self)(self._value_ ^ other._value_)

    def __contains__(self, other):
        return other._value_ & self._value_ == other._value_

    def __bool__(self):
        return bool(self._value_)

    def __eq__(self, other):
        return isinstance(other, Flag) and self._value_ == other._value_

    def __hash__(self):
        return hash(self._value_)

    def __repr__(self):
        return "<%s.%s: %r>" % (self._enum_name(), self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (self._enum_name(), self._name_)


class IntFlag(int, Flag):
    def __repr__(self):
        return "<%s.%s: %r>" % (self._enum_name(), self._name_, self._value_)

    def __str__(self):
        return str(self._value_)

    def __or__(self, other):
        return _owner(self)(self._value_ | int(other))

    def __and__(self, other):
        return _owner(self)(self._value_ & int(other))

    def __eq__(self, other):
        return self._value_ == int(other)

    def __hash__(self):
        return hash(self._value_)

    def __int__(self):
        return self._value_


_owners = {}


def _owner(member):
    return _owners[type(member)]


def _kind_of(cls):
    lineage = _lib._lineage(cls)
    if IntFlag in lineage:
        return "intflag"
    if Flag in lineage:
        return "flag"
    if IntEnum in lineage:
        return "int"
    if StrEnum in lineage:
        return "str"
    if issubclass(cls, str):  # class Color(str, Enum): the member is a str (built from its value)
        return "str"
    if issubclass(cls, int):  # class Num(int, Enum)
        return "int"
    return "enum"


def _new_member(cls, kind, value, name):
    if kind in ("int", "intflag"):
        member = cls(value)
    elif kind == "str":
        member = cls(value)
    else:
        member = object.__new__(cls)
    object.__setattr__(member, "_value_", value)
    object.__setattr__(member, "_name_", name)
    return member


def _is_member_value(name, value):
    if name.startswith("_") or callable(value) and not isinstance(value, auto):
        return False
    return not isinstance(value, (property, staticmethod, classmethod))


def _make_enum(cls, keywords):
    kind = _kind_of(cls)
    lineage = _lib._lineage(cls)
    if kind in ("str", "int") and StrEnum not in lineage and IntEnum not in lineage:
        # class Color(str, Enum): CPython's EnumType gives the class Enum's text methods (the
        # data type's would be found first)
        for name in ("__repr__", "__str__", "__format__"):
            if name not in cls.__dict__ and name in Enum.__dict__:
                setattr(cls, name, Enum.__dict__[name])
    space = cls.__dict__
    items = [(name, space[name]) for name in space if _is_member_value(name, space[name])]
    if kind in ("flag", "intflag") or any(isinstance(v, auto) for _, v in items):
        autos = [(v._order, name, v) for name, v in items if isinstance(v, auto)]
        autos.sort()
    else:
        autos = []
    explicit = [(name, v) for name, v in items if not isinstance(v, auto)]
    try:
        explicit.sort(key=lambda nv: nv[1])
    except TypeError:
        explicit.sort(key=lambda nv: nv[0])
    generate = cls._generate_next_value_
    ordered = list(explicit)
    last = [v for _, v in explicit]
    for _, name, marker in autos:
        marker.value = generate(name, 1, len(last), last[:])
        last.append(marker.value)
        ordered.append((name, marker.value))
    members = []
    names = {}
    by_value = {}
    for name, value in ordered:
        delattr(cls, name)
        if _hashable(value) and value in by_value:
            names[name] = by_value[value]  # an alias
            continue
        member = _new_member(cls, kind, value, name)
        if _hashable(value):
            by_value[value] = member
        members.append(member)
        names[name] = member
    result = EnumType(cls, members, names, kind)
    _owners[cls] = result
    cls._enum_name = lambda self: result.__name__
    return result


for _base in (Enum, IntEnum, StrEnum, Flag, IntFlag, ReprEnum):
    _lib.on_subclass(_base, _make_enum)


def unique(enumeration):
    aliases = ["%s -> %s" % (name, m._name_) for name, m in enumeration._names.items() if m._name_ != name]
    if aliases:
        raise ValueError("duplicate values found in %r: %s" % (enumeration, ", ".join(aliases)))
    return enumeration


EnumMeta = EnumType
