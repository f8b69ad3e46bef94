# Guest side: `help(obj)`, loaded on first use (runtime's `help` forwards here).
#
# Names the object (built-in functions have no __name__ here: they are found by searching
# builtins, the built-in types and modules), asks the host for documentation through the
# channel (cell source, or CPython's documentation for builtins), prints it; falls back to
# MicroPython's own help() when the host has none. MicroPython 1.29 syntax only.
import builtins
import sys

import _mpk_channel

_builtin_help = sys.modules["_mpk_runtime"]._builtin_help


def help(*args):
    # help(obj): documentation from the host (cell source, or CPython's for builtins).
    if not args:
        print("Type help(object) for help about object; in a notebook, object? shows the same.")
        return
    obj = args[0]
    name = obj if isinstance(obj, str) else getattr(obj, "__name__", None)
    module = ""
    instance = False
    if not isinstance(obj, str) and isinstance(name, str):
        found = _user_method(obj, name, args[1] if len(args) > 1 and isinstance(args[1], str) else "")
        if found is not None:  # a method of a cell's class: pydoc's page for it from the source
            reply = _mpk_channel.request({"type": "help", "name": found[0], "module": "__main__",
                                          "method_of": found[1]})
            if reply.get("text"):
                print(reply["text"], end="")
                return
    if not isinstance(obj, str):
        if type(obj) in _VALUE_TYPES:
            name = None  # a value (5 may be some module's constant too): its type's page
        elif not isinstance(name, str):
            name, module = _find_name(obj)
        if name is None and len(args) > 1 and isinstance(args[1], str):
            # the source's text for it (the source pass adds it: help(str.replace, "str.replace"))
            name, module = _from_text(args[1])
            if name is not None:
                bound = type(obj).__name__ == "bound_method"  # "x".lower: pydoc says "method of ... instance"
                reply = _mpk_channel.request({"type": "help", "name": name, "module": module, "bound": bound})
                if reply.get("text"):
                    print(reply["text"], end="")
                    return
        if name is None:
            instance = type(obj) in _VALUE_TYPES  # help(b"x"): pydoc's "Help on bytes object"
            obj = type(obj)
            name = obj.__name__
        if isinstance(obj, type):
            module = getattr(obj, "__module__", "")
        elif hasattr(obj, "__globals__"):
            module = obj.__globals__.get("__name__", "")
        if not module and getattr(builtins, name, None) is not obj:
            module = _find_name(obj)[1]
    reply = _mpk_channel.request({"type": "help", "name": name, "module": module, "instance": instance})
    if reply.get("text"):
        print(reply["text"], end="")
    else:
        _builtin_help(obj)


_VALUE_TYPES = (int, float, bytes, list, dict, tuple, set)


def _user_method(obj, name, dotted):
    # ("Class.name", "__main__.Kind") for a method of a cell's class bound to an instance of Kind
    # (its class found as CPython's order finds it); ("Class.name", None) for the function itself
    # named through its class (help(Student.say_hi)); None otherwise. The instance is the value
    # the source text names (help(jyry.say_hi, "jyry.say_hi")), else one in the user namespace.
    kind = type(obj).__name__
    space = sys.modules["_mpk_runtime"].user_namespace()
    head = dotted.rpartition(".")[0]
    if kind == "bound_method":
        owner = space.get(head, None) if head and "." not in head else None
        if owner is None or getattr(owner, name, None) != obj:
            owner = None
            for value in list(space.values()):
                if getattr(type(value), "__module__", None) == "__main__" and hasattr(type(value), name) and \
                        getattr(value, name, None) == obj:
                    owner = value
                    break
        if owner is None:  # a temporary instance (help(Dog().bark)): its class from the method's repr
            text = repr(obj)  # CPython's "<bound method Dog.bark of <__main__.Dog object at 0x...>>"
            kind = space.get(text[14:].partition(".")[0], None) if text.startswith("<bound method ") else None
            if not isinstance(kind, type) or getattr(kind, "__module__", None) != "__main__":
                return None
            cls = _defining(kind, name)
            if cls is None or isinstance(cls.__dict__[name], (classmethod, staticmethod)):
                return None
            return cls.__name__ + "." + name, "__main__." + getattr(kind, "__qualname__", kind.__name__)
        cls = _defining(owner if isinstance(owner, type) else type(owner), name)
        if cls is None:
            return None
        if isinstance(owner, type) or type(cls.__dict__[name]).__name__ == "classmethod":
            return cls.__name__ + "." + name, "builtins.type"
        return cls.__name__ + "." + name, "__main__." + getattr(type(owner), "__qualname__", type(owner).__name__)
    if kind in ("function", "closure") and head and "." not in head and isinstance(space.get(head, None), type):
        cls = _defining(space[head], name)
        if cls is not None and cls.__dict__.get(name) is obj:
            return cls.__name__ + "." + name, None
    return None


def _defining(kind, name):
    # the cell class that defines `name` first in CPython's order from `kind`
    for cls in __import__("_mpk_mro").mro(kind):
        if name in getattr(cls, "__dict__", {}):
            return cls if getattr(cls, "__module__", "") == "__main__" else None
    return None


def _from_text(dotted):
    # ("str.replace", "builtins") for a built-in type's method, ("sqrt", "math") for a module's
    # function, as _find_name names them
    head, _, attr = dotted.rpartition(".")
    if not head:
        return None, ""
    if isinstance(getattr(builtins, head, None), type):
        return dotted, "builtins"
    if head in sys.modules:
        return attr, head
    value = sys.modules["_mpk_runtime"].user_namespace().get(head, None) if "." not in head else None
    kind = type(value).__name__
    if value is not None and kind in ("str", "bytes", "list", "dict", "int", "float", "tuple", "set") and \
            getattr(builtins, kind, None) is type(value):
        return kind + "." + attr, "builtins"  # help(lst.count): a method of a variable's built-in type
    return None, ""


def _find_name(obj):
    # (name, module) of a built-in function or method, which has no __name__ here: search
    # builtins, the built-in types, imported modules and the built-in modules help knows.
    places = [("builtins", builtins)]
    for key in "str bytes list dict int float tuple set".split():
        places.append((key, getattr(builtins, key)))
    for key in sys.modules:
        places.append((key, sys.modules[key]))
    for key in "math cmath json random re time os struct binascii heapq array io gc errno hashlib".split():
        try:
            places.append((key, __import__(key)))
        except ImportError:
            pass
    for key, mod in places:
        try:
            names = dir(mod)
        except Exception:
            continue
        for attr in names:
            if not attr.startswith("_") and getattr(mod, attr, None) is obj:
                if isinstance(mod, type):
                    return key + "." + attr, "builtins"
                return attr, key
    return None, ""
