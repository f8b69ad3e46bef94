"""The MCP server front end (``mpwasm-kernel mcp``): the sandbox as a code-execution tool for AI agents.

Modules by concern: `config` (the administrator's settings), `engine` (the one door to the
sandbox), `sessions` (one interpreter and worker thread per MCP session, caps, idle expiry),
`tools` (names, descriptions, schemas, argument checks), `render` (results as MCP content) and
`server` (the official `mcp` SDK's low-level server, stdio and streamable HTTP). Needs the
optional dependency ``mcp`` (``pip install 'mpwasm-kernel[mcp]'``). See docs/mcp.md.
"""
