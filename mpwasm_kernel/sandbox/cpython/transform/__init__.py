"""Host-side source pass: rewrite the few constructs MicroPython rejects or runs differently.

`transform(source) -> source` parses with CPython's `ast` and rewrites, in place, only the text
of the nodes concerned, into calls to helpers the guest installs in `builtins`
(`sandbox/guest/pycompat.py`). Every line keeps its number (a rewrite never adds or removes a
line break; a rewrite spanning lines is padded with line breaks inside its parentheses), so
tracebacks point at the cell's lines; columns move only on rewritten lines.

Rewrites:

* `obj[a:b:c]` with a step, when loaded (not assigned or deleted) → `_mpk_sl(obj, a, b, c)`:
  MicroPython slices `str`, `bytes` and `tuple` only with step 1 (lists and ranges work; the
  helper tries the real slice first);
* `{**a, k: v, **b}` → `_mpk_du(a, {k: v}, b)` (MicroPython's parser rejects `**` in displays);
* `[*a, b]`, `(*a, b)`, `{*a, b}` → `_mpk_lu('l'|'t'|'s', a, (b,))`;
* `"literal".format(...)` whose template has a spec this build formats otherwise (`{0:.17f}`,
  `{0:=<8}`, `{1:9}` of a float) → `_mpk_sfmt("literal", ...)`: CPython's str.format in the guest;
* `range(...)` with a big literal, a `**` or `maxsize` in its arguments → `_mpk_range(...)` (a range
  past the machine word computes with Python ints), and `x == range(...)` / `!=` →
  `_mpk_req(x, range(...))` (MicroPython compares ranges by identity), also where a side is a
  name the cell assigns a `range(...)` to (`r1 == r2`), unless `range` is rebound;
* an f-string with a field that holds a rewrite (`f"{name.title()}"`) → `'...' + format(field)`
  concatenation, each field unparsed and passed through this pass on its own; a `{type(x)}`
  field there becomes `repr(type(x))` (CPython's str of a class is its repr, with the module),
  and an f-string with such a field is rewritten so (unless the source binds `type`); likewise
  `str(type(x))` → `repr(type(x))` (unless the source binds `str`, `type` or `repr`);
* `f'{expr=}'` → `f'{expr=!r}'` (MicroPython formats the value with `str`, CPython with `repr`);
* `except RecursionError` → `except RuntimeError` (MicroPython raises `RuntimeError` for it);
* `dict(x, ...)` with one positional argument → `_mpk_dd(x, ...)`: CPython copies any object
  with `keys()` as a mapping, MicroPython only an exact dict (it iterates a dict subclass or
  another mapping as pairs). Dict order needs no rewriting: the interpreter's dicts are
  insertion-ordered (wasm/fetch.py);
* `x.title` and the other names in `MISSING_ATTRIBUTES` (loads) → `_mpk_ga(x, 'title')`; a call
  `x.title(...)` of a str method in `CALLED_METHODS` whose arguments are names, constants and
  arithmetic on them (nothing with side effects) → `_mpk_ga(x, 'title', ..., ...)` (the Ellipsis
  says: call it with the rest), which calls the shim without making a bound method first;
* `"literal" % x` with `x` a name, attribute, subscript or call → `_mpk_pct("literal", x)`:
  MicroPython formats only an exact tuple as an argument list, CPython any tuple (namedtuples);
* `help(a.b)` → `help(a.b, 'a.b')` (`help("x".lower)` → `help("x".lower, 'str.lower')`): the
  guest's help() names built-in methods, which have no name in the guest, by the source's text;
* `locals()` in a function's body → `_mpk_locals(('a', lambda: a), ...)` over the function's
  parameters and assigned names (MicroPython's `locals()` there returns the globals);
* `dir()` → `sorted(dir())`: CPython's dir lists names sorted, MicroPython's in table order
  (unless the source binds `dir` or `sorted`); `dir(x)` → `__import__('_mpk_dir').dir(x)`: sorted,
  and CPython's names for a standard module or a built-in type (guest `lib/_mpk_dir.py`);
  `vars(x)` → `__import__('_mpk_dir').vars(x)` (MicroPython has no `vars`);
* `IOError` / `EnvironmentError` (loads, unless the source binds them) → `OSError`, and
  `UnboundLocalError` → `NameError` (what MicroPython raises for an unbound local);
  `ModuleNotFoundError` → `__import__('_mpk_modnf').ModuleNotFoundError`, the class the runtime's
  import hook raises for a missing module (MicroPython has no such class);
* a string literal with `\\N{NAME}` escapes → its value written with `repr` (the lexer lacks them);
* `type(name, bases, namespace)` → `_mpk_type(...)`: MicroPython accepts only an exact dict or
  OrderedDict as the namespace, CPython any mapping (unless the source rebinds `type`);
* `a[i:j:k] = v` and `del a[i:j:k]` (single target) → `_mpk_ss(a, i, j, k[, v])`;
* `match` statements (all pattern kinds) → an if/elif chain over `_mpk_match(subject, spec)`,
  binding captures with `:=` (helper variables `_mpk_sN`/`_mpk_rN` appear in the namespace);
* a class body with annotated names (`x: int`, which MicroPython compiles to nothing) gets
  `__annotations__ = [('x', 'int'), ...]; ` in front of its first statement (on that statement's
  line, when it is a simple statement): the guest library's `dataclasses` and `typing` read it
  (docs/guest-library.md);
* an `except ... as name:` clause whose body reads `name` (and never rebinds it or raises it
  again by name) gets `name = _mpk_exc(name); ` in front of its first statement, when that is a
  simple statement (else each read of `name` outside f-strings becomes `_mpk_exc(name)`): the
  guest gives a built-in exception CPython's message (`print(e)` shows "division by zero"; see
  `cpython/messages.py`), from the source line it was raised on;
* `int` as a base of a class (`class Meters(int):`) → `__import__('_mpk_intsub').int`, an int
  subclass shown as `int` that answers the reflected operators (`7 + v`, `7 * v`, ...) and
  `float(v)`, which MicroPython's int does not for a subclass (guest `lib/_mpk_intsub.py`);
* `list`, `dict`, `set`, `tuple`, `str`, `frozenset` as a base of a class →
  `__import__('_mpk_native').list` (...), shown as the built-in type, that builds the built-in
  part in `__new__` as CPython does (an `__init__` may use `self` before `super().__init__()`,
  `super().__new__(cls, value)` builds a tuple or str), and `tuple.__new__` / `list.__init__`
  (those names' `__new__`/`__init__`) → `__import__('_mpk_native').tuple.__new__` (guest
  `lib/_mpk_native.py`), unless the source binds the name or `__import__`;
* `raise X from Y` → `raise __import__('_mpk_chain').cause(X, Y)`: no "exception chaining not
  supported" warning, the cause kept for `e.__cause__` (guest `lib/_mpk_chain.py`);
* `slice(...)` → `__import__('_mpk_slice').slice(...)` (MicroPython cannot call `slice`);
* a class body's `__slots__ = ...` (one such statement, no `__setattr__` in the body) gets
  `__setattr__ = __import__('_mpk_slots').setattr; ` in front: MicroPython ignores `__slots__`;
  the guest refuses other attribute names as CPython does (guest `lib/_mpk_slots.py`);
* `super().__getitem__` (and the other names in `SUPER_DUNDERS`) in a method of a class (nested
  too) → `__import__('_mpk_super').sup(__class__, self, '__getitem__')`: MicroPython's list, tuple
  and str have these only as C slots (guest `lib/_mpk_super.py`);
* `x.split(...)` / `x.rsplit(...)` with keyword arguments (`sep`, `maxsplit` only) and
  `x.replace('', new[, count])` → `__import__('_mpk_strcall').call(x, 'split', ...)`: MicroPython's
  split takes no keywords, its replace of an empty string inserts between the bytes of a
  multi-byte character (guest `lib/_mpk_strcall.py`; unless the source binds `__import__`);
* `zip(..., strict=...)` → `__import__('_mpk_zip').zip(...)` (MicroPython's zip takes no keyword
  arguments; guest `lib/_mpk_zip.py`);
* `bytes(x)` with `x` a name, attribute, subscript or call → `__import__('_mpk_bytes').of(x)`:
  a class's `__bytes__` and an int subclass's value, which MicroPython's bytes() does not read
  (guest `lib/_mpk_bytes.py`);
* a class with no base but `object` and no decorator, keyword, `__init__` or `__new__` of its
  own gets object's `__init__` and `__repr__` as CPython has them: its body's first statement,
  when simple, is prefixed `__init__, __repr__ = __import__('_mpk_object').methods(); `, else the
  class gets the base `__import__('_mpk_object').object` (shown as `object`). The `__init__`
  raises CPython's "A() takes no arguments" (MicroPython creates the instance from any
  arguments), the `__repr__` is CPython's default text, also for `str()` (guest
  `lib/_mpk_object.py`);
* a module-level `del name, ...` (not in a function or class body) gets
  `__import__('_mpk_fin').fin(globals(), ('name', ...), name, ...); ` in front: this build runs no
  finalisers, so the guest calls the object's `__del__` when the deleted name was its only
  reference among the globals (guest `lib/_mpk_fin.py`), as CPython's reference counting would;
  reading the names first also makes a missing one raise CPython's NameError (MicroPython's
  module-level `del` of a missing name raises KeyError).
* an f-string with a self-documenting field spaced around its `=` (`f"{x = }"`) or an `!a`
  conversion goes through `format()` as above (MicroPython's parser rejects both);
* `x.__name` (two leading underscores, not two trailing) inside `class C` → `x._C__name`,
  CPython's private name mangling, except names the class body binds and classes with
  `__slots__`;
* `a ^ b`, `a & b`, `a | b` where both sides are bool literals, comparisons or `not ...` →
  `((a) ^ (b) == 1)`: a bool as in CPython (MicroPython gives an int);
* positional-only parameters (`def f(a, /, b)`): the `/` dropped, the parameters renamed
  `_mpk_p_a` in the function's scope (`posonly.py`), so they still cannot be passed by keyword;
* `f.name` / `f.mode` where the cell binds `f` to `open(...)` → `_mpk_ga(f, 'name')` (MicroPython's
  written and binary files have neither; the guest's open() records them).

Each `__import__('_mpk_X')` above is written `(_mpk_mod('_mpk_X') or __import__('_mpk_X'))`
(`shapes.guest`): `_mpk_mod` is the builtin `sys.modules.get`, one native lookup for a loaded
guest module, where `__import__` calls the guest's import hook every time.

Bounded and total: sources over `MAX_CHARS`, trees deeper than `MAX_DEPTH`, more than
`MAX_NODES` nodes, or any exception while parsing or rewriting leave the source unchanged.

The pass is a package by concern: `rewriter.py` runs it (`_Rewriter.run`: one bounded walk, then
the rewrites that depend on which names the source binds), composed of `state.py` (the text, byte
positions, the selection so far), `selection.py` (which nodes the walk selects), `records.py` (the
rewrites recorded after the walk: class bodies, handlers, deletes, templates), `render.py` (the
rewritten text) and `matching.py` (the `match` statement); `shapes.py` holds the tables of names
and the predicates on syntax nodes it selects by (and `guest`, how it reads a guest module),
`formats.py` the f-string and `str.format` checks and the f-string-to-`format()` conversion.
"""

from __future__ import annotations

import ast
import codeop
import re

from .posonly import HINT as _POSONLY_HINT
from .posonly import positional_only
from .rewriter import MAX_CHARS, MAX_DEPTH, MAX_NODES, _Rewriter, _TooBig
from .shapes import CALLED_METHODS, MISSING_ATTRIBUTES, OSERROR_ALIASES

__all__ = ["CALLED_METHODS", "MAX_CHARS", "MAX_DEPTH", "MAX_NODES", "MISSING_ATTRIBUTES", "OSERROR_ALIASES",
           "transform"]

_HINTS = ("::", ":-", "*", "=}", "RecursionError", "{", "dict", ".", "match", "class", "%", "type", "IOError",
          "EnvironmentError", "\\N", "dir(", "help(", "locals(", " as ", "range", "UnboundLocalError",
          "del ", "int)", "int,", "bytes(", "class ", "vars(", "strict", "super()", "ModuleNotFoundError", "complex(",
          "getattr(", "slice(")


# A slice with a step between brackets, `word[0:None:2]`, `s[1:n:2]` ("::" is a hint of its own).
_STEP_SLICE = re.compile(r"\[[^\]\n]*:[^\]\n:]+:")
# CPython's tokenizer rejects these characters outside strings and comments; MicroPython takes
# most of them into names (`‘Hello’` is a NameError there). "$" is rejected by both.
_INVALID_CHARACTER = ("invalid character", "invalid non-printable character")
_ALLOW_INCOMPLETE = codeop.PyCF_DONT_IMPLY_DEDENT | codeop.PyCF_ALLOW_INCOMPLETE_INPUT


def transform(source: str) -> str:
    """Return `source` with MicroPython-incompatible constructs rewritten (or unchanged)."""
    if len(source) > MAX_CHARS:
        return source
    if not source.isascii():
        source = _reject_invalid_characters(source)
    if _POSONLY_HINT.search(source):
        source = positional_only(source)  # `def f(a, /, b)`: MicroPython's parser has no `/`
    if not any(h in source for h in _HINTS) and not _STEP_SLICE.search(source):
        return source
    try:
        return _Rewriter(source).run()
    except (SyntaxError, ValueError, MemoryError, RecursionError, _TooBig):
        return source
    except Exception:  # noqa: BLE001 - the pass must never break a cell: send it unchanged
        return source


def _reject_invalid_characters(source: str) -> str:
    """`source` with a character CPython's tokenizer rejects (a typographic quote ‘ ’ “ ”, a
    non-printable character) replaced by ``$`` on the same line, so the guest reports a
    SyntaxError there too; the kernel then shows CPython's message for the original text
    ("invalid character '‘' (U+2018)"). Other sources are returned unchanged."""
    try:
        compile(source, "<cell>", "exec", ast.PyCF_ONLY_AST | _ALLOW_INCOMPLETE, dont_inherit=True)
    except SyntaxError as exc:
        if not (exc.msg or "").startswith(_INVALID_CHARACTER) or not exc.lineno or not exc.offset:
            return source
        lines = source.splitlines(keepends=True)
        if exc.lineno > len(lines):
            return source
        line = lines[exc.lineno - 1]
        column = exc.offset - 1  # characters (CPython 3.10+)
        if not 0 <= column < len(line) or line[column].isascii():
            return source
        lines[exc.lineno - 1] = line[:column] + "$" + line[column + 1:]
        return "".join(lines)
    except (ValueError, MemoryError, RecursionError, OverflowError):
        return source
    return source
