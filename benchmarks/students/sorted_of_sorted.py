# sorted() of an already sorted 200,000-element list, ten times, and once with a new last item.
xs = list(range(200000))
total = 0
for k in range(10):
    ys = sorted(xs)
    total += ys[k]
zs = sorted(xs + [-1])
print("sorted", total, zs[:3], zs[-1])
