"""The guest matplotlib's API against the host's: the same code prints the same text.

Each case runs on CPython with matplotlib (Agg) and numpy, and in a default Sandbox; stdout must
be equal (object addresses masked), or both must raise the same exception type. The cases cover
what teaching notebooks print about figures: tick-label and label Texts at matplotlib's
positions, artist strs, spines and tick sides, ticker locators/formatters, gridspec positions
(``str(ax)``), contour levels, mesh and contour data limits, colour maps, patches' strs and
colours, transforms, ``matplotlib.use`` checking the backend name.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator

import pytest

from mpwasm_kernel.sandbox import Sandbox

np = pytest.importorskip("numpy")
matplotlib = pytest.importorskip("matplotlib")

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
SETUP = "import numpy as np\nimport matplotlib\nimport matplotlib.pyplot as plt\n"

CASES = {
    'ticklabels': (
        'fig, ax = plt.subplots()\n'
        'x = np.linspace(0, 5, 10)\n'
        'ax.plot(x, x**2)\n'
        'print(ax.get_yticklabels())\n'
        'print(ax.get_xticklabels())\n'
        "print(ax.set_xticklabels(['a', 'b']) if False else 0)\n"
        'ax.set_xticks([1, 2, 3])\n'
        "print(ax.set_xticklabels(['a', 'b', 'c']))\n"
        'print(ax.set_yticks([0, 50, 100]))\n'),
    'yticklabels': (
        'fig, ax = plt.subplots()\n'
        'ax.set_yticks([0, 50, 100, 150])\n'
        "print(ax.set_yticklabels(['$%.1f$' % y for y in [0, 50, 100, 150]], fontsize=18))\n"
        'for label in ax.get_yticklabels():\n'
        "    label.set_color('blue')\n"
        'print(ax.get_yticklabels()[0].get_color(), ax.get_yticklabels()[0].get_text())'),
    'labels': (
        'fig, ax = plt.subplots()\n'
        "print(ax.set_xlabel('x'), ax.set_ylabel('f(x)'), ax.set_title('t'))\n"
        "print(ax.text(1, 2, 'hi'), ax.annotate('a', xy=(1, 2)))\n"
        "print(ax.yaxis.get_label(), plt.xlabel('k'), plt.title('x'), plt.suptitle('s'),"
        " fig.suptitle('u'))\n"
        'print(ax.get_xlabel(), ax.xaxis.get_label().get_text())'),
    'spines': (
        'fig, ax = plt.subplots(figsize=(6,2))\n'
        "ax.spines['bottom'].set_color('blue')\n"
        "ax.spines['top'].set_color('blue')\n"
        "ax.spines['left'].set_color('red')\n"
        "ax.spines['left'].set_linewidth(2)\n"
        "ax.spines['right'].set_color('none')\n"
        'print(ax.yaxis.tick_left())\n'
        "print(ax.spines['left'])"),
    'spines_pos': (
        'fig, ax = plt.subplots()\n'
        "ax.spines['right'].set_color('none')\n"
        "ax.spines['top'].set_color('none')\n"
        "ax.xaxis.set_ticks_position('bottom')\n"
        "ax.spines['bottom'].set_position(('data',0))\n"
        "ax.yaxis.set_ticks_position('left')\n"
        "ax.spines['left'].set_position(('data',0))\n"
        'xx = np.linspace(-0.75, 1., 100)\n'
        'line, = ax.plot(xx, xx**3)\n'
        'print(line.get_linestyle())\n'
        "ax.xaxis.tick_top(); ax.yaxis.tick_right(); ax.xaxis.set_ticks_position('both')"),
    'dashes': (
        'fig, ax = plt.subplots()\n'
        "line, = ax.plot([1, 2], [3, 4], color='black', lw=1.50)\n"
        'print(line.set_dashes([5, 10, 15, 10]))\n'
        'print(line.get_linestyle())'),
    'use': (
        "matplotlib.use('Qt4Agg')"),
    'use_ok': (
        "matplotlib.use('Agg')\n"
        "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
        "print('ok')"),
    'colorbar': (
        'fig, ax = plt.subplots()\n'
        'im = ax.imshow([[1, 2], [3, 4]])\n'
        'print(fig.colorbar(im, ax=ax))\n'
        "print(im.set_interpolation('bilinear'))"),
    'ticker': (
        'from matplotlib import ticker\n'
        'fig, ax = plt.subplots()\n'
        'formatter = ticker.ScalarFormatter(useMathText=True)\n'
        'formatter.set_scientific(True)\n'
        'formatter.set_powerlimits((-1,1))\n'
        'print(ax.yaxis.set_major_formatter(formatter))\n'
        'print(ax.xaxis.set_major_locator(ticker.MultipleLocator(1)))\n'
        'print(ax.xaxis.set_major_locator(ticker.MaxNLocator(3)))\n'
        'print(ax.xaxis.set_minor_locator(plt.NullLocator()))\n'
        'print(ax.xaxis.set_major_formatter(plt.NullFormatter()))\n'
        'print(ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, p: str(v))))\n'
        "print(ax.xaxis.set_major_formatter(plt.FormatStrFormatter('%.1f')))"),
    'empty': (
        'fig = plt.figure()\n'
        'print(repr(fig))\n'
        'print(plt.figure(figsize=(3, 2)))'),
    'gridspec': (
        'import matplotlib.gridspec as gridspec\n'
        'gs = gridspec.GridSpec(2, 3, height_ratios=[2,1], width_ratios=[1,2,1])\n'
        'print(repr(gs), gs[0, :], gs[1, :2], gs[4], gs[-1, -1], list(gs)[:2], gs.get_geometry())\n'
        'fig = plt.figure()\n'
        'for g in gs:\n'
        '    ax = fig.add_subplot(g)\n'
        'print(fig, [str(a) for a in fig.axes])\n'
        'g2 = fig.add_gridspec(3, 3, wspace=0.4)\n'
        'print(repr(g2))\n'
        'ax = fig.add_subplot(g2[0, :])\n'
        'print(ax, ax.get_subplotspec())\n'
        'g3 = plt.GridSpec(2, 2)\n'
        'print(repr(g3), plt.subplot(g3[1, 0]))\n'
        'gs[2, 0]'),
    'subplot2grid': (
        'fig = plt.figure()\n'
        'ax1 = plt.subplot2grid((3,3), (0,0), colspan=3)\n'
        'ax2 = plt.subplot2grid((3,3), (1,0), colspan=2)\n'
        'ax3 = plt.subplot2grid((3,3), (1,2), rowspan=2)\n'
        'print(ax1, ax2, ax3, ax2.get_subplotspec())\n'
        'fig.tight_layout()'),
    'ratios': (
        "fig, axs = plt.subplots(2, 2, gridspec_kw={'width_ratios': [3, 1]})\n"
        'print(axs[0,0], axs[0,1], axs[1, 1])\n'
        'plt.subplots_adjust(hspace=0.4, wspace=0.4)\n'
        'print(axs[0,0])\n'
        'fig, axs = plt.subplots(1, 3, width_ratios=[1, 2, 3], sharey=True)\n'
        'print(axs[2])'),
    'subplot': (
        'ax = plt.subplot(221)\n'
        'print(ax)\n'
        'print(plt.subplot(2, 2, 4))\n'
        'print(plt.subplot(2, 2, (1, 2)))\n'
        'fig = plt.figure()\n'
        'ax = fig.add_subplot(111)\n'
        'print(ax)\n'
        'print(plt.axes([0.1, 0.2, 0.3, 0.4]))'),
    'grid_sub': (
        'fig = plt.figure(figsize=(6, 6))\n'
        'grid = plt.GridSpec(4, 4, hspace=0.2, wspace=0.2)\n'
        'main_ax = fig.add_subplot(grid[:-1, 1:])\n'
        'y_hist = fig.add_subplot(grid[:-1, 0], xticklabels=[], sharey=main_ax)\n'
        'x_hist = fig.add_subplot(grid[-1, 1:], yticklabels=[], sharex=main_ax)\n'
        'print(main_ax, y_hist, x_hist)'),
    'adjust': (
        'fig = plt.figure()\n'
        'fig.subplots_adjust(hspace=0.4, wspace=0.4)\n'
        'for i in range(1, 7):\n'
        '    ax = fig.add_subplot(2, 3, i)\n'
        "    ax.text(0.5, 0.5, str((2, 3, i)), fontsize=18, ha='center')\n"
        'print(ax)'),
    'contour_levels': (
        'x = np.linspace(0, 5, 50)\n'
        'y = np.linspace(0, 5, 40)\n'
        'X, Y = np.meshgrid(x, y)\n'
        'Z = np.sin(X) ** 10 + np.cos(10 + Y * X) * np.cos(X)\n'
        'fig, ax = plt.subplots()\n'
        "cs = ax.contour(X, Y, Z, colors='black')\n"
        'print(cs)\n'
        'print(cs.levels)\n'
        "print(ax.contourf(X, Y, Z, 20, cmap='RdGy').levels)\n"
        'print(ax.contour(Z, levels=3).levels)\n'
        'print(ax.contour(Z, [-0.5, 0, 0.5]).levels)'),
    'contour_limits': (
        'x = np.linspace(0, 5, 50)\n'
        'y = np.linspace(0, 5, 40)\n'
        'X, Y = np.meshgrid(x, y)\n'
        'Z = np.sin(X) ** 10 + np.cos(10 + Y * X) * np.cos(X)\n'
        "for code in ['ax.contour(Z)', 'ax.pcolor(Z)', 'ax.pcolormesh(X, Y, Z)', 'ax.pcolor(X, Y,"
        " Z)', 'ax.contourf(X, Y, Z, 20)', 'ax.contour(Z, extent=[0,1,0,1])', 'ax.pcolormesh(x, y,"
        " Z[:-1, :-1])']:\n"
        '    fig, ax = plt.subplots()\n'
        '    r = eval(code)\n'
        '    print(code, [float(v) for v in ax.get_xlim()], [float(v) for v in ax.get_ylim()])\n'
        '    plt.close(fig)'),
    'mesh_repr': (
        'x = np.linspace(0, 5, 50)\n'
        'y = np.linspace(0, 5, 40)\n'
        'X, Y = np.meshgrid(x, y)\n'
        'Z = np.sin(X) ** 10 + np.cos(10 + Y * X) * np.cos(X)\n'
        'fig, ax = plt.subplots()\n'
        'print(ax.pcolor(X, Y, Z), ax.pcolormesh(X, Y, Z))\n'
        'p = ax.pcolor(X/(2*np.pi), Y/(2*np.pi), Z, cmap=matplotlib.cm.RdBu, vmin=abs(Z).min(),'
        ' vmax=abs(Z).max())\n'
        'cb = fig.colorbar(p, ax=ax)\n'
        'print(cb)'),
    'mesh_errors': (
        'fig, ax = plt.subplots()\n'
        'ax.pcolormesh(np.arange(3), np.arange(3), np.ones((4, 4)))'),
    'imshow_big': (
        'x = np.linspace(0, 10, 1000)\n'
        'I = np.sin(x) * np.cos(x[:, np.newaxis])\n'
        "im = plt.imshow(I, cmap='RdBu')\n"
        'print([float(v) for v in plt.gca().get_xlim() + plt.gca().get_ylim()])\n'
        'plt.colorbar()\n'
        'plt.clim(-1, 1)\n'
        "print(im.get_interpolation() in ('antialiased', 'auto'))"),
    'cm': (
        "print(matplotlib.cm.RdBu.name, plt.get_cmap('viridis').name, plt.cm.jet.name,"
        " matplotlib.colormaps['Blues'].name)\n"
        "print([round(float(v), 2) for v in plt.get_cmap('gray')(0.5)])"),
    'patches_str': (
        'from matplotlib.patches import Rectangle, Circle, FancyArrow, Polygon, Ellipse, Wedge,'
        ' Arc, RegularPolygon\n'
        'print(Rectangle((0, 0), 2, 1), Circle((3, 0.5), 0.4), Ellipse((3, 2), 1, 0.5, angle=30))\n'
        'print(FancyArrow(2, 0.5, 0.6, 0), Polygon([[0, 1.5], [1, 2], [2, 1.5]]), Wedge((1, 3),'
        ' 0.5, 0, 120), Arc((0, 0), 1, 2))\n'
        'print(RegularPolygon((0, 0), 5, radius=1))'),
    'patches_limits': (
        'from matplotlib.patches import Rectangle, Circle, Polygon\n'
        'fig, ax = plt.subplots()\n'
        'ax.add_patch(Rectangle((0, 0), 2, 1))\n'
        'ax.add_patch(Circle((3, 0.5), 0.5))\n'
        'ax.add_patch(Polygon([[0, 1.5], [1, 2], [2, 1.5]]))\n'
        'print([round(float(v), 6) for v in ax.get_xlim() + ax.get_ylim()])\n'
        'print(ax.patches[0], len(ax.patches))\n'
        'print(ax.arrow(0, 0, 1, 1, head_width=0.1))'),
    'patch_colors': (
        'from matplotlib.patches import Rectangle\n'
        "r = Rectangle((0, 0), 1, 1, fc='red')\n"
        'print(r.get_facecolor(), r.get_edgecolor())\n'
        'r = Rectangle((0, 0), 1, 1, fill=False)\n'
        'print(r.get_edgecolor())\n'
        "r = Rectangle((0, 0), 1, 1, color='red')\n"
        'print(r.get_facecolor(), r.get_edgecolor())'),
    'transforms': (
        'import matplotlib.transforms as transforms\n'
        'fig, ax = plt.subplots()\n'
        'trans = transforms.blended_transform_factory(ax.transData, ax.transAxes)\n'
        "print(ax.text(0.5, 0.5, 'a', transform=trans))\n"
        "print(ax.text(0.1, 0.9, 'b', transform=ax.transAxes), ax.text(0.1, 0.9, 'c',"
        ' transform=fig.transFigure))'),
    'text_bbox': (
        'fig, ax = plt.subplots()\n'
        "print(ax.text(1, 0.5, 'x = 5', ha='center', va='center', family='monospace',"
        " bbox=dict(boxstyle='round', fc='w')))"),
    'locators': (
        'fig, ax = plt.subplots()\n'
        "ax.set_xscale('log')\n"
        'print(ax.xaxis.get_major_locator(), ax.xaxis.get_minor_locator())\n'
        'print(ax.xaxis.get_major_formatter(), ax.xaxis.get_minor_formatter())\n'
        'print(ax.yaxis.get_major_locator(), ax.yaxis.get_minor_locator(),'
        ' ax.yaxis.get_major_formatter(), ax.yaxis.get_minor_formatter())'),
    'colors': (
        'from matplotlib.colors import LinearSegmentedColormap, ListedColormap, to_hex, to_rgb, Normalize\n'
        "print(to_hex('red'), to_rgb('#00ff00'), to_hex((0.5, 0.5, 0.5)))\n"
        "cm2 = LinearSegmentedColormap.from_list('mine', ['white', 'black'], 8)\n"
        'print(cm2.name, cm2.N, cm2)\n'
        "print(ListedColormap(['r', 'g', 'b']).N)\n"
        'n = Normalize(0, 10)\n'
        'print(n(5))\n'
        'plt.imshow([[1, 2], [3, 4]], cmap=cm2)\n'
        "plt.cm.get_cmap('jet')"),
    'hist2d': (
        'x = [0.1, 0.5, 0.9, 1.3, 2.2, 2.7, 3.1, 0.4]\n'
        'y = [1, 2, 2, 3, 1, 0, 2, 2]\n'
        'c, xe, ye, m = plt.hist2d(x, y, bins=3)\n'
        'print(c)\n'
        'print(xe, ye, m)\n'
        'c, xe, ye, m = plt.hist2d(x, y, bins=[2, 4], range=[[0, 4], [0, 4]])\n'
        'print(c.tolist(), xe, ye)\n'
        'print([float(v) for v in plt.gca().get_xlim()])'),
    'hexbin': (
        'x = [0.1, 0.5, 0.9, 1.3, 2.2, 2.7, 3.1, 0.4]\n'
        'y = [1, 2, 2, 3, 1, 0, 2, 2]\n'
        'h = plt.hexbin(x, y, gridsize=4)\n'
        'print(h)\n'
        'print(sorted(float(v) for v in h.get_array()))\n'
        "cb = plt.colorbar(label='count in bin')"),
    'figtext': (
        'fig = plt.figure()\n'
        "print(fig.text(0.5, 0.5, 'hi'), plt.figtext(0.1, 0.2, 'x'))"),
    'axes_3d': (
        "from mpl_toolkits.mplot3d import Axes3D\n"
        "fig = plt.figure(figsize=(12, 6))\n"
        "ax = fig.add_subplot(1, 2, 1, projection='3d')\n"
        "X, Y = np.meshgrid(np.linspace(0, 1, 20), np.linspace(0, 2, 20))\n"
        "print(ax, repr(ax).split(':')[0], ax.plot_surface(X, Y, X * Y, rstride=4, cstride=4))\n"
        "print(ax.plot_wireframe(X, Y, X + Y), ax.set_xlim3d(-1, 2), ax.set_zlim3d(-1, 2))\n"
        "print([float(v) for v in ax.get_xlim() + ax.get_zlim()])"),
    'two_legends': (
        'fig, ax = plt.subplots()\n'
        'lines = []\n'
        "styles = ['-', '--', '-.', ':']\n"
        'x = np.linspace(0, 10, 100)\n'
        'for i in range(4):\n'
        "    lines += ax.plot(x, np.sin(x - i * np.pi / 2), styles[i], color='black')\n"
        "ax.axis('equal')\n"
        "print(ax.legend(lines[:2], ['line A', 'line B'], loc='upper right'))\n"
        'from matplotlib.legend import Legend\n'
        "leg = Legend(ax, lines[2:], ['line C', 'line D'], loc='lower right')\n"
        'print(ax.add_artist(leg))\n'
        'print([t.get_text() for t in ax.get_legend().get_texts()])'),
    'legend_labels': (
        "plt.plot([1, 2], label='a')\n"
        "plt.plot([2, 1], label='_hidden')\n"
        'leg = plt.legend()\n'
        'print(leg, [t.get_text() for t in leg.get_texts()], plt.gca().get_legend() is leg)\n'
        "plt.legend(['x', 'y'], loc=2)\n"
        "plt.legend(loc='nowhere')"),
    # a stack-diagram helper (Think Python's diagram.py): boxes measured back into data units
    'bbox_round_trip': (
        'from matplotlib.transforms import Bbox, TransformedBbox\n'
        'import matplotlib.patches as patches\n'
        "plt.rc('font', size=8)\n"
        'fig, ax = plt.subplots()\n'
        'fig.set_size_inches(3.5, 1.5)\n'
        'ax.set_position([0, 0, 1, 1])\n'
        'ax.set_xlim(0, 3.5)\n'
        'ax.set_ylim(0, 1.5)\n'
        'rect = ax.add_patch(patches.Rectangle((0.5, 0.25), 1.25, 0.5))\n'
        'rect2 = ax.add_patch(patches.Rectangle((2, 0.5), 1, 0.75))\n'
        'inv = ax.transData.inverted()\n'
        'boxes = [TransformedBbox(a.get_window_extent(), inv) for a in (rect, rect2)]\n'
        'def show(*vs):\n'
        '    print([float(round(v, 6)) for v in vs])\n'
        'for b in boxes:\n'
        '    show(b.xmin, b.ymin, b.width, b.height)\n'
        'u = Bbox.union(boxes)\n'
        '[x0, y0], [x1, y1] = u.get_points()\n'
        'show(x0, y0, x1, y1, *u.bounds)\n'
        'show(*ax.transData.transform((1.0, 1.0)))\n'
        "print(plt.rcParams['font.size'])\n"
        'show(*ax.get_position().bounds)'),
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def _host(code: str) -> str:
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), np.printoptions(legacy=False):
            exec(SETUP + code, {})
    except Exception as err:  # noqa: BLE001 - the error type is compared
        out.write("!" + type(err).__name__)
    finally:
        plt.close("all")
    return ADDRESS.sub("0x", out.getvalue())


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_as_matplotlib(sandbox: Sandbox, name: str) -> None:
    expected = _host(CASES[name])
    result = sandbox.run(SETUP + CASES[name] + "\nplt.close('all')")
    got = ADDRESS.sub("0x", result.stdout) + ("!" + result.error.ename if result.error else "")
    assert got == expected
