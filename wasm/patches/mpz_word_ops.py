"""mpz word ops: integer arithmetic just past the small-int range in 64-bit words, without mpz loops.

In MicroPython's terms (v1.29.0; small ints are 31-bit on this 32-bit build, mpz digits 16-bit):

1. `mp_binary_op` (`py/runtime.c`), small int `*` small int whose product overflows `mp_int_t`
   (`mp_mul_mp_int_t_overflow`): upstream makes an mpz of `lhs` (`mp_obj_new_int_from_ll`, an
   object and a digit array) and goes the generic way (`mp_obj_get_type`, `int`'s binary op:
   `mp_obj_int_binary_op` makes a fixed mpz of `rhs`, a second result object and digit array,
   `mpz_mul_inpl` clears and multiplies, `mpz_as_int_checked`); ~2,200 fuel for `i * i` with
   `i` near 10**5. The exact product of two 31-bit values fits in 62 bits: the patch returns
   `$mpk_int_of_i64((long long)lhs * rhs)` (below), an int of the same value (the overflow means
   it cannot be a small int). `d * d` of trial division, `i * i` of a sum of squares.
2. `mp_obj_int_binary_op` (`py/objint_mpz.c`), once `zlhs` and `zrhs` are known (an operand that
   is a small int is the fixed mpz on the C stack): for `+ - * // %` and their in-place forms,
   when both operands have at most 4 digits (magnitudes below 2**64) and the result is certain to
   fit a signed 64-bit word, the magnitudes are read as 64-bit words (`$mpk_mpz_u64`) and the
   result computed with `i64` operations, Python's floor semantics for `//` and `%` (a nonzero
   remainder takes the divisor's sign, the quotient is rounded down), then returned as a small
   int when it fits (what upstream's `mpz_as_int_checked` / `MP_SMALL_INT_FITS` check returns)
   or as an int object of the same value and type as upstream's result (`$mpk_int_of_i64`).
   The conditions: `+`/`-` both magnitudes below 2**62; `*` the magnitudes' bit lengths add up to
   at most 63; `//`/`%` both below 2**63 and a nonzero divisor (a zero one takes upstream's path,
   which raises `ZeroDivisionError`). Everything else (more digits, other operators, floats,
   comparisons) is upstream's code, untouched. `n % d` with `n` near 10**15: ~2,100 fuel of
   which the fast path leaves the dispatch (no allocation: the remainder is a small int).

`$mpk_int_of_i64` makes that object as `mp_obj_new_int_from_ll` does, in two one-block
allocations: `mp_obj_malloc_helper(16, &mp_type_int)` (found in `mp_obj_new_int_from_ll`), then
`m_malloc(8)` (found in that helper) for its 4 digits; the mpz as `mpz_set_from_ll` leaves it
(`alloc` 4, `fixed_dig` clear). (A first version made one 32-byte object with the digits in its
own bytes 16..23: one two-block allocation costs more in `gc_alloc` than two one-block ones.)
It never holds an i64 across an allocation (the magnitude is split into two 32-bit words, the
digits, first): `gc_in_calls` defers collections inside functions that do
(`mp_obj_new_int_from_ll` holds its argument), and a loop whose ints all came from such a
function grew the heap instead of collecting (`test_patch_gc_in_calls.py`'s big-integer sum
reached 128 MiB). The object is in an i32 local (spilled) while its digits are allocated (a
collection then scans its block conservatively, as any other). Neither path keeps a heap
pointer across an allocation: the operands are read into 64-bit locals first.

Sites, by shape, in normalised Binaryen text:
- `mp_obj_new_int_from_ll`: the function of one i64 parameter that allocates 16 bytes of a type,
  calls the mpz initialiser on `obj + 4` and then `mpz_set_from_ll(&obj->mpz, val, 1)`: exactly
  one (its unsigned twin passes 0);
- in `mp_binary_op` (the function that calls it with `i64.extend_i32_s` of its result value
  `$0` and branches out, the inlined `mp_obj_new_int` at its end): the sequence
  `br_if (!mp_mul_mp_int_t_overflow(x, y, &res)); y = mp_obj_new_int_from_ll(x); br generic`,
  exactly one;
- in `mp_obj_int_binary_op` (the three-parameter function that tests `op == 32` / `op == 19`,
  true division): the point after `zrhs` is set from an exact int (`$5 = rhs + 4`) and before
  that test, exactly one; its epilogue `sp += 48; return $1`.
Together `SITES` = 2 rewritten sites.

Test: `tests/sandbox/test_patch_mpz_word_ops.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "mpz_word_ops"
SITES = 2
TEST = "tests/sandbox/test_patch_mpz_word_ops.py::test_word_sized_int_arithmetic_takes_less_fuel"
U64, OF_I64 = "$mpk_mpz_u64", "$mpk_int_of_i64"

FROM_LL = re.compile(
    r" \(func \$(?P<name>\w+) \(param \$0 i64\) \(result i32\) \(local \$1 i32\) \(local \$2 i32\) "
    r"\(call \$\w+ \(local\.tee \$2 \(i32\.add \(local\.tee \$1 \(call \$(?P<alloc>\w+) \(i32\.const 16\) "
    r"\(i32\.const (?P<type>\d+)\)\)\) \(i32\.const 4\)\)\)\) \(call \$\w+ \(local\.get \$2\) \(local\.get \$0\) "
    r"\(i32\.const 1\)\) \(local\.get \$1\)\)")


def _mul_site(ll: str) -> re.Pattern[str]:
    return re.compile(
        r"\(br_if \$[\w$]+ \(i32\.eqz \(call \$\w+ \(local\.get \$(?P<x>\d+)\) \(local\.get \$(?P<y>\d+)\) "
        r"\(i32\.add \(local\.get \$\d+\) \(i32\.const \d+\)\)\)\)\) "
        rf"(?P<tail>\(local\.set \$(?P=y) \(call \${ll} \(i64\.extend_i32_s \(local\.get \$(?P=x)\)\)\)\) "
        r"\(br \$[\w$]+\))")


def _new_int_tail(ll: str) -> re.Pattern[str]:
    return re.compile(rf"\(local\.set \$(?P<r>\d+) \(call \${ll} \(i64\.extend_i32_s \(local\.get \$0\)\)\)\) "
                      r"\(br \$(?P<ret>[\w$]+)\)")


INT_OP_HEAD = re.compile(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\)")
# `zrhs = &rhs->mpz` for an exact int, the end of the operand block, then `op == 32 || op == 19`
INT_OP_SITE = re.compile(
    r"\(local\.set \$5 \(i32\.add \(local\.get \$2\) \(i32\.const 4\)\)\)\) "
    r"(?=\(block \$[\w$]+ \(br_if \$[\w$]+ \(i32\.eq \(local\.get \$0\) \(i32\.const 32\)\)\) "
    r"\(br_if \$[\w$]+ \(i32\.ne \(local\.get \$0\) \(i32\.const 19\)\)\)\))")
INT_OP_EPILOGUE = re.compile(r"\(global\.set \$(?P<sp>[\w$]+) \(i32\.add \(local\.get \$3\) \(i32\.const 48\)\)\) "
                             r"\(return \(local\.get \$1\)\)")
HELPERS = (
    # the magnitude of the mpz at `$0` (at most 4 16-bit digits: the caller checks) as a 64-bit word
    f" (func {U64} (param $0 i32) (result i64) (local $1 i32) (local $2 i32) (local $3 i64)"
    " (local.set $1 (i32.load offset=4 (local.get $0))) (local.set $2 (i32.load offset=8 (local.get $0)))"
    " (block $done (loop $next (br_if $done (i32.eqz (local.get $1)))"
    " (local.set $1 (i32.sub (local.get $1) (i32.const 1)))"
    " (local.set $3 (i64.or (i64.shl (local.get $3) (i64.const 16)) (i64.extend_i32_u (i32.load16_u"
    " (i32.add (local.get $2) (i32.shl (local.get $1) (i32.const 1))))))) (br $next))) (local.get $3))\n"
)


def _of_i64(alloc: str, malloc: str, int_type: int) -> str:
    """`$mpk_int_of_i64(v)`: a small int when -2**30 <= v < 2**30, else an `int` object of 16 bytes
    (`mp_obj_malloc_helper(16, &mp_type_int)`) and its 4 digits in an 8-byte block (`m_malloc(8)`),
    the mpz as upstream's `mpz_set_from_ll` leaves it (`alloc` 4, `fixed_dig` clear). Two one-block
    allocations cost less in `gc_alloc` than one two-block one. No i64 is live across either
    allocation (the magnitude is split into two 32-bit words, the digits, first); the object is
    held in an i32 local (spilled) while the digits are allocated."""
    return (f" (func {OF_I64} (param $0 i64) (result i32) (local $1 i32) (local $2 i32) (local $3 i32)"
            " (local $4 i32) (local $5 i32) (local $6 i64) (local $7 i32)"
            " (if (i64.lt_u (i64.add (local.get $0) (i64.const 1073741824)) (i64.const 2147483648))"
            " (then (return (i32.or (i32.shl (i32.wrap_i64 (local.get $0)) (i32.const 1)) (i32.const 1)))))"
            " (local.set $1 (i64.lt_s (local.get $0) (i64.const 0)))"
            " (local.set $6 (select (i64.sub (i64.const 0) (local.get $0)) (local.get $0) (local.get $1)))"
            " (local.set $2 (i32.wrap_i64 (local.get $6)))"
            " (local.set $3 (i32.wrap_i64 (i64.shr_u (local.get $6) (i64.const 32))))"
            " (local.set $4 (i32.wrap_i64 (i64.shr_u (i64.sub (i64.const 79) (i64.clz (local.get $6))) (i64.const 4))))"
            f" (local.set $5 (call ${alloc} (i32.const 16) (i32.const {int_type})))"
            f" (local.set $7 (call ${malloc} (i32.const 8)))"
            " (i32.store (local.get $7) (local.get $2))"
            " (i32.store offset=4 (local.get $7) (local.get $3))"
            # neg | alloc (4 digits) << 2; len; dig
            " (i32.store offset=4 (local.get $5) (i32.or (local.get $1) (i32.const 16)))"
            " (i32.store offset=8 (local.get $5) (local.get $4))"
            " (i32.store offset=12 (local.get $5) (local.get $7))"
            " (local.get $5))\n")


def _int_op_fast(sp: str) -> str:
    """The fast path put before `mp_obj_int_binary_op`'s true-division test ($4 zlhs, $5 zrhs, $0 op)."""
    def signed(mag: str, neg: str) -> str:
        return f"(select (i64.sub (i64.const 0) (local.get {mag})) (local.get {mag}) (local.get {neg}))"

    ret = (f"(global.set ${sp} (i32.add (local.get $3) (i32.const 48))) "
           "(return (call " + OF_I64 + " (local.get $mpk_r)))")
    return (
        "(local.set $mpk_k (select (i32.sub (local.get $0) (i32.const 13)) (local.get $0) "
        "(i32.ge_u (local.get $0) (i32.const 22)))) "
        "(if (i32.and (i32.and (i32.ge_u (local.get $mpk_k) (i32.const 14)) "
        "(i32.le_u (local.get $mpk_k) (i32.const 20))) "
        "(i32.and (i32.le_u (i32.load offset=4 (local.get $4)) (i32.const 4)) "
        "(i32.le_u (i32.load offset=4 (local.get $5)) (i32.const 4)))) (then "
        f"(local.set $mpk_a (call {U64} (local.get $4))) (local.set $mpk_b (call {U64} (local.get $5))) "
        "(local.set $mpk_na (i32.and (i32.load (local.get $4)) (i32.const 1))) "
        "(local.set $mpk_nb (i32.and (i32.load (local.get $5)) (i32.const 1))) "
        "(block $mpk_generic "
        # + and -: both magnitudes below 2**62, the signed sum fits
        "(if (i32.le_u (i32.sub (local.get $mpk_k) (i32.const 14)) (i32.const 1)) (then "
        "(br_if $mpk_generic (i64.ge_u (i64.or (local.get $mpk_a) (local.get $mpk_b)) "
        "(i64.const 4611686018427387904))) "
        f"(local.set $mpk_a {signed('$mpk_a', '$mpk_na')}) (local.set $mpk_b {signed('$mpk_b', '$mpk_nb')}) "
        "(local.set $mpk_r (select (i64.add (local.get $mpk_a) (local.get $mpk_b)) "
        "(i64.sub (local.get $mpk_a) (local.get $mpk_b)) (i32.eq (local.get $mpk_k) (i32.const 14)))) "
        f"{ret}))"
        # *: bit lengths add up to at most 63, the product is below 2**63
        "(if (i32.eq (local.get $mpk_k) (i32.const 16)) (then "
        "(br_if $mpk_generic (i32.lt_u (i32.add (i32.wrap_i64 (i64.clz (local.get $mpk_a))) "
        "(i32.wrap_i64 (i64.clz (local.get $mpk_b)))) (i32.const 65))) "
        "(local.set $mpk_r (i64.mul (local.get $mpk_a) (local.get $mpk_b))) "
        "(local.set $mpk_na (i32.ne (local.get $mpk_na) (local.get $mpk_nb))) "
        f"(local.set $mpk_r {signed('$mpk_r', '$mpk_na')}) "
        f"{ret}))"
        # // and %: both below 2**63, a nonzero divisor; Python's floor rounding
        "(if (i32.or (i32.eq (local.get $mpk_k) (i32.const 18)) (i32.eq (local.get $mpk_k) (i32.const 20))) (then "
        "(br_if $mpk_generic (i64.eqz (local.get $mpk_b))) "
        "(br_if $mpk_generic (i64.ge_u (i64.or (local.get $mpk_a) (local.get $mpk_b)) "
        "(i64.const -9223372036854775808))) "
        "(local.set $mpk_q (i64.div_u (local.get $mpk_a) (local.get $mpk_b))) "
        "(local.set $mpk_r (i64.rem_u (local.get $mpk_a) (local.get $mpk_b))) "
        "(if (i32.and (i32.ne (local.get $mpk_na) (local.get $mpk_nb)) (i64.ne (local.get $mpk_r) (i64.const 0))) "
        "(then (local.set $mpk_q (i64.add (local.get $mpk_q) (i64.const 1))) "
        "(local.set $mpk_r (i64.sub (local.get $mpk_b) (local.get $mpk_r))))) "
        "(if (i32.eq (local.get $mpk_k) (i32.const 18)) (then "
        "(local.set $mpk_na (i32.ne (local.get $mpk_na) (local.get $mpk_nb))) "
        f"(local.set $mpk_r {signed('$mpk_q', '$mpk_na')})) (else "
        f"(local.set $mpk_r {signed('$mpk_r', '$mpk_nb')}))) "
        f"{ret}))"
        ")))")


INT_OP_LOCALS = (" (local $mpk_k i32) (local $mpk_na i32) (local $mpk_nb i32) (local $mpk_a i64) (local $mpk_b i64)"
                 " (local $mpk_q i64) (local $mpk_r i64)")


def _malloc_of(chunks: list[str], alloc: str) -> str:
    """The `m_malloc` that `mp_obj_malloc_helper` (`alloc`) calls: its body is exactly
    `obj = m_malloc(size); obj->type = type; return obj`."""
    shape = re.compile(rf" \(func \${alloc} \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(i32\.store "
                       r"\(local\.tee \$0 \(call \$(?P<malloc>\w+) \(local\.get \$0\)\)\) \(local\.get \$1\)\) "
                       r"\(local\.get \$0\)\)")
    found = [m.group("malloc") for chunk in chunks if chunk.startswith(f" (func ${alloc} ")
             for m in [shape.match(normalise(chunk))] if m]
    if len(found) != 1:
        raise FetchError(f"mpz word ops patch: expected mp_obj_malloc_helper (${alloc}) to call m_malloc once, "
                         f"found {len(found)}")
    return found[0]


def _add_locals(body: str, decls: str) -> str:
    last = list(re.finditer(r"\((?:local|param) \$\w+ i(?:32|64)\)", body))[-1]
    return body[:last.end()] + decls + body[last.end():]


def apply(wat: str, target: Target) -> str:
    """Add the two 64-bit paths; `FetchError` unless exactly `SITES` sites are found."""
    if U64 in wat or OF_I64 in wat:
        raise FetchError("mpz word ops patch: names already in use")
    chunks = split_functions(wat)
    lls = []
    for chunk in chunks:
        if chunk.startswith(" (func ") and "(param $0 i64) (result i32)" in chunk.split("\n", 1)[0]:
            m = FROM_LL.match(normalise(chunk))
            if m:
                lls.append(m)
    if len(lls) != 1:
        raise FetchError(f"mpz word ops patch: expected 1 mp_obj_new_int_from_ll, found {len(lls)} "
                         "(a different upstream build?)")
    ll, alloc, int_type = lls[0].group("name"), lls[0].group("alloc"), int(lls[0].group("type"))
    malloc = _malloc_of(chunks, alloc)
    mul_site, tail = _mul_site(ll), _new_int_tail(ll)
    muls, int_ops = [], []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or f"${ll}" not in chunk and "(i32.const 19)" not in chunk:
            continue
        flat = normalise(chunk)
        if f"(call ${ll} " in flat and "i32.eqz (call" in flat:
            for m in mul_site.finditer(flat):
                tails = list(tail.finditer(flat))
                if len(tails) == 1:
                    muls.append((index, flat, m, tails[0]))
        if INT_OP_HEAD.match(flat):
            sites = list(INT_OP_SITE.finditer(flat))
            epilogues = list(INT_OP_EPILOGUE.finditer(flat))
            if len(sites) == 1 and len(epilogues) == 1:
                int_ops.append((index, flat, sites[0], epilogues[0]))
    found = len(muls) + len(int_ops)
    if len(muls) != 1 or len(int_ops) != 1:
        raise FetchError(f"mpz word ops patch: expected {SITES} sites (1 overflowing small-int product in "
                         f"mp_binary_op, 1 operand point in mp_obj_int_binary_op), found {found} "
                         f"({len(muls)} and {len(int_ops)}; a different upstream build?)")
    index, flat, m, t = muls[0]
    ret_block = flat.find(f"(block ${t.group('ret')} ")
    if ret_block < 0 or not ret_block < m.start() < expression_end(flat, ret_block):
        raise FetchError("mpz word ops patch: mp_binary_op's return block does not enclose the product site")
    product = (f"(local.set ${t.group('r')} (call {OF_I64} (i64.mul (i64.extend_i32_s (local.get ${m.group('x')})) "
               f"(i64.extend_i32_s (local.get ${m.group('y')}))))) (br ${t.group('ret')})")
    chunks[index] = flat[:m.start("tail")] + product + flat[m.end("tail"):]
    index, flat, site, epilogue = int_ops[0]
    body = flat[:site.end()] + _int_op_fast(epilogue.group("sp")) + " " + flat[site.end():]
    chunks[index] = _add_locals(body, INT_OP_LOCALS)
    chunks.insert(1, HELPERS + _of_i64(alloc, malloc, int_type))
    return "".join(chunks)
