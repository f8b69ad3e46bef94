"""``mpl_toolkits`` for the sandbox's matplotlib: ``mplot3d`` (3-D Axes drawn as SVG)."""
