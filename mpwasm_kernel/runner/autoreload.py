"""``%load_ext autoreload`` and IPython's autoreload extension, over the sandbox's files.

``%load_ext autoreload`` registers the ``%autoreload`` and ``%aimport`` magics, as IPython's
extension does (loading it again says it is already loaded). ``%autoreload 2`` (or ``all``, ``3``,
``complete``) then reloads, before each request's code runs, every module imported from a file
of the sandbox whose text changed since it was last seen (the first check records it; the text,
not the modification time, which has whole seconds here); ``%autoreload 1`` (``explicit``) only
the modules named by ``%aimport``; ``%autoreload 0`` (``off``) none; ``%autoreload`` or ``now``
reloads the changed modules once, at once; another mode is IPython's ``ValueError``. A module is
reloaded by running its file again, through the CPython-compatibility source pass as on import,
in its own namespace (``importlib.reload``'s effect): objects made before keep their old classes
and functions, where IPython's reloader also patches those in place. A module that fails to
reload reports ``Failed to reload module ...`` and ``[autoreload of NAME failed: ...]`` on
stderr (as IPython, which shows the traceback there; here only the error's line), and the
request runs on. The guest library under ``/lib`` is never reloaded.

``%load_ext NAME`` for another extension imports the guest module NAME and calls its
``load_ipython_extension(get_ipython())`` (IPython's protocol); a module without it says so.
"""

from __future__ import annotations

from typing import Any

from ..sandbox.errors import GuestError
from ..sandbox.result import RunResult

__all__ = ["Autoreload"]

_MODES = {"0": 0, "off": 0, "1": 1, "explicit": 1, "2": 2, "all": 2, "3": 2, "complete": 2}

# Guest side: reload the modules whose file changed. `_mpk_ar` keeps the source it saw.
_CHECK = """
def _mpk_autoreload(mode, names):
    import sys
    seen = sys.modules.setdefault('_mpk_ar', {})
    for name, module in list(sys.modules.items()):
        path = getattr(module, '__file__', None)
        if not path or path.startswith('/lib/') or not path.endswith('.py') or name == '__main__':
            continue
        if mode == 1 and name not in names:
            continue
        try:
            with open(path) as source:
                text = source.read()
        except OSError:
            continue
        if seen.get(name) is None:
            seen[name] = text
            continue
        if seen[name] == text:
            continue
        seen[name] = text
        try:
            with open('/dev/mpk-import', 'wb') as mark:  # the next read is through the source pass
                mark.write(path.encode())
            with open(path) as source:
                exec(compile(source.read(), path, 'exec'), module.__dict__)
        except Exception as exc:
            detail = '%%s: %%s' %% (type(exc).__name__, exc)
            sys.stderr.write("Failed to reload module '%%s' from file '%%s'\\n%%s\\n" %% (name, path, detail))
            sys.stderr.write('[autoreload of %%s failed: %%s]\\n' %% (name, detail))
_mpk_autoreload(%(mode)d, %(names)r)
del _mpk_autoreload
"""

_LOAD = """
def _mpk_load_ext(name):
    module = __import__(name)
    for part in name.split('.')[1:]:
        module = getattr(module, part)
    load = getattr(module, 'load_ipython_extension', None)
    if load is None:
        print('The %%s module is not an IPython extension.' %% name)
    else:
        load(__import__('_mpk_ipython_magic').get_ipython())
_mpk_load_ext(%r)
del _mpk_load_ext
"""


class Autoreload:
    """The extension's state in one session and its magics (`host` is the `RequestRunner`)."""

    def __init__(self, host: Any, usage_error: type[Exception]) -> None:
        self.host = host
        self.UsageError = usage_error
        self.loaded = False
        self.mode = 0
        self.explicit: set[str] = set()

    def magics(self) -> dict[str, Any]:
        """The line magics the runner knows from the start (``%load_ext``, ``%reload_ext``)."""
        return {"load_ext": self.load_ext, "reload_ext": self.reload_ext,
                "autoreload": self.autoreload, "aimport": self.aimport}

    def load_ext(self, args: str) -> Any:
        """%load_ext NAME — load an IPython extension (``autoreload``, or a guest module's
        ``load_ipython_extension``)."""
        name = args.strip()
        if not name:
            raise self.UsageError("Missing module name.")
        if name in ("autoreload", "IPython.extensions.autoreload"):
            if self.loaded:
                self.host.write("The autoreload extension is already loaded. To reload it, use:\n"
                                "  %reload_ext autoreload\n")
            self.loaded = True
            return None
        return self.host.run_guest(_LOAD % name, store_result=False, filename="<mpk:magic>")

    def reload_ext(self, args: str) -> Any:
        """%reload_ext NAME — load the extension again (autoreload keeps its mode)."""
        if args.strip() in ("autoreload", "IPython.extensions.autoreload") and self.loaded:
            return None
        return self.load_ext(args)

    def _require(self, name: str) -> None:
        if not self.loaded:
            raise self.UsageError(f"Line magic function `%{name}` not found.")

    def autoreload(self, args: str) -> Any:
        """%autoreload [MODE] — 0/off, 1/explicit (the %aimport modules), 2/all, 3/complete, now."""
        self._require("autoreload")
        word = args.strip().split(" ")[0] if args.strip() else "now"
        if word == "now":
            return self.check(force=True)
        if word not in _MODES:  # IPython's extension raises ValueError (a traceback, not a usage error)
            text = f'Unrecognized autoreload mode "{word}".'
            return RunResult(error=GuestError("ValueError", text, [f"ValueError: {text}"]))
        self.mode = _MODES[word]
        return None

    def aimport(self, args: str) -> None:
        """%aimport NAME[, NAME...] — import the modules and mark them for ``%autoreload 1``."""
        self._require("aimport")
        for name in (n.strip() for n in args.replace(",", " ").split() if n.strip()):
            if name.startswith("-"):
                self.explicit.discard(name[1:])
                continue
            self.explicit.add(name)
            ran = self.host.run_guest(f"import {name}", store_result=False, filename="<mpk:magic>")
            if ran.error is not None:
                return ran
        return None

    def check(self, force: bool = False) -> Any:
        """Before a request's code runs: reload what the mode says (nothing when it is 0)."""
        if not force and (not self.loaded or self.mode == 0):
            return None
        mode = 2 if force else self.mode
        return self.host.run_guest(_CHECK % {"mode": mode, "names": sorted(self.explicit)},
                                   store_result=False, filename="<mpk:autoreload>")
