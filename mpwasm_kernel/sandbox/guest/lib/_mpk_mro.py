"""CPython's method resolution order (C3 linearization) for MicroPython classes, which have no
`__mro__` or `mro()`: used by `cls.__mro__`/`cls.mro()` (the compatibility shims) and by the
built-in subclass support (`_mpk_native`). Runs inside MicroPython; imported on first use.

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
             for b in getattr(cls, "__bases__", ())]
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
            raise TypeError("Cannot create a consistent method resolution order (MRO)")
        out.append(head)
        seqs = [s[1:] if s[0] is head else s for s in seqs]
