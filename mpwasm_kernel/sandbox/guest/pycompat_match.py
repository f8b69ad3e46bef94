# Guest side, compiled on first use only: the matcher of `match` statements.
# A part of the lazily compiled CPython shims: the host appends this file to pycompat_lazy.py
# (PYCOMPAT_LAZY in boot.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - names are provided by the shims' namespace, not defined here

# @part _mpk_match
# `match` statements, rewritten by the source pass into an if/elif chain whose conditions call
# _mpk_match(subject, spec): the dict of captured names when the pattern matches, else None.
# A spec is a tuple built by the host from the pattern: ("v", value), ("is", constant),
# ("as", spec or None, name or None), ("or", specs), ("seq", specs) with ("star", name) inside,
# ("map", keys, specs, rest), ("cls", cls, positional specs, keyword names, keyword specs).
_SELF_MATCH = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


def _mpk_match(subject, spec):
    out = {}
    return out if _match(subject, spec, out) else None


def _match(x, spec, out):
    kind = spec[0]
    if kind == "v":
        return x == spec[1]
    if kind == "is":
        return x is spec[1]
    if kind == "as":
        if spec[1] is not None and not _match(x, spec[1], out):
            return False
        if spec[2] is not None:
            out[spec[2]] = x
        return True
    if kind == "or":
        for alt in spec[1]:
            trial = {}
            if _match(x, alt, trial):
                out.update(trial)
                return True
        return False
    if kind == "seq":
        if type(x) not in (list, tuple, range) and not isinstance(x, (list, tuple)):
            return False
        items = list(x)
        pats = spec[1]
        star = -1
        for i in range(len(pats)):
            if pats[i][0] == "star":
                star = i
        if star < 0:
            if len(items) != len(pats):
                return False
            for i in range(len(pats)):
                if not _match(items[i], pats[i], out):
                    return False
            return True
        after = len(pats) - star - 1
        if len(items) < len(pats) - 1:
            return False
        for i in range(star):
            if not _match(items[i], pats[i], out):
                return False
        for i in range(after):
            if not _match(items[len(items) - after + i], pats[star + 1 + i], out):
                return False
        if pats[star][1] is not None:
            out[pats[star][1]] = items[star:len(items) - after]
        return True
    if kind == "map":
        if not isinstance(x, dict):
            return False
        keys = spec[1]
        for i in range(len(keys)):
            if keys[i] not in x or not _match(x[keys[i]], spec[2][i], out):
                return False
        if spec[3] is not None:
            rest = {}
            for k in x:
                if k not in keys:
                    rest[k] = x[k]
            out[spec[3]] = rest
        return True
    if kind == "cls":
        cls = spec[1]
        if not isinstance(cls, type):
            raise TypeError("called match pattern must be a class")
        if not isinstance(x, cls):
            return False
        pos = spec[2]
        if pos:
            if cls in _SELF_MATCH:
                if len(pos) > 1:
                    raise TypeError("%s() accepts 1 positional sub-pattern (%d given)" % (cls.__name__, len(pos)))
                if not _match(x, pos[0], out):
                    return False
            else:
                names = getattr(cls, "__match_args__", ())
                if len(pos) > len(names):
                    raise TypeError("%s() accepts %d positional sub-patterns (%d given)"
                                    % (cls.__name__, len(names), len(pos)))
                for i in range(len(pos)):
                    if not hasattr(x, names[i]) or not _match(getattr(x, names[i]), pos[i], out):
                        return False
        for i in range(len(spec[3])):
            if not hasattr(x, spec[3][i]) or not _match(getattr(x, spec[3][i]), spec[4][i], out):
                return False
        return True
    raise ValueError("unknown match pattern")
