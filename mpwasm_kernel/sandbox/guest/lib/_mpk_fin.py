# Guest library: `__del__` for `del name` (the source pass calls `fin` before a module-level
# `del`, cpython/transform.py). This build runs no finalisers and keeps no reference counts;
# CPython calls `__del__` when `del` drops an object's last reference. Here it is called when
# the object's class defines `__del__` and no other global refers to it (directly, or as an item
# of a global list, tuple, set or dict, or an attribute of a global instance). In a function
# (`fin_local`), the function's own names count as well. A reference held elsewhere (a closure,
# a caller's variables, a deeper container, IPython's Out history) is not seen.
import sys


def fin(space, names, *objects):
    # objects: the names' values, read by the cell itself (a missing name raises NameError on the
    # cell's line, where MicroPython's module-level `del` would raise KeyError)
    for name, obj in zip(names, objects):
        if space.get(name, fin) is not obj or type(obj) is type:
            continue
        method = getattr(type(obj), "__del__", None)
        if method is None or _held(space, obj, name, names):
            continue
        try:
            method(obj)
        except Exception as exc:  # CPython reports and ignores an exception in __del__
            print("Exception ignored in: %r" % (method,), file=sys.stderr)
            sys.print_exception(exc, sys.stderr)


def fin_local(outer, space, names, *objects):
    # `del name` of a function's local: `space` holds the function's names (`_mpk_locals`);
    # a global referring to the object keeps it too
    for name, obj in zip(names, objects):
        if type(obj) is type or _held(outer, obj, None, ()):
            continue
        fin(space, (name,), obj)


def _held(space, obj, name, names):
    # Does a global other than the names deleted together refer to obj (one level deep)?
    for key in space:
        if key == name or key in names:
            continue
        value = space[key]
        if value is obj:
            return True
        kind = type(value)
        if kind is list or kind is tuple or kind is set:
            for item in value:
                if item is obj:
                    return True
        elif kind is dict:
            for item in value.values():
                if item is obj:
                    return True
        elif kind.__module__ == "__main__" if hasattr(kind, "__module__") else False:
            data = getattr(value, "__dict__", None)
            if type(data) is dict:
                for item in data.values():
                    if item is obj:
                        return True
    return False
