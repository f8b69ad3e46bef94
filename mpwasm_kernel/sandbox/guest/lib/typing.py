# Guest library: typing. Names are importable and usable in annotations; subscription works
# (List[int], Optional[str], Callable[[int], str], Dict[str, List[int]]) and reprs follow
# CPython. Checks at run time are what CPython does (none), except where noted.
import _mpk_lib as _lib

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        module = getattr(obj, "__module__", "builtins")
        if module == "builtins":
            return obj.__name__
        return "%s.%s" % (module, obj.__qualname__)
    if obj is None or obj is type(None):
        return "None"
    if obj is Ellipsis:
        return "..."
    if isinstance(obj, list):
        return "[%s]" % ", ".join(_type_repr(a) for a in obj)
    if isinstance(obj, str):
        return obj
    return repr(obj)


class _SpecialForm:
    def __init__(self, name, origin=None, params=None, nparams=-1):
        self._name = name
        self.__origin__ = origin
        self.__args__ = params
        self._nparams = nparams

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        name = self._name
        if name == "Optional":
            return _SpecialForm("Union", Union, (params[0], type(None)))
        if name == "Union":
            flat = []
            for p in params:
                p = type(None) if p is None else p
                if isinstance(p, _SpecialForm) and p._name == "Union" and p.__args__:
                    for q in p.__args__:
                        if q not in flat:
                            flat.append(q)
                elif p not in flat:
                    flat.append(p)
            if len(flat) == 1:
                return flat[0]
            return _SpecialForm("Union", Union, tuple(flat))
        return _SpecialForm(name, self.__origin__ if self.__origin__ is not None else self, params)

    def __repr__(self):
        if self.__args__ is None:
            return "typing." + self._name
        args = self.__args__
        if self._name == "Union" and len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return "typing.Optional[%s]" % _type_repr(other)
        if self._name == "Callable" and len(args) == 2:
            return "typing.Callable[%s, %s]" % (_type_repr(args[0]), _type_repr(args[1]))
        if self._name == "Tuple" and args == ():
            return "typing.Tuple[()]"
        return "typing.%s[%s]" % (self._name, ", ".join(_type_repr(a) for a in args))

    def __call__(self, *args, **kwargs):
        origin = _ORIGINS.get(self._name)
        if origin is not None and self._name in _INSTANTIABLE:
            return origin(*args, **kwargs)
        raise TypeError("Type %s cannot be instantiated; use %s() instead" % (
            self._name, getattr(origin, "__name__", self._name.lower())))

    def __eq__(self, other):
        return isinstance(other, _SpecialForm) and self._name == other._name and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __mro_entries__(self, bases):
        return (_ORIGINS.get(self._name, object),)


_ORIGINS = {"List": list, "Dict": dict, "Set": set, "FrozenSet": frozenset, "Tuple": tuple, "Type": type}
_INSTANTIABLE = ()

Any = _SpecialForm("Any")
NoReturn = _SpecialForm("NoReturn")
Never = _SpecialForm("Never")
Self = _SpecialForm("Self")
LiteralString = _SpecialForm("LiteralString")
Union = _SpecialForm("Union")
Optional = _SpecialForm("Optional")
List = _SpecialForm("List", list)
Dict = _SpecialForm("Dict", dict)
Set = _SpecialForm("Set", set)
FrozenSet = _SpecialForm("FrozenSet", frozenset)
Tuple = _SpecialForm("Tuple", tuple)
Type = _SpecialForm("Type", type)
Callable = _SpecialForm("Callable")
Literal = _SpecialForm("Literal")
Final = _SpecialForm("Final")
ClassVar = _SpecialForm("ClassVar")
Annotated = _SpecialForm("Annotated")
Concatenate = _SpecialForm("Concatenate")
TypeAlias = _SpecialForm("TypeAlias")
TypeGuard = _SpecialForm("TypeGuard")
Required = _SpecialForm("Required")
NotRequired = _SpecialForm("NotRequired")
Unpack = _SpecialForm("Unpack")
Iterable = _SpecialForm("Iterable")
Iterator = _SpecialForm("Iterator")
Generator = _SpecialForm("Generator")
Sequence = _SpecialForm("Sequence")
MutableSequence = _SpecialForm("MutableSequence")
Mapping = _SpecialForm("Mapping")
MutableMapping = _SpecialForm("MutableMapping")
AbstractSet = _SpecialForm("AbstractSet")
MutableSet = _SpecialForm("MutableSet")
Collection = _SpecialForm("Collection")
Container = _SpecialForm("Container")
Sized = _SpecialForm("Sized")
Hashable = _SpecialForm("Hashable")
Reversible = _SpecialForm("Reversible")
Awaitable = _SpecialForm("Awaitable")
Coroutine = _SpecialForm("Coroutine")
AsyncIterable = _SpecialForm("AsyncIterable")
AsyncIterator = _SpecialForm("AsyncIterator")
AsyncGenerator = _SpecialForm("AsyncGenerator")
Deque = _SpecialForm("Deque")
DefaultDict = _SpecialForm("DefaultDict")
OrderedDict = _SpecialForm("OrderedDict")
Counter = _SpecialForm("Counter")
ChainMap = _SpecialForm("ChainMap")
ItemsView = _SpecialForm("ItemsView")
KeysView = _SpecialForm("KeysView")
ValuesView = _SpecialForm("ValuesView")
ContextManager = _SpecialForm("ContextManager")
AsyncContextManager = _SpecialForm("AsyncContextManager")
Pattern = _SpecialForm("Pattern")
Match = _SpecialForm("Match")
IO = _SpecialForm("IO")
TextIO = _SpecialForm("TextIO")
BinaryIO = _SpecialForm("BinaryIO")
SupportsInt = _SpecialForm("SupportsInt")
SupportsFloat = _SpecialForm("SupportsFloat")
SupportsAbs = _SpecialForm("SupportsAbs")
SupportsIndex = _SpecialForm("SupportsIndex")
SupportsRound = _SpecialForm("SupportsRound")
SupportsBytes = _SpecialForm("SupportsBytes")
SupportsComplex = _SpecialForm("SupportsComplex")
Text = str
AnyStr = None  # replaced below by a TypeVar


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]


class ParamSpec(TypeVar):
    args = Any
    kwargs = Any


class TypeVarTuple(TypeVar):
    pass


AnyStr = TypeVar("AnyStr", bytes, str)


class _GenericForm:
    def __init__(self, base):
        self._base = base

    def __getitem__(self, params):
        return self._base

    def __repr__(self):
        return "typing." + self._base.__name__


class _GenericBase:
    pass


Generic = _GenericForm(_GenericBase)


class Protocol:
    pass


def runtime_checkable(cls):
    return cls


def cast(typ, val):
    return val


def assert_type(val, typ):
    return val


def assert_never(arg):
    raise AssertionError("Expected code to be unreachable, but got: %r" % (arg,))


def reveal_type(obj):
    import sys

    print("Runtime type is %r" % type(obj).__name__, file=sys.stderr)
    return obj


def overload(func):
    return func


def final(f):
    return f


def no_type_check(arg):
    return arg


def dataclass_transform(**kwargs):
    return lambda cls: cls


def get_origin(tp):
    return getattr(tp, "__origin__", None) if isinstance(tp, _SpecialForm) else None


def get_args(tp):
    return getattr(tp, "__args__", None) or () if isinstance(tp, _SpecialForm) else ()


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        for klass in reversed(_lib._lineage(obj)):
            for name, annotation in _lib.annotations(klass):
                hints[name] = annotation
    return hints


class NewType:
    def __init__(self, name, tp):
        self.__name__ = name
        self.__supertype__ = tp

    def __call__(self, value):
        return value

    def __repr__(self):
        return "__main__." + self.__name__


class NamedTuple:
    # functional form: NamedTuple('P', [('x', int), ('y', int)]); class form: see _make_named_tuple
    def __new__(cls, typename, fields=None, **kwargs):
        from collections import namedtuple

        names = [f[0] for f in (fields or kwargs.items())]
        return namedtuple(typename, names)


def _make_named_tuple(cls, keywords):
    from collections import namedtuple

    pairs = _lib.annotations(cls)
    space = cls.__dict__
    names = [name for name, _ in pairs]
    defaults = []
    for name in names:
        if name in space:
            defaults.append(space[name])
        elif defaults:
            raise TypeError("Non-default namedtuple field %s cannot follow default field%s %s" % (
                name, "s" if len(defaults) > 1 else "", ", ".join(names[:len(defaults)])))
    nt = namedtuple(cls.__name__, names, defaults=defaults or None)
    for key in space:
        if key not in names and not key.startswith("__") and key != "_mpk_":
            setattr(nt, key, space[key])
    if "__repr__" in space:
        nt.__repr__ = space["__repr__"]
        nt.__str__ = space["__repr__"]
    if "__str__" in space:
        nt.__str__ = space["__str__"]
    nt.__annotations__ = dict(pairs)
    return nt


class TypedDict:
    def __new__(cls, typename, fields=None, *, total=True, **kwargs):
        return _TypedDictType(typename, list((fields or {}).items()), total)


class _TypedDictType:
    def __init__(self, name, pairs, total):
        self.__name__ = name
        self.__annotations__ = dict(pairs)
        self.__total__ = total

    def __call__(self, *args, **kwargs):
        return dict(*args, **kwargs)

    def __repr__(self):
        return "<class '__main__.%s'>" % self.__name__


def _make_typed_dict(cls, keywords):
    return _TypedDictType(cls.__name__, _lib.annotations(cls), keywords.get("total", True))


_lib.on_subclass(NamedTuple, _make_named_tuple)
_lib.on_subclass(TypedDict, _make_typed_dict)

__getattr__ = _lib.missing("typing")
