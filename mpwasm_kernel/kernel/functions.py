"""Host functions an administrator exposes to notebooks, named by import strings.

``c.MicroPythonKernel.functions = {"check": "course.grading:check"}`` (or the kernelspec argv
``--functions check=course.grading:check``, or ``MPWASM_FUNCTIONS``). Each value is
``module:attribute`` (the attribute may be dotted). They are imported on the host once, when the
kernel starts; notebooks cannot add or replace them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping

from ..sandbox.functions import check_name


class FunctionImportError(Exception):
    """A configured host function could not be imported (message names it and why)."""


def parse_functions(text: str) -> dict[str, str]:
    """``MPWASM_FUNCTIONS``: a JSON object, or ``NAME=module:attr`` entries separated by ``;``."""
    text = text.strip()
    if text.startswith("{"):
        specs = json.loads(text)
        if not isinstance(specs, dict):
            raise ValueError("MPWASM_FUNCTIONS must be a JSON object of name -> 'module:attribute'")
        return {str(k): str(v) for k, v in specs.items()}
    specs = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        name, sep, target = entry.partition("=")
        if not sep:
            raise ValueError(f"MPWASM_FUNCTIONS entry {entry!r} is not NAME=module:attribute")
        specs[name.strip()] = target.strip()
    return specs


def resolve(name: str, target: str) -> Callable[..., object]:
    """Import ``module:attr.path`` and return the callable; `FunctionImportError` otherwise."""
    where = f"host function {name!r} ({target!r})"
    try:
        check_name(name)
    except ValueError as err:
        raise FunctionImportError(f"{where}: {err}") from None
    module_name, sep, attr_path = target.partition(":")
    if not sep or not module_name or not attr_path:
        raise FunctionImportError(f"{where}: expected 'module:attribute'")
    try:
        obj: object = importlib.import_module(module_name)
        for part in attr_path.split("."):
            obj = getattr(obj, part)
    except Exception as err:
        raise FunctionImportError(f"{where} could not be imported: {type(err).__name__}: {err}") from None
    if not callable(obj):
        raise FunctionImportError(f"{where} is not callable (it is a {type(obj).__name__})")
    return obj  # type: ignore[return-value]


def resolve_all(specs: Mapping[str, str]) -> dict[str, Callable[..., object]]:
    """Resolve every configured function (the first failure raises)."""
    return {name: resolve(name, target) for name, target in specs.items()}
