"""MicroPython's exception messages in CPython's wording, for what the user sees.

MicroPython words many built-in errors differently (``name 'x' isn't defined``, ``unsupported
types for __add__: 'int', 'str'``, ``divide by zero``). `cpython_message` rewrites the error a
run ended with — its type name and message — into CPython's text where the MicroPython text
carries enough to do so exactly; when CPython's message needs facts MicroPython did not keep
(the value not found by ``list.index``, the expected count of an unpacking), the message is left
as it is. ``source_line`` (the line the error happened on, from the source registry) settles
the few cases that depend on the operator or function written there.

Only the displayed error changes: ``str(e)`` inside guest code is still MicroPython's.
"""

from __future__ import annotations

import ast
import errno
import os
import re
import string
from collections.abc import Callable
from dataclasses import dataclass

MAX_MESSAGE_CHARS = 4096  # longer messages are left alone (bounded host work on guest text)

@dataclass(frozen=True)
class Params:
    """A function's positional parameters, as the source defines them (see `SignatureLookup`)."""

    qualname: str  # "f", or "Room.area" for a method
    positional: tuple[str, ...]  # positional parameter names, ``self`` included for methods
    required: int  # how many of them have no default
    keyword_only: tuple[str, ...] = ()  # the keyword-only parameters without a default
    positional_only: tuple[str, ...] = ()  # the parameters before a `/`


#: name -> the definition's parameters, or None when it is unknown or ambiguous
SignatureLookup = Callable[[str], "Params | None"]


def _and_list(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _arguments(match: re.Match[str], line: str, params: Params | None) -> str | None:
    takes, given = int(match["takes"]), int(match["given"])
    if params is None:
        return _positional(match, line)
    if given < takes:
        if takes != params.required:
            return None
        missing = list(params.positional[given:takes])
        noun = "argument" if len(missing) == 1 else "arguments"
        return f"{params.qualname}() missing {len(missing)} required positional {noun}: {_and_list(missing)}"
    if takes != len(params.positional):
        return None
    if params.required < takes:
        return (f"{params.qualname}() takes from {params.required} to {takes} positional arguments "
                f"but {given} were given")
    noun = "argument" if takes == 1 else "arguments"
    verb = "was" if given == 1 else "were"
    return f"{params.qualname}() takes {takes} positional {noun} but {given} {verb} given"


def _call_nodes(line: str) -> list[ast.Call]:
    """The calls written on a source line (parsed alone, as a statement head or an expression)."""
    text = line.strip()
    for candidate in (text, text + "\n    pass", "_ = " + text.removeprefix("return ")):
        try:
            tree = ast.parse(candidate)
        except (SyntaxError, ValueError):
            continue
        return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return []


def _keyword_only(line: str, signature: SignatureLookup) -> str | None:
    """CPython's "f() missing 1 required keyword-only argument: 'x'" for the one call on the line
    to a function of the session's sources that misses keyword-only arguments (MicroPython:
    "function missing keyword-only argument", or "... required keyword argument 'x'" naming the
    first); None when that is not exactly one call."""
    found = []
    for node in _call_nodes(line):
        if any(k.arg is None for k in node.keywords):
            continue
        params = _callee(node, signature)
        passed = {k.arg for k in node.keywords}
        missing = [k for k in params.keyword_only if k not in passed] if params else []
        if missing:
            found.append((params, missing))
    if len(found) != 1:
        return None
    params, missing = found[0]
    noun = "argument" if len(missing) == 1 else "arguments"
    return f"{params.qualname}() missing {len(missing)} required keyword-only {noun}: {_and_list(missing)}"


def _callee(node: ast.Call, signature: SignatureLookup) -> Params | None:
    """The parameters of the session's function a call names (`f(...)`, `obj.f(...)`), if known."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    try:
        return signature(name) if name else None
    except Exception:
        return None


def _positional_only(keyword: str, line: str, signature: SignatureLookup) -> str | None:
    """CPython's "f() got some positional-only arguments passed as keyword arguments: 'a, b'" for
    the one call on the line that passes `keyword=` to a function of the session's sources whose
    parameter of that name is positional-only (the source pass renamed it: MicroPython says
    "unexpected keyword argument 'a'"); None otherwise."""
    found = []
    for node in _call_nodes(line):
        if not any(k.arg == keyword for k in node.keywords):
            continue
        params = _callee(node, signature)
        if params is not None and keyword in params.positional_only:
            found.append((params, [k.arg for k in node.keywords if k.arg in params.positional_only]))
    if len(found) != 1:
        return None
    params, names = found[0]
    return f"{params.qualname}() got some positional-only arguments passed as keyword arguments: " \
        f"'{', '.join(names)}'"


def _unpack_targets(line: str) -> int | None:
    """How many names the line's single tuple unpacking assigns to (``a, b, c = ...``)."""
    text = line.strip()
    for candidate in (text, text + "\n    pass"):
        try:
            tree = ast.parse(candidate)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        counts = []
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.For | ast.comprehension) else []
            for target in targets:
                if isinstance(target, ast.Tuple | ast.List):
                    if any(isinstance(elt, ast.Starred) for elt in target.elts):
                        return None
                    counts.append(len(target.elts))
        return counts[0] if len(counts) == 1 else None
    return None


def _not_enough(match: re.Match[str], line: str) -> str | None:
    expected = _unpack_targets(line) if len(line) < 2000 else None
    if expected is None or expected <= int(match["got"]):
        return None
    return f"not enough values to unpack (expected {expected}, got {match['got']})"


_BINARY = {
    "add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//", "mod": "%", "pow": "** or pow()",
    "matmul": "@", "lshift": "<<", "rshift": ">>", "and": "&", "or": "|", "xor": "^",
}
_INPLACE = {f"i{name}": symbol for name, symbol in _BINARY.items() if name != "pow"} | {"ipow": "**="}
_COMPARE = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_UNARY = {"neg": "unary -", "pos": "unary +", "invert": "unary ~", "abs": "abs()"}
_SEQUENCES = ("str", "list", "tuple", "bytes", "bytearray")


def _adds_a_bool(line: str) -> bool:
    """Is every `+` on the line (a statement that parses alone) adding a bool-valued expression
    (a comparison, `True`/`False`, `not ...`) on its right?"""
    try:
        tree = ast.parse(line.strip())
    except (SyntaxError, ValueError):
        return False
    adds = [n for n in ast.walk(tree) if isinstance(n, ast.BinOp | ast.AugAssign) and isinstance(n.op, ast.Add)]
    return bool(adds) and all(
        isinstance(r, ast.Compare) or isinstance(r, ast.Constant) and isinstance(r.value, bool)
        or isinstance(r, ast.UnaryOp) and isinstance(r.op, ast.Not)
        for r in (n.right if isinstance(n, ast.BinOp) else n.value for n in adds))


def _binary_types(match: re.Match[str], line: str) -> str | None:
    op, left, right = match["op"], match["left"], match["right"]
    if op in _COMPARE:
        return f"'{_COMPARE[op]}' not supported between instances of '{left}' and '{right}'"
    inplace = op in _INPLACE
    base = op[1:] if inplace else op
    if base == "add" and left in ("str", "list", "tuple") and right != left:
        if right == "int" and _adds_a_bool(line):
            right = "bool"  # MicroPython turns a bool operand into an int before it reports
        return f'can only concatenate {left} (not "{right}") to {left}'
    if base == "add" and left in ("bytes", "bytearray") and right == "str":
        return f"can't concat str to {left}"
    if base == "mul" and (left in _SEQUENCES or right in _SEQUENCES):
        other = right if left in _SEQUENCES else left
        if other not in ("int", "bool"):
            return f"can't multiply sequence by non-int of type '{other}'"
    symbol = _INPLACE.get(op) if inplace else _BINARY.get(op)
    if symbol is None:
        return None
    if not inplace and re.search(rf"{re.escape(symbol)}=", line) and not re.search(
        rf"(?<![{re.escape(symbol)}]){re.escape(symbol)}(?![{re.escape(symbol)}=])", line
    ):
        inplace = True  # `total += x` on immutables: MicroPython reports the plain operator
    if inplace:
        symbol = symbol if symbol.endswith("=") else symbol + "="
    return f"unsupported operand type(s) for {symbol}: '{left}' and '{right}'"


def _unary_type(match: re.Match[str], line: str) -> str | None:
    op = match["op"]
    if op == "hash":
        return f"unhashable type: '{match['type']}'"
    if op in _UNARY:
        return f"bad operand type for {_UNARY[op]}: '{match['type']}'"
    return None


def _division(match: re.Match[str], line: str) -> str:
    """Integer operands assumed (MicroPython's text does not say): CPython's words per operator."""
    true_division = re.search(r"(?<!/)/(?![/=])", line) is not None
    floor = "//" in line or "divmod(" in line
    modulo = re.search(r"%(?!\()", line) is not None and not re.search(r"['\"]\s*%", line)
    if true_division or not (floor or modulo):
        return "division by zero"
    if modulo and not floor:
        return "integer modulo by zero"
    return "integer division or modulo by zero"


def _keyword(match: re.Match[str], line: str) -> str | None:
    calls = re.findall(rf"([A-Za-z_][\w.]*)\s*\([^()]*\b{re.escape(match['name'])}\s*=(?!=)", line)
    if len(calls) != 1:
        return None
    return f"{calls[0].rsplit('.', 1)[-1]}() got an unexpected keyword argument '{match['name']}'"


def _multiple(match: re.Match[str], line: str) -> str | None:
    """"f() got multiple values for argument 'a'" for the one call of a plain name on the line
    that passes `a=` (MicroPython: "function got multiple values ...")."""
    calls = re.findall(rf"(?<![\w.])([A-Za-z_]\w*)\s*\([^()]*\b{re.escape(match['name'])}\s*=(?!=)", line)
    if len(calls) != 1:
        return None
    return f"{calls[0]}() got multiple values for argument '{match['name']}'"


def _positional(match: re.Match[str], line: str) -> str | None:
    takes, given = int(match["takes"]), int(match["given"])
    if given < takes:
        return None  # CPython names the missing arguments; MicroPython did not keep them
    noun = "argument" if takes == 1 else "arguments"
    verb = "was" if given == 1 else "were"
    return f"{match['func']}() takes {takes} positional {noun} but {given} {verb} given"


# Built-in functions whose CPython message for a wrong argument count is "NAME expected N
# arguments, got M" (MicroPython: "function takes N positional arguments but M were given").
_EXPECTED_ARGUMENTS = {"divmod": re.compile(r"(?<![\w.])divmod\s*\("), "pow": re.compile(r"\bmath\.pow\s*\(")}


def _builtin_count(match: re.Match[str], line: str) -> str | None:
    takes, given = int(match["takes"]), int(match["given"])
    found = [name for name, call in _EXPECTED_ARGUMENTS.items() if call.search(line)]
    if len(found) != 1 or takes != 2:
        return None
    return f"{found[0]} expected {takes} arguments, got {given}"


def _at_most(match: re.Match[str], line: str) -> str | None:
    # float('123.0', 2): CPython names the type ("float expected at most 1 argument, got 2")
    if not re.search(r"(?<![\w.])float\s*\(", line) or match["most"] != "1":
        return None
    return f"float expected at most 1 argument, got {match['given']}"


def _round_type(match: re.Match[str], line: str) -> str | None:
    # round("x"): the line calls round() and nothing else that converts to a number
    if len(re.findall(r"(?<![\w.])round\s*\(", line)) != 1 or re.search(
            r"(?<![\w.])(float|int|abs|sum|min|max|pow|divmod|complex)\s*\(|\bmath\.|[-+*/%<>]", line):
        return None
    return f"type {match['type']} doesn't define __round__ method"


def _percent_number(match: re.Match[str], line: str) -> str | None:
    # "%d" % "x", "%.2f" % "x": the line's one numeric %-conversion got a non-number (and nothing
    # else on the line converts to a number)
    codes = re.findall(r"%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([diouxXeEfFgGc])", line)
    if len(codes) != 1 or codes[0] in "c" or re.search(r"(?<![\w.])int\s*\(", line):
        return None
    if codes[0] in "diu":
        return f"%{codes[0]} format: a real number is required, not {match['type']}"
    if codes[0] in "oxX":
        return f"%{codes[0]} format: an integer is required, not {match['type']}"
    if re.search(r"(?<![\w.])float\s*\(|\bmath\.", line):
        return None
    return f"must be real number, not {match['type']}"


def _format_index(match: re.Match[str], line: str) -> str | None:
    # "{} {}".format(1): the line's one "literal".format(...) call names a positional field past
    # its arguments; CPython names the first such field
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr == "format"]
    if len(calls) != 1 or not isinstance(calls[0].func.value, ast.Constant) \
            or not isinstance(calls[0].func.value.value, str) \
            or any(isinstance(a, ast.Starred) for a in calls[0].args) or any(k.arg is None for k in calls[0].keywords):
        return None
    given, auto = len(calls[0].args), 0
    try:
        fields = list(string.Formatter().parse(calls[0].func.value.value))
    except ValueError:
        return None
    for _text, name, spec, _conversion in fields:
        if name is None:
            continue
        if spec and "{" in spec:
            return None
        head = re.match(r"[^.\[]*", name).group()
        if head == "":
            index, auto = auto, auto + 1
        elif head.isdigit():
            index = int(head)
        else:
            continue
        if index >= given:
            return f"Replacement index {index} out of range for positional args tuple"
    return None


def _real_number(match: re.Match[str], line: str) -> str | None:
    # math.sqrt('123'): a math function's argument that is not a number
    if not re.search(r"\bmath\.\w+\s*\(", line) or re.search(r"(?<![\w.])float\s*\(", line):
        return None
    return f"must be real number, not {match['type']}"


def _int_argument(match: re.Match[str], line: str) -> str | None:
    # int(None), int([1]): the line calls int() and nothing else that converts to int
    if match["type"] in ("str", "bytes", "float", "int", "bool") or len(re.findall(r"(?<![\w.])int\s*\(", line)) != 1 \
            or re.search(r"%|\brange\s*\(|\[|\bchr\s*\(|\.to_bytes|\bbin\s*\(|\bhex\s*\(|\boct\s*\(", line):
        return None
    return f"int() argument must be a string, a bytes-like object or a real number, not '{match['type']}'"


def _float_argument(match: re.Match[str], line: str) -> str | None:
    # float([1]): the line calls float() and no math function
    if match["type"] in ("str", "bytes", "int", "float", "bool") or re.search(r"\bmath\.\w+\s*\(|%", line) \
            or len(re.findall(r"(?<![\w.])float\s*\(", line)) != 1:
        return None
    return f"float() argument must be a string or a real number, not '{match['type']}'"


def _float_literal(match: re.Match[str], line: str) -> str | None:
    # float("abc"): the line's one float() call has a string literal argument (MicroPython's
    # message does not carry the text)
    if len(line) > 2000 or len(re.findall(r"(?<![\w.])float\s*\(", line)) != 1:
        return None
    try:
        tree = ast.parse(line.strip() if not line.strip().endswith(":") else line.strip() + "\n    pass")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id == "float"]
    if len(calls) != 1 or len(calls[0].args) != 1 or calls[0].keywords:
        return None
    arg = calls[0].args[0]
    if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
        return None
    return f"could not convert string to float: {arg.value!r}"


def _assignment_index(match: re.Match[str], line: str) -> str | None:
    # a[5] = 3, del a[5]: the line's one subscript is the statement's target
    text = line.strip()
    if text.count("[") != 1 or not (text.startswith("del ") or re.match(r"[\w.]+\[[^\]]*\]\s*=[^=]", text)):
        return None
    return "list assignment index out of range"


def _empty_sequence(match: re.Match[str], line: str) -> str | None:
    found = [name for name in ("max", "min") if re.search(rf"\b{name}\s*\(", line)]
    return f"{found[0]}() arg is an empty sequence" if len(found) == 1 else None


def _not_in_sequence(match: re.Match[str], line: str) -> str | None:
    if ".remove(" in line and ".index(" not in line:
        return "list.remove(x): x not in list"
    if ".index(" in line and ".remove(" not in line:
        return _index_message(line)
    return None


def _index_message(line: str) -> str | None:
    """``'poodle' is not in list`` when the line makes one ``.index(<literal>)`` call on
    something that is not a tuple display (the value must be in the source: the guest's message
    does not name it). A tuple receiver would say ``tuple.index(x): x not in tuple``."""
    try:
        tree = ast.parse(line.strip())
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "index"]
    if len(calls) != 1 or len(calls[0].args) != 1 or calls[0].keywords:
        return None
    arg, receiver = calls[0].args[0], calls[0].func.value
    if isinstance(receiver, ast.Tuple | ast.Constant) or not isinstance(arg, ast.Constant):
        return None
    return f"{arg.value!r} is not in list"


def _cannot_import(match: re.Match[str], line: str) -> str | None:
    found = re.match(r"\s*from\s+([\w.]+)\s+import\b", line)
    if found is None:
        return None
    return f"cannot import name '{match['name']}' from '{found.group(1)}' (unknown location)"


def _errno_text(match: re.Match[str], line: str) -> str | None:
    number = int(match["errno"])
    text = os.strerror(number)
    if not text or text.startswith("Unknown error"):
        return None
    return f"[Errno {number}] {text}{match['rest'] or ''}"


def _errno_name(match: re.Match[str], line: str) -> str | None:
    number = getattr(errno, match["name"], None)
    if not isinstance(number, int) or number != int(match["errno"]):
        return None
    return f"[Errno {number}] {os.strerror(number)}{match['rest'] or ''}"


def _unsupported(line: str) -> str | None:
    """CPython's io.UnsupportedOperation text for MicroPython's EBADF from a file opened for the
    other direction: the line calls exactly one of read/readline(s) or write/writelines."""
    reads = re.findall(r"\.(?:read|readline|readlines)\s*\(", line)
    writes = re.findall(r"\.(?:write|writelines)\s*\(", line)
    if reads and not writes:
        return "not readable"
    if writes and not reads:
        return "not writable"
    return None


Rule = tuple[frozenset[str] | None, re.Pattern[str], "str | Callable[[re.Match[str], str], str | None]"]

_RULES: list[Rule] = [
    (frozenset({"ImportError"}), re.compile(r"can't import name (?P<name>\w+)"), _cannot_import),
    (frozenset({"NameError"}), re.compile(r"name '(?P<name>[^']*)' isn't defined"), r"name '\g<name>' is not defined"),
    (frozenset({"TypeError"}),
     re.compile(r"unsupported types for __(?P<op>\w+?)__: '(?P<left>[\w.]+)', '(?P<right>[\w.]+)'"), _binary_types),
    # `except "text":` (MicroPython's exception-match operator has no name in its message)
    (frozenset({"TypeError"}), re.compile(r"unsupported types for : '[\w.]+', '[\w.]+'"),
     "catching classes that do not inherit from BaseException is not allowed"),
    (frozenset({"TypeError"}), re.compile(r"unsupported type for __(?P<op>\w+?)__: '(?P<type>[\w.]+)'"), _unary_type),
    (frozenset({"TypeError"}),
     re.compile(r"'(?P<type>[\w.]+)' object isn't (?P<what>callable|iterable|subscriptable|an iterator)"),
     r"'\g<type>' object is not \g<what>"),
    (frozenset({"TypeError"}),
     re.compile(r"'(?P<type>[\w.]+)' object doesn't support item (?P<what>assignment)"),
     r"'\g<type>' object does not support item \g<what>"),
    (frozenset({"TypeError"}), re.compile(r"string indices must be integers, not (?P<other>[\w.]+)"),
     r"string indices must be integers, not '\g<other>'"),
    (frozenset({"TypeError"}), re.compile(r"(?P<type>\w+) indices must be integers, not (?P<other>[\w.]+)"),
     r"\g<type> indices must be integers or slices, not \g<other>"),
    (frozenset({"TypeError"}),
     re.compile(r"(?P<func>[\w.<>]+)\(\) takes (?P<takes>\d+) positional arguments but (?P<given>\d+) were given"),
     _positional),
    (frozenset({"TypeError"}),
     re.compile(r"function takes (?P<takes>\d+) positional arguments but (?P<given>\d+) were given"),
     _builtin_count),
    (frozenset({"TypeError"}),
     re.compile(r"function expected at most (?P<most>\d+) arguments, got (?P<given>\d+)"), _at_most),
    (frozenset({"TypeError"}), re.compile(r"can't convert (?P<type>\w+) to float"), _round_type),
    (frozenset({"TypeError"}), re.compile(r"can't convert (?P<type>\w+) to float"), _real_number),
    (frozenset({"TypeError"}), re.compile(r"can't convert (?P<type>\w+) to float"), _float_argument),
    (frozenset({"TypeError"}), re.compile(r"can't convert (?P<type>\w+) to float"), _percent_number),
    (frozenset({"TypeError"}), re.compile(r"can't convert (?P<type>\w+) to int"), _int_argument),
    (frozenset({"TypeError"}), re.compile(r"can't convert (?P<type>\w+) to int"), _percent_number),
    (frozenset({"OverflowError"}), re.compile(r"can't convert inf to int"), "cannot convert float infinity to integer"),
    (frozenset({"ValueError"}), re.compile(r"can't convert NaN to int"), "cannot convert float NaN to integer"),
    (frozenset({"TypeError"}), re.compile(r"format string needs more arguments"),
     "not enough arguments for format string"),
    (frozenset({"TypeError"}), re.compile(r"format string didn't convert all arguments"),
     "not all arguments converted during string formatting"),
    (frozenset({"ValueError"}), re.compile(r"unknown format code '(?P<code>.)' for object of type '(?P<type>\w+)'"),
     r"Unknown format code '\g<code>' for object of type '\g<type>'"),
    (frozenset({"IndexError"}), re.compile(r"list index out of range"), _assignment_index),
    (frozenset({"IndexError"}), re.compile(r"tuple index out of range"), _format_index),
    (frozenset({"ValueError"}), re.compile(r"invalid syntax for number"), _float_literal),
    (frozenset({"ZeroDivisionError"}), re.compile(r"divide by zero"), _division),
    (frozenset({"TypeError"}), re.compile(r"unexpected keyword argument '(?P<name>\w+)'"), _keyword),
    (frozenset({"TypeError"}), re.compile(r"function got multiple values for argument '(?P<name>\w+)'"), _multiple),
    (frozenset({"ValueError"}), re.compile(r"invalid syntax for integer with base (?P<base>\d+): (?P<text>.*)", re.S),
     r"invalid literal for int() with base \g<base>: \g<text>"),
    (frozenset({"ValueError"}), re.compile(r"slice step can't be zero"), "slice step cannot be zero"),
    (frozenset({"ValueError"}), re.compile(r"I/O operation on closed file"), "I/O operation on closed file."),
    (frozenset({"ValueError"}), re.compile(r"need more than (?P<got>\d+) values to unpack"), _not_enough),
    (frozenset({"ValueError"}), re.compile(r"arg is an empty sequence"), _empty_sequence),
    (frozenset({"ValueError"}), re.compile(r"object not in sequence"), _not_in_sequence),
    (frozenset({"ValueError"}), re.compile(r"char not in range\(0x110000\)"), "chr() arg not in range(0x110000)"),
    (frozenset({"ValueError"}), re.compile(r"int\(\) arg 2 must be >= 2 and <= 36"),
     "int() base must be >= 2 and <= 36, or 0"),
    (frozenset({"ImportError"}), re.compile(r"can't import name (?P<name>\w+)"), r"cannot import name '\g<name>'"),
    (None, re.compile(r"(?P<errno>\d+)(?P<rest>)"), _errno_text),
    (None, re.compile(r"\[Errno (?P<errno>\d+)\] (?P<name>E[A-Z0-9]+)(?P<rest>: .*)?", re.S), _errno_name),
]

_OS_ERRORS = frozenset({
    "OSError", "FileNotFoundError", "FileExistsError", "IsADirectoryError", "NotADirectoryError",
    "PermissionError", "IOError",
})


_ARGUMENTS_RE = re.compile(
    r"(?P<func>[\w.<>]+)\(\) takes (?P<takes>\d+) positional arguments but (?P<given>\d+) were given")


def cpython_message(ename: str, evalue: str, source_line: str = "",
                    signature: SignatureLookup | None = None) -> tuple[str, str]:
    """``(ename, evalue)`` as CPython would show them, or unchanged when no rule applies exactly.

    Errno messages (``OSError`` and its subclasses) become ``[Errno 30] Read-only file system``
    style text; ``EBADF`` from ``f.read()``/``f.write()`` on a file opened the other way becomes
    ``UnsupportedOperation: not readable``/``not writable``; ``ImportError: no module named 'x'``
    becomes ``ModuleNotFoundError: No module named 'x'``.
    """
    if len(evalue) > MAX_MESSAGE_CHARS:
        return ename, evalue
    if ename == "TypeError" and signature is not None:
        match = _ARGUMENTS_RE.fullmatch(evalue)
        if match:
            try:
                params = signature(match["func"])
            except Exception:
                params = None
            text = _arguments(match, source_line, params)
            if text is not None:
                return ename, text
    if ename == "TypeError" and signature is not None and (
            evalue == "function missing keyword-only argument"
            or re.fullmatch(r"function missing required keyword argument '\w+'", evalue)):
        text = _keyword_only(source_line, signature)
        if text is not None:
            return ename, text
    if ename == "TypeError" and signature is not None:
        match = re.fullmatch(r"unexpected keyword argument '(?P<name>\w+)'", evalue)
        text = _positional_only(match["name"], source_line, signature) if match else None
        if text is not None:
            return ename, text
    if ename == "OSError" and evalue == "[Errno 9] EBADF":
        unsupported = _unsupported(source_line)
        if unsupported is not None:
            return "UnsupportedOperation", unsupported
    if ename == "ImportError":
        match = re.fullmatch(r"no module named '(?P<name>[^']*)'", evalue)
        if match:
            return "ModuleNotFoundError", f"No module named '{match['name']}'"
    for names, pattern, replacement in _RULES:
        if names is None:
            if ename not in _OS_ERRORS:
                continue
        elif ename not in names:
            continue
        match = pattern.fullmatch(evalue)
        if match is None:
            continue
        if callable(replacement):
            text = replacement(match, source_line)
            if text is None:
                continue
            return ename, text
        return ename, match.expand(replacement)
    return ename, evalue
