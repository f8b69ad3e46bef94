# Guest library: `complex(real, imag)` with two arguments (the source pass writes such calls
# `_mpk_complex.complex(...)`, cpython/transform). MicroPython's constructor adds the imaginary
# argument to 0.0, which loses a negative zero: `complex(1, -0.0)` is `(1+0j)` there, CPython's
# `(1-0j)`. Negating `complex(-real, 0.0)` gives the pair with a negative zero imaginary part.
import builtins as _b


def complex(real=0, imag=0):  # noqa: A001 - CPython's name
    """CPython's complex(real, imag)."""
    if type(imag) is float and imag == 0.0 and str(imag)[0] == "-" and (type(real) is float or type(real) is int):
        return -_b.complex(-real, 0.0)
    return _b.complex(real, imag)
