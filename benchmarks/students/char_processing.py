# Character-level string processing: index every character of a non-ASCII text, classify,
# case methods (ASCII letters: this MicroPython changes the case of ASCII letters only), slices.
text = ("The Quick brown fox, jumps over the lazy dog! Ça va? Übermäßig schön. " * 400)
vowels = 0
caps = 0
out = []
for i in range(len(text)):
    ch = text[i]
    if ch.lower() in "aeiou":
        vowels += 1
    if "A" <= ch <= "Z":
        caps += 1
words = text.split()
titled = " ".join(w.capitalize() for w in words)
rev = "".join(w[::-1] for w in words[:2000])
print("chars", vowels, caps, len(titled), titled[:40], rev[:30], text.upper().count("QUICK"), text.lower().count("the"))
