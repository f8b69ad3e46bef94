"""Tables of names and predicates on syntax nodes that the source pass selects its rewrites by."""

from __future__ import annotations

import ast

# The builtin the guest installs as `sys.modules.get` (guest/pycompat.py `init`).
MODULE_GET = "_mpk_mod"


def guest(module: str) -> str:
    """The expression the rewrites read a guest module `_mpk_...` through: the loaded module from
    `sys.modules` (a native dict lookup, ~1.1 k fuel), else `__import__(module)`, which loads it
    through the import hooks (guest/pycompat.py, guest/runtime.py; a guest call even for a loaded
    module: ~7 k fuel)."""
    return f"({MODULE_GET}({module!r}) or __import__({module!r}))"


# CPython's aliases of OSError, which this build lacks: loads of these names read `OSError`.
OSERROR_ALIASES = frozenset({"IOError", "EnvironmentError"})
# MicroPython raises NameError for an unbound local: `UnboundLocalError` loads read `NameError`.
_ALIAS_OF = {"IOError": "OSError", "EnvironmentError": "OSError", "UnboundLocalError": "NameError",
             "ModuleNotFoundError": guest("_mpk_modnf") + ".ModuleNotFoundError"}
# Names whose rebinding anywhere in the source turns off the rewrites that rely on them.
_WATCHED = frozenset({"dict", "type", "dir", "sorted", "format", "repr", "str", "ascii", "help", "locals",
                      "range", "int", "__import__", "globals", "bytes", "object", "vars",
                      "list", "set", "tuple", "frozenset", "slice", "zip", "super", "complex", "getattr"}) \
    | OSERROR_ALIASES | {"UnboundLocalError", "ModuleNotFoundError"}
# Special methods that MicroPython's built-in types have only as C slots (or, dict's __getitem__,
# without __missing__): `super().__X__` in a method goes through the guest's `_mpk_super.sup`.
SUPER_DUNDERS = frozenset({"__getitem__", "__setitem__", "__delitem__", "__len__", "__contains__", "__iter__",
                           "__repr__", "__str__", "__hash__", "__reversed__", "__eq__", "__ne__", "__lt__",
                           "__le__", "__gt__", "__ge__", "__add__", "__mul__", "__rmul__", "__mod__", "__iadd__"})
# Built-in types whose subclasses get the guest's base that builds them in __new__ (`_mpk_native`)
NATIVE_BASES = frozenset({"list", "dict", "set", "tuple", "str", "frozenset"})
_BINDING_NODES = frozenset({ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom,
                            ast.arg})
# Receivers written as displays or literals, named by their type for help(): "x".lower -> str.lower
_DISPLAY_TYPES = {ast.List: "list", ast.Dict: "dict", ast.Set: "set", ast.Tuple: "tuple"}
# Right operands of `"literal" % x` that may be a tuple subclass (see `_mpk_pct`).
_PCT_OPERANDS = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)
# Statements that may follow `__annotations__ = [...]; ` on one line.
_SIMPLE = (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Pass, ast.Import, ast.ImportFrom,
           ast.Assert, ast.Raise)
# Attributes CPython's str/int/float/complex have and this build lacks (or lacks arguments of):
# loads of these names go through the guest's `_mpk_ga(obj, name)`, which returns the real
# attribute when there is one.
MISSING_ATTRIBUTES = frozenset({
    "capitalize", "title", "istitle", "swapcase", "casefold", "ljust", "rjust", "center", "zfill",
    "removeprefix", "removesuffix", "expandtabs", "isalnum", "isdecimal", "isnumeric", "isascii",
    "isprintable", "isidentifier", "maketrans", "translate", "format_map", "rsplit", "bit_length", "bit_count",
    "as_integer_ratio", "conjugate", "is_integer", "numerator", "denominator", "real", "imag",
    "sort",  # list.sort: CPython's stable sort (guest `_mpk_sort`)
    "__doc__",  # a function's docstring, which MicroPython drops (guest `_mpk_doc`, from the source)
    # operator methods of built-in values, (5).__add__(3) (guest `_mpk_dunder`)
    "__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__", "__pow__", "__divmod__",
    "__and__", "__or__", "__xor__", "__lshift__", "__rshift__", "__radd__", "__rsub__", "__rmul__",
    "__rtruediv__", "__rfloordiv__", "__rmod__", "__rpow__", "__lt__", "__le__", "__gt__", "__ge__", "__eq__",
    "__ne__", "__neg__", "__pos__", "__abs__", "__invert__", "__bool__", "__int__", "__float__", "__index__",
    "__len__", "__contains__", "__getitem__", "__round__",
    "closed",  # a file's (guest `_mpk_closed`)
    # a file's (guest `_mpk_fileattr`: MicroPython's written and binary files have none of these)
    "writelines", "readable", "writable",
    "mro", "__str__", "__repr__",  # Class.mro(), object.__str__(x) (guest `_mpk_dunder`)
    "__call__",  # a function's or class's (guest `_mpk_dunder`: the callable itself)
    # (guest `_mpk_dunder`; `raise X from Y`: `_mpk_chain`)
    "__mro__", "__cause__", "__suppress_context__", "__context__",
    "__bases__",  # without the first base a class with several gets (guest lib/_mpk_mro.py, `lead`)
    "__dict__",  # none on an instance of a class with __slots__ (guest `lib/_mpk_slots.py`)
})
# The str methods among them whose calls `_mpk_ga` makes directly (`"ab".title()`): no bound method
# object is made first (a guest class instance per call, ~18x the cost of the method itself).
CALLED_METHODS = frozenset({
    "title", "istitle", "swapcase", "casefold", "ljust", "rjust", "center", "zfill",
    "removeprefix", "removesuffix", "expandtabs", "isalnum", "isdecimal", "isnumeric", "isascii",
    "isprintable", "isidentifier", "translate", "format_map", "rsplit",
})
# Names in MISSING_ATTRIBUTES that this build's str has as methods (interpreter patch
# `str_capitalize`): a call `x.capitalize(...)` is left as written (the native method, or the
# receiver's own), a load without a call still goes through `_mpk_ga` (a method with `__name__`).
NATIVE_CALLS = frozenset({"capitalize"})


def _bound_by(node: ast.AST) -> list[str]:
    """The names this node assigns, defines, imports or declares (see `_binds`)."""
    if isinstance(node, ast.Name):
        return [] if isinstance(node.ctx, ast.Load) else [node.id]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [a.asname or a.name for a in node.names]
    return [node.arg] if isinstance(node, ast.arg) else []


def _binds(node: ast.AST, name: str) -> bool:
    """Does this node assign, define, import or declare `name`?"""
    return name in _bound_by(node)


def _stepped(target: ast.AST) -> bool:
    return isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Slice) \
        and target.slice.step is not None


def _captures(pattern: ast.AST) -> set[str]:
    names: set[str] = set()
    for p in ast.walk(pattern):
        if isinstance(p, (ast.MatchAs, ast.MatchStar)) and p.name:
            names.add(p.name)
        elif isinstance(p, ast.MatchMapping) and p.rest:
            names.add(p.rest)
    return names


def _mentions_recursion_error(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "RecursionError" for n in ast.walk(node))


_WORD = 2**31 - 1  # the interpreter's range bounds are machine words


def _pure(node: ast.AST) -> bool:
    """Can evaluating `node` have no effect but a value or an error? Names, constants and
    arithmetic on them (so evaluating it before the method is looked up changes nothing)."""
    if isinstance(node, ast.Constant | ast.Name):
        return True
    if isinstance(node, ast.UnaryOp):
        return _pure(node.operand)
    if isinstance(node, ast.BinOp):
        return _pure(node.left) and _pure(node.right)
    return False
def _defines(node: ast.ClassDef, names: tuple[str, ...]) -> bool:
    """Whether the class body defines (def or assignment) one of `names`."""
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in names:
            return True
        if isinstance(item, ast.Assign | ast.AnnAssign) and any(
                isinstance(t, ast.Name) and t.id in names
                for t in (item.targets if isinstance(item, ast.Assign) else [item.target])):
            return True
    return False


def _shows_default_repr(node: ast.ClassDef) -> bool:
    """A class with its own `__init__` (or `__new__`), no base but `object`, no keywords or
    decorators, and no `__repr__` (a `__str__` of its own is kept for `str()`): its instances'
    repr is CPython's default ``<__main__.Name object at 0x...>`` (also in `f"{x!r}"`, `str([x])`)."""
    if node.keywords or node.decorator_list or len(node.bases) > 1:
        return False
    if node.bases and not (isinstance(node.bases[0], ast.Name) and node.bases[0].id == "object"):
        return False
    return _defines(node, ("__init__", "__new__")) and not _defines(node, ("__repr__",))


def _takes_no_arguments(node: ast.ClassDef) -> bool:
    """A class whose instances CPython creates without arguments only: no base but `object`, no
    keywords, decorators, `__init__` or `__new__` of its own."""
    if node.keywords or node.decorator_list or len(node.bases) > 1:
        return False
    if node.bases and not (isinstance(node.bases[0], ast.Name) and node.bases[0].id == "object"):
        return False
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in ("__init__", "__new__"):
            return False
        if isinstance(item, ast.Assign | ast.AnnAssign) and any(
                isinstance(t, ast.Name) and t.id in ("__init__", "__new__")
                for t in (item.targets if isinstance(item, ast.Assign) else [item.target])):
            return False
    return True


def _big_bound(node: ast.AST) -> bool:
    """Can this range() argument be past a machine word: a big literal, a power, `maxsize`?"""
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and type(n.value) is int and abs(n.value) > _WORD:
            return True
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) or isinstance(n, ast.Attribute) and \
                n.attr == "maxsize" or isinstance(n, ast.Name) and n.id == "maxsize":
            return True
    return False


def _range_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"


def _is_type_call(node: ast.expr) -> bool:
    """`type(x)`: one positional argument, no keywords."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" \
        and len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred)



def _dotted(node: ast.expr) -> str | None:
    """`str.replace` for `help(str.replace)` and `help("x".lower)`: the name of an attribute of a
    name or of a literal (built-in methods have no name in the guest), else None."""
    if not isinstance(node, ast.Attribute):
        return None
    parts = [node.attr]
    value = node.value
    while isinstance(value, ast.Attribute):
        parts.append(value.attr)
        value = value.value
    if isinstance(value, ast.Name):
        parts.append(value.id)
    elif isinstance(value, ast.Constant) and type(value.value) in (str, int, float, bytes, complex):
        parts.append(type(value.value).__name__)
    elif type(value) in _DISPLAY_TYPES:
        parts.append(_DISPLAY_TYPES[type(value)])
    else:
        return None
    return ".".join(reversed(parts))


def _opened_names(tree: ast.AST) -> set[str]:
    """The names a cell binds to a call of the builtin `open`: `f = open(...)`, `with open(...) as f`."""
    def is_open(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open"

    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and is_open(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.withitem) and is_open(node.context_expr) and isinstance(node.optional_vars, ast.Name):
            names.add(node.optional_vars.id)
    return names


def _boolish(node: ast.AST) -> bool:
    """Is this expression a bool whatever the names in it hold: `True`, `False`, a comparison,
    `not x`, `bool(x)`/`isinstance(...)` calls (unless rebound), `a and b` of such, or `&`/`|`/`^`
    of two such? (MicroPython's `True ^ False` is the int 1; CPython's the bool True.)"""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bool)
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not)
    if isinstance(node, ast.BoolOp):
        return all(_boolish(v) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr | ast.BitXor):
        return _boolish(node.left) and _boolish(node.right)
    return False


def _private_attributes(tree: ast.AST) -> dict[int, str]:
    """CPython's private name mangling, which MicroPython does not do: inside `class Person`, the
    attribute `x.__age` (two leading underscores, not two trailing) is `x._Person__age`, so
    `person.__age` outside the class raises AttributeError. By node id -> the mangled name.
    Names the class body itself binds (`def __helper`, `__count = 0`) are left as written, as
    are classes with `__slots__` (their entries would need the same renaming) and bare names."""
    found: dict[int, str] = {}
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef) or not cls.name.strip("_"):
            continue
        own = {name for item in cls.body for name in _bound_by_statement(item)}
        if "__slots__" in own:
            continue
        prefix = "_" + cls.name.lstrip("_")
        stack: list[ast.AST] = list(cls.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.ClassDef):
                stack.extend(node.decorator_list + node.bases)  # its body mangles with its own name
                continue
            if isinstance(node, ast.Attribute) and node.attr.startswith("__") and not node.attr.endswith("__") \
                    and node.attr not in own:
                found[id(node)] = prefix + node.attr
            stack.extend(ast.iter_child_nodes(node))
    return found


def _bound_by_statement(item: ast.stmt) -> list[str]:
    """The names a class-body statement binds at the class level."""
    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [item.name]
    if isinstance(item, ast.Assign):
        return [n.id for t in item.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(item, ast.AnnAssign | ast.AugAssign) and isinstance(item.target, ast.Name):
        return [item.target.id]
    return []
