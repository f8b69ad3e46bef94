# Guest library: urllib. `urllib.parse` computes on URLs as CPython does; the sandbox has no
# network, so `urllib.request.urlopen` raises `urllib.error.URLError` saying so.
