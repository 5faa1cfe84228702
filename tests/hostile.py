#!/usr/bin/env python3
"""hostile.py - attacks on `tracker serve` for tests/t_hostile.sh (issue 18).

    python3 tests/hostile.py PORT ATTACK [ARGS...]

Each attack runs against the server on 127.0.0.1:PORT, from many loopback
source addresses (127.0.0.2, 127.0.0.3, ...) where the attack needs them,
and prints "ok - ..." / "not ok - ..." per outcome.  Outcomes, not times:
/healthz answers from 127.0.0.1 while the attack runs (a guard timeout
only stops a hung test), connections are closed, bodies are refused.
Every loop is bounded in count and time and ends by itself.

    slowloris N ADDRS        N connections over ADDRS addresses, each
                             trickling one header line every 2 s
    held-body N ADDRS        N connections that declare an 8 MiB body and
                             send a little of it: to the login, to an
                             endpoint behind the session, chunked
    framing                  Content-Length with chunked, two lengths, an
                             unknown transfer coding
    login LOGIN PASSWORD     60 wrong passwords at once, a spray over many
                             logins from one address, then the right
                             password from a fresh address
    heavy FILE TOKEN CSRF    two uploads of a heavy PDF at once, /healthz
                             asked while they run
    method                   a method with control bytes and a quote

Standard library only.
"""
import http.client
import json
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
GUARD = 30  # seconds: only a hung server takes this long
failed = 0


def report(cond, name, detail=""):
    global failed
    if cond:
        print("ok - %s" % name)
    else:
        failed += 1
        print("not ok - %s" % name)
        if detail:
            print("#   %s" % str(detail)[:400])
    sys.stdout.flush()


def addr(i, n):
    """The i-th of n attacking addresses: 127.0.0.2, 127.0.0.3, ..."""
    return "127.0.0.%d" % (2 + i % n)


def connect(src, port, timeout=GUARD):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect((HOST, port))
    return s


def healthz(port, src=HOST):
    """True when GET /healthz answers 200 ok within the guard."""
    try:
        c = http.client.HTTPConnection(HOST, port, timeout=GUARD, source_address=(src, 0))
        c.request("GET", "/healthz")
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status == 200 and body == b"ok\n"
    except OSError as e:
        print("#   healthz: %s" % e)
        return False


def read_all(s, limit=GUARD):
    """What the server sends until it closes; None when it does not close
    within the guard."""
    out = b""
    s.settimeout(limit)
    try:
        while True:
            b = s.recv(65536)
            if not b:
                return out
            out += b
    except socket.timeout:
        return None
    except OSError:
        return out


def closed_by_server(s, limit=GUARD):
    return read_all(s, limit) is not None


def left(deadline):
    """Seconds left before a guard deadline shared by many sockets, so a
    regression fails the test in one guard, not one per connection."""
    return max(0.1, deadline - time.time())


# ---- 1. slow clients ---------------------------------------------------------------

def slowloris(port, n, naddr):
    conns = []
    for i in range(n):
        try:
            s = connect(addr(i, naddr), port)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            conns.append(s)
        except OSError:
            pass  # refused past the per-address limit: that is the point
    print("# %d of %d slow connections opened" % (len(conns), n))
    stop = threading.Event()

    def trickle():
        k = 0
        while not stop.is_set() and k < 30:
            for s in conns:
                try:
                    s.sendall(b"X-Slow-%d: 1\r\n" % k)
                except OSError:
                    pass
            k += 1
            stop.wait(2)

    t = threading.Thread(target=trickle)
    t.start()
    time.sleep(1)
    report(healthz(port), "slowloris: /healthz answers while %d connections trickle headers" % n)
    report(healthz(port, "127.0.0.200"),
           "slowloris: a fresh address is served while the attack runs")
    # Every trickling connection is dropped: a minimum rate, not an idle
    # timeout (it never goes idle).
    alive = 0
    deadline = time.time() + GUARD
    for s in conns:
        if not closed_by_server(s, left(deadline)):
            alive += 1
    stop.set()
    t.join()
    report(alive == 0, "slowloris: the server closes every connection that trickles its header",
           "%d still open" % alive)
    for s in conns:
        s.close()
    report(healthz(port), "slowloris: /healthz answers after the attack")


# ---- 2. held bodies ------------------------------------------------------------------

def held_body(port, n, naddr):
    heads = [
        ("login", b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 8388608\r\n\r\n", b"413"),
        ("notices", b"POST /api/notices HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    b"Content-Length: 8388608\r\n\r\n", b"401"),
        ("chunked", b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n", None),
    ]
    conns = []
    for i in range(n):
        name, head, _ = heads[i % len(heads)]
        try:
            s = connect(addr(i, naddr), port)
            s.sendall(head)
            conns.append((name, s))
        except OSError:
            pass
    print("# %d of %d held-body connections opened" % (len(conns), n))
    # A little of each body, then hold: the server must not wait for more.
    for name, s in conns:
        try:
            if name == "chunked":
                s.sendall(b"10000\r\n" + b"a" * 65536 + b"\r\n")
            else:
                s.sendall(b"a" * 65536)
        except OSError:
            pass
    report(healthz(port), "held bodies: /healthz answers while %d bodies are held" % n)
    answers = {"login": [], "notices": [], "chunked": []}
    deadline = time.time() + GUARD
    for name, s in conns:
        answers[name].append(read_all(s, left(deadline)))
        s.close()
    for name, _, want in heads:
        got = answers[name]
        if want is None:
            ok = all(a is not None for a in got)
            report(ok and got, "held bodies: a chunked login body past the cap is dropped (%d)" % len(got),
                   [a[:40] if a else a for a in got[:3]])
        else:
            ok = all(a is not None and a.startswith(b"HTTP/1.1 " + want) for a in got)
            report(ok and got, "held bodies: %s bodies answered %s before the body, then closed (%d)"
                   % (name, want.decode(), len(got)), [a[:40] if a else a for a in got[:3]])
    report(healthz(port), "held bodies: /healthz answers after the attack")


# ---- 5. framing -------------------------------------------------------------------------

def framing(port):
    cases = [
        ("Content-Length with chunked Transfer-Encoding: 400 and closed",
         b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
         b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", b"400"),
        ("two different Content-Length headers: 400 and closed",
         b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         b"Content-Length: 5\r\nContent-Length: 45\r\n\r\n{\"a\":1}"
         b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", b"400"),
        ("an unknown Transfer-Encoding: 501 at once, closed",
         b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         b"Transfer-Encoding: gzip\r\n\r\nabc", b"501"),
        ("a chunked coding after another: 501",
         b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", b"501"),
    ]
    for name, data, want in cases:
        s = connect(HOST, port)
        s.sendall(data)
        got = read_all(s, GUARD)
        s.close()
        # One answer only: the bytes after the first request are not read
        # as a second request (smuggled past a proxy).
        report(got is not None and got.startswith(b"HTTP/1.1 " + want) and got.count(b"HTTP/1.1 ") == 1,
               name, got[:200] if got else got)
    # The same length twice is one length.
    s = connect(HOST, port)
    s.sendall(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
    got = read_all(s, GUARD)
    s.close()
    report(got is not None and got.startswith(b"HTTP/1.1 400"),
           "the same Content-Length twice is read as one (the login answers its own 400)",
           got[:100] if got else got)


# ---- 6. login throttle ------------------------------------------------------------------

def post_login(port, src, login, password):
    c = http.client.HTTPConnection(HOST, port, timeout=GUARD * 4, source_address=(src, 0))
    c.request("POST", "/api/login", json.dumps({"login": login, "password": password}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, r.getheader("Retry-After")


def login(port, user, password):
    statuses = []
    lock = threading.Lock()

    def wrong():
        try:
            st = post_login(port, "127.0.0.2", user, "wrong-password")
        except OSError as e:
            st = (str(e), None)
        with lock:
            statuses.append(st)

    threads = [threading.Thread(target=wrong) for _ in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Past the per-address connection limit some are refused outright.
    checked = sum(1 for s, _ in statuses if s == 401)
    slowed = [ra for s, ra in statuses if s == 429]
    other = [s for s, _ in statuses if s not in (401, 429) and not isinstance(s, str)]
    report(checked <= 8 and slowed and not other and all(ra and ra.isdigit() for ra in slowed),
           "60 wrong passwords at once: counted before checking, the rest told to wait (429)",
           "401: %d, 429: %d, %s" % (checked, len(slowed), statuses[:5]))
    st, _ = post_login(port, "127.0.0.3", user, password)
    report(st == 200, "the right password from a fresh address still logs in", st)
    # One address failing across many logins is slowed; the accounts are not.
    spray = [post_login(port, "127.0.0.4", "khong-co-%d" % i, "wrong-password")[0] for i in range(30)]
    report(429 in spray and spray.count(401) <= 16,
           "an address failing across many logins is slowed", spray)
    st, _ = post_login(port, "127.0.0.4", user, password)
    report(st == 429, "that address waits even with a right password", st)
    st, _ = post_login(port, "127.0.0.5", user, password)
    report(st == 200, "the account still logs in from another address", st)


# ---- 4. heavy conversions ------------------------------------------------------------

def heavy(port, path, token, csrf):
    data = open(path, "rb").read()
    results = []
    lock = threading.Lock()

    def upload():
        c = http.client.HTTPConnection(HOST, port, timeout=600)
        c.request("POST", "/api/notices", data,
                  {"Content-Type": "application/pdf", "X-File-Name": "lon.pdf",
                   "Cookie": "tracker_session=" + token, "X-CSRF-Token": csrf})
        r = c.getresponse()
        r.read()
        c.close()
        with lock:
            results.append((r.status, r.getheader("Retry-After")))

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.5)  # both sent; the conversion takes seconds
    running = sum(1 for t in threads if t.is_alive())
    ok = healthz(port)
    still = sum(1 for t in threads if t.is_alive())
    print("# %d upload(s) running when /healthz was asked, %d when it answered" % (running, still))
    report(ok and still >= 1, "/healthz answers while a large PDF is converted", (ok, still))
    for t in threads:
        t.join()
    busy = [ra for st, ra in results if st == 503]
    report(len(busy) == 1 and busy[0] and busy[0].isdigit() and
           any(st != 503 for st, _ in results),
           "two heavy uploads at once: one converts, the other gets 503 with Retry-After", results)


# ---- 10. the method in the access log ----------------------------------------------------

def method(port):
    for m in (b"GE\x1bT", b'G"ET', b"GET\x7f"):
        s = connect(HOST, port)
        s.sendall(m + b" /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        read_all(s, GUARD)
        s.close()
    report(healthz(port), "odd methods are answered and the server goes on")


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    port, attack, args = int(argv[1]), argv[2], argv[3:]
    if attack == "slowloris":
        slowloris(port, int(args[0]), int(args[1]))
    elif attack == "held-body":
        held_body(port, int(args[0]), int(args[1]))
    elif attack == "framing":
        framing(port)
    elif attack == "login":
        login(port, args[0], args[1])
    elif attack == "heavy":
        heavy(port, args[0], args[1], args[2])
    elif attack == "method":
        method(port)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
