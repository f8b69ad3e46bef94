# Guest side: the runtime the host drives. Loaded last, as module `_mpk_runtime`.
#
# Owns the user namespace, runs cells (body + optional trailing expression), formats results
# and errors for the host, guards imports of bridges the sandbox does not provide, and routes
# input() through the host channel. Everything returned to the host is a JSON string.
#
# `_mpk_display` and `_mpk_introspect` are loaded on first use (`_lazy`), not at start: every
# identifier a module defines becomes a run-time qstr, which MicroPython scans linearly when it
# interns names; a light start is also a faster start (docs/speed.md).
import builtins
import io
import json
import sys

import _mpk_channel

_BLOCKED = ("js", "jsffi")

_ns = {}
_injected = {}
_options = {}
_import = builtins.__import__
_lib = {}  # guest library: the host's index (sandbox/library.py); its loader is `_mpk_library`
# Exact built-in types whose execute_result is just their repr (no display hooks possible).
_PLAIN = (int, float, complex, bool, str, bytes, bytearray, list, tuple, dict, set, frozenset, range, type(None))


def _lazy(name):
    """The guest module `_mpk_<name>` ("display", "introspect"), loaded from the host once."""
    mod = sys.modules.get("_mpk_" + name)
    if mod is None:
        # The runtime's own modules import MicroPython's modules (json, binascii), not the library's.
        at = sys.path.index(_lib["path"]) if _lib and _lib["path"] in sys.path else -1
        if at >= 0:
            del sys.path[at]
        try:
            mod = None
            if name == "library" and _lib.get("mpy"):  # the host's .mpy of it (sandbox/precompiled.py)
                sys.path.insert(0, _lib["mpy"])
                try:
                    mod = _import("_mpk_" + name)
                except (ImportError, ValueError):  # none, or not a valid .mpy: the source
                    pass
                finally:
                    del sys.path[0]
            if mod is None:
                mod = sys.modules["_mpk_boot"].load("_mpk_" + name, _mpk_channel.source(name), "<mpk:%s>" % name)
        finally:
            if at >= 0:
                sys.path.insert(at, _lib["path"])
        if name == "display":
            _display_loaded(mod)
        elif name == "introspect":
            mod.hide(_injected)
    return mod


def _display_loaded(mod):
    ns = sys.modules["_mpk_boot"].Namespace
    sys.modules["IPython"] = ns("IPython", {"display": mod, "version_info": (8, 0, 0, "mpwasm")})
    sys.modules["IPython.display"] = mod
    # The namespace's `display` stub hands over to the real function (`is` holds from now on).
    _injected["display"] = mod.display
    if _ns.get("display") is display:
        _ns["display"] = mod.display
        mod = sys.modules.get("_mpk_introspect")
        if mod is not None:
            mod.hide(_ns, ["display"])


def display(*objs, **kwargs):
    """Display objects in the frontend (IPython.display.display; loaded on first use)."""
    return _lazy("display").display(*objs, **kwargs)


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0:
        top = name.split(".")[0]
        if top in _BLOCKED:
            raise ImportError("no module named '%s': the sandbox has no JavaScript bridge" % name)
        if top == "IPython" or top == "_mpk_display":
            mod = _lazy("display")
            if fromlist and "*" in fromlist:  # `import *` copies the dict: load the display classes
                mod.__getattr__("HTML")
            if name.startswith("IPython.core"):
                _ipython_core()
        elif top == "_mpk_ipython_magic":
            _ipython_core()
        elif top == "_mpk_introspect":
            _lazy("introspect")
        elif _lib and top in _lib["files"] and name not in sys.modules and _lib["path"] in sys.path:
            _lazy("library").load(name, _lib)
    return _import(name, globals, locals, fromlist, level)


def _install_library(lib):
    """Put the guest library's folder on sys.path ahead of the frozen modules; load nothing.

    `lib` is `{"path", "modules", "files", "shadowed"}` from the host. Frozen modules that
    MicroPython preloaded under a library module's name leave sys.modules.
    """
    if not lib.get("path"):
        return
    _lib.update(lib)
    sys.path.insert(sys.path.index(".frozen") if ".frozen" in sys.path else len(sys.path), lib["path"])
    for name in list(sys.modules):
        if name.split(".")[0] in lib["modules"]:
            del sys.modules[name]


def _input(prompt=""):
    reply = _mpk_channel.request({"type": "input", "prompt": str(prompt), "password": False})
    if "error" in reply:
        raise EOFError(reply.get("message", "input() is not available"))
    return reply.get("value", "")


class _Exiter:
    # `exit` / `quit`: ask the host to end the session (Jupyter's ask_exit payload), as IPython
    # does; where no host takes the request, raise SystemExit as CPython's `exit()` does.
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Use %s() or Ctrl-D (i.e. EOF) to exit" % self.name

    def __call__(self, keep_kernel=False):
        reply = _mpk_channel.request({"type": "exit", "keep_kernel": bool(keep_kernel)})
        if not reply.get("handled"):
            raise SystemExit()


def _help(*args):
    # help(obj): documentation from the host; the code is guest/pyhelp.py, loaded on first use.
    return _lazy("pyhelp").help(*args)


_builtin_help = builtins.help


def _ipython_core():
    # `IPython.core.magic` (guest/ipython_magic.py), loaded on first import or get_ipython().
    mod = sys.modules.get("_mpk_ipython_magic")
    if mod is None:
        mod = _lazy("ipython_magic")
        _lazy("display")
        core = sys.modules["_mpk_boot"].Namespace("IPython.core", dict(mod._core, magic=mod))
        sys.modules["IPython"].core = core
        sys.modules["IPython"].get_ipython = mod.get_ipython
        sys.modules["IPython.core"] = core
        sys.modules["IPython.core.magic"] = mod
    return mod


def _get_ipython():
    return _ipython_core().get_ipython()


def user_namespace():
    """The dict cells run in: the guest library's unittest.main()/doctest.testmod() find `__main__` here."""
    return _ns


def new_namespace():
    """Replace the user namespace with a fresh one (`__name__ == "__main__"`)."""
    global _ns, _injected
    mod = sys.modules.get("_mpk_display")
    _ns = {"__name__": "__main__", "display": display if mod is None else mod.display}
    _cur_ns[0] = _ns
    _injected = dict(_ns)
    intro = sys.modules.get("_mpk_introspect")
    if intro is not None:
        intro.hide(_ns)
    return _ns


def init(options_json):
    """Install guards and hooks; called once by the host after all guest modules loaded."""
    global _options
    _options = json.loads(options_json)
    builtins.__import__ = _guarded_import
    builtins.input = _input
    builtins.help = _help
    builtins.exit = _Exiter("exit")
    builtins.quit = _Exiter("quit")
    builtins.get_ipython = _get_ipython
    if _options.get("deterministic"):
        import random

        random.seed(int(_options.get("seed", 0)))
    _install_library(_options.get("lib") or {})
    new_namespace()
    return "ok"


def _bind_runner(exec, compile, eval, dumps, isinstance, type, str, repr, len, BaseException, KeyError,
                 StringIO, print_exception, plain, exiter, modules, getattr, cur_ns):
    # The cell runner and its error records, with every name they use bound here, once, before
    # any user code ran. A cell can rebind the runtime's module globals
    # (`run_cell.__globals__`), builtins, `json.dumps` or `sys.print_exception`: none of that
    # reaches a closure's variables, so no cell can change how a later cell's outcome is
    # reported (MicroPython functions expose no `__closure__` or `__defaults__`).
    # (the longest text a record keeps, the mark of the runtime's own files: literals, no global names,
    # so no run-time qstrs)
    max_text, mark, lazy = 20000, '"<mpk:', _lazy

    def clip(text):
        if len(text) > max_text:
            return text[:max_text] + "... [%d characters truncated]" % (len(text) - max_text)
        return text

    def error_record(exc):
        """`{"ename", "evalue", "traceback"}` for an exception, without the runtime's own frames."""
        buf = StringIO()
        try:
            print_exception(exc, buf)
            lines = buf.getvalue().split("\n")
        except BaseException:
            lines = []
        lines = [clip(line) for line in lines if line and mark not in line]
        try:
            if isinstance(exc, KeyError) and len(exc.args) == 1:
                evalue = repr(exc.args[0])  # CPython shows the missing key's repr
            else:
                evalue = str(exc)
        except BaseException:
            evalue = "<exception str() failed>"
        # the header and outermost frame stay; the host collapses repeated frames (recursion)
        return {"ename": type(exc).__name__, "evalue": clip(evalue), "traceback": lines[:2] + lines[2:][-5000:]}

    def pending_figures():
        # The open figures of the guest matplotlib.pyplot (0 when it was not imported).
        pyplot = modules.get("matplotlib.pyplot")
        return len(getattr(pyplot, "_figs", ())) if pyplot is not None else 0

    def flush_figures():
        # Display and close the figures the cell left open (matplotlib-inline behaviour); only
        # when the guest matplotlib.pyplot was imported.
        pyplot = modules.get("matplotlib.pyplot")
        flush = getattr(pyplot, "_flush", None) if pyplot is not None else None
        if flush is not None:
            flush()

    def run_cell(body, expr, filename, store, figures="1"):
        """Execute `body` then evaluate `expr` (may be empty) in the user namespace.

        Returns JSON `{"data", "metadata", "error", "figures"}`. Every exception the cell raises,
        including SystemExit and KeyboardInterrupt, becomes an error record; the interpreter keeps
        running. With `figures` "1" the figures left open are displayed at the end (before the
        result is returned); with "0" they stay open and `figures` counts them, for the host to
        display them after the result as IPython's post-execute hook does (`flush_figures`).
        """
        result = {"data": None, "metadata": {}, "error": None, "figures": 0}
        ns = cur_ns[0]
        try:
            if body:
                exec(compile(body, filename, "exec"), ns)
            if expr:
                value = eval(compile(expr, filename, "eval"), ns)
                if isinstance(value, exiter):
                    value()  # a bare `exit` is called, as IPython autocalls it
                    value = None
                if value is not None:
                    if store == "1":
                        ns["_"] = value
                    data = None
                    if type(value) in plain:
                        try:
                            text = repr(value)
                            if "<" not in text:  # else IPython writes <M.N at 0x...>, classes by name (display)
                                data, metadata = {"text/plain": text}, {}
                        except Exception:
                            pass  # e.g. an element's repr raised: the display module reports it
                    if data is None:
                        data, metadata = lazy("display").format_object(value)
                    result["data"] = data
                    result["metadata"] = metadata
        except BaseException as exc:  # noqa: B036 - the cell's errors are data here
            result["error"] = error_record(exc)
        if figures != "1":
            result["figures"] = pending_figures()
            return dumps(result)
        try:
            flush_figures()
        except BaseException as exc:  # noqa: B036 - also a KeyboardInterrupt that arrives now
            if result["error"] is None:
                result["error"] = error_record(exc)
        return dumps(result)

    return run_cell, error_record, clip, flush_figures


_cur_ns = [_ns]
# Results are shown with the CPython shims' repr (pycompat, loaded before this module: shortest
# floats, complex with -0 parts, <__main__.A object at 0x...>), bound here like everything else.
run_cell, error_record, _clip, _flush_figures = _bind_runner(
    exec, compile, eval, json.dumps, isinstance, type, str, getattr(sys.modules.get("_mpk_pycompat"), "repr", repr),
    len, BaseException, KeyError, io.StringIO, sys.print_exception, _PLAIN, _Exiter, sys.modules, getattr, _cur_ns)


def _format(value):
    if type(value) in _PLAIN:
        try:
            text = repr(value)
            if "<" not in text:  # else IPython writes <M.N at 0x...>, classes by name (display)
                return {"text/plain": text}, {}
        except Exception:
            pass  # e.g. an element's repr raised: the display module reports it
    return _lazy("display").format_object(value)


def evaluate(ns, expr):
    """Evaluate one expression (Jupyter user_expressions): a mimebundle or an error record."""
    try:
        data, metadata = _format(eval(expr, ns))
        return {"status": "ok", "data": data, "metadata": metadata}
    except BaseException as exc:  # noqa: B036
        record = error_record(exc)
        record["status"] = "error"
        return record


def timeit(ns, stmt, setup, number, repeat):
    """Run `setup` once, then `stmt` `number` times, `repeat` times; per-repeat seconds."""
    import time

    code = compile(stmt, "<timeit>", "exec")
    if setup:
        exec(setup, ns)
    number = int(number)
    times = []
    for _ in range(int(repeat)):
        start = time.ticks_us()
        for _ in range(number):
            exec(code, ns)
        times.append(time.ticks_diff(time.ticks_us(), start) / 1e6)
    return times


def reset_namespace(ns):
    """%reset: drop every user variable."""
    new_namespace()
    return True


def flush_figures(ns):
    """Display and close the open pyplot figures (after a cell run with figures deferred)."""
    _flush_figures()


_LOCAL = {"evaluate": evaluate, "timeit": timeit, "reset": reset_namespace, "flush_figures": flush_figures}


def call(name, args_json):
    """Host entry point for helpers: `name(ns, *args)` from this module or `_mpk_introspect`."""
    try:
        func = _LOCAL.get(name)
        if func is None and not name.startswith("_"):
            func = getattr(_lazy("introspect"), name, None)
        if func is None:
            raise AttributeError("no guest helper named %r" % name)
        return json.dumps({"result": func(_ns, *json.loads(args_json)), "error": None})
    except BaseException as exc:  # noqa: B036
        return json.dumps({"result": None, "error": error_record(exc)})
