"""Sites shared by the big-integer patches (`py/mpz.c` at v1.29.0, 16-bit digits on this build).

- `mpn_add` and `mpn_sub` (`mpn_add_pairs`, `mpn_sub_quads`): five-parameter functions
  `(idig, jdig, jlen, kdig, klen)` whose first loop computes one digit of both operands per step,
  guarded by `klen != 0`, followed by the loop over the `jlen - klen` digits of the longer one;
  they differ in the digit step (`digit_loops`' `step`) and in the shift of the carry or borrow.
- `mpz_divmod_inpl`'s division (`mpn_div_fast`, `mpz_div_small`): the statement right after the
  `memory.copy` of the dividend's digits into the remainder, containing `i32.div_u`, followed by
  the store of the quotient's sign (`division_sites`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wasm.errors import FetchError
from wasm.patches.base import expression_end, normalise

# --- mpn_add / mpn_sub ----------------------------------------------------------------------------

#: The five-parameter head of `mpn_add`/`mpn_sub` and its i32 locals (`locals`).
MPN_HEAD = re.compile(r"\(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(param \$3 i32\) "
                      r"\(param \$4 i32\) \(result i32\)(?P<locals>(?: \(local \$\d+ i32\))+)")


def digit_loops(step: str, shift: str) -> re.Pattern:
    """The two digit loops of `mpn_add`/`mpn_sub` in normalised Binaryen text, whose first loop
    stores `step` (a pattern defining the operands' cursors `j` and `k`; it may refer to the
    carry as `(?P=c)`) and shifts the carry with `shift` ("shr_u" or "shr_s"). Groups: the
    result cursor `i`, the cursors `j` and `k`, the carry `c`, the counts `n` (klen) and `r`
    (jlen - klen), the first result pointer `o` (oidig), the first loop (`loop`) and the text
    from the second block on (`second`), and the block/loop labels."""
    return re.compile(
        r"\(block \$(?P<b1>\w+) \(block \$(?P<b0>\w+) \(br_if \$(?P=b0) \(local\.get \$(?P<n>\d+)\)\) "
        r"\(local\.set \$(?P<i>\d+) \(local\.get \$(?P<o>\d+)\)\) \(br \$(?P=b1)\)\) "
        r"\(local\.set \$(?P=i) \(local\.get \$(?P=o)\)\) "
        r"(?P<loop>\(loop \$(?P<l1>\w+) \(i32\.store16 \(local\.get \$(?P=i)\) \(local\.tee \$(?P<c>\d+) "
        + step + r"\)\) "
        r"\(local\.set \$(?P=k) \(i32\.add \(local\.get \$(?P=k)\) \(i32\.const 2\)\)\) "
        r"\(local\.set \$(?P=j) \(i32\.add \(local\.get \$(?P=j)\) \(i32\.const 2\)\)\) "
        r"\(local\.set \$(?P=i) \(i32\.add \(local\.get \$(?P=i)\) \(i32\.const 2\)\)\) "
        rf"\(local\.set \$(?P=c) \(i32\.{shift} \(local\.get \$(?P=c)\) \(i32\.const 16\)\)\) "
        r"\(br_if \$(?P=l1) \(local\.tee \$(?P=n) \(i32\.add \(local\.get \$(?P=n)\) \(i32\.const -1\)\)\)\)\))\) "
        r"(?P<second>\(block \$(?P<b2>\w+) \(br_if \$(?P=b2) \(i32\.eqz \(local\.get \$(?P<r>\d+)\)\)\) "
        r"\(loop \$\w+ \(i32\.store16 \(local\.get \$(?P=i)\) \(local\.tee \$(?P=c) \(i32\.add \(local\.get \$(?P=c)\) "
        r"\(i32\.load16_u \(local\.get \$(?P=j)\)\)\)\)\) )")


def rewrite_digit_loops(chunks: list[str], loops: re.Pattern, needles: tuple[str, ...], sites: int, what: str,
                        body: Callable[[re.Match], str], new_locals: str) -> None:
    """Replace, in the function among `chunks` (those containing every one of `needles`) with an
    `MPN_HEAD` and one match of `loops` starting at `oidig` = `$0`, the match by `body(match)`
    and add `new_locals` after its locals; `FetchError` naming `what` unless there are exactly
    `sites` such functions."""
    found = []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or not all(needle in chunk for needle in needles):
            continue
        flat = normalise(chunk)
        head = MPN_HEAD.match(flat.lstrip())
        matches = list(loops.finditer(flat))
        if head and len(matches) == 1 and matches[0].group("o") == "0":
            found.append((index, flat, head, matches[0]))
    if len(found) != sites:
        raise FetchError(f"{what}, found {len(found)} (a different upstream build?)")
    for index, flat, head, m in found:
        flat = flat[:m.start()] + body(m) + flat[m.end():]
        at = flat.index(head.group("locals")) + len(head.group("locals"))
        chunks[index] = flat[:at] + new_locals + flat[at:]


# --- mpz_divmod_inpl ------------------------------------------------------------------------------

FOUR_PARAMS = re.compile(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) "
                         r"\(param \$3 i32\) \(local")
#: `memcpy(rem->dig, lhs->dig, ...)` before the division.
COPY = re.compile(r"\(memory\.copy \(i32\.load offset=8 \(local\.get \$1\)\) \(i32\.load offset=8 "
                  r"\(local\.get \$2\)\) \(local\.get \$\d+\)\)\) ")
#: The store of the quotient's sign right after the division.
AFTER = " (i32.store (local.get $1) (i32.or (select (i32.and"


def division_sites(chunks: list[str], shape: re.Pattern | None = None) -> list[tuple[int, str, int, int]]:
    """(chunk index, normalised text, start, end) of every statement of a four-parameter function
    that follows `COPY`, contains `i32.div_u` and is followed by `AFTER` (`mpz_divmod_inpl`'s
    division); with `shape`, only those it matches at their start."""
    sites = []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or "memory.copy" not in chunk or "i32.div_u" not in chunk:
            continue
        flat = normalise(chunk)
        if not FOUR_PARAMS.match(flat):
            continue
        for m in COPY.finditer(flat):
            if not flat.startswith("(", m.end()) or (shape is not None and not shape.match(flat, m.end())):
                continue
            end = expression_end(flat, m.end())
            if "(i32.div_u" in flat[m.end():end] and flat[end:].startswith(AFTER):
                sites.append((index, flat, m.end(), end))
    return sites
