# Guest library: CPython's ModuleNotFoundError, which MicroPython lacks (it raises ImportError
# "no module named 'x'"). The runtime's import hook raises this class for a missing module
# (pycompat_lazy.py, `import_error`), and the source pass reads the name `ModuleNotFoundError`
# as this class (cpython/transform), so `except ModuleNotFoundError` catches exactly that case.


class ModuleNotFoundError(ImportError):  # noqa: A001 - CPython's name
    """Module not found."""

    __module__ = "builtins"

    def __init__(self, *args, name=None, path=None):
        super().__init__(*args)
        self.name = name
        self.path = path
