# Guest library: hashlib with CPython's object API (update, digest, hexdigest, copy, name,
# digest_size, block_size; `new(name)`). sha256 runs on MicroPython's built-in (the data is kept
# so that copy() and several digests work); md5 and sha1 are computed here in Python (RFC 1321,
# FIPS 180-4), block by block: fine for teaching-size data, slow for megabytes. Other algorithms
# (sha512, sha3_*, blake2*) raise CPython's "unsupported hash type".
import _mpk_lib as _lib

_native = _lib.builtin("hashlib")
_MASK = 0xFFFFFFFF

algorithms_guaranteed = {"md5", "sha1", "sha256"}
algorithms_available = set(algorithms_guaranteed)

_MD5_SHIFTS = [7, 12, 17, 22] * 4 + [5, 9, 14, 20] * 4 + [4, 11, 16, 23] * 4 + [6, 10, 15, 21] * 4
_MD5_K = [  # floor(abs(sin(i + 1)) * 2**32)
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391]


def _rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & _MASK


def _md5_block(state, block):
    m = [int.from_bytes(block[i:i + 4], "little") for i in range(0, 64, 4)]
    a, b, c, d = state
    for i in range(64):
        if i < 16:
            f, g = (b & c) | ((b ^ _MASK) & d), i
        elif i < 32:
            f, g = (d & b) | ((d ^ _MASK) & c), (5 * i + 1) % 16
        elif i < 48:
            f, g = b ^ c ^ d, (3 * i + 5) % 16
        else:
            f, g = c ^ (b | (d ^ _MASK)), (7 * i) % 16
        f = (f + a + _MD5_K[i] + m[g]) & _MASK
        a, d, c, b = d, c, b, (b + _rotl(f, _MD5_SHIFTS[i])) & _MASK
    return [(x + y) & _MASK for x, y in zip(state, (a, b, c, d))]


def _sha1_block(state, block):
    w = [int.from_bytes(block[i:i + 4], "big") for i in range(0, 64, 4)]
    for i in range(16, 80):
        w.append(_rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
    a, b, c, d, e = state
    for i in range(80):
        if i < 20:
            f, k = (b & c) | ((b ^ _MASK) & d), 0x5A827999
        elif i < 40:
            f, k = b ^ c ^ d, 0x6ED9EBA1
        elif i < 60:
            f, k = (b & c) | (b & d) | (c & d), 0x8F1BBCDC
        else:
            f, k = b ^ c ^ d, 0xCA62C1D6
        a, b, c, d, e = (_rotl(a, 5) + f + e + k + w[i]) & _MASK, a, _rotl(b, 30), c, d
    return [(x + y) & _MASK for x, y in zip(state, (a, b, c, d, e))]


# name -> (digest size, initial state, block function, byte order of lengths and words)
_PYTHON = {
    "md5": (16, (0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476), _md5_block, "little"),
    "sha1": (20, (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0), _sha1_block, "big"),
}


def _bytes_of(data):
    if isinstance(data, str):
        raise TypeError("Strings must be encoded before hashing")
    return bytes(data)


class HASH:
    __module__ = "_hashlib"

    def __init__(self, name, data=b""):
        self.name = name
        self.block_size = 64
        if name in _PYTHON:
            self.digest_size, state, self._block, self._order = _PYTHON[name]
            self._state = list(state)
        else:
            self.digest_size = 32
            self._block = None
        self._buffer = b""  # md5/sha1: the bytes not yet in a block; sha256: all the data
        self._length = 0
        if data:
            self.update(data)

    def __repr__(self):
        return "<%s _hashlib.HASH object @ 0x%x>" % (self.name, id(self))

    def update(self, data):
        data = _bytes_of(data)
        self._length += len(data)
        if self._block is None:
            self._buffer += data
            return
        buf = self._buffer + data
        full = len(buf) - len(buf) % 64
        for i in range(0, full, 64):
            self._state = self._block(self._state, buf[i:i + 64])
        self._buffer = buf[full:]

    def digest(self):
        if self._block is None:
            return _native.sha256(self._buffer).digest()
        bits = (self._length * 8) & 0xFFFFFFFFFFFFFFFF
        tail = self._buffer + b"\x80" + b"\x00" * ((55 - len(self._buffer)) % 64) + bits.to_bytes(8, self._order)
        state = self._state
        for i in range(0, len(tail), 64):
            state = self._block(state, tail[i:i + 64])
        return b"".join(x.to_bytes(4, self._order) for x in state)

    def hexdigest(self):
        return self.digest().hex()

    def copy(self):
        other = HASH(self.name)
        if self._block is not None:
            other._state = list(self._state)
        other._buffer, other._length = self._buffer, self._length
        return other


def new(name, data=b"", **kwargs):
    key = str(name).lower()
    if key not in algorithms_available:
        raise ValueError("unsupported hash type " + str(name))
    return HASH(key, data)


def md5(data=b"", **kwargs):
    return HASH("md5", data)


def sha1(data=b"", **kwargs):
    return HASH("sha1", data)


def sha256(data=b"", **kwargs):
    return HASH("sha256", data)
