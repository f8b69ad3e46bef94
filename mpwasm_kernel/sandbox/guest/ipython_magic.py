# Guest side: `IPython.core.magic` for helper modules that define their own magics.
#
# Loaded on first use (an import of `IPython.core.magic`, or `get_ipython()`), from the host
# through the channel. Supports what teaching helpers use: `register_line_magic`,
# `register_cell_magic`, `register_line_cell_magic`, and the class style (`Magics`,
# `magics_class`, `line_magic`, `cell_magic`, `line_cell_magic`, then
# `get_ipython().register_magics(...)`). The kernel calls `_mpk_run` for a magic it does not
# know itself. MicroPython 1.29 syntax only.
import sys

_line = {}
_cell = {}


class UsageError(Exception):
    pass


def _main_ns():
    return sys.modules["_mpk_runtime"]._ns


def _store(table, name, func):
    table[name] = func
    return func


def _named(arg, add):
    # A decorator usable bare (@register_line_magic) or with a name (@register_line_magic("name")):
    # add(func, name) does the work.
    if callable(arg):
        return add(arg, arg.__name__)

    def decorate(func):
        return add(func, arg or func.__name__)

    return decorate


def _register(kinds, arg):
    def add(func, name):
        for kind in kinds:
            _store(_line if kind == "line" else _cell, name, func)
        return func

    return _named(arg, add)


def register_line_magic(func=None):
    return _register(("line",), func)


def register_cell_magic(func=None):
    return _register(("cell",), func)


def register_line_cell_magic(func=None):
    return _register(("line", "cell"), func)


# Class style: methods are marked, `magics_class` collects them, `register_magics` binds them.
_marks = {}


def _mark(kinds, arg):
    def add(func, name):
        _marks[func] = (kinds, name)
        return func

    return _named(arg, add)


def line_magic(func=None):
    return _mark(("line",), func)


def cell_magic(func=None):
    return _mark(("cell",), func)


def line_cell_magic(func=None):
    return _mark(("line", "cell"), func)


def magics_class(cls):
    found = {}
    for attr in dir(cls):
        value = getattr(cls, attr, None)
        if callable(value) and not isinstance(value, type) and value in _marks:
            found[attr] = _marks[value]
    cls.magics = found
    return cls


class Magics:
    magics = {}

    def __init__(self, shell=None, **kwargs):
        self.shell = shell


def needs_local_scope(func):
    return func


def no_var_expand(func):
    return func


class _Shell:
    # The subset of IPython's InteractiveShell that magic helpers reach for.
    def register_magics(self, *items):
        for item in items:
            instance = item(self) if isinstance(item, type) else item
            table = getattr(type(instance), "magics", {})
            for attr in table:
                kinds, name = table[attr]
                method = getattr(instance, attr)
                for kind in kinds:
                    _store(_line if kind == "line" else _cell, name, method)

    def register_magic_function(self, func, magic_kind="line", magic_name=None):
        name = magic_name or func.__name__
        kinds = ("line", "cell") if magic_kind == "line_cell" else (magic_kind,)
        for kind in kinds:
            _store(_line if kind == "line" else _cell, name, func)

    @property
    def user_ns(self):
        return _main_ns()

    def ev(self, expr):
        return eval(expr, _main_ns())

    def ex(self, code):
        exec(code, _main_ns())


_shell = _Shell()


def get_ipython():
    return _shell


def _mpk_run(kind, name, line, cell):
    # Called by the kernel for a magic it does not provide itself.
    if kind == "cell":
        func = _cell.get(name)
        if func is None:
            raise UsageError("Cell magic `%%" + name + "` not found.")
        return func(line, cell)
    func = _line.get(name)
    if func is None:
        raise UsageError("Line magic function `%" + name + "` not found.")
    return func(line)


def _mpk_names():
    return sorted(_line), sorted(_cell)
