"""String formatting in the source pass: which f-strings and `str.format` templates this build
formats otherwise than CPython, and an f-string as a concatenation of `format()` calls."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable

from .shapes import _BINDING_NODES, _bound_by, _is_type_call

_FSTRING_DEBUG = re.compile(r"(?<![=!<>])=}(?!})")
# `f"{x = }"`, `f"{x= :>5}"`: a self-documenting field with spaces around its '=' (a syntax error
# for MicroPython's parser): the f-string goes through `_fstring_as_format`, whose parts come from
# CPython's parse (the text "x = " and the field with its conversion or spec).
_FSTRING_SPACED_DEBUG = re.compile(r"[^=!<>:\s]\s+=\s*[}!:]|[^=!<>:\s]=\s+[}!:]")
# Format specs this build formats as CPython does whatever the value's type: a type letter, no
# grouping, no '=' fill or alignment, at most 10 digits of precision (with more, a float of
# 10**(17 - p) or more needs more significant digits than the build gets right: 17). Other specs
# (3.0 with no type prints "3" here) make the f-string go through the guest's format()
# (`_risky_fstring`).
_NATIVE_SPEC = re.compile(r"(?:[^{}=]?[<>^])?[+\- ]?#?0?\d*(?:\.(?:\d|10))?[fFeEdxXobcs]")


def _risky_fstring(node: ast.JoinedStr) -> bool:
    """Does the f-string have a replacement field whose spec this build formats otherwise?"""
    for value in node.values:
        if isinstance(value, ast.FormattedValue) and value.format_spec is not None:
            spec = value.format_spec
            parts = spec.values if isinstance(spec, ast.JoinedStr) else [spec]
            if not all(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
                return True  # a nested field: the spec is known at run time only
            if not _NATIVE_SPEC.fullmatch("".join(p.value for p in parts)):  # type: ignore[union-attr]
                return True
    return False


def _risky_template(template: str) -> bool:
    """Does a str.format template have a field whose spec this build formats otherwise (see
    `_NATIVE_SPEC`; a nested field's spec is known at run time only)? False if it does not parse."""
    try:
        fields = [(spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except (ValueError, IndexError):
        return False
    return any(spec and ("{" in spec or not _NATIVE_SPEC.fullmatch(spec)) or conv == "a"  # "{!a}": ascii()
               for spec, conv in fields)


def _field_source(expr: ast.expr) -> str:
    """An f-string field's expression as source, with this pass's rewrites applied (positions
    inside f-strings are not reliable in CPython 3.11's ast: the field is unparsed and rewritten
    on its own)."""
    from . import transform  # the package runs this module: imported at call time

    text = ast.unparse(expr)
    return transform(text) if "\n" not in text else text


def _fields_rewritten(node: ast.JoinedStr) -> bool:
    """Does a field of the f-string hold something this pass rewrites (`f"{name.title()}"`)?"""
    return any(isinstance(v, ast.FormattedValue) and _field_source(v.value) != ast.unparse(v.value)
               for v in node.values)



def _type_field(value: ast.expr) -> bool:
    """Is an f-string part the field `{type(x)}` (or `{type(x)!s}`), which CPython shows as the
    class's repr (`<class '__main__.A'>`; MicroPython's str of a class omits the module)?"""
    return isinstance(value, ast.FormattedValue) and value.format_spec is None \
        and value.conversion in (-1, ord("s")) and _is_type_call(value.value)


def _fstring_as_format(node: ast.JoinedStr, type_fields: bool = True) -> str:
    """`f"a{x:9}b"` as `'a' + format(x, '9') + 'b'` (conversions through repr/str/ascii; a
    `{type(x)}` field as `repr(type(x))` when `type_fields`)."""
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(repr(value.value))
            continue
        assert isinstance(value, ast.FormattedValue)
        expr = f"({_field_source(value.value)})"
        if type_fields and _type_field(value):
            parts.append(f"repr{expr}")
            continue
        if value.conversion in (ord("r"), ord("s"), ord("a")):
            expr = {ord("r"): "repr", ord("s"): "str", ord("a"): "ascii"}[value.conversion] + expr
        spec = value.format_spec
        if spec is None:
            parts.append(f"format({expr})")
        elif isinstance(spec, ast.JoinedStr) and all(isinstance(p, ast.Constant) for p in spec.values):
            parts.append(f"format({expr}, {''.join(p.value for p in spec.values)!r})")  # type: ignore[attr-defined]
        else:
            parts.append(f"format({expr}, {ast.unparse(spec)})")
    return " + ".join(parts) if parts else "''"


# A `%` conversion: mapping key, flags, width, precision, type (CPython's printf-style syntax).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?P<prec>\*|\d*))?[hlL]?(?P<kind>[diouxXeEfFgGcrsa%])")
# Significant digits this build's float formatting gets right (MicroPython's mp_format_float
# computes at most 19 digits and pads the rest with zeros; at 16 and 17 digits, floats just below
# a power of ten come out wrong: `'%.17g' % 1e-07` is `1e-07`, `'%.16e' % 1e23` is
# `0.9999999999999999e+23`).
EXACT_DIGITS = 15


# With an `e` or `g` conversion, subnormal floats need the exact formatter too (the build's digits
# of `'%.4e' % 1e-320` are `1.0000e-320`, CPython's `9.9999e-321`): such a template gets this bound,
# the largest float, so `_mpk_pctf` looks at every float argument (it sends subnormals there).
WHOLE_RANGE = int(1.7976931348623157e308)


def percent_float_bound(template: str) -> int | None:
    """For a `"template" % x` literal with float conversions (e, f, g): the magnitude from which
    a float argument needs the guest's exact formatting (`10 ** (17 - p)` for `%.pf`, 0 when a
    conversion asks for more than 17 significant digits whatever the value, `WHOLE_RANGE` for
    `e`/`g` conversions otherwise); None without float conversions or with a `*` precision (left
    to the build)."""
    bound = None
    for m in _PERCENT.finditer(template):
        kind, prec = m["kind"], m["prec"]
        if kind not in "eEfFgG":
            continue
        if prec == "*":
            return None
        p = 6 if prec is None else int(prec or 0)
        if kind in "fF":
            limit = 0 if p >= EXACT_DIGITS else 10 ** (EXACT_DIGITS - p)
        else:
            limit = 0 if p + (kind in "eE") > EXACT_DIGITS else WHOLE_RANGE
        if limit is not None:
            bound = limit if bound is None else min(bound, limit)
    return bound


def _template_names(tree: ast.Module, accept: Callable[[str], bool]) -> dict[str, list[str]]:
    """Names the source binds only by `name = "literal"`, to literals `accept` takes (`t =
    "%.16e"`): each name's literals. A name bound any other way anywhere is left out."""
    found: dict[str, list[str]] = {}
    targets: set[int] = set()
    bindings: list[ast.AST] = []
    for node in ast.walk(tree):  # one walk: the literal assignments, and every other binding
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) \
                and accept(node.value.value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value.value)
                    targets.add(id(target))
        elif type(node) in _BINDING_NODES and not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)):
            bindings.append(node)
    if not found:
        return found
    other = {name for node in bindings if id(node) not in targets for name in _bound_by(node)}
    return {name: texts for name, texts in found.items() if name not in other}
