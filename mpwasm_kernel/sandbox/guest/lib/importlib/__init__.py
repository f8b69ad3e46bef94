# Guest library: importlib (import_module, reload, invalidate_caches).
import sys as _sys


def import_module(name, package=None):
    """The module `name` (imported if needed); a relative name (".mod") needs `package`."""
    if name.startswith("."):
        if not package:
            raise TypeError("the 'package' argument is required to perform a relative import for %r" % name)
        level = len(name) - len(name.lstrip("."))
        base = package.rsplit(".", level - 1)[0] if level > 1 else package
        name = base + "." + name.lstrip(".")
    __import__(name)
    return _sys.modules[name] if name in _sys.modules else _walk(name)


def _walk(name):
    module = __import__(name)
    for part in name.split(".")[1:]:
        module = getattr(module, part)
    return module


def reload(module):
    """Run `module`'s file again and update the module in place (the same object is returned).

    Built-in modules (no `__file__`) are returned as they are. Names the new code no longer
    defines stay, as in CPython."""
    name = getattr(module, "__name__", None)
    if type(module).__name__ != "module" or name is None:
        raise TypeError("reload() argument must be a module")
    if _sys.modules.get(name) is not module:
        raise ImportError("module %s not in sys.modules" % name)
    if getattr(module, "__file__", None) is None:
        return module
    del _sys.modules[name]
    try:
        fresh = import_module(name)
    except BaseException:
        _sys.modules[name] = module
        raise
    space = module.__dict__
    for key, value in fresh.__dict__.items():
        space[key] = value
    _sys.modules[name] = module
    return module


def invalidate_caches():
    pass
