# Building and splitting strings: join, split, replace, format.
rows = []
for i in range(60000):
    rows.append(",".join([str(i), "item%d" % (i % 100), "%.2f" % (i / 7)]))  # noqa: UP031
csv = "\n".join(rows)
fields = [line.split(",") for line in csv.split("\n")]
total = sum(float(f[2]) for f in fields)
print("csv", len(csv), len(fields), round(total, 2), csv.replace("item", "x")[:30])
