"""Text files on the sandbox's file system: ``loadtxt``, ``genfromtxt``, ``savetxt``. Loaded on
first use (``numpy.__getattr__``).
"""

import numpy as _np
from numpy._base import _F, _missing, _u
from numpy._convert import array
from numpy._ndarray import _arr, ndarray


def _read_table(fname, delimiter, skip, usecols, comments, missing):
    if hasattr(fname, "read"):
        text = fname.read()
    else:
        with open(fname) as f:
            text = f.read()
    rows = []
    lines = text.split("\n")
    for n, line in enumerate(lines[skip:]):
        if comments and comments in line:
            line = line[:line.index(comments)]
        line = line.strip()
        if not line:
            continue
        fields = line.split(delimiter) if delimiter not in (None, " ") else line.split()
        if usecols is not None:
            cols = [usecols] if isinstance(usecols, int) else list(usecols)
            fields = [fields[c] for c in cols]
        row = []
        for fld in fields:
            fld = fld.strip()
            try:
                row.append(float(fld))
            except ValueError:
                if missing is None:
                    raise ValueError("could not convert string %r to float64 at row %d, column %d"
                                     % (fld, n + skip, len(row) + 1)) from None
                row.append(missing)
        if rows and len(row) != len(rows[0]):
            if missing is None:
                raise ValueError("the number of columns changed from %d to %d at row %d; use usecols"
                                 % (len(rows[0]), len(row), n + skip + 1))
            row = (row + [missing] * len(rows[0]))[:len(rows[0])]
        rows.append(row)
    return rows


def _table_array(rows, dtype, unpack, ndmin):
    if not rows:
        return ndarray(_u.zeros(0, dtype=_F), "float64", (0,))
    if len(rows[0]) == 1 and ndmin < 2:
        a = array([r[0] for r in rows], dtype=dtype)
    elif len(rows) == 1 and ndmin < 2:
        a = array(rows[0], dtype=dtype)
    else:
        a = array(rows, dtype=dtype)
    return a.transpose() if unpack and a.ndim == 2 else a


def loadtxt(fname, dtype=float, comments="#", delimiter=None, skiprows=0, usecols=None, unpack=False,
            ndmin=0, encoding=None, max_rows=None):
    """Numbers from a text/CSV file in the sandbox file system (one row per line)."""
    rows = _read_table(fname, delimiter, skiprows, usecols, comments, None)
    if max_rows is not None:
        rows = rows[:max_rows]
    return _table_array(rows, dtype, unpack, ndmin)


def genfromtxt(fname, dtype=float, comments="#", delimiter=None, skip_header=0, usecols=None, names=None,
               filling_values=None, unpack=False, encoding=None):
    """Like loadtxt; fields that are not numbers become nan (or ``filling_values``)."""
    if names:
        raise _missing("genfromtxt(names=True) (structured arrays); use skip_header=1 and column indexes")
    fill = _np.nan if filling_values is None else float(filling_values)
    rows = _read_table(fname, delimiter, skip_header, usecols, comments, fill)
    return _table_array(rows, dtype, unpack, 0)


def savetxt(fname, X, fmt="%.18e", delimiter=" ", newline="\n", header="", comments="# "):
    a = _arr(X)
    rows = a.tolist() if a.ndim == 2 else [[v] for v in a.tolist()]
    with open(fname, "w") as f:
        if header:
            f.write(comments + header + newline)
        for row in rows:
            f.write(delimiter.join(fmt % v for v in row) + newline)
