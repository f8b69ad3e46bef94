"""Completion and module names for the guest (runs inside MicroPython).

Loaded as module ``_mpk_complete`` by ``_mpk_runtime`` on the first ``complete`` or
``module_names`` call (lazily, like ``_mpk_introspect``, whose small helpers it uses). Same
contract as ``_mpk_introspect``: JSON-serialisable results, never raises an ``Exception``, and
positions in code points.
"""

import sys

from _mpk_introspect import (
    KEYWORDS,
    _builtins_module,
    _clamp_cursor,
    _is_identifier,
    _is_module,
    _resolve,
    _token_before,
)

# Built-in and frozen modules of the MicroPython 1.29 WebAssembly build (``help('modules')``),
# minus ``js``/``jsffi`` (blocked by the sandbox), plus ``IPython`` (provided by the runtime).
BUILTIN_MODULES = (
    "IPython", "IPython.display", "_asyncio", "abc", "array", "asyncio", "asyncio.core",
    "asyncio.event", "asyncio.funcs", "asyncio.future", "asyncio.lock", "base64", "binascii",
    "builtins", "cmath", "collections", "collections.defaultdict", "copy", "datetime", "deflate",
    "errno", "fnmatch", "framebuf", "functools", "gc", "gzip", "hashlib", "heapq", "hmac", "html",
    "inspect", "io", "itertools", "json", "locale", "logging", "math", "micropython", "operator",
    "os", "os.path", "pathlib", "platform", "random", "re", "select", "stat", "string",
    "string.templatelib", "struct", "sys", "tarfile", "tarfile.write", "time", "types",
    "unittest", "uu", "vfs", "weakref", "zlib",
)
BLOCKED_MODULES = ("js", "jsffi")
# Not imported just to complete names (importing asyncio reaches the unsupported JS bridge).
NO_IMPORT_MODULES = ("asyncio",)
# Built into some variants only (``micropython-ulab.wasm``); offered when importable.
OPTIONAL_MODULES = ("ulab",)

_DIR_FLAG = 0x4000

_optional_found = None


def _dict_keys(obj):
    try:
        d = obj.__dict__
        if isinstance(d, dict):
            return [k for k in d if isinstance(k, str)]
    except Exception:
        pass
    return []


def _class_names(cls, seen):
    """Attribute names defined on ``cls`` and its bases (used when ``dir`` fails)."""
    if cls in seen or len(seen) > 64:
        return []
    seen.append(cls)
    names = _dict_keys(cls)
    try:
        for base in cls.__bases__:
            names.extend(_class_names(base, seen))
    except Exception:
        pass
    return names


def _safe_dir(obj):
    """``dir(obj)`` plus ``obj.__dict__`` keys; if ``dir`` raises (MicroPython's ``dir`` runs
    properties, so a raising property makes it fail), the names found in the class hierarchy."""
    try:
        names = [n for n in dir(obj) if isinstance(n, str)]
    except Exception:
        names = _class_names(obj if isinstance(obj, type) else type(obj), [])
    names.extend(_dict_keys(obj))
    return names


def _filter(names, prefix):
    """Sorted unique names starting with prefix; ``_`` names only for a ``_`` prefix."""
    private = prefix.startswith("_")
    out = set()
    for name in names:
        if isinstance(name, str) and name.startswith(prefix) and (private or not name.startswith("_")):
            out.add(name)
    return sorted(out)


def _empty_completion(pos):
    return {"matches": [], "cursor_start": pos, "cursor_end": pos}



# --- module names ----------------------------------------------------------------------------

def _path_module_names():
    """Module and package names found in the guest's ``sys.path`` directories."""
    names = []
    try:
        import os
    except Exception:
        return names
    for entry in list(getattr(sys, "path", [])):
        if not isinstance(entry, str) or entry == ".frozen":
            continue
        try:
            listing = list(os.ilistdir(entry or "."))
        except Exception:
            continue
        for item in listing:
            try:
                name, kind = item[0], item[1]
                if kind == _DIR_FLAG:
                    if _is_identifier(name):
                        names.append(name)
                else:
                    for ext in (".py", ".mpy"):
                        if name.endswith(ext) and _is_identifier(name[:-len(ext)]):
                            names.append(name[:-len(ext)])
            except Exception:
                continue
    return names


def _package_submodules(package):
    """Dotted names of submodules of a loaded or on-path package (one level)."""
    names = []
    try:
        import os

        mod = _import_module(package)
        dirs = []
        if mod is not None:
            for name in _safe_dir(mod):
                try:
                    if not name.startswith("__") and _is_module(getattr(mod, name)):
                        names.append(package + "." + name)
                except Exception:
                    pass
            path = getattr(mod, "__path__", None)
            if isinstance(path, str):
                dirs.append(path)
            elif isinstance(path, (list, tuple)):
                dirs.extend(p for p in path if isinstance(p, str))
        else:
            for entry in sys.path:
                if isinstance(entry, str) and entry != ".frozen":
                    dirs.append((entry + "/" if entry else "") + package.replace(".", "/"))
        for d in dirs:
            try:
                listing = list(os.ilistdir(d))
            except Exception:
                continue
            for item in listing:
                name, kind = item[0], item[1]
                if name.endswith(".py") and name != "__init__.py":
                    name = name[:-3]
                elif kind != _DIR_FLAG:
                    continue
                if _is_identifier(name):
                    names.append(package + "." + name)
    except Exception:
        pass
    return names


def _optional_modules():
    global _optional_found
    if _optional_found is None:
        found = []
        for name in OPTIONAL_MODULES:
            try:
                __import__(name)
                found.append(name)
            except Exception:
                pass
        _optional_found = found
    return _optional_found


def _is_builtin_module(name):
    top = name.split(".")[0]
    if top in BLOCKED_MODULES:
        return False
    for known in BUILTIN_MODULES:
        if known == top or known.startswith(top + "."):
            return True
    return top in _optional_modules()


def _import_module(name):
    """The module object for dotted ``name`` if loaded or built in (imported then); else None."""
    mod = sys.modules.get(name)
    if mod is not None:
        return mod
    if not _is_builtin_module(name) or name.split(".")[0] in NO_IMPORT_MODULES:
        return None
    parts = name.split(".")
    try:
        mod = __import__(parts[0])
        for i in range(1, len(parts)):
            try:
                mod = getattr(mod, parts[i])  # built-in submodules (ulab.numpy) are attributes
            except AttributeError:
                __import__(".".join(parts[:i + 1]))
                mod = getattr(mod, parts[i])
        return mod
    except Exception:
        return None


def module_names():
    """All importable top-level and known dotted module names (sorted, unique)."""
    names = set(BUILTIN_MODULES)
    names.update(_optional_modules())
    try:
        for key in sys.modules:
            if isinstance(key, str) and not key.startswith("_mpk_"):
                names.add(key)
    except Exception:
        pass
    names.update(_path_module_names())
    for blocked in BLOCKED_MODULES:
        names.discard(blocked)
    return sorted(names)


def _complete_module(token):
    names = module_names()
    if "." in token:
        package = token.rsplit(".", 1)[0]
        names = names + _package_submodules(package)
        # match whole dotted names; offer only the next component
        prefix = token.rsplit(".", 1)[1]
        depth = token.count(".")
        cands = []
        for name in names:
            parts = name.split(".")
            if len(parts) > depth and ".".join(parts[:depth]) == package:
                cands.append(parts[depth])
        return _filter(cands, prefix), len(prefix)
    return _filter([n.split(".")[0] for n in names], token), len(token)


def _module_members(modname):
    """Names defined in module ``modname`` (imported only if built in or already loaded)."""
    mod = _import_module(modname)
    if mod is None:
        return []
    names = _safe_dir(mod)
    if "." not in modname:
        names.extend(n.split(".")[-1] for n in _package_submodules(modname))
    return names


# --- complete --------------------------------------------------------------------------------

def _import_completion(line):
    """(matches, token_length) when ``line`` is an import statement being typed, else None."""
    stmt = line.split(";")[-1].lstrip()
    if stmt.startswith("import ") or stmt.startswith("import\t"):
        rest = stmt[7:]
        token = rest.split(",")[-1].strip()
        if " " in token:
            return [], 0
        return _complete_module(token)
    if stmt.startswith("from ") or stmt.startswith("from\t"):
        rest = stmt[5:].lstrip()
        if " " not in rest and "\t" not in rest:
            if rest.startswith("."):
                return [], 0
            return _complete_module(rest)
        words = rest.split(None, 1)
        modname = words[0]
        after = words[1] if len(words) > 1 else ""
        if not after.startswith("import"):
            if "import".startswith(after.strip()):
                return _filter(["import"], after.strip()), len(after.strip())
            return [], 0
        if after == "import":
            return [], 0
        names_part = after[6:].replace("(", " ")
        token = names_part.split(",")[-1].strip()
        if " " in token or not (token == "" or _is_identifier(token)):
            return [], 0
        if modname.startswith("."):
            return [], 0
        return _filter(_module_members(modname), token), len(token)
    return None


def _open_quote(line):
    """Index of the quote opening an unterminated single-line string at the end of line, or -1."""
    quote = None
    start = -1
    i = 0
    while i < len(line):
        ch = line[i]
        if quote is None:
            if ch == "#":
                return -1
            if ch in "'\"":
                quote, start = ch, i
        elif ch == "\\":
            i += 1
        elif ch == quote:
            quote = None
        i += 1
    return start if quote is not None else -1


def _global_names(ns):
    names = [k for k in ns if isinstance(k, str)]
    mod = _builtins_module()
    if mod is not None:
        names.extend(_safe_dir(mod))
    names.extend(KEYWORDS)
    return names


def _key_completion(ns, line, quote_at):
    """(matches, length) for ``d['partial`` / ``d[partial`` when ``d`` is a dict, else None."""
    bracket = line.rfind("[") if quote_at < 0 else quote_at - 1
    if bracket < 0 or line[bracket:bracket + 1] != "[":
        return None
    typed = line[bracket + 1:]
    if quote_at < 0 and not (typed == "" or _is_identifier(typed)):
        return None
    base = _token_before(line[:bracket])
    if not base or base.startswith(".") or base.endswith(".") or ("0" <= base[0] <= "9"):
        return None
    found, obj = _resolve(ns, base)
    if not found or not isinstance(obj, dict):
        return None
    keys = [k for k in obj if isinstance(k, str)]
    if quote_at >= 0:
        partial = typed[1:]
        return sorted(set(k for k in keys if k.startswith(partial))), len(partial)
    return sorted(set(repr(k) for k in keys if k.startswith(typed))), len(typed)


def _path_completion(partial):
    """(matches, length) for a file path being typed in a string: entries of its directory."""
    import os

    cut = partial.rfind("/")
    directory, prefix = (partial[:cut + 1], partial[cut + 1:]) if cut >= 0 else ("", partial)
    names = []
    try:
        for item in os.ilistdir(directory or "."):
            name = item[0]
            if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
                names.append(name + "/" if item[1] == _DIR_FLAG else name)
    except Exception:
        return [], len(prefix)
    return sorted(names), len(prefix)


def complete(ns, code, cursor_pos=None):
    """Completions for the token before the cursor.

    Returns ``{"matches": [...], "cursor_start": int, "cursor_end": int}``: globals, builtins and
    keywords for a bare name; attributes (``dir`` + ``getattr`` walk) for ``a.b.c``; module names
    after ``import``/``from``; module members after ``from m import``; string keys after
    ``d[`` / ``d['`` for a dict ``d``; file names (guest file system) inside other strings.
    """
    try:
        code, pos = _clamp_cursor(code, cursor_pos)
    except Exception:
        return _empty_completion(0)
    try:
        text = code[:pos]
        line = text.split("\n")[-1]
        imp = _import_completion(line)
        if imp is not None:
            matches, length = imp
            return {"matches": matches, "cursor_start": pos - length, "cursor_end": pos}
        quote_at = _open_quote(line)
        keys = _key_completion(ns, line, quote_at)
        if keys is not None:
            matches, length = keys
            if quote_at < 0 and length:  # d[na: key literals and names both fit
                matches = matches + _filter(_global_names(ns), line[len(line) - length:])
            return {"matches": matches, "cursor_start": pos - length, "cursor_end": pos}
        if quote_at >= 0:
            matches, length = _path_completion(line[quote_at + 1:])
            return {"matches": matches, "cursor_start": pos - length, "cursor_end": pos}
        token = _token_before(text)
        start = pos - len(token)
        if token and "0" <= token[0] <= "9":
            return _empty_completion(pos)  # a number literal, not a name
        if "." in token:
            base, prefix = token.rsplit(".", 1)
            if not base:
                return _empty_completion(pos)
            found, obj = _resolve(ns, base)
            if not found:
                return _empty_completion(pos)
            matches = _filter(_safe_dir(obj), prefix)
            return {"matches": matches, "cursor_start": pos - len(prefix), "cursor_end": pos}
        if token == "":
            return _empty_completion(pos)
        return {"matches": _filter(_global_names(ns), token), "cursor_start": start, "cursor_end": pos}
    except Exception:
        return _empty_completion(pos)

