# Guest library: this. `import this` prints the Zen of Python, as CPython does. The text is the
# host CPython's own (its `this` module, decoded by the host: cpython/docs.py, zen_of_python);
# `s` is it in rot13 and `d` the rot13 table, as CPython's module keeps them.
import _mpk_channel

d = {}
for c in (65, 97):
    for i in range(26):
        d[chr(i + c)] = chr((i + 13) % 26 + c)

_text = _mpk_channel.request({"type": "this"}).get("text")
if type(_text) is not str:
    raise ImportError("no module named 'this': the host has no Zen of Python to show")
s = "".join([d.get(ch, ch) for ch in _text])
print("".join([d.get(ch, ch) for ch in s]))
