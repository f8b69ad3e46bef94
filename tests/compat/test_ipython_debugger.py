"""`from IPython.core.debugger import Pdb` (issue 26): debugging lessons import it and keep the
`Pdb().set_trace()` call commented out, so the rest of the cell must run as in IPython
(differential); calling set_trace() says the debugger is not available."""

from __future__ import annotations

from stdlib_support import run_guest, same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_importing_pdb_runs_the_cell(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from IPython.core.debugger import Pdb
        import IPython.core.debugger as debugger


        class SuperGreeter:
            def __init__(self, people_to_greet):
                self.people = people_to_greet

            def greet(self):
                for person in self.people:
                    # Pdb().set_trace()
                    print(f"G'day {person}!" if len(person) < 6 else f"Aloha {person}!")


        SuperGreeter(["John Doe", "Lisa"]).greet()
        print(debugger.Pdb is Pdb, callable(debugger.set_trace))
    """)


def test_set_trace_says_it_is_not_available(sandbox: Sandbox) -> None:  # noqa: F811
    out = run_guest(sandbox, "from IPython.core.debugger import Pdb\nPdb().set_trace()")
    assert out.startswith("!! NotImplementedError: the debugger (Pdb().set_trace()) is not available in the sandbox")
