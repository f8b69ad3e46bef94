# Guest library: doctest (testmod, run_docstring_examples, DocTestParser/Runner) with
# CPython's report format. MicroPython keeps class docstrings but not function docstrings:
# a function's examples are found only if its docstring was recorded (_mpk_lib.set_doc, done by
# the host cell pass when available); testmod() says so when it finds functions without one.
import _mpk_lib as _lib

OPTIONFLAGS_BY_NAME = {}


def register_optionflag(name):
    return OPTIONFLAGS_BY_NAME.setdefault(name, 1 << len(OPTIONFLAGS_BY_NAME))


DONT_ACCEPT_TRUE_FOR_1 = register_optionflag("DONT_ACCEPT_TRUE_FOR_1")
DONT_ACCEPT_BLANKLINE = register_optionflag("DONT_ACCEPT_BLANKLINE")
NORMALIZE_WHITESPACE = register_optionflag("NORMALIZE_WHITESPACE")
ELLIPSIS = register_optionflag("ELLIPSIS")
SKIP = register_optionflag("SKIP")
IGNORE_EXCEPTION_DETAIL = register_optionflag("IGNORE_EXCEPTION_DETAIL")
REPORT_UDIFF = register_optionflag("REPORT_UDIFF")
REPORT_CDIFF = register_optionflag("REPORT_CDIFF")
REPORT_NDIFF = register_optionflag("REPORT_NDIFF")
REPORT_ONLY_FIRST_FAILURE = register_optionflag("REPORT_ONLY_FIRST_FAILURE")
FAIL_FAST = register_optionflag("FAIL_FAST")
BLANKLINE_MARKER = "<BLANKLINE>"
ELLIPSIS_MARKER = "..."


class TestResults(tuple):
    def __init__(self, failed, attempted):
        super().__init__((failed, attempted))

    failed = property(lambda self: self[0])
    attempted = property(lambda self: self[1])

    def __repr__(self):
        return "TestResults(failed=%d, attempted=%d)" % tuple(self)

    __str__ = __repr__


class Example:
    def __init__(self, source, want, exc_msg=None, lineno=0, indent=0, options=None):
        if not source.endswith("\n"):
            source += "\n"
        if want and not want.endswith("\n"):
            want += "\n"
        self.source = source
        self.want = want
        self.exc_msg = exc_msg
        self.lineno = lineno
        self.indent = indent
        self.options = options or {}


class DocTest:
    def __init__(self, examples, globs, name, filename, lineno, docstring):
        self.examples = examples
        self.globs = globs
        self.name = name
        self.filename = filename
        self.lineno = lineno
        self.docstring = docstring

    def __repr__(self):
        n = len(self.examples)
        examples = "no examples" if n == 0 else "1 example" if n == 1 else "%d examples" % n
        return "<DocTest %s from %s:%s (%s)>" % (self.name, self.filename, self.lineno, examples)


def _indent_of(line):
    return len(line) - len(line.lstrip(" "))


class DocTestParser:
    def parse(self, string, name="<string>"):
        return self.get_examples(string, name)

    def get_examples(self, string, name="<string>"):
        string = string.expandtabs() if hasattr(string, "expandtabs") else string.replace("\t", "        ")
        lines = string.split("\n")
        examples = []
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            stripped = line.lstrip(" ")
            if not stripped.startswith(">>>"):
                i += 1
                continue
            indent = _indent_of(line)
            lineno = i
            source_lines = [stripped[4:] if stripped.startswith(">>> ") else stripped[3:]]
            i += 1
            while i < n and lines[i][indent:].startswith("..."):
                rest = lines[i][indent:]
                source_lines.append(rest[4:] if rest.startswith("... ") else rest[3:])
                i += 1
            want_lines = []
            while i < n:
                text = lines[i]
                if not text.strip() or text.lstrip(" ").startswith(">>>"):
                    break
                want_lines.append(text[indent:] if _indent_of(text) >= indent else text.lstrip(" "))
                i += 1
            source = "\n".join(source_lines)
            want = "\n".join(want_lines)
            exc_msg = None
            if want_lines and want_lines[0].startswith("Traceback (most recent call last)"):
                for w in want_lines[1:]:
                    if not w.startswith(" ") and not w.startswith("..."):
                        exc_msg = w + "\n"
                        break
            options = _options(source)
            examples.append(Example(source, want + ("\n" if want else ""), exc_msg, lineno, indent, options))
        return examples

    def get_doctest(self, string, globs, name, filename, lineno):
        return DocTest(self.get_examples(string, name), globs, name, filename, lineno, string)


def _options(source):
    options = {}
    marker = source.find("doctest:")
    if marker >= 0 and "#" in source[:marker]:
        for item in source[marker + 8:].split("\n")[0].replace(",", " ").split():
            flag = OPTIONFLAGS_BY_NAME.get(item[1:])
            if flag is not None and item[:1] in "+-":
                options[flag] = item[0] == "+"
    return options


class OutputChecker:
    def check_output(self, want, got, optionflags):
        if got == want:
            return True
        if not (optionflags & DONT_ACCEPT_TRUE_FOR_1):
            if (got, want) in (("True\n", "1\n"), ("False\n", "0\n")):
                return True
        if not (optionflags & DONT_ACCEPT_BLANKLINE):
            want = "\n".join("" if line == BLANKLINE_MARKER else line for line in want.split("\n"))
            got = "\n".join("" if not line.strip() else line for line in got.split("\n"))
            if got == want:
                return True
        if optionflags & NORMALIZE_WHITESPACE:
            got = " ".join(got.split())
            want = " ".join(want.split())
            if got == want:
                return True
        if optionflags & ELLIPSIS:
            if _ellipsis_match(want, got):
                return True
        return False


def _ellipsis_match(want, got):
    if ELLIPSIS_MARKER not in want:
        return want == got
    pieces = want.split(ELLIPSIS_MARKER)
    start, end = pieces[0], pieces[-1]
    if not got.startswith(start) or not got.endswith(end) or len(start) + len(end) > len(got):
        return False
    pos = len(start)
    stop = len(got) - len(end)
    for piece in pieces[1:-1]:
        found = got.find(piece, pos, stop)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


class DocTestRunner:
    DIVIDER = "*" * 70

    def __init__(self, checker=None, verbose=None, optionflags=0):
        self._checker = checker or OutputChecker()
        self._verbose = bool(verbose)
        self.optionflags = optionflags
        self.tries = 0
        self.failures = 0
        self._name2ft = {}
        self._out = []

    def _write(self, text):
        print(text, end="")

    def report_start(self, out, test, example):
        if self._verbose:
            if example.want:
                out("Trying:\n" + _indent(example.source) + "Expecting:\n" + _indent(example.want))
            else:
                out("Trying:\n" + _indent(example.source) + "Expecting nothing\n")

    def report_success(self, out, test, example, got):
        if self._verbose:
            out("ok\n")

    def report_failure(self, out, test, example, got):
        out(self._failure_header(test, example) + self._format_diff(example, got))

    def report_unexpected_exception(self, out, test, example, exc):
        out(self._failure_header(test, example) + "Exception raised:\n" + _indent(_lib.format_exception(exc) + "\n"))

    def _failure_header(self, test, example):
        out = [self.DIVIDER]
        if test.filename:
            if test.lineno is not None and example.lineno is not None:
                lineno = test.lineno + example.lineno + 1
            else:
                lineno = "?"
            out.append('File "%s", line %s, in %s' % (test.filename, lineno, test.name))
        else:
            out.append("Line %s, in %s" % (example.lineno + 1, test.name))
        out.append("Failed example:")
        out.append(_indent(example.source))
        return "\n".join(out)

    def _format_diff(self, example, got):
        want = example.want
        if want:
            text = "Expected:\n" + _indent(want)
        else:
            text = "Expected nothing\n"
        if got:
            text += "Got:\n" + _indent(got)
        else:
            text += "Got nothing\n"
        return text

    def run(self, test, compileflags=None, out=None, clear_globs=True):
        out = out or self._write
        failures = 0
        tries = 0
        globs = test.globs
        import builtins
        import io

        original_print = builtins.print
        original_repl_print = builtins.__repl_print__
        for example in test.examples:
            flags = self.optionflags
            for flag, on in example.options.items():
                flags = flags | flag if on else flags & ~flag
            if flags & SKIP:
                continue
            tries += 1
            self.report_start(out, test, example)
            capture = io.StringIO()

            def captured_print(*args, sep=" ", end="\n", file=None, flush=False, capture=capture):
                original_print(*args, sep=sep, end=end, file=capture if file is None else file)

            def captured_repl_print(value, capture=capture):
                # "single" mode shows each expression statement's value (sys.displayhook in CPython)
                if value is not None:
                    capture.write(repr(value) + "\n")

            builtins.print = captured_print
            builtins.__repl_print__ = captured_repl_print
            exception = None
            try:
                code = compile(example.source, "<doctest %s[%d]>" % (test.name, tries - 1), "single")
                exec(code, globs)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                exception = exc
            finally:
                builtins.print = original_print
                builtins.__repl_print__ = original_repl_print
            got = capture.getvalue()
            if exception is None:
                if self._checker.check_output(example.want, got, flags):
                    self.report_success(out, test, example, got)
                    continue
                failures += 1
                self.report_failure(out, test, example, got)
                continue
            exc_line = "%s: %s\n" % (type(exception).__name__, exception) if str(exception) else \
                "%s\n" % type(exception).__name__
            if example.exc_msg is not None:
                ok = self._checker.check_output(example.exc_msg, exc_line, flags)
                if not ok and flags & IGNORE_EXCEPTION_DETAIL:
                    ok = example.exc_msg.split(":")[0].split(".")[-1] == type(exception).__name__
                if ok:
                    self.report_success(out, test, example, got)
                    continue
                failures += 1
                self.report_failure(out, test, example, got + "Traceback (most recent call last):\n  ...\n" +
                                    exc_line)
                continue
            failures += 1
            self.report_unexpected_exception(out, test, example, exception)
        self.tries += tries
        self.failures += failures
        previous = self._name2ft.get(test.name, (0, 0))
        self._name2ft[test.name] = (previous[0] + failures, previous[1] + tries)
        return TestResults(failures, tries)

    def summarize(self, verbose=None):
        if verbose is None:
            verbose = self._verbose
        notests = []
        passed = []
        failed = []
        totalt = totalf = 0
        for name in sorted(self._name2ft):
            f, t = self._name2ft[name]
            totalt += t
            totalf += f
            if t == 0:
                notests.append(name)
            elif f == 0:
                passed.append((name, t))
            else:
                failed.append((name, (f, t)))
        if verbose:
            if notests:
                print(len(notests), "items had no tests:")
                for name in notests:
                    print("   ", name)
            if passed:
                print(len(passed), "items passed all tests:")
                for name, count in passed:
                    print(" %3d tests in %s" % (count, name))
        if failed:
            print(self.DIVIDER)
            print(len(failed), "items had failures:")
            for name, (f, t) in failed:
                print(" %3d of %3d in %s" % (f, t, name))
        if verbose:
            print(totalt, "tests in", len(self._name2ft), "items.")
            print(totalt - totalf, "passed and", totalf, "failed.")
        if totalf:
            print("***Test Failed***", totalf, "failures.")
        elif verbose:
            print("Test passed.")
        return TestResults(totalf, totalt)


def _indent(text, indent=4):
    return "".join((" " * indent + line) if line.strip() else line for line in text.splitlines(True))


class DocTestFinder:
    def __init__(self, verbose=False, parser=None, recurse=True, exclude_empty=True):
        self._parser = parser or DocTestParser()
        self._recurse = recurse
        self._exclude_empty = exclude_empty
        self.undocumented = []

    def find(self, obj, name=None, module=None, globs=None, extraglobs=None):
        tests = []
        if name is None:
            name = getattr(obj, "__name__", "NoName")
        self._find(tests, obj, name, globs if globs is not None else {}, 0)
        tests.sort(key=lambda t: t.name)
        return tests

    def _find(self, tests, obj, name, globs, depth):
        text = _lib.doc(obj)
        if text:
            line = _lib.doc_line(obj) if not isinstance(obj, type) else None
            test = self._parser.get_doctest(text, dict(globs), name, "__main__", line or 0)
            if test.examples or not self._exclude_empty:
                tests.append(test)
        elif callable(obj) and not isinstance(obj, type):
            self.undocumented.append(name)
        if isinstance(obj, type) and self._recurse and depth < 2:
            for key in sorted(obj.__dict__):
                value = obj.__dict__[key]
                if isinstance(value, (staticmethod, classmethod)):
                    continue
                if callable(value) and not key.startswith("__"):
                    self._find(tests, value, name + "." + key, globs, depth + 1)


def testmod(m=None, name=None, globs=None, verbose=None, report=True, optionflags=0, extraglobs=None,
            raise_on_error=False, exclude_empty=False):
    space = _lib.main_namespace() if m is None else (m if isinstance(m, dict) else m.__dict__)
    name = name or "__main__"
    globs = dict(space if globs is None else globs)
    if extraglobs:
        globs.update(extraglobs)
    finder = DocTestFinder(exclude_empty=exclude_empty)
    runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    tests = []
    for key in sorted(space):
        value = space[key]
        if key.startswith("_") or not (callable(value)):
            continue
        if getattr(value, "__module__", "__main__") != "__main__" and isinstance(value, type):
            continue
        if not isinstance(value, type) and type(value).__name__ not in ("function", "closure", "bound_method"):
            continue
        tests.extend(finder.find(value, name + "." + key, globs=globs))
    if not tests and finder.undocumented:
        raise NotImplementedError(
            "doctest.testmod() cannot see the docstrings of %s: MicroPython does not keep function docstrings "
            "(class docstrings are kept; doctest.run_docstring_examples and DocTestParser work on text)"
            % ", ".join(finder.undocumented[:5]))
    for test in sorted(tests, key=lambda t: t.name):
        runner.run(test)
    if report:
        runner.summarize()
    return TestResults(runner.failures, runner.tries)


def run_docstring_examples(f, globs, verbose=False, name="NoName", compileflags=None, optionflags=0):
    text = _lib.doc(f)
    if text is None:
        raise NotImplementedError("doctest.run_docstring_examples(): %r has no docstring in the sandbox "
                                  "(MicroPython does not keep function docstrings)" % (f,))
    if verbose:
        print("Finding tests in %s" % name)
    runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    line = _lib.doc_line(f)  # a cell function: CPython reports File "__main__", line N
    test = DocTestParser().get_doctest(text, dict(globs), name, "__main__" if line is not None else None, line)
    runner.run(test)


def testfile(filename, module_relative=True, name=None, package=None, globs=None, verbose=None, report=True,
             optionflags=0, extraglobs=None, raise_on_error=False, parser=None, encoding=None):
    with open(filename) as f:
        text = f.read()
    name = name or filename.split("/")[-1]
    globs = dict(globs or {})
    if extraglobs:
        globs.update(extraglobs)
    globs.setdefault("__name__", "__main__")
    runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    test = (parser or DocTestParser()).get_doctest(text, globs, name, filename, 0)
    runner.run(test)
    if report:
        runner.summarize()
    return TestResults(runner.failures, runner.tries)
