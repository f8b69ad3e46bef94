# d[(i, j)] = i * j over a 200 x 200 grid, then every entry looked up again.
d = {}
for i in range(200):
    for j in range(200):
        d[(i, j)] = i * j
total = 0
for i in range(200):
    for j in range(200):
        total += d[(j, i)]
print("total", total, len(d))
