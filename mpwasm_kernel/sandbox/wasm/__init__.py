"""The WebAssembly side of the sandbox: the pinned artifact, the wasmtime engine and module cache,
the Emscripten reactor instance, linear-memory access, snapshots and interrupts."""
