"""Subprocess runners: each times one workload on one runtime and prints a result line.

Runners are executed as scripts (``python runners/<name>.py <workload.py> <reps> ...``), never
imported by the harness, so a crash in a runtime cannot take the harness down. The last stdout
line starting with ``RESULT_PREFIX`` carries a JSON object; see ``protocol.py``.
"""
