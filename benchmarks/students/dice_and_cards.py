# Dice rolls with randint, card draws with choice and shuffle, a gauss sample.
import random

random.seed(2024)
rolls = [random.randint(1, 6) + random.randint(1, 6) for _ in range(50000)]
hist = [rolls.count(t) for t in range(2, 13)]
deck = [r + s for r in "A23456789TJQK" for s in "shdc"]
hands = 0
for _ in range(5000):
    random.shuffle(deck)
    if deck[0][0] == deck[1][0]:
        hands += 1
picks = "".join(random.choice("ACGT") for _ in range(20000))
g = sum(random.gauss(0, 1) for _ in range(20000))
print("dice", hist, hands, picks.count("GATTACA"), round(g, 6))
