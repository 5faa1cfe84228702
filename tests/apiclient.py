"""apiclient.py - a minimal HTTP client for the API checks (standard library
only): request() and login() as api_check.py has them, and check() printing
TAP lines for tests/run.sh."""
import http.client
import json
import urllib.parse

failed = 0
BASE = None


def setup(base):
    global BASE
    BASE = urllib.parse.urlsplit(base)


def check(cond, name, detail=""):
    global failed
    if cond:
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        if detail:
            print("#   " + str(detail)[:800].replace("\n", "\n#   "))
    return cond


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except Exception:
            return None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return "%d %s" % (self.status, self.body[:600].decode("utf-8", "replace"))


def request(method, path, body=None, headers=None, session=None):
    """One request on a fresh connection.  `path` is sent as given (no
    quoting, so a test can send what a browser would not); a body with
    "Transfer-Encoding: chunked" among the headers goes in 64 KiB chunks;
    a server that closes early (413) still gets its answer read."""
    conn = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=120)
    h = dict(headers or {})
    if session:
        h["Cookie"] = "tracker_session=" + session["token"]
        if method not in ("GET", "HEAD") and "X-CSRF-Token" not in h:
            h["X-CSRF-Token"] = session["csrf"]
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    elif isinstance(body, str):
        body = body.encode()
    conn.putrequest(method, path, skip_accept_encoding=True)
    for k, v in h.items():
        conn.putheader(k, v)
    if body is not None and "Transfer-Encoding" not in h:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    if body is not None:
        parts = [body] if h.get("Transfer-Encoding") != "chunked" else \
            [b"%x\r\n%s\r\n" % (len(body[i:i + 65536]), body[i:i + 65536])
             for i in range(0, len(body), 65536)] + [b"0\r\n\r\n"]
        for part in parts:
            try:
                conn.send(part)
            except (BrokenPipeError, ConnectionResetError):
                break
    r = conn.getresponse()
    out = Resp(r.status, r.getheaders(), r.read())
    conn.close()
    return out


def login(user, pw):
    return login_answer(user, pw)[0]


def login_answer(user, pw):
    """login() and the server's answer to it: (session or None, Resp)."""
    r = request("POST", "/api/login", {"login": user, "password": pw})
    if r.status != 200:
        return None, r
    cookie = r.header("Set-Cookie") or ""
    token = cookie.split(";")[0].split("=", 1)[1]
    return {"token": token, "csrf": r.json()["csrf"]}, r
