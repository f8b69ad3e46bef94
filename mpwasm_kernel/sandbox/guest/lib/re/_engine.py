# Guest library: re engine. Compiles the parser's tree to a small instruction list and runs
# it with an explicit backtracking stack (no Python recursion per character), so long inputs
# work within the sandbox's stack; pathological patterns are stopped by the sandbox's limits.
from re._parser import A, I, M, S, _fixed_width

from micropython import const

CHAR = const(0)
CLASS = const(1)
ANY = const(2)
ANYALL = const(3)
SPLIT = const(4)
JMP = const(5)
SAVE = const(6)
MATCH = const(7)
BOL = const(8)
EOL = const(9)
START = const(10)
END = const(11)
ENDZ = const(12)
WORDB = const(13)
NWORDB = const(14)
BACKREF = const(15)
LOOK = const(16)
ATOMIC = const(17)
MARK = const(18)
CHECK = const(19)
COND = const(20)
BOLM = const(21)
EOLM = const(22)
CHARI = const(23)
BACKREFI = const(24)
FAIL = const(25)

_SPACES = " \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0"


def _is_word(ch, ascii_only):
    if ascii_only:
        return ch == "_" or ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9")
    return ch == "_" or ch.isalpha() or ch.isdigit()


def _is_digit(ch, ascii_only):
    return ("0" <= ch <= "9") if ascii_only else ch.isdigit()


def _is_space(ch, ascii_only):
    return ch in " \t\n\r\f\v" if ascii_only else (ch in _SPACES or ch.isspace())


def _category(cat, ch, ascii_only):
    if cat == "d":
        return _is_digit(ch, ascii_only)
    if cat == "D":
        return not _is_digit(ch, ascii_only)
    if cat == "w":
        return _is_word(ch, ascii_only)
    if cat == "W":
        return not _is_word(ch, ascii_only)
    if cat == "s":
        return _is_space(ch, ascii_only)
    return not _is_space(ch, ascii_only)


def _make_class(negated, items, icase, ascii_only):
    chars = set()
    ranges = []
    cats = []
    for item in items:
        if item[0] == "ch":
            chars.add(item[1])
            if icase:
                chars.add(item[1].lower())
                chars.add(item[1].upper())
        elif item[0] == "range":
            ranges.append((item[1], item[2]))
        else:
            cats.append(item[1])

    def test(ch):
        found = ch in chars
        if not found:
            for lo, hi in ranges:
                if lo <= ch <= hi or (icase and (lo <= ch.lower() <= hi or lo <= ch.upper() <= hi)):
                    found = True
                    break
        if not found:
            for cat in cats:
                if _category(cat, ch, ascii_only):
                    found = True
                    break
        return found != negated

    return test


def _nullable(node):
    kind = node[0]
    if kind in ("lit", "any", "class"):
        return False
    if kind == "cat":
        return all(_nullable(n) for n in node[1])
    if kind == "alt":
        return any(_nullable(n) for n in node[1])
    if kind == "group":
        return _nullable(node[2])
    if kind == "repeat":
        return node[2] == 0 or _nullable(node[1])
    if kind == "flags":
        return _nullable(node[3])
    if kind == "atomic":
        return _nullable(node[1])
    if kind == "backref":
        return True
    if kind == "cond":
        return True
    return True


class Program:
    def __init__(self, flags):
        self.code = []
        self.nregs = 0
        self.flags = flags


def compile_tree(tree, flags):
    prog = Program(flags)
    _emit(prog, tree, flags)
    prog.code.append((MATCH,))
    return prog


def _sub_program(prog, node, flags):
    sub = Program(flags)
    sub.nregs = prog.nregs
    _emit(sub, node, flags)
    sub.code.append((MATCH,))
    prog.nregs = max(prog.nregs, sub.nregs)
    return sub


def _emit(prog, node, flags):
    code = prog.code
    kind = node[0]
    icase = flags & I
    if kind == "lit":
        if icase and node[1].lower() != node[1].upper():
            code.append((CHARI, node[1].lower()))
        else:
            code.append((CHAR, node[1]))
    elif kind == "any":
        code.append((ANYALL,) if flags & S else (ANY,))
    elif kind == "class":
        code.append((CLASS, _make_class(node[1], node[2], icase, flags & A)))
    elif kind == "cat":
        for item in node[1]:
            _emit(prog, item, flags)
    elif kind == "alt":
        jumps = []
        branches = node[1]
        for i, branch in enumerate(branches):
            if i < len(branches) - 1:
                split_at = len(code)
                code.append(None)
                _emit(prog, branch, flags)
                jumps.append(len(code))
                code.append(None)
                code[split_at] = (SPLIT, split_at + 1, len(code))
            else:
                _emit(prog, branch, flags)
        for j in jumps:
            code[j] = (JMP, len(code))
    elif kind == "group":
        index = node[1]
        if index is None:
            _emit(prog, node[2], flags)
        else:
            code.append((SAVE, 2 * index))
            _emit(prog, node[2], flags)
            code.append((SAVE, 2 * index + 1))
    elif kind == "repeat":
        _emit_repeat(prog, node, flags)
    elif kind == "bol":
        code.append((BOLM,) if flags & M else (BOL,))
    elif kind == "eol":
        code.append((EOLM,) if flags & M else (EOL,))
    elif kind == "start":
        code.append((START,))
    elif kind == "endz":
        code.append((ENDZ,))
    elif kind == "wordb":
        code.append((WORDB, flags & A))
    elif kind == "nwordb":
        code.append((NWORDB, flags & A))
    elif kind == "backref":
        code.append((BACKREFI, node[1]) if icase else (BACKREF, node[1]))
    elif kind == "look":
        ahead, negated, sub = node[1], node[2], node[3]
        width = 0 if ahead else node[4]
        code.append((LOOK, _sub_program(prog, sub, flags), ahead, negated, width))
    elif kind == "atomic":
        code.append((ATOMIC, _sub_program(prog, node[1], flags)))
    elif kind == "flags":
        _emit(prog, node[3], (flags | node[1]) & ~node[2])
    elif kind == "cond":
        at = len(code)
        code.append(None)
        _emit(prog, node[2], flags)
        jump_at = len(code)
        code.append(None)
        no_start = len(code)
        if node[3] is not None:
            _emit(prog, node[3], flags)
        code[at] = (COND, node[1], no_start)
        code[jump_at] = (JMP, len(code))
    else:
        raise ValueError("unknown node %r" % (kind,))


def _emit_repeat(prog, node, flags):
    body, lo, hi, mode = node[1], node[2], node[3], node[4]
    if mode == "p":
        code = prog.code
        code.append((ATOMIC, _sub_program(prog, ("repeat", body, lo, hi, "g"), flags)))
        return
    code = prog.code
    greedy = mode == "g"
    for _ in range(lo):
        _emit(prog, body, flags)
    if hi is None:
        nullable = _nullable(body)
        reg = None
        if nullable:
            reg = prog.nregs
            prog.nregs += 1
        loop = len(code)
        code.append(None)
        if reg is not None:
            code.append((MARK, reg))
        _emit(prog, body, flags)
        check_at = None
        if reg is not None:
            check_at = len(code)
            code.append(None)
        code.append((JMP, loop))
        exit_pc = len(code)
        if check_at is not None:
            code[check_at] = (CHECK, reg, exit_pc)
        code[loop] = (SPLIT, loop + 1, exit_pc) if greedy else (SPLIT, exit_pc, loop + 1, 1)
        return
    optional = hi - lo
    splits = []
    for _ in range(optional):
        splits.append(len(code))
        code.append(None)
        _emit(prog, body, flags)
    exit_pc = len(code)
    for at in splits:
        code[at] = (SPLIT, at + 1, exit_pc) if greedy else (SPLIT, exit_pc, at + 1, 1)


def _adopt_captures(caps, sub_caps, stack):
    """Takes the captures a lookaround or atomic group's sub-run set (sub_caps) into caps, each
    change with its undo entry (1, index, old value) on the backtrack stack (callers skip the
    call when nothing changed: one list comparison instead of a loop)."""
    for i in range(len(caps)):
        if sub_caps[i] != caps[i]:
            stack.append(1)
            stack.append(i)
            stack.append(caps[i])
            caps[i] = sub_caps[i]


def run(prog, s, start, end, caps, regs, forbid_end=-1):
    """Match `prog` at `start` (anchored) in `s`, a list of the subject's characters
    (MicroPython indexes str in O(n)). Returns the end position or -1; fills `caps`
    (2 slots per group + the last closed group) and uses `regs` (loop progress marks)."""
    code = prog.code
    stack = []
    pc = 0
    pos = start
    slen = len(s)
    while True:
        op = code[pc]
        kind = op[0]
        ok = True
        if kind == CHAR:
            if pos < end and s[pos] == op[1]:
                pos += 1
                pc += 1
            else:
                ok = False
        elif kind == CLASS:
            if pos < end and op[1](s[pos]):
                pos += 1
                pc += 1
            else:
                ok = False
        elif kind == SPLIT:
            stack.append(0)
            stack.append(op[2])
            stack.append(pos)
            pc = op[1]
        elif kind == JMP:
            pc = op[1]
        elif kind == ANY:
            if pos < end and s[pos] != "\n":
                pos += 1
                pc += 1
            else:
                ok = False
        elif kind == CHARI:
            if pos < end and s[pos].lower() == op[1]:
                pos += 1
                pc += 1
            else:
                ok = False
        elif kind == SAVE:
            index = op[1]
            stack.append(1)
            stack.append(index)
            stack.append(caps[index])
            caps[index] = pos
            if index & 1:  # a group closed: remember it for Match.lastindex
                stack.append(1)
                stack.append(-1)
                stack.append(caps[-1])
                caps[-1] = index >> 1
            pc += 1
        elif kind == MATCH:
            if pos == forbid_end:
                ok = False
            else:
                return pos
        elif kind == ANYALL:
            if pos < end:
                pos += 1
                pc += 1
            else:
                ok = False
        elif kind == MARK:
            reg = op[1]
            stack.append(2)
            stack.append(reg)
            stack.append(regs[reg])
            regs[reg] = pos
            pc += 1
        elif kind == CHECK:
            # an iteration that matched empty ends the loop (as CPython's engine does)
            pc = op[2] if regs[op[1]] == pos else pc + 1
        elif kind == BOL:
            if pos == 0:
                pc += 1
            else:
                ok = False
        elif kind == BOLM:
            if pos == 0 or s[pos - 1] == "\n":
                pc += 1
            else:
                ok = False
        elif kind == EOL:
            if pos == slen or (pos == slen - 1 and s[pos] == "\n"):
                pc += 1
            else:
                ok = False
        elif kind == EOLM:
            if pos == slen or s[pos] == "\n":
                pc += 1
            else:
                ok = False
        elif kind == START:
            if pos == 0:
                pc += 1
            else:
                ok = False
        elif kind == END:
            if pos == end:
                pc += 1
            else:
                ok = False
        elif kind == ENDZ:
            if pos == slen:
                pc += 1
            else:
                ok = False
        elif kind == WORDB or kind == NWORDB:
            before = pos > 0 and _is_word(s[pos - 1], op[1])
            after = pos < slen and _is_word(s[pos], op[1])
            if (before != after) == (kind == WORDB):
                pc += 1
            else:
                ok = False
        elif kind == BACKREF or kind == BACKREFI:
            index = op[1]
            a, b = caps[2 * index], caps[2 * index + 1]
            if a < 0 or b < 0:
                ok = False
            else:
                text = s[a:b]
                n = len(text)
                piece = s[pos:pos + n]
                if pos + n <= end and (piece == text or (kind == BACKREFI and
                                                         "".join(piece).lower() == "".join(text).lower())):
                    pos += n
                    pc += 1
                else:
                    ok = False
        elif kind == LOOK:
            sub, ahead, negated, width = op[1], op[2], op[3], op[4]
            if ahead:
                at, limit = pos, slen
            else:
                at, limit = pos - width, pos
            matched = False
            sub_caps = None
            if at >= 0:
                sub_caps = caps[:]
                result = run(sub, s, at, limit if not ahead else slen, sub_caps, regs[:])
                matched = result >= 0 and (ahead or result == pos)
            if matched == negated:
                ok = False
            else:
                if matched and not negated and sub_caps != caps:
                    _adopt_captures(caps, sub_caps, stack)
                pc += 1
        elif kind == ATOMIC:
            sub_caps = caps[:]
            result = run(op[1], s, pos, end, sub_caps, regs[:])
            if result < 0:
                ok = False
            else:
                if sub_caps != caps:
                    _adopt_captures(caps, sub_caps, stack)
                pos = result
                pc += 1
        elif kind == COND:
            index = op[1]
            if caps[2 * index] >= 0 and caps[2 * index + 1] >= 0:
                pc += 1
            else:
                pc = op[2]
        else:
            ok = False
        if not ok:
            # the backtrack stack holds int triples (tag, a, b): no allocation per entry
            while stack:
                b = stack.pop()
                a = stack.pop()
                tag = stack.pop()
                if tag == 0:
                    pc = a
                    pos = b
                    break
                if tag == 1:
                    caps[a] = b
                else:
                    regs[a] = b
            else:
                return -1


def literal_prefix(tree, flags):
    """The literal text every match starts with (for a quick scan), or ''."""
    if flags & I:
        return ""
    node = tree
    out = []
    while True:
        kind = node[0]
        if kind == "lit":
            out.append(node[1])
            return "".join(out)
        if kind == "cat":
            for item in node[1]:
                if item[0] == "lit":
                    out.append(item[1])
                else:
                    break
            return "".join(out)
        if kind == "group":
            node = node[2]
            continue
        return "".join(out)


__all__ = ["compile_tree", "run", "literal_prefix", "_fixed_width"]
