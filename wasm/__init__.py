"""The build of the interpreter: fetch, verify, patch, merge and optimise the pinned MicroPython module.

Run as `python wasm/fetch.py` (by the build hook `hatch_build.py`, by `.ci/run`, or by hand). Modules:

- `fetch`: the command line and the steps in order (skip when installed, fetch, build, verify, install);
- `sources`: `npm pack` of the two pinned packages, sha256 checks against `lock.json`, installation;
- `pipeline`: the Binaryen tools, the text round trip that applies the patches, the shim merge and
  the `wasm-opt` flags;
- `patches`: one module per interpreter patch, applied in the order of `patches.PATCHES`.

Nothing here is imported by the kernel at run time.
"""
