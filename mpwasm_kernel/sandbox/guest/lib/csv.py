# Guest library: csv (reader, writer, DictReader, DictWriter, dialects, quoting) with CPython's
# output. Note: open(..., newline='') needs the language layer's open() (issue 10).
QUOTE_MINIMAL = 0
QUOTE_ALL = 1
QUOTE_NONNUMERIC = 2
QUOTE_NONE = 3
__version__ = "1.0"


class Error(Exception):
    pass


class Dialect:
    delimiter = ","
    quotechar = '"'
    escapechar = None
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = QUOTE_MINIMAL
    strict = False

    def __init__(self):
        pass


class excel(Dialect):
    pass


class excel_tab(excel):
    delimiter = "\t"


class unix_dialect(Dialect):
    lineterminator = "\n"
    quoting = QUOTE_ALL


_dialects = {"excel": excel, "excel-tab": excel_tab, "unix": unix_dialect}
_field_limit = [131072]


def register_dialect(name, dialect=None, **fmtparams):
    _dialects[name] = _Params(dialect or excel, fmtparams)


def unregister_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    return _dialects[name]


def list_dialects():
    return list(_dialects)


def field_size_limit(new_limit=None):
    old = _field_limit[0]
    if new_limit is not None:
        _field_limit[0] = new_limit
    return old


class _Params:
    def __init__(self, dialect, fmtparams):
        if isinstance(dialect, str):
            dialect = get_dialect(dialect)
        for name in ("delimiter", "quotechar", "escapechar", "doublequote", "skipinitialspace", "lineterminator",
                     "quoting", "strict"):
            setattr(self, name, fmtparams.get(name, getattr(dialect, name, getattr(Dialect, name))))
        if not isinstance(self.delimiter, str) or len(self.delimiter) != 1:
            raise TypeError('"delimiter" must be a 1-character string')
        if self.quoting != QUOTE_NONE and self.quotechar is None:
            raise TypeError("quotechar must be set if quoting enabled")


class reader:
    def __init__(self, csvfile, dialect="excel", **fmtparams):
        self._lines = iter(csvfile)
        self.dialect = _Params(dialect, fmtparams)
        self.line_num = 0

    def __iter__(self):
        return self

    def __next__(self):
        d = self.dialect
        fields = []
        field = []
        state = "start"  # start, field, quoted, quote_in_quoted, escape, escape_in_quoted
        quoted_field = False
        while True:
            line = next(self._lines)  # StopIteration ends the reader
            self.line_num += 1
            if state == "start" and not line.strip("\r\n") and not fields:
                if line in ("\n", "\r\n", "\r", ""):
                    return []
            i = 0
            n = len(line)
            while i < n:
                ch = line[i]
                i += 1
                if state == "start":
                    quoted_field = False
                    if ch in "\r\n" and state == "start":
                        if field or fields:
                            fields.append(self._finish(field, quoted_field))
                        return fields if fields else []
                    if ch == d.quotechar and d.quoting != QUOTE_NONE:
                        state = "quoted"
                        quoted_field = True
                    elif ch == d.escapechar:
                        state = "escape"
                    elif ch == " " and d.skipinitialspace:
                        pass
                    elif ch == d.delimiter:
                        fields.append(self._finish(field, False))
                        field = []
                    else:
                        field.append(ch)
                        state = "field"
                elif state == "field":
                    if ch in "\r\n":
                        fields.append(self._finish(field, quoted_field))
                        return fields
                    if ch == d.escapechar:
                        state = "escape"
                    elif ch == d.delimiter:
                        fields.append(self._finish(field, quoted_field))
                        field = []
                        state = "start"
                    else:
                        field.append(ch)
                elif state == "escape":
                    field.append(ch)
                    state = "field"
                elif state == "quoted":
                    if ch == d.escapechar:
                        state = "escape_in_quoted"
                    elif ch == d.quotechar:
                        state = "quote_in_quoted" if d.doublequote else "field"
                    else:
                        field.append(ch)
                elif state == "escape_in_quoted":
                    field.append(ch)
                    state = "quoted"
                elif state == "quote_in_quoted":
                    if ch == d.quotechar:
                        field.append(ch)
                        state = "quoted"
                    elif ch == d.delimiter:
                        fields.append(self._finish(field, True))
                        field = []
                        state = "start"
                    elif ch in "\r\n":
                        fields.append(self._finish(field, True))
                        return fields
                    elif d.strict:
                        raise Error("'%s' expected after '%s'" % (d.delimiter, d.quotechar))
                    else:
                        field.append(ch)
                        state = "field"
            if state in ("quoted", "escape_in_quoted"):
                continue  # a quoted field spans lines
            fields.append(self._finish(field, quoted_field or state == "quote_in_quoted"))
            return fields

    def _finish(self, chars, quoted):
        text = "".join(chars)
        if len(text) > _field_limit[0]:
            raise Error("field larger than field limit (%d)" % _field_limit[0])
        if self.dialect.quoting == QUOTE_NONNUMERIC and not quoted and text:
            return float(text)
        return text


class writer:
    def __init__(self, csvfile, dialect="excel", **fmtparams):
        self._file = csvfile
        self.dialect = _Params(dialect, fmtparams)

    def _field(self, value):
        d = self.dialect
        if value is None:
            text = ""
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        quoting = d.quoting
        if quoting == QUOTE_ALL or (quoting == QUOTE_NONNUMERIC and not isinstance(value, (int, float))):
            needs = True
        elif quoting == QUOTE_NONE:
            needs = False
        else:
            needs = any(c in text for c in (d.delimiter, d.quotechar, "\r", "\n"))
        if quoting == QUOTE_NONE:
            if d.escapechar:
                out = []
                for c in text:
                    if c in (d.delimiter, d.quotechar, d.escapechar) or c in "\r\n":
                        out.append(d.escapechar)
                    out.append(c)
                text = "".join(out)
            elif any(c in text for c in (d.delimiter, "\r", "\n")):
                raise Error("need to escape, but no escapechar set")
            return text
        if d.quotechar and d.quotechar in text:
            if d.doublequote:
                text = text.replace(d.quotechar, d.quotechar * 2)
            elif d.escapechar:
                text = text.replace(d.quotechar, d.escapechar + d.quotechar)
            else:
                raise Error("need to escape, but no escapechar set")
        if needs:
            text = d.quotechar + text + d.quotechar
        return text

    def writerow(self, row):
        fields = list(row)
        if len(fields) == 1 and (fields[0] == "" or fields[0] is None):
            line = self.dialect.quotechar * 2 if self.dialect.quoting != QUOTE_NONE else ""
        else:
            line = self.dialect.delimiter.join(self._field(v) for v in fields)
        line += self.dialect.lineterminator
        return self._file.write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect="excel", *args, **kwds):
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.reader = reader(f, dialect, *args, **kwds)
        self.dialect = dialect
        self.line_num = 0

    def __iter__(self):
        return self

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self.reader)
            except StopIteration:
                pass
        self.line_num = self.reader.line_num
        return self._fieldnames

    def __next__(self):
        if self.line_num == 0:
            _ = self.fieldnames  # reads the header row
        row = next(self.reader)
        self.line_num = self.reader.line_num
        while row == []:
            row = next(self.reader)
        names = self.fieldnames
        d = dict(zip(names, row))
        lf = len(names)
        lr = len(row)
        if lf < lr:
            d[self.restkey] = row[lf:]
        elif lf > lr:
            for key in names[lr:]:
                d[key] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval="", extrasaction="raise", dialect="excel", *args, **kwds):
        self.fieldnames = list(fieldnames)
        self.restval = restval
        if extrasaction.lower() not in ("raise", "ignore"):
            raise ValueError("extrasaction (%s) must be 'raise' or 'ignore'" % extrasaction)
        self.extrasaction = extrasaction
        self.writer = writer(f, dialect, *args, **kwds)

    def writeheader(self):
        return self.writer.writerow(self.fieldnames)

    def _dict_to_list(self, rowdict):
        if self.extrasaction == "raise":
            wrong = [k for k in rowdict if k not in self.fieldnames]
            if wrong:
                raise ValueError("dict contains fields not in fieldnames: " + ", ".join([repr(x) for x in wrong]))
        return [rowdict.get(key, self.restval) for key in self.fieldnames]

    def writerow(self, rowdict):
        return self.writer.writerow(self._dict_to_list(rowdict))

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


class Sniffer:
    def sniff(self, sample, delimiters=None):
        counts = {}
        for ch in delimiters or ",;\t|:":
            lines = [line for line in sample.split("\n") if line]
            per_line = [line.count(ch) for line in lines]
            if per_line and min(per_line) > 0 and len(set(per_line)) == 1:
                counts[ch] = per_line[0]
        if not counts:
            raise Error("Could not determine delimiter")
        delimiter = max(counts, key=counts.get)

        class sniffed(Dialect):
            pass

        sniffed.delimiter = delimiter
        sniffed.lineterminator = "\r\n"
        return sniffed

    def has_header(self, sample):
        rows = list(reader(sample.splitlines()))
        if len(rows) < 2:
            return False
        header, first = rows[0], rows[1]
        return any(not _is_number(h) and _is_number(v) for h, v in zip(header, first))


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False
