# Guest library: unittest with CPython's runner output (dots / verbose lines, FAIL/ERROR
# blocks, "Ran N tests", OK/FAILED summary). unittest.main(argv=[''], exit=False) finds the
# TestCase classes defined in the notebook's cells. Tracebacks are MicroPython's (no source
# lines); assertEqual on containers gives CPython's first message line but not its diff.
import sys as _sys

import _mpk_lib as _lib

__unittest = True


class SkipTest(Exception):
    pass


def _safe_repr(obj, short=False):
    try:
        result = repr(obj)
    except Exception:
        result = object.__repr__(obj)
    if not short or len(result) < 80:
        return result
    return result[:80] + " [truncated]..."


def _strclass(cls):
    return "%s.%s" % (getattr(cls, "__module__", "__main__"), cls.__qualname__)


class _AssertRaisesContext:
    def __init__(self, expected, test_case, expected_regex=None, msg=None):
        self.expected = expected
        self.test_case = test_case
        self.expected_regex = expected_regex
        self.msg = msg
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            try:
                name = self.expected.__name__
            except AttributeError:
                name = str(self.expected)
            self.test_case.fail(self.test_case._formatMessage(self.msg, "%s not raised" % name))
        if not issubclass(exc_type, self.expected):
            return False
        self.exception = exc_value
        if self.expected_regex is not None:
            import re

            pattern = self.expected_regex
            if not re.search(pattern, str(exc_value)):
                self.test_case.fail(self.test_case._formatMessage(
                    self.msg, '"%s" does not match "%s"' % (pattern, str(exc_value))))
        return True


class _SubTest:
    def __init__(self, case, message, params):
        self.case = case
        self.message = message
        self.params = params

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            return False
        if issubclass(exc_type, SkipTest):
            return False
        self.case._subtest_failures.append((self, exc_type, exc_value))
        return True

    def _description(self):
        parts = []
        if self.message is not None:
            parts.append("[%s]" % self.message)
        if self.params:
            parts.append("(%s)" % ", ".join("%s=%r" % kv for kv in sorted(self.params.items())))
        return " ".join(parts) or "(<subtest>)"

    def __str__(self):
        return "%s %s" % (str(self.case), self._description())


class TestCase:
    failureException = AssertionError
    longMessage = True
    maxDiff = 80 * 8

    def __init__(self, methodName="runTest"):
        self._testMethodName = methodName
        self._subtest_failures = []
        self._cleanups = []
        if methodName != "runTest" and not hasattr(self, methodName):
            raise ValueError("no such test method in %s: %s" % (self.__class__, methodName))

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def setUp(self):
        pass

    def tearDown(self):
        pass

    def addCleanup(self, function, *args, **kwargs):
        self._cleanups.append((function, args, kwargs))

    def doCleanups(self):
        while self._cleanups:
            function, args, kwargs = self._cleanups.pop()
            function(*args, **kwargs)

    def id(self):
        return "%s.%s" % (_strclass(self.__class__), self._testMethodName)

    def __str__(self):
        return "%s (%s.%s)" % (self._testMethodName, _strclass(self.__class__), self._testMethodName)

    def __repr__(self):
        return "<%s testMethod=%s>" % (_strclass(self.__class__), self._testMethodName)

    def shortDescription(self):
        return None

    def countTestCases(self):
        return 1

    def defaultTestResult(self):
        return TestResult()

    def __call__(self, result=None):
        return self.run(result)

    def run(self, result=None):
        if result is None:
            result = self.defaultTestResult()
        result.startTest(self)
        method = getattr(self, self._testMethodName)
        raw = _raw_function(type(self), self._testMethodName)
        skip = _skip_reason(raw)
        if skip is None:
            skip = _skip_reason(type(self))
        try:
            if skip is not None:
                result.addSkip(self, skip)
                return result
            expecting_failure = _is_expected_failure(raw)
            try:
                self.setUp()
            except SkipTest as e:
                result.addSkip(self, str(e))
                return result
            except KeyboardInterrupt:
                raise
            except BaseException as e:
                result.addError(self, e)
                return result
            outcome = None
            error = None
            try:
                method()
            except SkipTest as e:
                outcome = "skip"
                error = e
            except self.failureException as e:
                outcome = "fail"
                error = e
            except KeyboardInterrupt:
                raise
            except BaseException as e:
                outcome = "error"
                error = e
            for sub, exc_type, exc_value in self._subtest_failures:
                if issubclass(exc_type, self.failureException):
                    result.addSubTest(self, sub, exc_value, True)
                else:
                    result.addSubTest(self, sub, exc_value, False)
            sub_failed = bool(self._subtest_failures)
            self._subtest_failures = []
            try:
                self.tearDown()
            except BaseException as e:
                if outcome is None:
                    outcome, error = "error", e
            try:
                self.doCleanups()
            except BaseException as e:
                if outcome is None:
                    outcome, error = "error", e
            if expecting_failure:
                if outcome in ("fail", "error") or sub_failed:
                    result.addExpectedFailure(self, error)
                else:
                    result.addUnexpectedSuccess(self)
            elif outcome == "skip":
                result.addSkip(self, str(error))
            elif outcome == "fail":
                result.addFailure(self, error)
            elif outcome == "error":
                result.addError(self, error)
            elif not sub_failed:
                result.addSuccess(self)
        finally:
            result.stopTest(self)
        return result

    def debug(self):
        self.setUp()
        getattr(self, self._testMethodName)()
        self.tearDown()

    def skipTest(self, reason):
        raise SkipTest(reason)

    def subTest(self, msg=None, **params):
        return _SubTest(self, msg, params)

    def fail(self, msg=None):
        raise self.failureException(msg)

    def _formatMessage(self, msg, standardMsg):
        if not self.longMessage:
            return msg or standardMsg
        if msg is None:
            return standardMsg
        return "%s : %s" % (standardMsg, msg)

    def assertTrue(self, expr, msg=None):
        if not expr:
            self.fail(self._formatMessage(msg, "%s is not true" % _safe_repr(expr)))

    def assertFalse(self, expr, msg=None):
        if expr:
            self.fail(self._formatMessage(msg, "%s is not false" % _safe_repr(expr)))

    _diffThreshold = 2 ** 16

    def assertEqual(self, first, second, msg=None):
        if type(first) is type(second):
            check = _EQUALITY.get(type(first))
            if check is not None:
                return getattr(self, check)(first, second, msg)
        self._baseAssertEqual(first, second, msg)

    def _baseAssertEqual(self, first, second, msg=None):
        if not first == second:
            self.fail(self._formatMessage(msg, "%s != %s" % _common_shorten_repr(first, second)))

    def _truncateMessage(self, message, diff):
        if self.maxDiff is None or len(diff) <= self.maxDiff:
            return message + diff
        return message + "\nDiff is %s characters long. Set self.maxDiff to None to see it." % len(diff)

    def assertSequenceEqual(self, seq1, seq2, msg=None, seq_type=None):
        if seq_type is not None:
            name = seq_type.__name__
            if not isinstance(seq1, seq_type):
                raise self.failureException("First sequence is not a %s: %s" % (name, _safe_repr(seq1)))
            if not isinstance(seq2, seq_type):
                raise self.failureException("Second sequence is not a %s: %s" % (name, _safe_repr(seq2)))
        else:
            name = "sequence"
        if seq1 == seq2:
            return
        len1, len2 = len(seq1), len(seq2)
        differing = "%ss differ: %s != %s\n" % ((name[:1].upper() + name[1:],) + _common_shorten_repr(seq1, seq2))
        for i in range(min(len1, len2)):
            if seq1[i] != seq2[i]:
                differing += "\nFirst differing element %d:\n%s\n%s\n" % ((i,) + _common_shorten_repr(seq1[i], seq2[i]))
                break
        else:
            if len1 == len2 and seq_type is None and type(seq1) is not type(seq2):
                return
        if len1 > len2:
            differing += "\nFirst %s contains %d additional elements.\n" % (name, len1 - len2)
            differing += "First extra element %d:\n%s\n" % (len2, _safe_repr(seq1[len2]))
        elif len1 < len2:
            differing += "\nSecond %s contains %d additional elements.\n" % (name, len2 - len1)
            differing += "First extra element %d:\n%s\n" % (len1, _safe_repr(seq2[len1]))
        import difflib
        import pprint

        diff = "\n" + "\n".join(difflib.ndiff(pprint.pformat(seq1).splitlines(), pprint.pformat(seq2).splitlines()))
        self.fail(self._formatMessage(msg, self._truncateMessage(differing, diff)))

    def assertListEqual(self, list1, list2, msg=None):
        self.assertSequenceEqual(list1, list2, msg, seq_type=list)

    def assertTupleEqual(self, tuple1, tuple2, msg=None):
        self.assertSequenceEqual(tuple1, tuple2, msg, seq_type=tuple)

    def assertDictEqual(self, d1, d2, msg=None):
        if d1 != d2:
            import difflib
            import pprint

            standard = "%s != %s" % _common_shorten_repr(d1, d2)
            diff = "\n" + "\n".join(difflib.ndiff(pprint.pformat(d1).splitlines(), pprint.pformat(d2).splitlines()))
            self.fail(self._formatMessage(msg, self._truncateMessage(standard, diff)))

    def assertSetEqual(self, set1, set2, msg=None):
        difference1 = set1.difference(set2)
        difference2 = set2.difference(set1)
        if not (difference1 or difference2):
            return
        lines = []
        if difference1:
            lines.append("Items in the first set but not the second:")
            for item in difference1:
                lines.append(repr(item))
        if difference2:
            lines.append("Items in the second set but not the first:")
            for item in difference2:
                lines.append(repr(item))
        self.fail(self._formatMessage(msg, "\n".join(lines)))

    def assertMultiLineEqual(self, first, second, msg=None):
        if first != second:
            if len(first) > self._diffThreshold or len(second) > self._diffThreshold:
                self._baseAssertEqual(first, second, msg)
            import difflib

            firstlines = _lines_keepends(first)
            secondlines = _lines_keepends(second)
            if len(firstlines) == 1 and first.strip("\r\n") == first:
                firstlines = [first + "\n"]
                secondlines = [second + "\n"]
            standard = "%s != %s" % _common_shorten_repr(first, second)
            diff = "\n" + "".join(difflib.ndiff(firstlines, secondlines))
            self.fail(self._formatMessage(msg, self._truncateMessage(standard, diff)))

    def assertNotEqual(self, first, second, msg=None):
        if not first != second:
            self.fail(self._formatMessage(msg, "%s == %s" % (_safe_repr(first), _safe_repr(second))))

    def assertAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        if first == second:
            return
        if delta is not None and places is not None:
            raise TypeError("specify delta or places not both")
        diff = abs(first - second)
        if delta is not None:
            if diff <= delta:
                return
            standard = "%s != %s within %s delta (%s difference)" % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            if places is None:
                places = 7
            if round(diff, places) == 0:
                return
            standard = "%s != %s within %r places (%s difference)" % (
                _safe_repr(first), _safe_repr(second), places, _safe_repr(diff))
        self.fail(self._formatMessage(msg, standard))

    def assertNotAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        diff = abs(first - second)
        if delta is not None:
            if not (first == second) and diff > delta:
                return
            standard = "%s == %s within %s delta (%s difference)" % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            if places is None:
                places = 7
            if not (first == second) and round(diff, places) != 0:
                return
            standard = "%s == %s within %r places" % (_safe_repr(first), _safe_repr(second), places)
        self.fail(self._formatMessage(msg, standard))

    def assertIs(self, expr1, expr2, msg=None):
        if expr1 is not expr2:
            self.fail(self._formatMessage(msg, "%s is not %s" % (_safe_repr(expr1), _safe_repr(expr2))))

    def assertIsNot(self, expr1, expr2, msg=None):
        if expr1 is expr2:
            self.fail(self._formatMessage(msg, "unexpectedly identical: %s" % _safe_repr(expr1)))

    def assertIsNone(self, obj, msg=None):
        if obj is not None:
            self.fail(self._formatMessage(msg, "%s is not None" % _safe_repr(obj)))

    def assertIsNotNone(self, obj, msg=None):
        if obj is None:
            self.fail(self._formatMessage(msg, "unexpectedly None"))

    def assertIn(self, member, container, msg=None):
        if member not in container:
            self.fail(self._formatMessage(msg, "%s not found in %s" % (_safe_repr(member), _safe_repr(container))))

    def assertNotIn(self, member, container, msg=None):
        if member in container:
            self.fail(self._formatMessage(msg, "%s unexpectedly found in %s" % (
                _safe_repr(member), _safe_repr(container))))

    def assertIsInstance(self, obj, cls, msg=None):
        if not isinstance(obj, cls):
            self.fail(self._formatMessage(msg, "%s is not an instance of %r" % (_safe_repr(obj), cls)))

    def assertNotIsInstance(self, obj, cls, msg=None):
        if isinstance(obj, cls):
            self.fail(self._formatMessage(msg, "%s is an instance of %r" % (_safe_repr(obj), cls)))

    def assertGreater(self, a, b, msg=None):
        if not a > b:
            self.fail(self._formatMessage(msg, "%s not greater than %s" % (_safe_repr(a), _safe_repr(b))))

    def assertGreaterEqual(self, a, b, msg=None):
        if not a >= b:
            self.fail(self._formatMessage(msg, "%s not greater than or equal to %s" % (_safe_repr(a), _safe_repr(b))))

    def assertLess(self, a, b, msg=None):
        if not a < b:
            self.fail(self._formatMessage(msg, "%s not less than %s" % (_safe_repr(a), _safe_repr(b))))

    def assertLessEqual(self, a, b, msg=None):
        if not a <= b:
            self.fail(self._formatMessage(msg, "%s not less than or equal to %s" % (_safe_repr(a), _safe_repr(b))))

    def assertRaises(self, expected_exception, *args, **kwargs):
        msg = kwargs.pop("msg", None)
        context = _AssertRaisesContext(expected_exception, self, msg=msg)
        if not args:
            return context
        callable_obj = args[0]
        with context:
            callable_obj(*args[1:], **kwargs)

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        msg = kwargs.pop("msg", None)
        context = _AssertRaisesContext(expected_exception, self, expected_regex, msg)
        if not args:
            return context
        with context:
            args[0](*args[1:], **kwargs)

    def assertWarns(self, *args, **kwargs):
        raise NotImplementedError("assertWarns() is not available in the sandbox (no warnings module)")

    def assertRegex(self, text, expected_regex, msg=None):
        import re

        if not re.search(expected_regex, text):
            self.fail(self._formatMessage(msg, "Regex didn't match: %r not found in %r" % (expected_regex, text)))

    def assertNotRegex(self, text, unexpected_regex, msg=None):
        import re

        m = re.search(unexpected_regex, text)
        if m:
            self.fail(self._formatMessage(msg, "Regex matched: %r matches %r in %r" % (
                text[m.start():m.end()], unexpected_regex, text)))

    def assertCountEqual(self, first, second, msg=None):
        a = list(first)
        b = list(second)
        missing = list(b)
        unexpected = []
        for item in a:
            if item in missing:
                missing.remove(item)
            else:
                unexpected.append(item)
        if missing or unexpected:
            self.fail(self._formatMessage(msg, "Element counts were not equal"))

    failUnlessEqual = assertEquals = assertEqual
    assertNotEquals = assertNotEqual
    assert_ = assertTrue


_EQUALITY = {dict: "assertDictEqual", list: "assertListEqual", tuple: "assertTupleEqual", set: "assertSetEqual",
             frozenset: "assertSetEqual", str: "assertMultiLineEqual"}


def _lines_keepends(text):
    lines = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            lines.append(text[start:i + 1])
            start = i + 1
    if start < len(text):
        lines.append(text[start:])
    return lines


def _shorten(s, prefixlen, suffixlen):
    skip = len(s) - prefixlen - suffixlen
    if skip > 12:
        s = "%s[%d chars]%s" % (s[:prefixlen], skip, s[len(s) - suffixlen:])
    return s


def _common_shorten_repr(*args):
    args = tuple(_safe_repr(a) for a in args)
    maxlen = max(len(a) for a in args)
    if maxlen <= 80:
        return args
    prefix = args[0]
    for other in args[1:]:
        k = 0
        while k < min(len(prefix), len(other)) and prefix[k] == other[k]:
            k += 1
        prefix = prefix[:k]
    prefixlen = len(prefix)
    common_len = 80 - (maxlen - prefixlen + 5 + 12)
    if common_len > 5:
        prefix = _shorten(prefix, 5, common_len)
        return tuple(prefix + s[prefixlen:] for s in args)
    prefix = _shorten(prefix, 5, 5)
    return tuple(prefix + _shorten(s[prefixlen:], 41, 5) for s in args)


class FunctionTestCase(TestCase):
    def __init__(self, testFunc, setUp=None, tearDown=None, description=None):
        super().__init__("runTest")
        self._testFunc = testFunc
        self._setUpFunc = setUp
        self._tearDownFunc = tearDown

    def runTest(self):
        self._testFunc()

    def __str__(self):
        return "%s (%s)" % (_strclass(self.__class__), getattr(self._testFunc, "__name__", "test"))


_skips = {}
_expected_failures = set()


def _raw_function(cls, name):
    for klass in _lib._lineage(cls):
        space = getattr(klass, "__dict__", {})
        if name in space:
            return space[name]
    return None


def _skip_reason(obj):
    return _skips.get(id(obj)) if obj is not None else None


def _is_expected_failure(obj):
    return obj is not None and id(obj) in _expected_failures


def skip(reason):
    def decorator(test_item):
        _skips[id(test_item)] = reason
        return test_item

    if callable(reason) and not isinstance(reason, str):
        item, reason = reason, ""
        return decorator(item)
    return decorator


def skipIf(condition, reason):
    if condition:
        return skip(reason)
    return lambda obj: obj


def skipUnless(condition, reason):
    if not condition:
        return skip(reason)
    return lambda obj: obj


def expectedFailure(test_item):
    _expected_failures.add(id(test_item))
    return test_item


class TestResult:
    def __init__(self, stream=None, descriptions=None, verbosity=None):
        self.failures = []
        self.errors = []
        self.testsRun = 0
        self.skipped = []
        self.expectedFailures = []
        self.unexpectedSuccesses = []
        self.shouldStop = False

    def startTest(self, test):
        self.testsRun += 1

    def stopTest(self, test):
        pass

    def startTestRun(self):
        pass

    def stopTestRun(self):
        pass

    def addSuccess(self, test):
        pass

    def addFailure(self, test, err):
        self.failures.append((test, _lib.format_exception(err)))

    def addError(self, test, err):
        self.errors.append((test, _lib.format_exception(err)))

    def addSkip(self, test, reason):
        self.skipped.append((test, reason))

    def addExpectedFailure(self, test, err):
        self.expectedFailures.append((test, _lib.format_exception(err) if err is not None else ""))

    def addUnexpectedSuccess(self, test):
        self.unexpectedSuccesses.append(test)

    def addSubTest(self, test, subtest, err, is_failure):
        text = _lib.format_exception(err)
        if is_failure:
            self.failures.append((subtest, text))
        else:
            self.errors.append((subtest, text))

    def wasSuccessful(self):
        return len(self.failures) == len(self.errors) == 0 and not self.unexpectedSuccesses

    def stop(self):
        self.shouldStop = True

    def __repr__(self):
        return "<%s run=%i errors=%i failures=%i>" % (_strclass(self.__class__), self.testsRun, len(self.errors),
                                                     len(self.failures))


class _WritelnDecorator:
    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text)

    def writeln(self, arg=None):
        if arg:
            self.write(arg)
        self.write("\n")

    def flush(self):
        pass


class TextTestResult(TestResult):
    separator1 = "=" * 70
    separator2 = "-" * 70

    def __init__(self, stream, descriptions, verbosity):
        super().__init__(stream, descriptions, verbosity)
        self.stream = stream
        self.showAll = verbosity > 1
        self.dots = verbosity == 1
        self.descriptions = descriptions

    def getDescription(self, test):
        doc_first_line = test.shortDescription() if hasattr(test, "shortDescription") else None
        if self.descriptions and doc_first_line:
            return "\n".join((str(test), doc_first_line))
        return str(test)

    def startTest(self, test):
        super().startTest(test)
        if self.showAll:
            self.stream.write(self.getDescription(test))
            self.stream.write(" ... ")

    def _report(self, long, short):
        if self.showAll:
            self.stream.writeln(long)
        elif self.dots:
            self.stream.write(short)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._report("ok", ".")

    def addError(self, test, err):
        super().addError(test, err)
        self._report("ERROR", "E")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._report("FAIL", "F")

    def addSubTest(self, test, subtest, err, is_failure):
        super().addSubTest(test, subtest, err, is_failure)
        self._report("FAIL" if is_failure else "ERROR", "F" if is_failure else "E")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._report("skipped %r" % (reason,), "s")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._report("expected failure", "x")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._report("unexpected success", "u")

    def printErrors(self):
        if self.dots or self.showAll:
            self.stream.writeln()
        self.printErrorList("ERROR", self.errors)
        self.printErrorList("FAIL", self.failures)
        for test in self.unexpectedSuccesses:
            self.stream.writeln(self.separator1)
            self.stream.writeln("UNEXPECTED SUCCESS: %s" % self.getDescription(test))

    def printErrorList(self, flavour, errors):
        for test, err in errors:
            self.stream.writeln(self.separator1)
            self.stream.writeln("%s: %s" % (flavour, self.getDescription(test)))
            self.stream.writeln(self.separator2)
            self.stream.writeln("%s" % err)


class TextTestRunner:
    resultclass = TextTestResult

    def __init__(self, stream=None, descriptions=True, verbosity=1, failfast=False, buffer=False,
                 resultclass=None, warnings=None, *, tb_locals=False):
        self.stream = _WritelnDecorator(stream if stream is not None else _sys.stderr)
        self.descriptions = descriptions
        self.verbosity = verbosity
        self.failfast = failfast
        if resultclass is not None:
            self.resultclass = resultclass

    def _makeResult(self):
        return self.resultclass(self.stream, self.descriptions, self.verbosity)

    def run(self, test):
        import time

        result = self._makeResult()
        start = time.perf_counter()
        test(result)
        taken = time.perf_counter() - start
        result.printErrors()
        self.stream.writeln(result.separator2)
        run = result.testsRun
        self.stream.writeln("Ran %d test%s in %.3fs" % (run, "s" if run != 1 else "", taken))
        self.stream.writeln()
        infos = []
        if not result.wasSuccessful():
            self.stream.write("FAILED")
            if result.failures:
                infos.append("failures=%d" % len(result.failures))
            if result.errors:
                infos.append("errors=%d" % len(result.errors))
        else:
            self.stream.write("OK")
        if result.skipped:
            infos.append("skipped=%d" % len(result.skipped))
        if result.expectedFailures:
            infos.append("expected failures=%d" % len(result.expectedFailures))
        if result.unexpectedSuccesses:
            infos.append("unexpected successes=%d" % len(result.unexpectedSuccesses))
        if infos:
            self.stream.writeln(" (%s)" % (", ".join(infos),))
        else:
            self.stream.write("\n")
        return result


class TestSuite:
    def __init__(self, tests=()):
        self._tests = []
        self.addTests(tests)

    def __iter__(self):
        return iter(self._tests)

    def countTestCases(self):
        return sum(t.countTestCases() for t in self._tests)

    def addTest(self, test):
        self._tests.append(test)

    def addTests(self, tests):
        for test in tests:
            self.addTest(test)

    def __call__(self, result):
        return self.run(result)

    def run(self, result):
        done_classes = []
        previous = None
        for test in self._tests:
            if result.shouldStop:
                break
            if isinstance(test, TestCase):
                cls = type(test)
                if cls is not previous:
                    if previous is not None:
                        previous.tearDownClass()
                    if cls not in done_classes:
                        cls.setUpClass()
                        done_classes.append(cls)
                    previous = cls
            test(result)
        if previous is not None:
            previous.tearDownClass()
        return result

    def __repr__(self):
        return "<unittest.suite.TestSuite tests=%r>" % (self._tests,)


class TestLoader:
    testMethodPrefix = "test"
    sortTestMethodsUsing = None

    def getTestCaseNames(self, testCaseClass):
        names = set()
        for klass in _lib._lineage(testCaseClass):
            for name in getattr(klass, "__dict__", {}):
                if name.startswith(self.testMethodPrefix) and callable(getattr(testCaseClass, name, None)):
                    names.add(name)
        return sorted(names)

    def loadTestsFromTestCase(self, testCaseClass):
        names = self.getTestCaseNames(testCaseClass)
        if not names and hasattr(testCaseClass, "runTest"):
            names = ["runTest"]
        return TestSuite([testCaseClass(name) for name in names])

    def loadTestsFromNamespace(self, namespace):
        tests = []
        for name in sorted(namespace):
            obj = namespace[name]
            if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase and \
                    obj is not FunctionTestCase:
                tests.append(self.loadTestsFromTestCase(obj))
        return TestSuite(tests)

    def loadTestsFromModule(self, module, *args, pattern=None, **kws):
        space = module if isinstance(module, dict) else getattr(module, "__dict__", {})
        return self.loadTestsFromNamespace(space)

    def loadTestsFromName(self, name, module=None):
        space = _lib.main_namespace() if module is None else module.__dict__
        parts = name.split(".")
        obj = space[parts[0]]
        for part in parts[1:]:
            obj = getattr(obj, part)
        if isinstance(obj, type) and issubclass(obj, TestCase):
            return self.loadTestsFromTestCase(obj)
        return obj

    def loadTestsFromNames(self, names, module=None):
        return TestSuite([self.loadTestsFromName(n, module) for n in names])


defaultTestLoader = TestLoader()


def makeSuite(testCaseClass, prefix="test", sortUsing=None, suiteClass=None):
    return defaultTestLoader.loadTestsFromTestCase(testCaseClass)


class TestProgram:
    def __init__(self, module="__main__", defaultTest=None, argv=None, testRunner=None, testLoader=None,
                 exit=True, verbosity=1, failfast=None, catchbreak=None, buffer=None, warnings=None, *,
                 tb_locals=False):
        self.exit = exit
        self.verbosity = verbosity
        loader = testLoader or defaultTestLoader
        argv = list(argv) if argv is not None else list(_sys.argv)
        names = [a for a in argv[1:] if not a.startswith("-")]
        for flag in argv[1:]:
            if flag in ("-v", "--verbose"):
                self.verbosity = 2
            elif flag in ("-q", "--quiet"):
                self.verbosity = 0
        if module == "__main__" or module is None:
            space = _lib.main_namespace()
        elif isinstance(module, str):
            space = __import__(module).__dict__
        else:
            space = module.__dict__
        if defaultTest is not None and not names:
            names = [defaultTest] if isinstance(defaultTest, str) else list(defaultTest)
        if names:
            self.test = TestSuite([loader.loadTestsFromName(n) for n in names])
        else:
            self.test = loader.loadTestsFromNamespace(space)
        runner = testRunner
        if runner is None:
            runner = TextTestRunner(verbosity=self.verbosity)
        elif isinstance(runner, type):
            runner = runner(verbosity=self.verbosity)
        self.result = runner.run(self.test)
        if exit:
            raise SystemExit(not self.result.wasSuccessful())

    def __repr__(self):
        return "<unittest.main.TestProgram object at 0x%x>" % id(self)


main = TestProgram


def installHandler():
    pass


def registerResult(result):
    pass


def removeResult(result):
    pass


def removeHandler(method=None):
    return method
