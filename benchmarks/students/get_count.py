# 300,000 updates d[k] = d.get(k, 0) + 1 over 997 distinct str keys.
keys = ["key%d" % i for i in range(997)]  # noqa: UP031 - students write %-formatting
d = {}
for i in range(300000):
    k = keys[(i * 31) % 997]
    d[k] = d.get(k, 0) + 1
print("sizes", len(d), d["key0"], d["key996"])
