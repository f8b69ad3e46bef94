# Guest side: CPython-compatible builtins that MicroPython lacks. Loaded as `_mpk_pycompat`;
# the host calls init() once after the runtime's init (so the import hook chains after the
# runtime's guard). Kept small: every identifier in this file becomes a runtime qstr, which
# slows every str creation, so names reuse existing ones where possible and the bulk (text files,
# sys.setrecursionlimit, round, the source pass's helpers) lives in pycompat_lazy.py, whose
# source init() receives as a plain string and compiles on first use.
#
# - RecursionError and the OSError subclasses CPython raises for ENOENT, EEXIST, EISDIR,
#   ENOTDIR, EACCES/EPERM; open() re-raises OSError as the matching subclass;
# - `import sys` gives sys plus getrecursionlimit()/setrecursionlimit();
# - isinstance/issubclass treat bool as a subclass of int;
# - text files opened for reading are read whole, with universal newlines.
import builtins
import sys


class RecursionError(RuntimeError):
    pass


class FileNotFoundError(OSError):
    pass


class FileExistsError(OSError):
    pass


class IsADirectoryError(OSError):
    pass


class NotADirectoryError(OSError):
    pass


class PermissionError(OSError):
    pass


# --- the builtins installed by init() (module-level so that they have a __name__) ------------
names = (float, list, tuple, dict, set)  # the types whose printed form may show a float (or complex)
real = errors = get = None  # set by init(): the original builtins, errno table, lazy loader
# (id(file), name, mode) of the latest files open() returned unwrapped, newest last (shared with
# the parts; a list: appending costs less than a dict insert; named `files`, an identifier the
# runtime already has: no new qstr at start)
files = []
library = ()  # set by init(): the guest library's module names (never passed through the source pass)
# MicroPython's built-in modules (their names are ROM qstrs): importing them needs no file check.
BUILTIN = ("micropython", "gc", "sys", "math", "cmath", "array", "struct", "binascii", "io", "os",
           "time", "errno", "select", "hashlib", "heapq", "random", "re", "json", "zlib", "builtins",
           "collections", "uos", "ujson", "asyncio", "platform", "deflate", "marshal", "vfs", "_thread")


def open(file, mode="r", *args, **kwargs):
    if type(file) is not str and type(file) is not int and type(file) is not bytes:
        file = get("open")(None, file, mode, None)  # a path-like's path (pathlib.Path)
    newline = None
    if kwargs and ("newline" in kwargs or "errors" in kwargs):
        # MicroPython's open() takes neither: it never translates newlines (CPython's newline=""
        # and "\n") and decodes UTF-8 only
        newline = kwargs.pop("newline", None)
        kwargs.pop("errors", None)
    try:
        if "x" in mode:  # exclusive creation: FileExistsError, else opened "w" (pycompat_files.py)
            get("oneway")(None, file, mode)
            f = real[0](file, mode.replace("x", "w"), *args, **kwargs)
        else:
            f = real[0](file, mode, *args, **kwargs)
    except OSError as exc:
        record = errors.get(exc.errno)
        if record is None or type(exc) is not OSError:
            raise
        new = record[0](exc.errno, record[1])
        new.filename = file
        raise new  # noqa: B904 - MicroPython ignores "from"
    if mode.strip("t") != "r" or args or newline is not None or type(file) is int:
        if "+" not in mode and ("r" not in mode or "b" in mode and not (
                type(file) is str and file.startswith("/dev/"))):
            # opened one way: CPython's io.UnsupportedOperation the other way (pycompat_files.py);
            # (the guest library's loader reads its files "rb" with the original open, unwrapped;
            # a device of the sandbox read "rb" stays the native stream, which select.poll takes)
            return get("oneway")(f, file, mode)
        if "a" in mode:  # "a+": CPython starts at the end (MicroPython reads from the start)
            f.seek(0, 2)
        if len(files) > 64:  # f.name and f.mode, which MicroPython's files lack (pycompat_ops.py)
            del files[:32]
        files.append((id(f), file, mode))
        return f
    return get("open")(f, file, mode, real[0])  # pycompat_lazy.open: the text-file wrapper


def __import__(name, globals=None, locals=None, fromlist=(), level=0):
    if not level and name in sys.modules and sys.path and "." not in name and name != "sys" and name != "io" \
            and (not fromlist or type(fromlist) is tuple and "*" not in fromlist):
        # loaded: the module the hooks below would return for it, without their two guest calls
        # (MicroPython's import returns the loaded module first, unless sys.path is empty: then it
        # wants the built-in one, as `_native` in lib/random.py does; `from IPython import *`
        # has the runtime's guard load the display classes first; a `from` statement's names
        # come as a tuple)
        mod = sys.modules[name]
    elif level == 0:
        if name == "sys" or name == "io":
            # the guest library's sys module (or MicroPython's), plus the recursion-limit functions;
            # io plus io.UnsupportedOperation
            mod = get("module")(real[1](name, globals, locals, fromlist, level))
        else:
            if name not in sys.modules and name.split(".")[0] not in library and name not in BUILTIN:
                get("load")(name)  # the importer will read name's .py through the source pass
            try:
                mod = real[1](name, globals, locals, fromlist, level)
            except ImportError as exc:
                raise get("import_error")(exc, name, fromlist)  # noqa: B904 - ModuleNotFoundError for a missing module
    else:
        mod = real[1](name, globals, locals, fromlist, level)
    if fromlist:
        data = getattr(mod, "__dict__", None)
        if data and "__getattr__" in data:
            get("fromlist")(mod, name, fromlist)  # pycompat_str.py: CPython's ImportError
    return mod


def print(*args, **kwargs):
    # CPython's shortest float repr (pycompat_lazy.py, part "print repr") only when needed;
    # sep=None / end=None mean the defaults, flush= is accepted (output is unbuffered). real[7] is
    # the write of the stdout the builtin print uses (MicroPython's print ignores sys.stdout = ...).
    if kwargs:
        if kwargs.get("sep", "") is None:
            del kwargs["sep"]
        if kwargs.get("end", "") is None:
            del kwargs["end"]
        kwargs.pop("flush", None)
        if "file" in kwargs:  # a file opened for writing only is wrapped (pycompat_files.py)
            kwargs["file"] = getattr(kwargs["file"], "_mpk_raw", kwargs["file"])
    for a in args:
        kind = type(a)
        if kind is not str and kind is not int and kind is not bool and floats(a):
            return get("print")(*args, **kwargs)
    if kwargs:
        return real[6](*args, **kwargs)
    # Plain arguments: the whole line in one write (each write is a host call; the builtin makes
    # one per argument, separator and end). Only types whose str() runs no guest code, and no long
    # string that joining would copy.
    for a in args:
        if type(a) not in (str, int, bool) or type(a) is str and len(a) > 4096:
            return real[6](*args)
    real[7](" ".join([a if type(a) is str else str(a) for a in args]) + "\n")


def sum(iterable, start=0):
    # CPython's sum also takes start= by keyword (sum(xs, start=3), sum(args, **kwargs));
    # MicroPython's only positionally, and it also sums strings. real[8] is the builtin.
    kind = type(start)
    if kind is str or kind is bytes or kind is bytearray:
        raise TypeError("sum() can't sum %s [use %s''.join(seq) instead]" % (
            "strings" if kind is str else kind.__name__, "" if kind is str else "b"))
    return real[8](iterable, start)


def sorted(iterable, *args, key=None, reverse=False):
    # CPython's stable sort that compares with < only (pycompat_lazy.py, part "sorted").
    return get("sorted")(iterable, *args, key=key, reverse=reverse)


def repr(obj):
    kind = type(obj)
    if kind is not str and kind is not int and kind is not bool and floats(obj):
        return get("repr")(obj)
    return real[5](obj)


def floats(obj):
    # Would CPython print obj differently (a bounded walk of lists, tuples, dicts and sets)? A
    # complex (-0 real parts; a float prints CPython's shortest repr natively: the build's
    # float_repr_digits and float_round_even patches), a class of a module (<class '__main__.A'>), an instance with
    # MicroPython's default repr (<__main__.A object at 0x...>), a generator or a zip, map,
    # filter or enumerate object, an exception (no comma in ValueError('x')). Only then is the
    # "print repr" part of pycompat_lazy.py compiled and used.
    stack = [obj]
    seen = set()
    n = 100000
    while stack and n > 0:
        item = stack.pop()
        n -= 1
        kind = type(item)
        if kind is float:
            continue
        if kind is complex:
            return True
        if kind in names:
            if id(item) in seen:
                return True  # seen twice: maybe a container holding itself ([...], which the build's repr never ends)
            seen.add(id(item))
            if kind is dict:
                stack.extend(item.keys())
                stack.extend(item.values())
            else:
                stack.extend(item)
        elif kind is type:
            if getattr(item, "__module__", "builtins") != "builtins":
                return True
        elif kind is not str and kind is not int and kind is not bool and (
                kind.__name__ in ("generator", "zip", "map", "filter", "enumerate", "bound_method")
                or kind.__name__ == "function" and (not hasattr(item, "__name__")
                                                    or type(getattr(item, "__globals__", None)) is dict
                                                    and item.__globals__.get("__name__") == "builtins")
                or not hasattr(kind, "__repr__") and getattr(kind, "__module__", None) is not None
                or real[2](item, BaseException) or kind is object):
            return True
    return False


def isinstance(obj, cls):
    if real[2](obj, cls):
        return True
    return (obj is True or obj is False) and (cls is int or (type(cls) is tuple and int in cls))


def issubclass(value, cls):
    if real[3](value, cls):
        return True
    return value is bool and (cls is int or (type(cls) is tuple and int in cls))


def init(data, source):
    import ujson  # MicroPython's own (plain `json` is the guest library's, loaded lazily)

    # Local names reuse identifiers that already exist as qstrs in the runtime (data, state, ns,
    # body, expr, func, record, value, cls, ...): each new identifier is a runtime qstr.
    state = ujson.loads(data)
    import uctypes  # only here, at boot: the host then makes it unimportable (boot.py)

    # The C-stack limit word, written only through this closure and only with a clamped frame
    # count (sys.setrecursionlimit in pycompat_lazy.py); the raw window never leaves it.
    value = uctypes.bytearray_at(state["stack_limit_addr"], 4)
    low, high = state["recursion_limit"][1:]
    data = state["stack_frame_bytes"]

    def limit(new):
        value[:] = (max(low, min(high, new)) * data).to_bytes(4, "little")

    state["stack_limit_addr"] = limit
    # The current builtins (eval in an empty namespace: this module defines the same names, and
    # builtins.X would give the originals even after an override, e.g. the runtime's import guard).
    real = eval("open, __import__, isinstance, issubclass, round, repr, print", {}) + (sys.stdout.write,
                                                                                     eval("sum", {}))
    ns = {"state": state, "sys": sys, "real": real[4:7] + real[:2], "floats": floats, "files": files}
    body = source.split("\n# @part ")[1:]
    errors = {2: (FileNotFoundError, "No such file or directory"), 17: (FileExistsError, "File exists"),
              21: (IsADirectoryError, "Is a directory"), 20: (NotADirectoryError, "Not a directory"),
              13: (PermissionError, "Permission denied"), 1: (PermissionError, "Operation not permitted")}

    def get(name):
        # A name from pycompat_lazy.py, compiling the part that defines it on first use.
        if name not in ns:
            for expr in body:
                end = expr.find("\n")
                if name in expr[:end].split():
                    body.remove(expr)
                    # the host's .mpy of the part when there is one (guest/library.py `run`)
                    if not (state.get("lib") or {}).get("mpy") or \
                            not sys.modules["_mpk_runtime"]._lazy("library").run(expr, ns):
                        exec(compile(expr[end:], "<mpk:pycompat>", "exec"), ns)
                    break
        return ns[name]

    ns["get"] = get  # parts reach names of other parts through it

    def func(name):
        # builtins.<name> until its first call, which puts the real helper in its place.
        def call(*args, **kwargs):
            value = get(name)
            setattr(builtins, name, value)
            return value(*args, **kwargs)

        return call

    def __str__(self):
        # CPython's message: "[Errno 2] No such file or directory: 'x.txt'"
        if len(self.args) == 2 and getattr(self, "filename", None) is not None:
            return "[Errno %d] %s: %r" % (self.args[0], self.args[1], self.filename)
        return "[Errno %d] %s" % self.args if len(self.args) == 2 else OSError.__str__(self)


    # The wrappers below are module-level functions (help() needs their __name__); they find
    # these through the module's globals, whose __name__ says "builtins" so that help(print)
    # shows CPython's documentation of the builtin they stand for.
    g = globals()
    g["real"], g["errors"], g["get"], g["__name__"] = real, errors, get, "builtins"
    g["library"] = (state.get("lib") or {}).get("files") or ()

    for cls in (RecursionError, FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError,
                PermissionError):
        cls.__str__ = __str__
        setattr(builtins, cls.__name__, cls)
    builtins.open = open
    builtins.__import__ = __import__
    builtins.isinstance = isinstance
    builtins.issubclass = issubclass
    builtins.print = print
    builtins.sorted = sorted
    builtins.sum = sum
    builtins.repr = repr
    # The source pass reads its guest modules through this (transform/shapes.py `guest`): a loaded
    # one without the import hooks' guest calls (they find it in sys.modules too)
    builtins._mpk_mod = sys.modules.get
    for name in ("round", "_mpk_sl", "_mpk_dd", "_mpk_du", "_mpk_lu", "_mpk_ga", "_mpk_match", "_mpk_ss",
                 "_mpk_sort", "_mpk_pct", "_mpk_pctf", "_mpk_type", "format", "_mpk_locals", "_mpk_exc", "_mpk_doc",
                 "_mpk_sfmt", "_mpk_range", "_mpk_req", "ascii", "_mpk_msup"):
        setattr(builtins, name, func(name))
    return id(uctypes)  # the module the host seals
