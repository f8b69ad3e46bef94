"""shutil on the sandbox's files (issue 26: `import shutil` failed; a course's file lessons copy,
move and delete trees), and `os.makedirs` of an existing directory naming the path as CPython
does. Differential: the same cell on the host CPython (in an empty temporary directory) and in
the sandbox."""

from __future__ import annotations

from collections.abc import Callable


def test_shutil_file_operations(same_output: Callable[[str], str]) -> None:
    same_output(r"""
        import os, shutil
        os.makedirs("src/sub", exist_ok=True)
        with open("src/a.txt", "w") as f: f.write("alpha\n")
        with open("src/sub/b.txt", "w") as f: f.write("beta\n")
        print(shutil.copy("src/a.txt", "a_copy.txt"), open("a_copy.txt").read())
        print(shutil.copyfile("src/a.txt", "c.txt"), shutil.copy2("src/a.txt", "src/sub"))
        print(shutil.copytree("src", "dst"), sorted(os.listdir("dst")), sorted(os.listdir("dst/sub")))
        try:
            shutil.copytree("src", "dst")
        except FileExistsError as e:
            print("FileExistsError", e)
        print(shutil.move("c.txt", "dst"), sorted(os.listdir("dst")))
        print(shutil.move("a_copy.txt", "moved.txt"), os.path.exists("a_copy.txt"))
        shutil.rmtree("dst")
        print(os.path.exists("dst"), shutil.which("ls_not_a_program_xyz"))
        try:
            shutil.copy("nope.txt", "x.txt")
        except FileNotFoundError as e:
            print("FileNotFoundError", e)
        try:
            shutil.rmtree("nope_dir")
        except FileNotFoundError as e:
            print("FileNotFoundError", e)
        shutil.rmtree("nope_dir", ignore_errors=True)
        with open("src/a.txt") as a, open("out.txt", "w") as b:
            shutil.copyfileobj(a, b)
        print(open("out.txt").read())
        try:
            shutil.copyfile("out.txt", "out.txt")
        except shutil.SameFileError as e:
            print("SameFileError", e)
    """)


def test_shutil_import_keeps_collections(same_output: Callable[[str], str]) -> None:
    """Importing shutil (and through it os) keeps the library's collections (issue 26's bug)."""
    same_output("""
        import pathlib, shutil
        from collections import Counter, defaultdict, deque
        d = defaultdict(list)
        d["a"].append(1)
        print(Counter("hello").most_common(2), d, deque([1, 2]), [k for k in d])
    """)
