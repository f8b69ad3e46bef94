"""Magics teaching notebooks use, on the sandbox's private file system and namespace.

``%%writefile``/``%%file`` (``-a`` appends), ``%run`` (``-i`` shares the namespace), ``%load``,
``%pwd``, ``%cd``, ``%ls``, ``%cat``, ``%matplotlib`` and ``%config InlineBackend...`` (`figure_format`
chooses PNG, retina PNG or SVG figures: runner/figures.py) and magics that guest code registered
through ``IPython.core.magic`` (see ``sandbox/guest/ipython_magic.py``).

Every file operation runs as guest code, under the sandbox's limits and quota; nothing touches
the host's files. Guest code that only does the magic's plumbing runs with a ``<mpk:...>``
filename, so tracebacks show the user's frames only.
"""

from __future__ import annotations

import ast
import shlex
from collections.abc import Callable
from typing import Any

MAX_FILE_CHARS = 1 << 20  # %run / %load read at most this much source

_WRITE = """\
import os
try:
    os.stat(P)
    existed = True
except OSError:
    existed = False
f = open(P, "a" if A else "w")
try:
    f.write(T)
finally:
    f.close()
print(("Appending to " if A else "Overwriting " if existed else "Writing ") + P)
"""

_RUN = """\
import sys
argv = getattr(sys, "argv", None)
saved = list(argv) if isinstance(argv, list) else None
if saved is not None:
    argv[:] = [P] + ARGS
try:
    if SHARED:
        exec(compile(S, P, "exec"), G)
    else:
        ns = {"__name__": "__main__", "__file__": P}
        exec(compile(S, P, "exec"), ns)
        for k in ns:
            if not k.startswith("__"):
                G[k] = ns[k]
finally:
    if saved is not None:
        argv[:] = saved
"""

# IPython's `%cat` alias runs the shell's cat: the files' bytes in order on stdout, its complaint
# about a file it cannot read on the same stream (IPython runs it in a terminal).
_CAT = """\
import sys
for p in PATHS:
    try:
        f = open(p, "rb")
    except OSError as e:
        print("cat: %s: %s" % (p, "Is a directory" if isinstance(e, IsADirectoryError) else
                               "Permission denied" if isinstance(e, PermissionError) else "No such file or directory"))
        continue
    try:
        data = f.read()
    finally:
        f.close()
    sys.stdout.write(data.decode("utf-8", "replace"))
"""

_LS = """\
import os
names = []
for name in sorted(os.listdir(D)):
    path = (D.rstrip("/") + "/" + name) if D else name
    try:
        is_dir = os.stat(path)[0] & 0x4000
    except OSError:
        is_dir = 0
    names.append(name + ("/" if is_dir else ""))
if names:
    print("\\n".join(names))
"""

_CD = """\
import os
os.chdir(D)
print(os.getcwd())
"""


class FileMagics:
    """The magics above, for a `MagicHost` (the kernel). ``usage_error`` is the exception type
    raised for misuse."""

    def __init__(self, host: Any, usage_error: type[Exception]) -> None:
        self.host = host
        self.UsageError = usage_error

    def line_magics(self) -> dict[str, Callable[[str], Any]]:
        return {"run": self.run, "load": self.load, "pwd": self.pwd, "cd": self.cd, "ls": self.ls,
                "cat": self.cat, "matplotlib": self.matplotlib, "config": self.config}

    def cell_magics(self) -> dict[str, Callable[[str, str], Any]]:
        return {"writefile": self.writefile, "file": self.writefile}

    # helpers ----------------------------------------------------------------------------------

    def _plumbing(self, template: str, name: str, **values: Any) -> Any:
        """Run `template` in the guest with `values` bound (literals), hidden from tracebacks."""
        bound = ", ".join(f"{key!r}: {value!r}" for key, value in values.items())
        code = f"exec(compile({template!r}, '<mpk:{name}>', 'exec'), {{{bound}, 'G': globals()}})\n"
        return self.host.run_guest(code, store_result=False, filename=f"<mpk:{name}>")

    def _split(self, magic: str, args: str) -> list[str]:
        try:
            return shlex.split(args)
        except ValueError as err:
            raise self.UsageError(f"%{magic}: {err}") from None

    def _read(self, magic: str, path: str) -> str:
        """The text of a guest file (raises `UsageError` when it cannot be read)."""
        code = f"(lambda f: (f.read({MAX_FILE_CHARS + 1}), f.close())[0])(open({path!r}))"
        result = self.host.run_guest(code, store_result=False, filename="<mpk:read>")
        if result.error is not None:
            raise self.UsageError(f"%{magic}: could not read {path!r}: {result.error}")
        try:
            text = ast.literal_eval(result.value or "")
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            text = None
        if not isinstance(text, str):
            raise self.UsageError(f"%{magic}: {path!r} is not a text file")
        if len(text) > MAX_FILE_CHARS:
            raise self.UsageError(f"%{magic}: {path!r} is larger than {MAX_FILE_CHARS:,} characters")
        return text

    # the magics -------------------------------------------------------------------------------

    def writefile(self, args: str, body: str) -> Any:
        """%%writefile [-a] FILE — write the cell body to FILE in the sandbox's file system
        (``-a``: append). Also ``%%file``."""
        words = self._split("writefile", args)
        append = "-a" in words or "--append" in words
        names = [w for w in words if w not in ("-a", "--append")]
        if len(names) != 1:
            raise self.UsageError("%%writefile needs one file name, e.g. `%%writefile hello.py`")
        text = body.lstrip("\n") if body.strip() else ""
        if text and not text.endswith("\n"):
            text += "\n"
        return self._plumbing(_WRITE, "writefile", P=names[0], T=text, A=append)

    def run(self, args: str) -> Any:
        """%run [-i] FILE [ARGS...] — run a Python file of the sandbox's file system as a script
        (``__name__ == "__main__"``, ``sys.argv`` = FILE + ARGS where the build has
        ``sys.argv``); its names land in the
        namespace. ``-i``: run it in the notebook's namespace (it sees your variables)."""
        words = self._split("run", args)
        shared = False
        while words and words[0].startswith("-"):
            option = words.pop(0)
            if option == "-i":
                shared = True
            else:
                raise self.UsageError(f"%run: option {option} is not supported here (supported: -i)")
        if not words:
            raise self.UsageError("%run needs a file name, e.g. `%run hello.py`")
        path, script_args = words[0], words[1:]
        source = self._read("run", path)
        self.host.sandbox.sources.add(path, source)
        return self._plumbing(_RUN, "run", P=path, S=source, ARGS=script_args, SHARED=shared)

    def load(self, args: str) -> Any:
        """%load FILE — replace the cell with FILE's contents (from the sandbox's file system); a
        missing FILE is IPython's ValueError ("... was not found in history, as a file, ...")."""
        words = self._split("load", args)
        if len(words) != 1:
            raise self.UsageError("%load needs one file name, e.g. `%load hello.py`")
        found = self._plumbing("import os\nos.stat(P)", "load", P=words[0])
        if found.error is not None and found.error.ename in ("FileNotFoundError", "NotADirectoryError"):
            # IPython's error (an error output, not a usage message) for a name it finds nowhere
            message = f"{words[0]!r} was not found in history, as a file, url, nor in the user namespace."
            return self._plumbing("raise ValueError(M)", "load", M=message)
        text = self._read("load", words[0])
        self.host.set_next_input(f"# %load {args.strip()}\n{text}", replace=True)
        return None

    def pwd(self, args: str) -> Any:
        """%pwd — the sandbox's current directory."""
        return self.host.run_guest("__import__('os').getcwd()", filename="<mpk:pwd>")

    def cd(self, args: str) -> Any:
        """%cd [DIR] — change the sandbox's current directory (no DIR: ``/``) and show it."""
        words = self._split("cd", args)
        if len(words) > 1:
            raise self.UsageError("%cd takes one directory")
        return self._plumbing(_CD, "cd", D=words[0] if words else "/")

    def ls(self, args: str) -> Any:
        """%ls [DIR] — list a directory of the sandbox's file system (directories end in /)."""
        words = self._split("ls", args)
        if len(words) > 1:
            raise self.UsageError("%ls takes at most one directory")
        return self._plumbing(_LS, "ls", D=words[0] if words else "")

    def cat(self, args: str) -> Any:
        """%cat FILE ... — the files' text on stdout, as IPython's `cat` alias shows it."""
        words = self._split("cat", args)
        if not words:
            raise self.UsageError("%cat needs a file name, e.g. `%cat data.txt`")
        return self._plumbing(_CAT, "cat", PATHS=words)

    #: ``%config InlineBackend.NAME = value`` settings accepted (notebooks set them for IPython's
    #: inline backend); `figure_format(s)` choose how figures are shown (runner/figures.py), the
    #: others change nothing here.
    INLINE_BACKEND = ("figure_format", "figure_formats", "rc", "close_figures", "print_figure_kwargs")

    def config(self, args: str) -> None:
        """%config InlineBackend.figure_format = 'svg' — how pyplot figures are shown: 'png'
        (the default), 'retina', 'svg' (runner/figures.py); `figure_formats` takes a set. The
        other InlineBackend settings are accepted and change nothing; other configurables are a
        usage error."""
        target, eq, value = args.partition("=")
        owner, _, name = target.strip().partition(".")
        if owner != "InlineBackend" or (name and name not in self.INLINE_BACKEND) or bool(eq) != bool(name):
            raise self.UsageError("%config: only InlineBackend settings (e.g. %config InlineBackend.figure_format "
                                  "= 'svg') are accepted here")
        if name not in ("figure_format", "figure_formats"):
            return
        try:
            chosen = ast.literal_eval(value.strip())
            formats = [chosen] if isinstance(chosen, str) else list(chosen)
            self.host.figures.configure(formats)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as err:
            raise self.UsageError(f"%config InlineBackend.{name}: {err}") from None

    def matplotlib(self, args: str) -> None:
        """%matplotlib [inline] — accepted: figures are always shown inline."""
        backend = args.strip() or "inline"
        if backend not in ("inline", "notebook", "widget", "ipympl", "agg", "auto"):
            raise self.UsageError(f"%matplotlib: backend {backend!r} is not available here (figures are inline)")
