"""Big-integer work the interpreter hands to the host (build patches `bigint_host`, `mpn_div_fast`; issue 24).

MicroPython's `mpz` (v1.29.0, `py/mpz.c`) converts to text one digit per pass over the whole
number (`mpz_as_str_inpl`), parses text one character per pass (`mpz_set_from_str`) and
multiplies schoolbook (`mpn_mul`, inlined in `mpz_mul_inpl`): all quadratic, with 16-bit digits.
The patch makes those three places call the imports below for numbers of at least a few hundred
bits; the host does the work with CPython integers and writes the result where the C code would
have written it. Patch `mpn_div_fast` does the same for long division (`mpn_div`, inlined in
`mpz_divmod_inpl`, schoolbook) of a dividend of a few hundred bits or more. Any import may
*decline* (return -1): the interpreter then runs its own code, so a declined call changes
nothing but speed.

What keeps this sound:

* Every guest range is bounds-checked (`GuestMemory`); operands are capped at `MAX_BITS`
  (larger ones are declined) and CPython's quadratic long division at `MAX_DIV_WORK`, so one
  host call is bounded in time and memory.
* Results go only where the upstream code writes, sized as it sizes them: the text buffer the
  caller allocated with `mp_int_format_size` (the text is the same as upstream's, byte for byte),
  the digit array `mpz_set_from_str` allocated (`len // 2 + 1` digits), the zeroed product array
  of `jlen + klen` digits, the quotient (`lhs->len + 1` digits) and the remainder (written over
  the dividend's copy); a result that would not fit is declined.
* Limits stay enforced: each call is charged fuel by a deterministic cost model of the host's
  algorithms (`cost_*`, about what the interpreter would burn in the same time); a call the
  remaining fuel cannot pay is declined after the fuel is set to 0, so the interpreter's next
  fuel check stops the run (`FuelExhausted`). The wall clock runs on while the host works; a call
  made after a stop was requested is declined, and the divide-and-conquer steps check again
  between steps, so a stop lands within one step.
* Nothing depends on `sys.set_int_max_str_digits` (read, never changed): decimal text is made by
  CPython's `str()` only below `STR_BITS` and the process's limit, else with `decimal` (binary
  splitting, exact context of its own), and read in chunks of at most `CHUNK_DIGITS` digits,
  below the smallest limit CPython allows (640); power-of-two bases are not limited.
"""

from __future__ import annotations

import decimal
import sys
from collections.abc import Callable

DIG_BITS = 16                  # mpz digit size of this 32-bit build (`MPZ_DIG_SIZE`, mpz_dig_t = uint16_t)
MAX_BITS = 1 << 21             # larger operands are declined (~630,000 decimal digits; ~1 s of host work)
MAX_DIV_WORK = 1 << 24         # long divisions of more (quotient words x divisor words) are declined (~0.1 s)
CHUNK_DIGITS = 512             # decimal text read with int() in chunks this long (CPython's limit is >= 640)
STR_BITS = 16_000              # up to ~4,800 digits CPython's str() is the fastest (when its limit allows)
LEAF_BITS = 4096               # binary splitting stops here (Decimal(int) of a small int is cheap)
DECLINE = -1
_POW2_FORMAT = {2: "b", 8: "o", 16: "x"}
_CTX = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                       traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation])


class Abandoned(Exception):
    """A stop was requested while the host worked: the call is declined."""


Check = Callable[[], None]


def _no_check() -> None:
    return None


# -- costs (fuel) ------------------------------------------------------------------------------
# Fitted to the host's algorithms: CPython multiplies with Karatsuba (exponent log2(3)); conversions
# are divide and conquer over those multiplications. One unit is about one interpreter step.
def _karatsuba(words: int) -> int:
    return int(words ** 1.585)


def cost_convert(bits: int) -> int:
    """Fuel for converting a number of `bits` bits to or from text."""
    words = bits // 32 + 1
    return 2_000 + 40 * words + 60 * _karatsuba(words)


def cost_divide(bits_num: int, bits_den: int) -> int:
    """Fuel for dividing a number of `bits_num` bits by one of `bits_den` bits (CPython's long
    division is schoolbook: quotient words times divisor words)."""
    num, den = bits_num // 32 + 1, bits_den // 32 + 1
    return 2_000 + 40 * (num + den) + 32 * max(1, num - den + 1) * den


def cost_multiply(bits_a: int, bits_b: int) -> int:
    """Fuel for multiplying numbers of `bits_a` and `bits_b` bits."""
    small, large = sorted((bits_a // 32 + 1, bits_b // 32 + 1))
    return 2_000 + 40 * (small + large) + 32 * (large // small) * _karatsuba(small)


# -- int -> text ------------------------------------------------------------------------------
def _decimal_of(value: int, bits: int, powers: dict[int, decimal.Decimal], check: Check) -> decimal.Decimal:
    """`value` (0 <= value < 2**bits) as an exact Decimal, by binary splitting."""
    if bits <= LEAF_BITS:
        return decimal.Decimal(value)
    check()
    low_bits = (bits // 2 + 63) & ~63
    high = _decimal_of(value >> low_bits, bits - low_bits, powers, check)
    low = _decimal_of(value & ((1 << low_bits) - 1), low_bits, powers, check)
    return _CTX.add(_CTX.multiply(high, _power_of_two(low_bits, powers)), low)


def _power_of_two(bits: int, powers: dict[int, decimal.Decimal]) -> decimal.Decimal:
    """2**bits as an exact Decimal (cached per conversion)."""
    power = powers.get(bits)
    if power is None:
        if bits <= LEAF_BITS:
            power = decimal.Decimal(1 << bits)
        else:
            half = _power_of_two(bits // 2, powers)
            power = _CTX.multiply(half, half)
            if bits % 2:
                power = _CTX.multiply(power, 2)
        powers[bits] = power
    return power


def digits_text(value: int, base: int, upper: bool = False, check: Check = _no_check) -> str:
    """The digits of `value` >= 0 in `base` (2, 8, 10 or 16), as `str(value)` / `format` would give them."""
    if base in _POW2_FORMAT:
        text = format(value, _POW2_FORMAT[base])
        return text.upper() if upper else text
    if base != 10:
        raise ValueError(f"base {base} is not supported")
    bits = value.bit_length()
    limit = sys.get_int_max_str_digits()  # read, never changed: it is the host process's setting
    if bits <= STR_BITS and (limit == 0 or bits * 0.30103 + 2 < limit):
        return str(value)  # CPython's own conversion: quadratic, but the fastest at this size
    return format(_decimal_of(value, bits, {}, check), "f")


def int_text(value: int, base: int, prefix: bytes = b"", base_char: str = "a", comma: str = "",
             check: Check = _no_check) -> bytes:
    """What `mpz_as_str_inpl` writes for `value`: sign, prefix, digits grouped by `comma` every 3
    (base 10) or 4 digits from the right, lower- or upper-case letters after `base_char`."""
    digits = digits_text(abs(value), base, upper=base_char == "A", check=check)
    if comma:
        group = 3 if base == 10 else 4
        head = len(digits) % group or group
        digits = comma.join([digits[:head], *(digits[i:i + group] for i in range(head, len(digits), group))])
    return (b"-" if value < 0 else b"") + prefix + digits.encode("ascii")


# -- text -> int ------------------------------------------------------------------------------
_TABLES: dict[int, bytes] = {}


def _char_values(base: int) -> bytes:
    """Byte -> digit value in `base`, 255 for bytes that are not a digit of `base` (as upstream:
    0-9, then A-Z and a-z from 10)."""
    table = _TABLES.get(base)
    if table is None:
        values = bytearray(b"\xff" * 256)
        for i in range(256):
            c = chr(i)
            v = i - 48 if "0" <= c <= "9" else i - 55 if "A" <= c <= "Z" else i - 87 if "a" <= c <= "z" else 255
            if v < base:
                values[i] = v
        table = _TABLES[base] = bytes(values)
    return table


def digit_run(data: bytes, base: int) -> int:
    """How many leading bytes of `data` are digits of `base` (`mpz_set_from_str` stops at the first other)."""
    end = data.translate(_char_values(base)).find(b"\xff")
    return len(data) if end < 0 else end


def parse_digits(data: bytes, base: int, check: Check = _no_check) -> int:
    """The value of `data`, all digits of `base` (2..36), by divide and conquer over chunks."""
    if base & (base - 1) == 0:
        return int(data, base)  # power-of-two bases: linear, and not limited by CPython
    powers: dict[int, int] = {}

    def power(n: int) -> int:
        p = powers.get(n)
        if p is None:
            p = powers[n] = base ** n
        return p

    def parse(lo: int, hi: int) -> int:
        n = hi - lo
        if n <= CHUNK_DIGITS:
            return int(data[lo:hi], base)
        check()
        low = n // 2
        return parse(lo, hi - low) * power(low) + parse(hi - low, hi)

    return parse(0, len(data))


def digits_of(value: int) -> bytes:
    """`value` >= 0 as little-endian 16-bit mpz digits, without leading zero digits."""
    return value.to_bytes((value.bit_length() + DIG_BITS - 1) // DIG_BITS * 2, "little")


def value_of(raw: bytes) -> int:
    """The value of little-endian 16-bit mpz digits."""
    return int.from_bytes(raw, "little")


# -- the imports ------------------------------------------------------------------------------
class BigIntImports:
    """The three imports of patch `bigint_host`, bound to one sandbox's memory, fuel and stops.

    `memory()` is the running instance's `GuestMemory`; `charge(fuel)` takes fuel from the run
    and says whether it could (when it cannot, it leaves the run without fuel); `stopping()`
    says whether a stop of the run was requested."""

    def __init__(self, memory: Callable[[], object], charge: Callable[[int], bool],
                 stopping: Callable[[], bool]) -> None:
        self._memory = memory
        self._charge = charge
        self._stopping = stopping

    def _check(self) -> None:
        if self._stopping():
            raise Abandoned()

    def _may_run(self, cost: int) -> bool:
        return not self._stopping() and self._charge(cost)

    def imports(self) -> dict[str, Callable[..., int]]:
        return {"mpk_int_to_str": self.int_to_str, "mpk_int_from_str": self.int_from_str,
                "mpk_int_mul": self.int_mul, "mpk_int_divmod": self.int_divmod}

    def int_to_str(self, dig: int, length: int, neg: int, base: int, prefix: int, base_char: int,
                   comma: int, out: int) -> int:
        """`mpz_as_str_inpl` for the number with `length` digits at `dig`: write its text and a NUL
        at `out`; return the text's length, or -1 (declined: the interpreter converts)."""
        bits = length * DIG_BITS
        if base not in (2, 8, 10, 16) or not 0 < length or bits > MAX_BITS or not self._may_run(cost_convert(bits)):
            return DECLINE
        mem = self._memory()
        value = value_of(mem.read(dig, 2 * length))
        pre = mem.read_cstr(prefix, limit=8) if prefix else b""
        try:
            text = int_text(value, base, pre, chr(base_char & 0xFF), chr(comma & 0xFF) if comma & 0xFF else "",
                            self._check)
        except Abandoned:
            return DECLINE
        if neg & 1:  # the sign bit as upstream reads it (even for a zero with leading zero digits)
            text = b"-" + text
        mem.write(out, text + b"\0")
        return len(text)

    def int_from_str(self, dig: int, text: int, length: int, base: int, len_at: int) -> int:
        """The digit loop of `mpz_set_from_str`: read the longest run of `base` digits of the
        `length` bytes at `text`, write its value's digits at `dig` (room for `length // 2 + 1`)
        and their count at `len_at`; return the run's length, or -1 (declined)."""
        bits = length * max(1, base).bit_length()  # a bound on the value's bits
        if not 2 <= base <= 36 or bits > MAX_BITS or not self._may_run(cost_convert(bits)):
            return DECLINE
        mem = self._memory()
        data = mem.read(text, length)
        run = digit_run(data, base)
        try:
            value = parse_digits(data[:run], base, self._check) if run else 0
        except Abandoned:
            return DECLINE
        raw = digits_of(value)
        if len(raw) // 2 > length // 2 + 1:
            return DECLINE
        mem.write(dig, raw)
        mem.write_u32(len_at, len(raw) // 2)
        return run

    def int_mul(self, out: int, a: int, a_len: int, b: int, b_len: int) -> int:
        """`mpn_mul`: write the product of the digit arrays at `a` and `b` into the zeroed array at
        `out` (room for `a_len + b_len` digits); return its digit count, or -1 (declined)."""
        if not (0 < a_len and 0 < b_len) or max(a_len, b_len) * DIG_BITS > MAX_BITS \
                or not self._may_run(cost_multiply(a_len * DIG_BITS, b_len * DIG_BITS)):
            return DECLINE
        mem = self._memory()
        product = value_of(mem.read(a, 2 * a_len)) * value_of(mem.read(b, 2 * b_len))
        raw = digits_of(product)
        if len(raw) // 2 > a_len + b_len:
            return DECLINE
        mem.write(out, raw)
        return len(raw) // 2

    def int_divmod(self, quo: int, quo_len_at: int, num: int, num_len: int, num_len_at: int, den: int,
                   den_len: int) -> int:
        """`mpn_div` (patch `mpn_div_fast`): divide the `num_len` digits at `num` by the `den_len`
        digits at `den`; write the quotient's digits at `quo` (zeroed, room for `num_len + 1`) and
        their count at `quo_len_at`, the remainder's over the dividend at `num` and their count at
        `num_len_at`; return 0, or -1 (declined: the interpreter divides)."""
        work = (num_len - den_len + 2) // 2 * ((den_len + 1) // 2)  # quotient words x divisor words
        if not (0 < den_len <= num_len) or num_len * DIG_BITS > MAX_BITS or work > MAX_DIV_WORK \
                or not self._may_run(cost_divide(num_len * DIG_BITS, den_len * DIG_BITS)):
            return DECLINE
        mem = self._memory()
        divisor = value_of(mem.read(den, 2 * den_len))
        if divisor == 0:
            return DECLINE
        q, r = divmod(value_of(mem.read(num, 2 * num_len)), divisor)
        q_raw, r_raw = digits_of(q), digits_of(r)
        if len(q_raw) // 2 > num_len + 1 or len(r_raw) // 2 > num_len:
            return DECLINE
        mem.write(quo, q_raw)
        mem.write_u32(quo_len_at, len(q_raw) // 2)
        mem.write(num, r_raw)
        mem.write_u32(num_len_at, len(r_raw) // 2)
        return 0
