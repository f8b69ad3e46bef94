# 100,000 student records sorted by a key tuple (course, -grade, name).
import random

random.seed(5)
names = ["ana", "bo", "cy", "dee", "ed", "flo", "gus", "hal", "ivy", "jo"]
courses = ["math", "cs", "bio", "art"]
recs = [{"name": names[i % 10] + str(i), "course": courses[(i * 7) % 4], "grade": (i * 37) % 101}
        for i in range(100000)]
recs.sort(key=lambda r: (r["course"], -r["grade"], r["name"]))
print("first", [r["name"] for r in recs[:3]], "last", [r["name"] for r in recs[-3:]])
