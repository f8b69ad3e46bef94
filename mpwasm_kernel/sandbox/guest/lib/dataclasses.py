# Guest library: dataclasses. Fields come from the class annotations that the host's cell pass
# records (see docs/guest-library.md, `_mpk_lib.annotations`); without them, from the class
# attributes that are `field(...)` or plain values (MicroPython keeps `x: int = 0` as `x = 0`,
# and drops `x: int` entirely).
import _mpk_lib as _lib


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()
_counter = [0]


class FrozenInstanceError(AttributeError):
    pass


class InitVar:
    def __init__(self, type):
        self.type = type

    def __repr__(self):
        return "dataclasses.InitVar[%s]" % getattr(self.type, "__name__", self.type)

    def __class_getitem__(cls, type):
        return InitVar(type)


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = metadata if metadata is not None else {}
        self.kw_only = kw_only
        self._field_type = "_FIELD"
        _counter[0] += 1
        self._order = _counter[0]

    def __repr__(self):
        return ("Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,hash=%r,compare=%r,"
                "metadata=%r,kw_only=%r,_field_type=%s)" % (
                    self.name, self.type, self.default, self.default_factory, self.init, self.repr, self.hash,
                    self.compare, self.metadata, self.kw_only, self._field_type))


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(annotation):
    text = annotation if isinstance(annotation, str) else getattr(annotation, "_name", "") or repr(annotation)
    return text.startswith("ClassVar") or text.startswith("typing.ClassVar")


def _is_initvar(annotation):
    if isinstance(annotation, InitVar):
        return True
    return isinstance(annotation, str) and (annotation.startswith("InitVar") or
                                            annotation.startswith("dataclasses.InitVar"))


def _is_kw_only_marker(annotation):
    return annotation is KW_ONLY or annotation == "KW_ONLY" or annotation == "dataclasses.KW_ONLY"


def _own_fields(cls, kw_only_default):
    space = cls.__dict__
    pairs = _lib.annotations(cls)
    fields = []
    if pairs:
        kw_only = kw_only_default
        for name, annotation in pairs:
            if _is_kw_only_marker(annotation):
                kw_only = True
                continue
            if _is_classvar(annotation):
                continue
            default = space.get(name, MISSING)
            if isinstance(default, Field):
                f = default
            else:
                f = Field(default, MISSING, True, True, None, True, None, MISSING)
            f.name = name
            f.type = annotation
            if _is_initvar(annotation):
                f._field_type = "_FIELD_INITVAR"
            if f.kw_only is MISSING:
                f.kw_only = kw_only
            fields.append(f)
        return fields
    declared = []
    plain = []
    for name in space:
        if name.startswith("__") and name.endswith("__"):
            continue
        value = space[name]
        if isinstance(value, Field):
            declared.append((value._order, name, value))
        elif not (callable(value) or isinstance(value, (staticmethod, classmethod, property))):
            plain.append(name)
    declared.sort()
    for name in sorted(plain):
        f = Field(space[name], MISSING, True, True, None, True, None, MISSING)
        declared.append((0, name, f))
    declared.sort(key=lambda t: t[0])
    for _, name, f in declared:
        f.name = name
        if f.kw_only is MISSING:
            f.kw_only = kw_only_default
        fields.append(f)
    return fields


def _all_fields(cls):
    return getattr(cls, "__dataclass_fields__", {})


def _field_list(cls):
    return getattr(cls, "_mpk_field_list", [])


def _make_init(cls, fields, frozen, has_post_init):
    init_fields = [f for f in fields if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    keyword_only = [f for f in init_fields if f.kw_only]
    seen_default = False
    for f in positional:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError("non-default argument '%s' follows default argument" % f.name)
    qualname = cls.__qualname__
    setter = object.__setattr__

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            raise TypeError("%s.__init__() takes %d positional argument%s but %d were given" % (
                qualname, len(positional) + 1, "" if not positional else "s", len(args) + 1))
        values = {}
        for f, value in zip(positional, args):
            values[f.name] = value
        for name in kwargs:
            if name in values:
                raise TypeError("%s.__init__() got multiple values for argument '%s'" % (qualname, name))
            if not any(f.name == name for f in init_fields):
                raise TypeError("%s.__init__() got an unexpected keyword argument '%s'" % (qualname, name))
            values[name] = kwargs[name]
        missing = [f.name for f in positional if f.name not in values and f.default is MISSING and
                   f.default_factory is MISSING]
        if missing:
            raise TypeError("%s.__init__() missing %d required positional argument%s: %s" % (
                qualname, len(missing), "" if len(missing) == 1 else "s", _quoted(missing)))
        missing = [f.name for f in keyword_only if f.name not in values and f.default is MISSING and
                   f.default_factory is MISSING]
        if missing:
            raise TypeError("%s.__init__() missing %d required keyword-only argument%s: %s" % (
                qualname, len(missing), "" if len(missing) == 1 else "s", _quoted(missing)))
        initvars = []
        for f in fields:
            if f.name in values:
                value = values[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            elif f.default is not MISSING:
                value = f.default
            else:
                continue
            if f._field_type == "_FIELD_INITVAR":
                initvars.append(value)
                continue
            setter(self, f.name, value)
        if has_post_init:
            self.__post_init__(*initvars)

    return __init__


def _quoted(names):
    quoted = ["'%s'" % n for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _values(obj, fields):
    return tuple(getattr(obj, f.name) for f in fields)


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only):
    fields = []
    by_name = {}
    for base in reversed(getattr(cls, "__mro__", None) or _bases(cls)):
        if base is cls:
            continue
        for f in _field_list(base):
            if f.name not in by_name:
                fields.append(f)
            else:
                fields[fields.index(by_name[f.name])] = f
            by_name[f.name] = f
    for f in _own_fields(cls, kw_only):
        if f.name in by_name:
            fields[fields.index(by_name[f.name])] = f
        else:
            fields.append(f)
        by_name[f.name] = f
        if f.default is MISSING and f.name in cls.__dict__:
            delattr(cls, f.name)
        elif f.default is not MISSING:
            setattr(cls, f.name, f.default)
        if isinstance(f.default, (list, dict, set)):
            raise ValueError("mutable default %s for field %s is not allowed: use default_factory" % (
                type(f.default), f.name))
    real = [f for f in fields if f._field_type == "_FIELD"]
    cls.__dataclass_fields__ = dict((f.name, f) for f in fields)
    cls._mpk_field_list = fields
    cls.__dataclass_params__ = (init, repr, eq, order, unsafe_hash, frozen)
    space = cls.__dict__
    if init and "__init__" not in space:
        cls.__init__ = _make_init(cls, fields, frozen, hasattr(cls, "__post_init__"))
    if repr and "__repr__" not in space:
        shown = [f for f in real if f.repr]

        def __repr__(self):
            return "%s(%s)" % (type(self).__qualname__, ", ".join(
                ["%s=%r" % (f.name, getattr(self, f.name)) for f in shown]))

        cls.__repr__ = __repr__
        if "__str__" not in space:
            cls.__str__ = __repr__
    compared = [f for f in real if f.compare]
    if eq and "__eq__" not in space:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return _values(self, compared) == _values(other, compared)
            return NotImplemented

        cls.__eq__ = __eq__
    if order:
        for name, op in (("__lt__", lambda a, b: a < b), ("__le__", lambda a, b: a <= b),
                         ("__gt__", lambda a, b: a > b), ("__ge__", lambda a, b: a >= b)):
            if name in space:
                raise TypeError("Cannot overwrite attribute %s in class %s. Consider using functools.total_ordering"
                                % (name, cls.__name__))
            setattr(cls, name, _order_method(op, compared))
    if frozen:
        def __setattr__(self, name, value):
            if name in cls.__dataclass_fields__ or type(self) is cls:
                raise FrozenInstanceError("cannot assign to field '%s'" % name)
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            raise FrozenInstanceError("cannot delete field '%s'" % name)

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    hashed = [f for f in real if (f.compare if f.hash is None else f.hash)]
    if "__hash__" not in space or space.get("__hash__") is None:
        if unsafe_hash or (eq and frozen):
            cls.__hash__ = lambda self: hash(_values(self, hashed))
        elif eq:
            def __hash__(self):
                raise TypeError("unhashable type: '%s'" % type(self).__name__)

            cls.__hash__ = __hash__
    cls.__match_args__ = tuple(f.name for f in real if f.init and not f.kw_only)
    return cls


def _order_method(op, compared):
    def method(self, other):
        if other.__class__ is self.__class__:
            return op(_values(self, compared), _values(other, compared))
        return NotImplemented

    return method


def _bases(cls):
    order = [cls]
    i = 0
    while i < len(order):
        for base in getattr(order[i], "__bases__", ()):
            if base not in order:
                order.append(base)
        i += 1
    return order


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              match_args=True, kw_only=False, slots=False, weakref_slot=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only)

    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    cls = class_or_instance if isinstance(class_or_instance, type) else type(class_or_instance)
    if not hasattr(cls, "__dataclass_fields__"):
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(f for f in _field_list(cls) if f._field_type == "_FIELD")


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def _is_dataclass_instance(obj):
    return not isinstance(obj, type) and hasattr(type(obj), "__dataclass_fields__")


def asdict(obj, *, dict_factory=None):
    if not _is_dataclass_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    if dict_factory is None:  # dict(), insertion-ordered as CPython's when the language layer has it
        try:
            dict_factory = _mpk_dd  # noqa: F821 - a builtin the guest's pycompat installs
        except NameError:
            dict_factory = dict
    return _asdict_inner(obj, dict_factory)


def _asdict_inner(obj, dict_factory):
    if _is_dataclass_instance(obj):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory)) for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_asdict_inner(v, dict_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory)) for k, v in obj.items())
    return _copy(obj)


def _copy(obj):
    if isinstance(obj, (int, float, str, bool, bytes, complex, type(None))):
        return obj
    from copy import deepcopy

    return deepcopy(obj)


def astuple(obj, *, tuple_factory=tuple):
    if not _is_dataclass_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _astuple_inner(obj, tuple_factory)


def _astuple_inner(obj, tuple_factory):
    if _is_dataclass_instance(obj):
        return tuple_factory([_astuple_inner(getattr(obj, f.name), tuple_factory) for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_astuple_inner(v, tuple_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_astuple_inner(k, tuple_factory), _astuple_inner(v, tuple_factory)) for k, v in obj.items())
    return _copy(obj)


def replace(obj, **changes):
    if not _is_dataclass_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in _field_list(type(obj)):
        if not f.init:
            if f.name in changes:
                raise ValueError("field %s is declared with init=False, it cannot be specified with replace()"
                                 % f.name)
            continue
        if f.name not in changes and f._field_type == "_FIELD":
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **kwargs):
    space = dict(namespace or {})
    annotations = []
    for item in fields:
        if isinstance(item, str):
            annotations.append((item, "typing.Any"))
        elif len(item) == 2:
            annotations.append((item[0], item[1]))
        else:
            annotations.append((item[0], item[1]))
            space[item[0]] = item[2]
    space["__annotations__"] = annotations
    cls = type(cls_name, tuple(bases) or (object,), space)
    return dataclass(cls, **kwargs)
