"""``mpl_toolkits.mplot3d``: 3-D Axes (``projection='3d'``) for the sandbox's matplotlib."""

from mpl_toolkits.mplot3d.axes3d import Axes3D  # noqa: F401
