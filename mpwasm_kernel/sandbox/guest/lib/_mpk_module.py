# A blank module. The guest runtime imports it (and forgets it again) to get a fresh module
# object in which a library file that replaces a non-extensible built-in runs.
