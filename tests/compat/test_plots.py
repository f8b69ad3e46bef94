"""The guest matplotlib: rendered SVGs rasterize at the asked size and are not empty; tick
positions and automatic limits match the host's matplotlib; figures show inline in the kernel."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import guestlib
import pytest

from mpwasm_kernel.sandbox import Sandbox

cairosvg = pytest.importorskip("cairosvg")
PIL_Image = pytest.importorskip("PIL.Image")

PLOTS = {
    "line": ("plt.figure(figsize=(6, 4))\nx = [i / 10 for i in range(63)]\n"
             "plt.plot(x, [math.sin(v) for v in x], 'r--o', label='sin')\n"
             "plt.plot(x, [math.cos(v) for v in x], label='cos', linewidth=2)\n"
             "plt.title('$\\\\alpha^2$'); plt.xlabel('x'); plt.ylabel('y'); plt.legend(); plt.grid(True)", (6, 4)),
    "scatter": ("plt.figure(figsize=(4, 4))\n"
                "plt.scatter([1, 2, 3, 4], [4, 1, 3, 2], c=[1, 2, 3, 4], s=[20, 40, 60, 80])\nplt.colorbar()", (4, 4)),
    "bar": ("plt.bar(['a', 'b', 'c'], [3, 5, 2], color='tab:green')\nplt.ylim(0, 6)", (6.4, 4.8)),
    "barh": ("plt.figure(figsize=(5, 3))\nplt.barh(range(4), [1, 10, 100, 5])\nplt.xscale('log')", (5, 3)),
    "hist": ("plt.figure(figsize=(5, 3.5))\nplt.hist([math.sin(i) for i in range(300)], bins=15, edgecolor='k')",
             (5, 3.5)),
    "pie": ("plt.figure(figsize=(4, 4))\nplt.pie([1, 2, 3], labels=['x', 'y', 'z'], autopct='%1.0f%%')", (4, 4)),
    "errorbar": ("plt.errorbar([1, 2, 3], [2, 4, 3], yerr=[0.5, 0.2, 0.4], fmt='o', capsize=4)\n"
                 "plt.fill_between([1, 2, 3], [1, 3, 2], [3, 5, 4], alpha=0.2)\n"
                 "plt.axhline(3, color='k', ls='--'); plt.axvline(2)\n"
                 "plt.annotate('top', xy=(2, 4), xytext=(1.2, 4.5), arrowprops={'arrowstyle': '->'})\n"
                 "plt.text(2.5, 2, 'note')", (6.4, 4.8)),
    "imshow": ("plt.figure(figsize=(5, 4))\nplt.imshow([[i * j for j in range(8)] for i in range(6)], cmap='viridis')\n"
               "plt.colorbar()", (5, 4)),
    "boxplot": ("plt.boxplot([[1, 2, 3, 4, 5, 30], [5, 6, 7, 7, 8, -3]], tick_labels=['a', 'b'])", (6.4, 4.8)),
    "spines_2d_y": ("fig, ax = plt.subplots(figsize=(5, 3))\nax.plot([0, 1, 2], [[1, 2], [3, 1], [2, 5]])\n"
                    "ax.spines['top'].set_visible(False)\nax.set_xticks([])", (5, 3)),
    "imshow_large": ("plt.figure(figsize=(4, 4))\n"
                     "plt.imshow([[math.sin(i / 20) * math.cos(j / 20) for j in range(300)] for i in range(300)])",
                     (4, 4)),
    "polar": ("fig = plt.figure(figsize=(4, 4))\nax = fig.add_axes([0.1, 0.1, 0.8, 0.8], polar=True)\n"
              "t = [i / 10 for i in range(63)]\nax.plot(t, t, color='blue', lw=3)", (4, 4)),
    "fields": ("fig, axes = plt.subplots(1, 3, figsize=(9, 3))\n"
               "Z = [[math.sin(i / 5) * math.cos(j / 7) for j in range(50)] for i in range(40)]\n"
               "axes[0].contour(Z, colors='k')\naxes[1].contourf(Z, 12, cmap='RdGy')\n"
               "axes[2].pcolormesh([0, 1, 3, 6], [0, 2, 3], [[1, 2, 3], [4, 5, 6]])", (9, 3)),
    "patches": ("from matplotlib.patches import Rectangle, Circle, FancyArrow\nfig, ax = plt.subplots(figsize=(4, 3))\n"
                "ax.add_patch(Rectangle((0, 0), 2, 1, fc='lightgray', ec='k'))\n"
                "ax.add_patch(Circle((3, 0.5), 0.4, color='C1'))\n"
                "ax.add_patch(FancyArrow(2, 0.5, 0.6, 0, width=0.02, color='k'))\n"
                "ax.text(1, 0.5, 'x = 5', ha='center', bbox=dict(fc='w'))\nax.set_xlim(-1, 4)\nax.set_ylim(-1, 2)",
                (4, 3)),
    "surface_3d": ("fig = plt.figure(figsize=(5, 4))\nax = fig.add_subplot(1, 1, 1, projection='3d')\n"
                   "X = [[j / 5 for j in range(30)] for i in range(30)]\n"
                   "Y = [[i / 5 for j in range(30)] for i in range(30)]\n"
                   "Z = [[math.sin(X[i][j]) * math.cos(Y[i][j]) for j in range(30)] for i in range(30)]\n"
                   "ax.plot_surface(X, Y, Z, rstride=2, cstride=2, cmap='coolwarm')\n"
                   "ax.contour(X, Y, Z, zdir='z', offset=-2)\nax.view_init(30, 45)", (5, 4)),
    "subplots": ("fig, axes = plt.subplots(2, 2, figsize=(8, 6))\naxes[0, 0].plot([1, 2, 3])\n"
                 "axes[0, 1].set_title('empty')\nfor ax in axes.flat:\n    ax.set_xlabel('x')\n"
                 "axes[1][1].step([1, 2, 3], [1, 3, 2])\nplt.tight_layout()", (8, 6)),
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        guestlib.install(sb, "matplotlib")
        assert sb.run("import math\nimport matplotlib.pyplot as plt").ok
        yield sb


def _svgs(result) -> list[str]:
    return [d["data"]["image/svg+xml"] for d in result.displays if "image/svg+xml" in d.get("data", {})]


def _raster(svg: str):
    png = cairosvg.svg2png(bytestring=svg.encode(), dpi=72)
    return PIL_Image.open(io.BytesIO(png)).convert("L")


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_renders_at_the_asked_size_and_is_not_empty(sandbox: Sandbox, name: str) -> None:
    code, (w, h) = PLOTS[name]
    result = sandbox.run(code)
    assert result.ok, result.error
    svgs = _svgs(result)
    assert len(svgs) == 1, "one figure shown at the end of the cell"
    ET.fromstring(svgs[0])  # well-formed XML
    image = _raster(svgs[0])
    assert image.size == (round(w * 72), round(h * 72))
    dark = sum(image.histogram()[:200])
    assert dark > 0.005 * image.size[0] * image.size[1], "the figure has visible content"
    # Figures are closed after the cell: the next cell shows nothing.
    assert _svgs(sandbox.run("x = 1")) == []


def test_show_displays_now_and_figures_close(sandbox: Sandbox) -> None:
    result = sandbox.run("plt.plot([1, 2]); plt.show()\nprint('after')\nplt.figure(); plt.plot([3, 1])")
    assert result.ok, result.error
    assert len(_svgs(result)) == 2
    assert result.stdout == "after\n"
    assert sandbox.run("len(plt._figs)").value == "0"


def test_savefig_writes_svg_into_the_sandbox(sandbox: Sandbox) -> None:
    result = sandbox.run("plt.plot([1, 2, 3]); plt.savefig('/tmp/fig.svg'); plt.close()\n"
                         "open('/tmp/fig.svg').read()[:4]")
    assert result.ok, result.error
    assert result.value == "'<svg'"
    assert _svgs(result) == []
    bad = sandbox.run("plt.plot([1]); plt.savefig('/tmp/fig.png')")
    assert bad.error is not None and "SVG" in bad.error.evalue


def test_clear_errors(sandbox: Sandbox) -> None:
    result = sandbox.run("plt.plot([1, 2], [1, 2, 3])")
    assert result.error is not None and result.error.ename == "ValueError"
    assert "same first dimension" in result.error.evalue
    result = sandbox.run("plt.imshow([[1, 2]], cmap='nope')")
    assert result.error is not None and "colormap" in result.error.evalue
    sandbox.run("plt.close('all')")


# -------------------------------------------------------------- differential against matplotlib

RANGES = [(0, 10), (-1, 1), (0.001, 0.0042), (-37, 1234), (3, 3.5), (0, 1e6), (-0.5, 9.5), (2.2, 97.1)]


def test_ticks_match_matplotlib(sandbox: Sandbox) -> None:
    """The guest's tick positions equal matplotlib's MaxNLocator (steps 1, 2, 2.5, 5, 10)."""
    from matplotlib.ticker import MaxNLocator

    for nbins in (5, 9):
        guest = sandbox.run(f"from matplotlib import _svg\n[_svg.nice_ticks(a, b, {nbins}) for a, b in {RANGES!r}]")
        assert guest.ok, guest.error
        ours = eval(guest.value)  # a list of lists of floats
        for (lo, hi), ticks in zip(RANGES, ours, strict=True):
            loc = MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10])
            ref = [t for t in loc.tick_values(lo, hi) if lo - 1e-9 * (hi - lo) <= t <= hi + 1e-9 * (hi - lo)]
            assert ticks == pytest.approx(ref), (lo, hi, nbins)


AUTO = [
    "plt.plot([1, 2, 3], [4, 1, 9])",
    "plt.plot(range(10))",
    "plt.scatter([0.1, 0.5, 0.3], [10, 20, 15])",
    "plt.bar(['a', 'b', 'c'], [3, 5, 2])",
    "plt.barh([1, 2], [4, 7])",
    "plt.hist([1, 2, 2, 3, 3, 3, 4], bins=4)",
    "plt.plot([1, 10, 100], [1, 100, 10000]); plt.xscale('log'); plt.yscale('log')",
    "plt.imshow([[1, 2, 3], [4, 5, 6]])",
    "plt.axhline(2); plt.plot([0, 1], [0, 1])",
    "plt.boxplot([[1, 2, 3, 4, 5, 30], [5, 6, 7, 7, 8, -3]])",
    "plt.pie([1, 2, 3])",
    "plt.plot([0, 1, 2], [[1, 2], [3, 1], [2, 5]])",
    "plt.errorbar([1, 2, 3], [2, 4, 3], yerr=[0.5, 0.2, 0.4])",
    "plt.fill_between([0, 1, 2], [1, 2, 1.5])",
    "plt.step([1, 2, 3], [3, 1, 2])",
]


@pytest.mark.parametrize("code", AUTO)
def test_auto_limits_match_matplotlib(sandbox: Sandbox, code: str) -> None:
    """Automatic view limits (data plus 5 % margins, sticky bar bases, image extents)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    mpl.close("all")
    exec(code, {"plt": mpl})
    ref = tuple(mpl.gca().get_xlim()) + tuple(mpl.gca().get_ylim())
    mpl.close("all")
    guest = sandbox.run(code + "\n_lims = plt.xlim() + plt.ylim()\nplt.close('all')\n_lims")
    assert guest.ok, guest.error
    assert eval(guest.value) == pytest.approx(ref, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("bins", ["auto", "fd", "sturges", "sqrt", "rice"])
def test_named_bins_match_matplotlib(sandbox: Sandbox, bins: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    data = [round(((i * 7919) % 1000) / 37.0 + (i % 13) * 0.5, 3) for i in range(400)]
    ref = list(mpl.hist(data, bins=bins)[1])
    mpl.close("all")
    guest = sandbox.run(f"_e = plt.hist({data!r}, bins={bins!r})[1]\nplt.close('all')\n_e")
    assert guest.ok, guest.error
    assert eval(guest.value) == pytest.approx(ref)


# -------------------------------------------------------------------------------- in the kernel


def test_kernel_cell_with_plot_shows_svg_display_data(run) -> None:
    reply, _ = run(guestlib.installer_source("matplotlib"))
    assert reply["content"]["status"] == "ok"
    reply, _ = run("%config InlineBackend.figure_format = 'svg'")  # the default is IPython's PNG
    assert reply["content"]["status"] == "ok"
    reply, outputs = run("%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nprint('drawn')")
    assert reply["content"]["status"] == "ok"
    displays = [m["content"] for m in outputs if m["msg_type"] == "display_data"]
    assert len(displays) == 1
    assert displays[0]["data"]["image/svg+xml"].startswith("<svg")
    assert displays[0]["data"]["text/plain"].startswith("<Figure size 640x480")
    reply, outputs = run("%matplotlib qt")
    assert reply["content"]["status"] == "error"
    for setting in ("%config InlineBackend.figure_format = 'retina'", "%config InlineBackend.rc = {}"):
        reply, _ = run(setting)
        assert reply["content"]["status"] == "ok", setting
    reply, outputs = run("%config Completer.use_jedi = False")
    assert reply["content"]["status"] == "error"


def test_figures_count_against_the_output_limit() -> None:
    from mpwasm_kernel.sandbox.limits import Limits

    with Sandbox(Limits(output_bytes=4000)) as sb:
        guestlib.install(sb, "matplotlib")
        result = sb.run("import matplotlib.pyplot as plt\nplt.plot(range(200), [v * v for v in range(200)])")
        assert result.error is not None and result.error.ename == "OutputLimitExceeded"
        assert sb.run("len(plt._figs) if 'plt' in globals() else 0").value == "0"


def test_reprs_of_returned_objects_match_matplotlib(sandbox: Sandbox) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    code = "[repr(plt.title('T')), repr(plt.xlabel('x')), repr(plt.ylabel('y')), repr(plt.gcf())]"
    ref = eval(code, {"plt": mpl})
    mpl.close("all")
    guest = sandbox.run("_r = " + code + "\nplt.close('all')\n_r")
    assert guest.ok, guest.error
    assert eval(guest.value) == ref


def _no_addresses(text: str) -> str:
    import re

    return re.sub(r"0x[0-9a-f]+", "0x…", text)


def test_artist_reprs_are_what_ipython_shows(sandbox: Sandbox) -> None:
    """``plt.plot(...)`` as a cell's value: IPython shows ``[<matplotlib.lines.Line2D at 0x…>]``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl
    from IPython.lib.pretty import pretty

    code = ("[plt.plot([1, 2], [3, 4], label='a'), plt.scatter([1], [2]), plt.legend(), plt.gca().xaxis, "
            "str(plt.plot([1, 2])[0])]")
    ref = [_no_addresses(pretty(v)) for v in eval(code, {"plt": mpl})]
    mpl.close("all")
    guest = sandbox.run("_r = [repr(v) for v in " + code + "]\nplt.close('all')\n_r")
    assert guest.ok, guest.error
    assert [_no_addresses(v) for v in eval(guest.value)] == ref


def test_add_axes_and_axis_objects_match_matplotlib(sandbox: Sandbox) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    code = ("fig = plt.figure()\nax = fig.add_axes([0.1, 0.1, 0.8, 0.8])\n"
            "inset = fig.add_axes([0.6, 0.6, 0.25, 0.25])\n"
            "ax.plot([0, 1, 2], [0, 1, 4])\ninset.plot([0, 1], [1, 0])\nax.xaxis.set_label_text('time')\n"
            "ax.yaxis.set_ticks([0, 2, 4])\n"
            "_r = [repr(fig), len(fig.axes), ax.get_xlabel(), ax.xaxis.get_label_text()]\n")
    scope: dict = {"plt": mpl}
    exec(code, scope)
    ref = [str(v) for v in scope["_r"]]
    mpl.close("all")
    guest = sandbox.run(code + "_svg = fig._repr_svg_()\nplt.close('all')\n[str(v) for v in _r]")
    assert guest.ok, guest.error
    assert eval(guest.value) == ref
    svg = sandbox.run("_svg").value
    assert svg.count("<path") + svg.count("<polyline") >= 2


TWINX = """\
fig, ax = plt.subplots()
ax.plot([0, 1, 2, 3], [1, 4, 9, 16], "b-", label="squares")
ax2 = ax.twinx()
ax2.plot([0, 1, 2, 3, 4], [10, 5, 2, 1, 0.5], "r--", label="decay")
ax2.set_ylabel("decay")
ax.set_xlabel("x")
ax3 = plt.twinx()
_r = [repr(fig), len(fig.axes), ax.get_xlim(), ax2.get_xlim(), ax2.get_ylim(), ax.get_ylim(), plt.gca() is ax3,
      ax2.get_ylabel()]
_r = [[round(float(v), 6) for v in x] if isinstance(x, tuple) else x for x in _r]
"""


def test_twinx_shares_x_like_matplotlib(sandbox: Sandbox) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    scope: dict = {"plt": mpl}
    exec(TWINX, scope)
    mpl.close("all")
    guest = sandbox.run(TWINX + "_svg = fig._repr_svg_()\nplt.close('all')\n_r")
    assert guest.ok, guest.error
    assert eval(guest.value) == scope["_r"]
    svg = sandbox.run("_svg").value
    assert "decay" in svg and svg.count("<path") >= 6


SUBPLOT2GRID = """\
import matplotlib.pylab as pl
fig = plt.figure()
ax1 = plt.subplot2grid((3, 3), (0, 0), colspan=3)
ax2 = plt.subplot2grid((3, 3), (1, 0), colspan=2)
ax3 = plt.subplot2grid((3, 3), (1, 2), rowspan=2)
ax4 = plt.subplot2grid((3, 3), (2, 0))
ax1.xaxis.set_ticks_position('bottom')
ax1.yaxis.set_ticks_position('left')
_r = [len(fig.axes), repr(fig), str(pl.linspace(0, 1, 3)), plt.gca() is ax4]
fig2 = plt.figure()
ax = plt.axes()
inset = plt.axes([0.6, 0.6, 0.2, 0.2])
_r += [repr(fig2), plt.gca() is inset]
"""


def test_subplot2grid_and_matplotlib_pylab_like_matplotlib(sandbox: Sandbox) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    scope: dict = {"plt": mpl}
    exec(SUBPLOT2GRID, scope)
    mpl.close("all")
    guest = sandbox.run(SUBPLOT2GRID + "_svg = fig._repr_svg_()\nplt.close('all')\n_r")
    assert guest.ok, guest.error
    assert eval(guest.value) == scope["_r"]
    for refused in ("plt.figure().add_subplot(1, 1, 1, projection='hammer')",
                    "plt.figure().add_axes([0, 0, 1, 1], projection='mollweide')"):
        result = sandbox.run(refused)
        assert result.error is not None and result.error.ename == "NotImplementedError", refused
        assert "sandbox's matplotlib" in result.error.evalue
    sandbox.run("plt.close('all')")


def test_empty_figure_shows_its_text_only_as_the_inline_backend(sandbox: Sandbox) -> None:
    """IPython renders no image for a figure without Axes, so the inline backend shows its text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl
    from IPython.core.pylabtools import print_figure

    empty = mpl.figure()
    assert print_figure(empty, "svg") is None
    text = repr(empty)
    mpl.close("all")
    result = sandbox.run("plt.figure()\npass")
    assert result.ok, result.error
    assert [d["data"] for d in result.displays] == [{"text/plain": text}]
