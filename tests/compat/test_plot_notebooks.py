"""The arrays-and-plots example notebooks run headless (nbclient) without errors and show figures."""

from __future__ import annotations

from pathlib import Path

import guestlib
import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.mark.parametrize(("name", "packages"), [
    ("arrays_and_plots.ipynb", ("numpy", "matplotlib")),
    ("plots_without_numpy.ipynb", ("numpy", "matplotlib")),
])
def test_example_notebook_runs_and_shows_figures(kernel_tools, name: str, packages: tuple[str, ...]) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    install = not guestlib.loader_present()
    if install:  # until the guest library loader serves sandbox/guest/lib
        nb.cells.insert(0, nbformat.v4.new_code_cell(guestlib.installer_source(*packages)))
    NotebookClient(nb, kernel_name=nb.metadata.kernelspec.name, timeout=120).execute()
    cells = nb.cells[1:] if install else nb.cells
    outputs = [out for cell in cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    figures = [out for out in outputs if out.output_type == "display_data"
               and ("image/png" in out.data or "image/svg+xml" in out.data)]
    assert len(figures) >= 3
    assert all(fig.data["image/svg+xml"].startswith("<svg") for fig in figures if "image/svg+xml" in fig.data)
