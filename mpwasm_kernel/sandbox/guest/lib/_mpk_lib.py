# Helpers for guest-library modules (see docs/guest-library.md).
#
# builtin(name) / frozen(name): MicroPython's own module of that name, bypassing the library's
# file, so a library module can extend it. missing(module, names): a module-level
# __getattr__ that says which CPython names the sandbox does not provide.
#
# `sys` is imported inside the functions: at module level it would make this module and the
# library's own sys.py import each other. Either sys works here: both share path and modules.


def builtin(name):
    """MicroPython's built-in (C) module `name`, never a file: ImportError if there is none.

    With an empty sys.path the importer skips sys.modules and the file system.
    """
    import sys

    saved = sys.path[:]
    sys.path[:] = []
    try:
        return __import__(name)
    finally:
        sys.path[:] = saved


def frozen(name):
    """MicroPython's frozen module `name` (else its built-in module), never a library file.

    Every module the import added to sys.modules leaves it again: the frozen module's own
    submodules and the frozen modules it imported in turn (frozen `os` imports frozen
    `collections`), which would otherwise shadow the library's modules of those names.
    """
    import sys

    mods = sys.modules
    mine = mods.pop(name, None)
    before = set(mods)
    saved = sys.path[:]
    sys.path[:] = [".frozen"]
    try:
        return __import__(name)
    finally:
        sys.path[:] = saved
        for key in list(mods):
            if key not in before:
                del mods[key]
        if mine is not None:
            mods[name] = mine
        else:
            mods.pop(name, None)


def export(space, module, skip=()):
    """Copy the public names of `module` into the dict `space` (names already there win)."""
    # the module's own dict, not dir(): MicroPython's dir() probes every qstr of the firmware and
    # of the run (`import time` 10.5 -> 8.6 M fuel after the library's loader)
    names = module.__dict__
    for key in names:
        if key[:1] != "_" and key not in space and key not in skip:
            space[key] = names[key]


def missing(module, names=()):
    """A module `__getattr__`: AttributeError for names the module lacks.

    Names in `names` (CPython has them, the sandbox does not) get a message that says so.
    """

    def __getattr__(name):
        if name in names:
            raise AttributeError(
                "module '%s' has no attribute '%s': %s.%s is not available in the sandbox "
                "(see the guest library table in the kernel's documentation)" % (module, name, module, name))
        raise AttributeError("module '%s' has no attribute '%s'" % (module, name))

    return __getattr__


def unavailable(what):
    """Raise NotImplementedError saying `what` is not available in the sandbox."""
    raise NotImplementedError("%s is not available in the sandbox" % what)


def annotations(cls):
    """The class body's annotations of `cls` (not inherited) as a list of (name, annotation).

    MicroPython drops annotations; the host's cell pass records them as the class attribute
    `__annotations__` (a dict, or a list/tuple of pairs in source order). [] if none.
    """
    try:
        ann = cls.__dict__.get("__annotations__")
    except AttributeError:
        ann = None
    if not ann:
        return []
    if isinstance(ann, dict):
        return list(ann.items())
    return [tuple(pair) for pair in ann]


_class_hooks = {}
_meta_hooks = {}
_installed = []


def _lineage(cls):
    order = [cls]
    i = 0
    while i < len(order):
        for base in getattr(order[i], "__bases__", ()):
            if base not in order:
                order.append(base)
        i += 1
    return order


def on_subclass(base, hook):
    """Call `hook(new_class, keywords)` for every class statement that inherits from `base`.

    The hook's return value becomes the class (it may return a replacement object). Installs,
    once, a `builtins.__build_class__` wrapper that also accepts class keywords (`metaclass=`
    is accepted and ignored: MicroPython has no metaclasses) and calls a base's plain-function
    `__init_subclass__(cls, **kwargs)` as CPython does.
    """
    _class_hooks[base] = hook
    _install()


def on_metaclass(meta, hook):
    """Call `hook(new_class, keywords)` for class statements that name `metaclass=meta`."""
    _meta_hooks[meta] = hook
    _install()


def _install():
    if _installed:
        return
    import builtins

    original = builtins.__build_class__

    def __build_class__(func, name, *bases, **keywords):
        meta = keywords.pop("metaclass", None)
        cls = original(func, name, *bases)
        if meta is not None and meta in _meta_hooks:
            return _meta_hooks[meta](cls, keywords)
        for klass in _lineage(cls)[1:]:
            hook = _class_hooks.get(klass)
            if hook is not None:
                return hook(cls, keywords)
        for klass in _lineage(cls)[1:]:
            try:
                init_subclass = klass.__dict__.get("__init_subclass__")
            except AttributeError:
                init_subclass = None
            if init_subclass is not None and not isinstance(init_subclass, (classmethod, staticmethod)):
                init_subclass(cls, **keywords)
                break
        else:
            if keywords:
                raise TypeError("%s.__init_subclass__() takes no keyword arguments" % name)
        return cls

    builtins.__build_class__ = __build_class__
    _installed.append(original)


def main_namespace():
    """The namespace of `__main__` as the user sees it: the cells' dict in the sandbox."""
    import sys

    runtime = sys.modules.get("_mpk_runtime")
    if runtime is not None:
        return runtime.user_namespace()
    main = sys.modules.get("__main__")
    return main.__dict__ if main is not None else {}


def format_exception(exc):
    """`Traceback (most recent call last):` ... `Type: message` for `exc`, as text."""
    import io
    import sys

    buf = io.StringIO()
    sys.print_exception(exc, buf)
    text = buf.getvalue()
    lines = [line for line in text.split("\n") if '"<mpk:' not in line and "/lib/python3/" not in line]
    return "\n".join(lines)


_docs = {}


def set_doc(obj, text):
    """Record `obj`'s docstring (MicroPython keeps class docstrings but drops function ones:
    the host cell pass may call this after a `def`; doctest and help() read it back)."""
    _docs[id(obj)] = (obj, text)


def doc(obj):
    """The docstring of `obj`: its `__doc__`, else one recorded with set_doc(), else (a function
    of the cells) the one its `def` has in the source, else None."""
    try:
        text = obj.__doc__
    except AttributeError:
        text = None
    if text is None and isinstance(obj, type):
        text = obj.__dict__.get("__doc__")
    if text is None:
        entry = _docs.get(id(obj))
        if entry is not None and entry[0] is obj:
            text = entry[1]
    if text is None:
        text = _mpk_doc(obj)  # noqa: F821 - the shims' builtin: a cell function's docstring, from the source
    return text


def doc_line(obj):
    """The 0-based line of a cell function's docstring in its cell (where CPython's doctest counts
    example lines from), or None: known once doc(obj) came from the source."""
    return _mpk_doc(obj, True)[1]  # noqa: F821 - the shims' builtin
