# Guest library: __future__. Every feature it names is already on in the sandbox (Python 3 code,
# MicroPython's compiler); `from __future__ import annotations` and the others import fine and
# change nothing, as for CPython 3.11 code that already behaves that way.


class _Feature:
    def __init__(self, name, optional, mandatory, flag):
        self.name, self.optional, self.mandatory, self.compiler_flag = name, optional, mandatory, flag

    def getOptionalRelease(self):
        return self.optional

    def getMandatoryRelease(self):
        return self.mandatory

    def __repr__(self):
        return "_Feature(%r, %r, %#x)" % (self.optional, self.mandatory, self.compiler_flag)


nested_scopes = _Feature("nested_scopes", (2, 1, 0, "beta", 1), (2, 2, 0, "alpha", 0), 0x10)
generators = _Feature("generators", (2, 2, 0, "alpha", 1), (2, 3, 0, "final", 0), 0)
division = _Feature("division", (2, 2, 0, "alpha", 2), (3, 0, 0, "alpha", 0), 0x20000)
absolute_import = _Feature("absolute_import", (2, 5, 0, "alpha", 1), (3, 0, 0, "alpha", 0), 0x40000)
with_statement = _Feature("with_statement", (2, 5, 0, "alpha", 1), (2, 6, 0, "alpha", 0), 0x80000)
print_function = _Feature("print_function", (2, 6, 0, "alpha", 2), (3, 0, 0, "alpha", 0), 0x100000)
unicode_literals = _Feature("unicode_literals", (2, 6, 0, "alpha", 2), (3, 0, 0, "alpha", 0), 0x200000)
barry_as_FLUFL = _Feature("barry_as_FLUFL", (3, 1, 0, "alpha", 2), (4, 0, 0, "alpha", 0), 0x400000)
generator_stop = _Feature("generator_stop", (3, 5, 0, "beta", 1), (3, 7, 0, "alpha", 0), 0x800000)
annotations = _Feature("annotations", (3, 7, 0, "beta", 1), None, 0x1000000)
all_feature_names = ["nested_scopes", "generators", "division", "absolute_import", "with_statement",
                     "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations"]
