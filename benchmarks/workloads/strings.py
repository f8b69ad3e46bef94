"""String building: formatting, concatenation, join, split and replace."""


def work(n):
    parts = []
    for i in range(n):
        s = "item-" + str(i) + ":" + "%d" % (i * 7)  # noqa: UP031 - %-formatting is part of the workload
        parts.append(s.upper().replace("ITEM", "it"))
    text = ",".join(parts)
    fields = text.split(",")
    total = 0
    for f in fields:
        total += len(f) + ord(f[-1])
    return total, len(text)


total, size = work(200000)
print("checksum", total, size)
