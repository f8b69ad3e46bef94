"""Axes methods whose code loads on first use (runs inside MicroPython).

``import matplotlib.pyplot`` compiles only what a line plot needs; the field plots
(matplotlib._fields: imshow, pcolor(mesh), contour(f), clabel, hist2d, hexbin) and the shape
methods (matplotlib._patching: add_patch, add_artist, arrow, patches/texts/lines) are stand-ins
here. The first call of one imports its module and copies that module's methods onto
``_Lazy`` (a base class of every Axes), replacing the stand-ins, then runs the call.
"""

import sys

_PARTS = {"matplotlib._fields": ("_Fields", "_Counts"), "matplotlib._patching": ("_Patches",)}
_METHODS = {"imshow": "matplotlib._fields", "matshow": "matplotlib._fields", "pcolor": "matplotlib._fields",
            "pcolormesh": "matplotlib._fields", "contour": "matplotlib._fields", "contourf": "matplotlib._fields",
            "clabel": "matplotlib._fields", "hist2d": "matplotlib._fields", "hexbin": "matplotlib._fields",
            "add_patch": "matplotlib._patching", "add_artist": "matplotlib._patching",
            "arrow": "matplotlib._patching"}
_PROPERTIES = {"patches": "matplotlib._patching", "texts": "matplotlib._patching", "lines": "matplotlib._patching"}


class _Lazy:
    """The stand-ins (filled in below)."""


def _install(module):
    __import__(module)
    mod = sys.modules[module]
    for part in _PARTS[module]:
        members = getattr(mod, part).__dict__
        for key in members:
            if not key.startswith("__"):
                setattr(_Lazy, key, members[key])


def _method(name, module):
    def call(self, *args, **kwargs):
        _install(module)
        return getattr(self, name)(*args, **kwargs)

    return call


def _property(name, module):
    def get(self):
        _install(module)
        return getattr(self, name)

    return property(get)


for _name in _METHODS:
    setattr(_Lazy, _name, _method(_name, _METHODS[_name]))
for _name in _PROPERTIES:
    setattr(_Lazy, _name, _property(_name, _PROPERTIES[_name]))
