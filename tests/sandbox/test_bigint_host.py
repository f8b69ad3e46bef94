"""The host side of big-integer work (mpwasm_kernel/sandbox/bigint.py), against CPython's own
conversions and arithmetic: random sizes and signs, bases 2/8/10/16 with prefixes and grouping,
parsing in bases 2-36, the mpz digit layout, and the imports' declines (unsupported base, caps,
stops, fuel), independent of `sys.set_int_max_str_digits`."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from mpwasm_kernel.sandbox import bigint

ROOT = Path(__file__).resolve().parents[2]
SPECS = {2: "b", 8: "o", 10: "d", 16: "x"}


def _values(seed: int, count: int, max_bits: int) -> list[int]:
    rng = random.Random(seed)
    edges = [0, 1, -1, 2 ** 64, 2 ** 511, 2 ** 512 - 1, 2 ** 4096 + 1, -(2 ** 4096) + 1, 10 ** 300, 10 ** 1000 - 1]
    return edges + [rng.choice((1, -1)) * rng.getrandbits(rng.randint(1, max_bits)) for _ in range(count)]


@pytest.mark.parametrize("base", sorted(SPECS))
def test_text_is_cpythons_in_every_base(base: int) -> None:
    for v in _values(base, 60, 13_000):  # up to ~3,900 decimal digits: CPython's str() still allowed
        for comma in ("", ",", "_") if base == 10 else ("", "_"):
            spec = comma + SPECS[base]
            assert bigint.int_text(v, base, comma=comma) == format(v, spec).encode()
        if base != 10:
            prefix = {2: b"0b", 8: b"0o", 16: b"0x"}[base]
            assert bigint.int_text(v, base, prefix) == format(v, "#" + SPECS[base]).encode()
        if base == 16:
            assert bigint.int_text(v, 16, b"0X", "A") == format(v, "#X").encode()


def test_large_decimal_text_round_trips_and_matches_cpythons_digits() -> None:
    for v in _values(7, 6, 400_000):  # up to ~120,000 digits
        text = bigint.digits_text(abs(v), 10)
        assert bigint.parse_digits(text.encode(), 10) == abs(v)
        k = min(len(text), 500)
        assert text[-k:] == str(abs(v) % 10 ** k).zfill(k)
        assert text[:k] == str(abs(v) // 10 ** (len(text) - k))
        assert 10 ** (len(text) - 1) <= abs(v) < 10 ** len(text) or v == 0


@pytest.mark.parametrize("base", [2, 3, 7, 8, 10, 16, 31, 36])
def test_parsing_is_cpythons(base: int) -> None:
    rng = random.Random(base)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    for n in (1, 255, 256, 511, 512, 513, 2000, 3500):
        text = "".join(rng.choice(digits) for _ in range(n))
        for t in (text, text.upper()):
            assert bigint.parse_digits(t.encode(), base) == int(t, base)


def test_digit_run_stops_where_mpz_set_from_str_stops() -> None:
    assert bigint.digit_run(b"123abc", 10) == 3
    assert bigint.digit_run(b"12_3", 10) == 2
    assert bigint.digit_run(b"ffFFg", 16) == 4
    assert bigint.digit_run(b"19\xc3\xa9", 10) == 2
    assert bigint.digit_run(b"zZ", 36) == 2
    assert bigint.digit_run(b"", 10) == 0


def test_independent_of_cpythons_int_max_str_digits() -> None:
    """In a process whose limit is CPython's smallest (640 digits), 50,000-digit numbers convert
    both ways."""
    code = ("from mpwasm_kernel.sandbox import bigint\n"
            "v = 7 ** 59000\n"
            "t = bigint.int_text(v, 10)\n"
            "assert bigint.parse_digits(t, 10) == v and len(t) == 49861, len(t)\n"
            "assert t[-20:] == b'%020d' % (v % 10 ** 20)\n"
            "print('ok')\n")
    proc = subprocess.run([sys.executable, "-X", "int_max_str_digits=640", "-c", code], capture_output=True,
                          text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.stdout == "ok\n", proc.stderr


class FakeMemory:
    """A bytearray with GuestMemory's read/write methods (bounds-checked by slicing)."""

    def __init__(self, size: int) -> None:
        self.data = bytearray(size)

    def read(self, ptr: int, length: int) -> bytes:
        assert 0 <= ptr and ptr + length <= len(self.data)
        return bytes(self.data[ptr:ptr + length])

    def write(self, ptr: int, data: bytes) -> None:
        assert 0 <= ptr and ptr + len(data) <= len(self.data)
        self.data[ptr:ptr + len(data)] = data

    def read_cstr(self, ptr: int, limit: int = 4096) -> bytes:
        end = self.data.index(0, ptr, ptr + limit + 1)
        return bytes(self.data[ptr:end])

    def write_u32(self, ptr: int, value: int) -> None:
        self.write(ptr, value.to_bytes(4, "little"))


def _imports(fuel: list[int], stop: list[bool]) -> tuple[bigint.BigIntImports, FakeMemory]:
    mem = FakeMemory(1 << 20)

    def charge(cost: int) -> bool:
        ok = cost <= fuel[0]
        fuel[0] = max(0, fuel[0] - cost)
        return ok

    return bigint.BigIntImports(lambda: mem, charge, lambda: stop[0]), mem


def test_imports_read_and_write_the_mpz_layout() -> None:
    imp, mem = _imports([10 ** 12], [False])
    v = 3 ** 5000
    raw = bigint.digits_of(v)
    mem.write(1000, raw)
    mem.write(900, b"0x\0")
    n = imp.int_to_str(1000, len(raw) // 2, 1, 16, 900, ord("A"), ord("_"), 100_000)
    assert mem.read(100_000, n + 1) == format(-v, "#_X").encode().replace(b"0X", b"0x") + b"\0"
    text = str(v).encode()  # 2,386 digits: within CPython's default limit
    mem.write(200_000, text + b"xyz")
    assert imp.int_from_str(300_000, 200_000, len(text) + 3, 10, 299_996) == len(text)
    count = int.from_bytes(mem.read(299_996, 4), "little")
    assert bigint.value_of(mem.read(300_000, 2 * count)) == v and count == len(raw) // 2
    w = 7 ** 3000
    mem.write(400_000, bigint.digits_of(w))
    got = imp.int_mul(500_000, 1000, len(raw) // 2, 400_000, len(bigint.digits_of(w)) // 2)
    assert bigint.value_of(mem.read(500_000, 2 * got)) == v * w and mem.read(500_000 + 2 * got, 2) == b"\0\0"


def test_imports_decline_what_they_must_not_do() -> None:
    fuel, stop = [10 ** 12], [False]
    imp, mem = _imports(fuel, stop)
    mem.write(1000, bigint.digits_of(3 ** 5000))
    assert imp.int_to_str(1000, 100, 0, 3, 0, ord("a"), 0, 100_000) == -1          # base 3: the interpreter's
    too_long = bigint.MAX_BITS // bigint.DIG_BITS + 1
    assert imp.int_to_str(1000, too_long, 0, 10, 0, ord("a"), 0, 100_000) == -1  # beyond the cap
    assert imp.int_mul(0, 1000, too_long, 1000, 10) == -1
    stop[0] = True
    assert imp.int_to_str(1000, 100, 0, 10, 0, ord("a"), 0, 100_000) == -1        # a stop was requested
    assert imp.int_from_str(0, 1000, 300, 10, 0) == -1
    stop[0] = False
    fuel[0] = 1000
    assert imp.int_mul(50_000, 1000, 100, 1000, 100) == -1                        # fuel cannot pay: 0 left
    assert fuel[0] == 0


def test_a_stop_during_the_work_abandons_it() -> None:
    calls = [0]

    def check() -> None:
        calls[0] += 1
        if calls[0] > 3:
            raise bigint.Abandoned()

    with pytest.raises(bigint.Abandoned):
        bigint.digits_text(7 ** 100_000, 10, check=check)
    with pytest.raises(bigint.Abandoned):
        bigint.parse_digits(b"7" * 100_000, 10, check=check)


def test_costs_grow_subquadratically() -> None:
    for bits in (10_000, 100_000, 1_000_000):
        assert 2.5 < bigint.cost_convert(2 * bits) / bigint.cost_convert(bits) < 3.2
        assert 2.5 < bigint.cost_multiply(2 * bits, 2 * bits) / bigint.cost_multiply(bits, bits) < 3.2


def test_divmod_writes_cpythons_quotient_and_remainder_in_the_mpz_layout() -> None:
    """`int_divmod` (patch `mpn_div_fast`): quotient and its length, remainder over the dividend
    and its length, normalised (no leading zero digit), for random magnitudes and edge divisors."""
    imp, mem = _imports([10 ** 12], [False])
    rng = random.Random(5)
    nums = [2 ** 768 - 1, 2 ** 768, 10 ** 300, 3 ** 5000]
    nums += [rng.getrandbits(rng.randint(768, 20_000)) for _ in range(30)]
    dens = [1, 2, 10, 65535, 65536, 2 ** 64 - 1, 7 ** 500 + 3]
    dens += [rng.getrandbits(rng.randint(1, 6_000)) + 1 for _ in range(12)]
    for n in nums:
        for d in dens:
            n_raw, d_raw = bigint.digits_of(n), bigint.digits_of(d)
            if len(d_raw) > len(n_raw):
                continue
            mem.write(10_000, n_raw)
            mem.write(200_000, d_raw)
            mem.write(400_000, bytes(len(n_raw) + 2))  # the zeroed quotient (`lhs->len + 1` digits)
            assert imp.int_divmod(400_000, 8, 10_000, len(n_raw) // 2, 12, 200_000, len(d_raw) // 2) == 0
            q_len, r_len = (int.from_bytes(mem.read(at, 4), "little") for at in (8, 12))
            q, r = divmod(n, d)
            assert bigint.digits_of(q) == mem.read(400_000, 2 * q_len)  # normalised: no leading zero digit
            assert bigint.digits_of(r) == mem.read(10_000, 2 * r_len)


def test_divmod_declines_what_it_must_not_do() -> None:
    fuel, stop = [10 ** 12], [False]
    imp, mem = _imports(fuel, stop)
    mem.write(1000, bigint.digits_of(3 ** 5000))
    mem.write(9000, bigint.digits_of(7 ** 100))
    assert imp.int_divmod(50_000, 0, 1000, 10, 4, 9000, 20) == -1                   # divisor longer than dividend
    assert imp.int_divmod(50_000, 0, 1000, 10, 4, 9000, 0) == -1                    # no divisor digits
    mem.write(20_000, bytes(40))
    assert imp.int_divmod(50_000, 0, 1000, 100, 4, 20_000, 20) == -1                # a zero divisor
    too_long = bigint.MAX_BITS // bigint.DIG_BITS + 1
    assert imp.int_divmod(50_000, 0, 1000, too_long, 4, 9000, 10) == -1             # beyond the cap
    assert imp.int_divmod(50_000, 0, 1000, 2 * 8200, 4, 9000, 8200) == -1           # CPython's quadratic work capped
    stop[0] = True
    assert imp.int_divmod(50_000, 0, 1000, 100, 4, 9000, 10) == -1                  # a stop was requested
    stop[0] = False
    fuel[0] = 1000
    assert imp.int_divmod(50_000, 0, 1000, 100, 4, 9000, 10) == -1                  # fuel cannot pay: 0 left
    assert fuel[0] == 0
    assert bigint.cost_divide(40_000, 20_000) > 3 * bigint.cost_divide(20_000, 10_000)  # schoolbook: quadratic
