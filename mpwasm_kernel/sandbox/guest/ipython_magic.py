# Guest side: `IPython.core.magic` for helper modules that define their own magics.
#
# Loaded on first use (an import of `IPython.core.magic`, or `get_ipython()`), from the host
# through the channel. Supports what teaching helpers use: `register_line_magic`,
# `register_cell_magic`, `register_line_cell_magic`, and the class style (`Magics`,
# `magics_class`, `line_magic`, `cell_magic`, `line_cell_magic`, then
# `get_ipython().register_magics(...)`), `IPython.core.magic_arguments` (below) and the shell's
# `run_cell` / `run_line_magic` / `run_cell_magic`. The kernel calls `_mpk_run` for a magic it does
# not know itself. MicroPython 1.29 syntax only.
import sys

import _mpk_channel

_line = {}
_last = []  # the last error a run_cell raised (for "%tb")
_shown = []  # [True] when the last magic ended with that error
_cell = {}


class UsageError(Exception):
    pass


def _main_ns():
    # (the runtime's function: its `_ns` read as a module attribute can be the start-up dict)
    return sys.modules["_mpk_runtime"].user_namespace()


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

    def run_cell(self, raw_cell, store_history=False, silent=False, shell_futures=True, cell_id=None):
        # Runs `raw_cell` in the user namespace through the host's source pass (its text is kept
        # as <cell> for tracebacks). One difference from IPython, which shows a failing cell's
        # error and returns: the error is raised (a run shows one error, at its end), so code
        # after the call does not run. "%tb" raises the last such error again; "%xmode MODE" sets
        # the kernel's traceback mode; another "%name args" line runs a magic registered here.
        text = raw_cell.strip()
        if text.startswith("%") and not text.startswith("%%") and "\n" not in text:
            name, _, args = text[1:].partition(" ")
            return self.run_line_magic(name, args)
        if text.startswith("%%"):
            head, _, body = raw_cell.lstrip().partition("\n")
            name, _, args = head[2:].partition(" ")
            return self.run_cell_magic(name, args, body)
        reply = _mpk_channel.request({"type": "cell", "source": raw_cell})
        if "error" in reply:
            raise ValueError(reply["error"])
        ns = _main_ns()
        try:
            if reply["body"]:
                exec(compile(reply["body"], "<cell>", "exec"), ns)
            if reply["expr"]:
                value = eval(compile(reply["expr"], "<cell>", "eval"), ns)
                if value is not None and not silent:
                    sys.modules["_mpk_runtime"].display(value)
        except Exception as exc:
            _last[:] = [exc]
            raise

    def run_line_magic(self, magic_name, line, _stack_depth=1):
        if magic_name == "tb":
            if not _last:
                raise UsageError("No traceback available to show.")
            raise _last[0]
        if magic_name == "xmode":
            reply = _mpk_channel.request({"type": "xmode", "mode": line})
            if "error" in reply:
                raise UsageError("%xmode: valid modes: Plain, Context, Verbose, Minimal (got %r)" % line.strip())
            print("Exception reporting mode: " + reply["mode"])
            return None
        return _mpk_run("line", magic_name, line, None)

    def run_cell_magic(self, magic_name, line, cell):
        return _mpk_run("cell", magic_name, line, cell)

    def system(self, cmd):
        # `!cmd` inside an indented block (the kernel writes it as this call, as IPython does)
        raise UsageError("shell commands are not available: the sandbox has no shell, processes or "
                         "host access (`!%s` was not run). Use Python code in the cell instead." % cmd)

    getoutput = system


_shell = _Shell()


def get_ipython():
    return _shell


def _mpk_run(kind, name, line, cell):
    # Called by the kernel for a magic it does not provide itself.
    if kind == "cell":
        func = _cell.get(name)
        if func is None:
            raise UsageError("Cell magic `%%" + name + "` not found.")
        args = (line, cell)
    else:
        func = _line.get(name)
        if func is None:
            raise UsageError("Line magic function `%" + name + "` not found.")
        args = (line,)
    _shown[:] = []
    try:
        return func(*args)
    except BaseException as exc:
        if _last and exc is _last[0]:
            _shown.append(True)  # IPython would have shown it inside run_cell and gone on
        raise


def _mpk_shown():
    # Did the last magic end with the error of a run_cell (or "%tb")? The kernel then shows the
    # error and still reports the cell as done, as IPython does.
    return bool(_shown)


def _mpk_names():
    return sorted(_line), sorted(_cell)


# --- IPython.core.magic_arguments: argparse-style arguments for magics ---------------------------
# `@magic_arguments()` over `@argument(...)` lines builds a parser for the function (kept in
# `_parsers`: functions take no attributes here); `parse_argstring(func, line)` splits the line as
# IPython does (quoted words keep their quotes) and returns a namespace of the values. Supported:
# positional arguments and options (`-n`, `--name`, `--name=value`), nargs None/"?"/"*"/"+"/N,
# actions store, store_true, store_false, store_const, append, count; type, default, const,
# choices, dest. A bad line raises UsageError with argparse's words.
_parsers = {}
_pending = {}


class _Values:
    def __init__(self, **kwargs):
        for key in kwargs:
            setattr(self, key, kwargs[key])

    def __repr__(self):
        return "Namespace(%s)" % ", ".join("%s=%r" % (k, v) for k, v in sorted(self.__dict__.items()))


def _split(line):
    # IPython's arg_split: shlex in non-POSIX mode splitting at whitespace. A word that starts with
    # a quote runs to the closing quote and keeps both quotes; quotes inside a word are plain text.
    words, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c in " \t\r\n":
            i += 1
        elif c in "'\"":
            j = line.find(c, i + 1)
            if j < 0:
                raise ValueError("No closing quotation")
            words.append(line[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < n and line[j] not in " \t\r\n":
                j += 1
            words.append(line[i:j])
            i = j
    return words


class _Argument:
    def __init__(self, names, kwargs):
        self.names = names
        self.optional = names[0][:1] == "-"
        self.action = kwargs.get("action", "store")
        self.nargs = kwargs.get("nargs")
        self.type = kwargs.get("type")
        self.const = kwargs.get("const")
        self.choices = kwargs.get("choices")
        self.required = kwargs.get("required", not self.optional and self.nargs not in ("?", "*"))
        long = [n for n in names if n.startswith("--")]
        dest = kwargs.get("dest") or ((long[0] if long else names[0]).lstrip("-").replace("-", "_"))
        self.dest = dest
        if "default" in kwargs:
            self.default = kwargs["default"]
        else:
            self.default = False if self.action == "store_true" else True if self.action == "store_false" \
                else [] if self.nargs == "*" and not self.optional else None
        self.metavar = kwargs.get("metavar") or (dest if not self.optional else dest.upper())

    def convert(self, text):
        value = text
        if self.type is not None:
            try:
                value = self.type(text)
            except (TypeError, ValueError):
                name = getattr(self.type, "__name__", "value")
                raise UsageError("argument %s: invalid %s value: %r" % (self._label(), name, text))  # noqa: B904
        if self.choices is not None and value not in self.choices:
            raise UsageError("argument %s: invalid choice: %r (choose from %s)" % (
                self._label(), value, ", ".join(repr(c) for c in self.choices)))
        return value

    def _label(self):
        return "/".join(self.names) if self.optional else self.metavar


class _Parser:
    def __init__(self, arguments):
        self.arguments = arguments

    def parse_argstring(self, line):
        words = _split(line)
        values = {a.dest: a.default for a in self.arguments}
        options = {}
        for a in self.arguments:
            if a.optional:
                for n in a.names:
                    options[n] = a
        positional = []
        i = 0
        while i < len(words):
            word = words[i]
            if word.startswith("-") and len(word) > 1 and not _number(word) and word != "--":
                name, eq, attached = word.partition("=") if word.startswith("--") else (word, "", "")
                if not eq and not word.startswith("--") and len(word) > 2:
                    name, attached, eq = word[:2], word[2:], "x"
                a = options.get(name)
                if a is None:
                    raise UsageError("unrecognized arguments: %s" % " ".join(words[i:]))
                i += 1
                if a.action in ("store_true", "store_false", "store_const", "count"):
                    values[a.dest] = True if a.action == "store_true" else False if a.action == "store_false" \
                        else a.const if a.action == "store_const" else (values[a.dest] or 0) + 1
                    continue
                if eq:
                    taken = [attached]
                else:
                    taken = []
                    want = a.nargs
                    while i < len(words) and not (words[i].startswith("-") and not _number(words[i])):
                        if want in (None, "?") and taken or type(want) is int and len(taken) == want:
                            break
                        taken.append(words[i])
                        i += 1
                if a.nargs in (None,) and not taken or a.nargs == "+" and not taken or \
                        type(a.nargs) is int and len(taken) != a.nargs:
                    need = "expected one argument" if a.nargs is None else "expected at least one argument" \
                        if a.nargs == "+" else "expected %d arguments" % a.nargs
                    raise UsageError("argument %s: %s" % (a._label(), need))
                value = [a.convert(t) for t in taken]
                if a.nargs is None or a.nargs == "?":
                    value = value[0] if value else a.const
                if a.action == "append":
                    values[a.dest] = (values[a.dest] or []) + [value]
                else:
                    values[a.dest] = value
                continue
            if word == "--":
                positional.extend(words[i + 1:])
                break
            positional.append(word)
            i += 1
        self._positionals(positional, values)
        return _Values(**values)

    def _positionals(self, words, values):
        slots = [a for a in self.arguments if not a.optional]
        missing = []
        for index, a in enumerate(slots):
            later = sum(1 if s.nargs in (None, "+") else s.nargs if type(s.nargs) is int else 0
                        for s in slots[index + 1:])
            if a.nargs is None or a.nargs == "?":
                if words and len(words) > later or a.nargs is None and words:
                    values[a.dest] = a.convert(words.pop(0))
                elif a.nargs is None:
                    missing.append(a.metavar)
            elif type(a.nargs) is int:
                if len(words) < a.nargs:
                    missing.append(a.metavar)
                else:
                    values[a.dest] = [a.convert(w) for w in words[:a.nargs]]
                    del words[:a.nargs]
            else:
                take = max(0, len(words) - later)
                if a.nargs == "+" and not take:
                    missing.append(a.metavar)
                else:
                    values[a.dest] = [a.convert(w) for w in words[:take]]
                    del words[:take]
        for a in self.arguments:
            if a.optional and a.required and values[a.dest] is None:
                missing.append(a._label())
        if missing:
            raise UsageError("the following arguments are required: %s" % ", ".join(missing))
        if words:
            raise UsageError("unrecognized arguments: %s" % " ".join(words))


def _number(word):
    try:
        float(word)
        return True
    except ValueError:
        return False


def magic_arguments(name=None):
    def decorate(func):
        _parsers[func] = _Parser(_pending.pop(func, []))
        return func

    return decorate


def argument(*names, **kwargs):
    def decorate(func):
        _pending.setdefault(func, []).insert(0, _Argument(names, kwargs))
        return func

    return decorate


def argument_group(*args, **kwargs):
    return lambda func: func


def defaults(**kwargs):
    return lambda func: func


def kwds(**kwargs):
    return lambda func: func


def parse_argstring(magic_func, argstring):
    parser = _parsers.get(magic_func)
    if parser is None:
        raise UsageError("%s has no @magic_arguments()" % getattr(magic_func, "__name__", "the function"))
    return parser.parse_argstring(argstring)


_arguments_module = sys.modules["_mpk_boot"].Namespace("IPython.core.magic_arguments", {
    "magic_arguments": magic_arguments, "argument": argument, "argument_group": argument_group,
    "defaults": defaults, "kwds": kwds, "parse_argstring": parse_argstring,
})
sys.modules["IPython.core.magic_arguments"] = _arguments_module


class Pdb:
    """IPython.core.debugger.Pdb: importable, so that cells that keep a commented-out
    `Pdb().set_trace()` run; stepping needs frame tracing, which MicroPython lacks."""

    def __init__(self, *args, **kwargs):
        pass

    def set_trace(self, frame=None):
        set_trace()


def set_trace(frame=None):
    raise NotImplementedError("the debugger (Pdb().set_trace()) is not available in the sandbox: MicroPython "
                              "has no frame tracing; print the values you want to inspect instead")


# The attributes of the IPython.core namespace the runtime builds (besides `magic`, this module).
_core = {"magic_arguments": _arguments_module,
         "debugger": sys.modules["_mpk_boot"].Namespace("IPython.core.debugger", {"Pdb": Pdb, "set_trace": set_trace})}
sys.modules["IPython.core.debugger"] = _core["debugger"]
