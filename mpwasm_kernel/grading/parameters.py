"""Notebook parameters, injected as papermill does.

The values go into a new code cell tagged ``injected-parameters`` placed right after the cell
tagged ``parameters`` (or first in the notebook when there is none); an ``injected-parameters``
cell left by an earlier run is replaced. The cell assigns each name its value as a Python
literal, so later cells see the new values while the ``parameters`` cell keeps the defaults.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def parse_value(text: str) -> Any:
    """A ``-p NAME VALUE`` value: ``True``/``False``/``None``, an int, a float, else the text."""
    special = {"True": True, "False": False, "None": None}
    if text in special:
        return special[text]
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def literal(value: Any) -> str:
    """Python source for a JSON-like value (str, int, float, bool, None, list, tuple, dict)."""
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return repr(value)
        return f"float({str(value)!r})"
    if isinstance(value, list | tuple):
        items = ", ".join(literal(v) for v in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError("parameter values must be JSON-like (str, number, bool, None, list, dict), "
                    f"got {type(value).__name__}")


def parameters_source(parameters: Mapping[str, Any]) -> str:
    """The source of the injected cell."""
    for name in parameters:
        if not str(name).isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier")
    return "# Parameters\n" + "".join(f"{name} = {literal(value)}\n" for name, value in parameters.items())


def cell_tags(cell: Mapping[str, Any]) -> list[str]:
    """The cell's tags: ``metadata.tags`` when it is a list (of str, as nbformat's schema says).

    Any other value counts as no tags: a string would otherwise be matched as a substring
    (``"my-raises-exception"`` containing ``raises-exception``), letting a submission mark its
    own failing cells as expected to fail.
    """
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, Mapping) else None
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def inject_parameters(nb: Any, parameters: Mapping[str, Any]) -> int | None:
    """Insert (or replace) the injected-parameters cell in `nb`; return its index (None: nothing to do)."""
    if not parameters:
        return None
    import uuid  # here: only a batch with parameters needs it

    cell: dict[str, Any] = {"cell_type": "code", "execution_count": None, "id": uuid.uuid4().hex[:8],
                            "metadata": {"tags": [INJECTED_TAG]}, "outputs": [],
                            "source": parameters_source(parameters)}
    nbformat = sys.modules.get("nbformat")
    if nbformat is not None and isinstance(nb, nbformat.NotebookNode):
        cell = nbformat.from_dict(cell)
    cells = nb["cells"]
    old = [i for i, c in enumerate(cells) if INJECTED_TAG in cell_tags(c)]
    for i in reversed(old):
        del cells[i]
    tagged = [i for i, c in enumerate(cells) if PARAMETERS_TAG in cell_tags(c)]
    index = tagged[0] + 1 if tagged else 0
    cells.insert(index, cell)
    return index
