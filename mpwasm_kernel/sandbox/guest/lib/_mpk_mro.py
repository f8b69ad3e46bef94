"""CPython's method resolution order (C3 linearization) for MicroPython classes, which have no
`__mro__` or `mro()`: used by `cls.__mro__`/`cls.mro()` (the compatibility shims) and by the
built-in subclass support (`_mpk_native`). Runs inside MicroPython; imported on first use.

MicroPython looks attributes up depth first (`class D(B, C)` with `B(A)`, `C(A)`: D, B, A, C),
CPython in this order (D, B, C, A). The source pass writes a class with two or more bases as
`class D(_mpk_mro.lead(B, C), B, C)`: `lead` makes a class, searched first, that holds what
CPython's order finds where the depth-first search would find something else (it is left out of
`mro()` and `__bases__`); and `super().name` in the methods of such a cell's classes as
`_mpk_mro.sup(__class__, self, 'name')`, the next class in the instance's CPython order.

A class statement's implicit base is MicroPython's own object type, whose base is the builtins
name: both are `object` here. MicroPython's bool derives from object, CPython's from int.
"""


def mro(cls):
    """The classes of `cls`'s CPython method resolution order, `cls` first, `object` last; raises
    CPython's TypeError when the bases allow no consistent order."""
    if cls.__name__ == "object" and getattr(cls, "__module__", "builtins") == "builtins":
        return [object]
    if cls is bool:
        return [bool, int, object]
    bases = [object if b.__name__ == "object" and getattr(b, "__module__", "builtins") == "builtins" else b
             for b in getattr(cls, "__bases__", ()) if "_mpk_lead" not in getattr(b, "__dict__", ())]
    if not bases:
        return [cls, object]
    seqs = [mro(b) for b in bases] + [bases]
    out = [cls]
    while True:
        seqs = [s for s in seqs if s]
        if not seqs:
            return out
        for seq in seqs:
            head = seq[0]
            if not any(head in s[1:] for s in seqs):
                break
        else:
            heads = []
            for seq in seqs:
                if seq[0] not in heads:
                    heads.append(seq[0])
            raise TypeError("Cannot create a consistent method resolution\norder (MRO) for bases "
                            + ", ".join(h.__name__ for h in heads))
        out.append(head)
        seqs = [s[1:] if s[0] is head else s for s in seqs]


_orders = {}  # class -> its order (bases never change here)


def _order(cls):
    order = _orders.get(cls)
    if order is None:
        if len(_orders) > 256:
            _orders.clear()
        order = _orders[cls] = mro(cls)
    return order


def _depth_first(bases, name):
    # the class MicroPython's lookup finds `name` in (object's methods are looked up last)
    for base in bases:
        if base is object:
            continue
        if name in base.__dict__:
            return base
        found = _depth_first(getattr(base, "__bases__", ()), name)
        if found is not None:
            return found
    return None


def lead(*bases):
    """The first base of `class X(*bases)` (see the module docstring): CPython's choice for each
    name where MicroPython's depth-first lookup over `bases` would choose another class."""
    probe = type("_mpk_probe", bases, {"_mpk_lead": True})  # CPython's TypeError for no consistent order
    order = mro(probe)[1:]
    chosen = {"_mpk_lead": True, "__module__": "builtins"}
    seen = set()
    # object's __init__ and __repr__ as the source pass gives plain classes (lib/_mpk_object.py)
    # already look for what CPython's order finds: where they are found first, nothing is added
    plain = __import__("_mpk_object")
    defaults = (plain.default_init, plain.default_repr)
    for kind in order:
        if kind is object:
            continue
        for name in kind.__dict__:
            if name in seen or name in ("__module__", "__qualname__", "__dict__", "__doc__", "_mpk_lead"):
                continue
            seen.add(name)
            first = _depth_first(bases, name)
            if first is not kind and (first is None or first.__dict__[name] not in defaults):
                chosen[name] = kind.__dict__[name]
    return type("lead", (), chosen)


_found = {}  # (type, class, name) -> what `sup` found in a class's dict (_orders: nothing)


def sup(cls, obj, name):
    """`super().name` in a method of `cls` called on `obj`: the next class after `cls` in
    `type(obj)`'s CPython order that defines `name` (a function bound to `obj`), else MicroPython's
    `super(cls, obj).name` (object's methods, static and class methods)."""
    key = (type(obj), cls, name)
    value = _found.get(key)
    if value is None:
        if len(_found) > 1024:
            _found.clear()
        value = _found[key] = _search(key[0], cls, name)
    if value is _orders:
        if name == "__init__" and isinstance(obj, BaseException):
            return _no_init  # BaseException's: MicroPython set `args` when it made obj
        return getattr(super(cls, obj), name)
    if type(value).__name__ == "function" or type(value).__name__ == "closure":
        return lambda *args, **kwargs: value(obj, *args, **kwargs)
    return value


def _no_init(*args, **kwargs):
    return None


def _search(kind, cls, name):
    order = _order(kind)
    plain = __import__("_mpk_object")
    if cls in order:
        for kind in order[order.index(cls) + 1:]:
            if kind is object:
                break
            value = kind.__dict__.get(name, _orders)
            if value is _orders or value is plain.default_init or value is plain.default_repr:
                continue  # (object's, which the source pass gives plain classes)
            if type(value) is staticmethod or type(value) is classmethod or \
                    type(value).__name__ not in ("function", "closure") and hasattr(value, "__get__"):
                break
            return value
    return _orders
