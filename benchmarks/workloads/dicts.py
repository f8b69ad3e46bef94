"""Dict updates: inserts, lookups and increments with int and str keys (a word-count pattern).

No deletions: in MicroPython a dict whose keys are deleted and re-inserted fills with tombstones
and lookups of absent keys degrade towards a full scan (about 5x more work per iteration here),
which would dominate this workload; that pattern is left out on purpose (see the README).
"""


def work(n):
    counts = {}
    names = {}
    for i in range(n):
        k = (i * 7919) % 5003
        counts[k] = counts.get(k, 0) + 1
        name = "k" + str(k % 997)
        if name in names:
            names[name] += k
        else:
            names[name] = k
    return len(counts), sum(counts.values()), sum(names.values()) % 1000003


print("checksum", *work(300000))
