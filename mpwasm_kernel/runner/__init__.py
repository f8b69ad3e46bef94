"""The request runner: one cell of text in, ordered outputs, the result and the error out.

Below the protocols, above the sandbox: imports `mpwasm_kernel.sandbox` and never a Jupyter
module. The kernel, the notebook executor, the command line and the MCP server drive it and only
translate what it returns to their protocol.
"""
