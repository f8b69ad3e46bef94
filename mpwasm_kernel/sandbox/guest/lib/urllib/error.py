# Guest library: urllib.error (the sandbox has no network: urlopen raises URLError).


class URLError(OSError):
    def __init__(self, reason, filename=None):
        super().__init__(reason)
        self.reason = reason
        self.filename = filename

    def __str__(self):
        return "<urlopen error %s>" % (self.reason,)


class HTTPError(URLError):
    def __init__(self, url, code, msg, hdrs, fp):
        super().__init__(msg)
        self.url = url
        self.code = code
        self.msg = msg
        self.hdrs = self.headers = hdrs
        self.fp = fp

    def __str__(self):
        return "HTTP Error %s: %s" % (self.code, self.msg)


class ContentTooShortError(URLError):
    def __init__(self, message, content):
        super().__init__(message)
        self.content = content
