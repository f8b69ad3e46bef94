# Lattice paths through a 200 x 200 grid with a memo dict keyed by (row, col) tuples.
memo = {}
for r in range(200):
    for c in range(200):
        if r == 0 or c == 0:
            memo[(r, c)] = 1
        else:
            memo[(r, c)] = (memo[(r - 1, c)] + memo[(r, c - 1)]) % 1_000_000_007
print("paths", memo[(199, 199)])
