"""ops_client.py - a small HTTP client of `tracker serve` for the operations
tests (t_baddir.sh, t_utf8.sh, t_backup.sh, t_multipart.sh): log in, then
GET and POST with the session cookie and the CSRF header, raw bytes in and
out, so that a test can send what a browser never would."""
import http.client
import json


class Client:
    def __init__(self, port, login=None, password=None):
        self.port = int(port)
        self.token = None
        self.csrf = None
        if login:
            st, body, hdr = self.request("POST", "/api/login",
                                         json.dumps({"login": login, "password": password}).encode(),
                                         "application/json")
            if st != 200:
                raise RuntimeError("login %s: %d %r" % (login, st, body[:200]))
            self.token = hdr.get("set-cookie", "").split(";")[0].split("=", 1)[1]
            self.csrf = json.loads(body)["csrf"]

    def request(self, method, path, body=None, ctype=None, headers=None):
        """(status, body bytes, lower-cased headers); path is sent as given."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        if self.token:
            h["Cookie"] = "tracker_session=" + self.token
            if method != "GET":
                h.setdefault("X-CSRF-Token", self.csrf)
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body is not None:
            conn.send(body)
        r = conn.getresponse()
        data = r.read()
        hdr = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        return r.status, data, hdr

    def get(self, path):
        return self.request("GET", path)

    def post_json(self, path, obj_or_bytes):
        body = obj_or_bytes if isinstance(obj_or_bytes, bytes) else json.dumps(obj_or_bytes).encode()
        return self.request("POST", path, body, "application/json")


def office_password(path):
    """The office account's password, as the first `serve` of a database
    leaves it in DB.password (no terminal); `path` is that file."""
    with open(path, encoding="utf-8") as f:
        return f.read().strip()
