"""The runner's figure formats (runner/figures.py): what reaches the outputs besides IPython's
bundle shapes, which tests/kernel/test_figure_formats_ipython.py compares with a real kernel."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from mpwasm_kernel import Limits
from mpwasm_kernel.runner import Display, Request, RequestRunner, figures, raster

pytest.importorskip("cairosvg")


@pytest.fixture(scope="module")
def runner() -> Iterator[RequestRunner]:
    with RequestRunner(Limits()) as shared:
        shared.run(Request("import matplotlib.pyplot as plt"))
        yield shared


def _displays(runner: RequestRunner, code: str) -> list[Display]:
    return [o for o in runner.run(Request(code)).outputs if isinstance(o, Display)]


def test_png_is_the_figure_at_100_dpi_and_the_marker_stays_inside(runner: RequestRunner) -> None:
    (shown,) = _displays(runner, "plt.figure(figsize=(4, 3))\nplt.plot([1, 2]);")
    png = base64.b64decode(shown.data["image/png"])
    assert sorted(shown.data) == ["image/png", "text/plain"] and shown.metadata == {}
    assert figures._png_size(png) == (400, 300)


def test_a_user_svg_and_an_oversized_figure_keep_their_svg(runner: RequestRunner,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (user,) = _displays(runner, "from IPython.display import SVG, display\n"
                                "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>'))")
    assert "image/svg+xml" in user.data and "image/png" not in user.data
    monkeypatch.setattr(raster, "MAX_SVG_CHARS", 100)
    (big,) = _displays(runner, "plt.plot([1, 2]);")
    assert sorted(big.data) == ["image/svg+xml", "text/plain"] and big.metadata == {}


def test_rasterizing_time_is_bounded_per_request(runner: RequestRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "REQUEST_SECONDS", 0.0)
    shown = _displays(runner, "plt.plot([1]); plt.show()\nplt.plot([2]);")
    assert [sorted(d.data) for d in shown] == [["image/svg+xml", "text/plain"]] * 2
