# Guest side, run once at the interpreter's top level before anything else.
# Defines the loader the host uses to install the other guest files as modules and registers
# it as the module `_mpk_boot`; everything lives in a closure, so `__main__` keeps nothing.
#
# MicroPython cannot create `module` objects from Python, so a guest "module" here is an
# instance of `Namespace` whose attributes are copied from the dict the source ran in.
# Functions keep that dict as their globals, so module state lives there.


def _mpk_bootstrap():
    import sys

    class Namespace:
        def __init__(self, name, namespace):
            self.__name__ = name
            for key in namespace:
                setattr(self, key, namespace[key])

        def __repr__(self):
            return "<module '%s'>" % self.__name__

    def load(name, source, filename):
        namespace = {"__name__": name}
        exec(compile(source, filename, "exec"), namespace)
        module = Namespace(name, namespace)
        sys.modules[name] = module
        return module

    sys.modules["_mpk_boot"] = Namespace("_mpk_boot", {"load": load, "Namespace": Namespace})


_mpk_bootstrap()
del _mpk_bootstrap
