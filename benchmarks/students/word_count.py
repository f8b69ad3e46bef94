# A chapter's worth of words (113,783, generated) counted into a dict.
letters = "etaoinshrdlucmfwyp"
words = []
x = 12345
for _ in range(113783):
    x = (x * 1103 + 7) % 1000003
    v = x
    w = ""
    while v:
        w += letters[v % 18]
        v //= 18
    words.append(w)
counts = {}
for w in words:
    if w in counts:
        counts[w] += 1
    else:
        counts[w] = 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print("distinct", len(counts), top)
