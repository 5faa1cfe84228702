#!/usr/bin/env python3
"""load_writes.py - reads under load while the office writes.

wrk (-t2, --conns connections) asks for the dashboard's list queries, a new
URL each request (bench/random_url.lua), while writer threads use the API
as an office does during the day: units report progress on their work
(POST /api/tasks/{id}/progress) and clerks import notices (POST
/api/notices, then .../commit).  Prints the reads' req/s, p99 and failures,
the writes done and failed, the server's CPU per request (when it started
the server), and "met" or "NOT MET" for the goals (no request fails, reads
above --min-rps, read p99 under --max-p99-ms); exits 1 when not met.

Either it starts its own server (the default: `build/tracker serve` on a
fresh build/web-seed database, or on --db), or it drives one already
running (--url, with --login/--password of an office account; it must
allow more than --conns connections from one address, see start_server()
and `serve --per-address`).  The seed's
work item N is task N's, led by unit (N - 1) % 2000 + 1, and done when
N % 10 < 3 (progress on done work is refused, so those are not picked);
against another database give --items, --units and --notices to the ranges
that exist.

    python3 bench/load_writes.py [--seconds 10] [--conns 32] [--no-cache]
        [--progress-writers 2] [--import-writers 1] [--db PATH | --url URL
        --login L --password P] [--min-rps 5000] [--max-p99-ms 50]
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READS = ("/api/tasks?unit={n} /api/tasks?unit={n}&status=overdue /api/tasks?notice={m}"
         " /api/tasks?unit={n}&flag=open /api/tasks/{n} /api/tasks?q={w}")
# Places in about 1% of the seed's texts each (web_bench.sh's WORDS): the
# search index takes every import's items while it is read.
WORDS = "xa+tan+lap|phuong+hoa+binh|thi+tran+yen+the|thon+minh+khai|khu+pho+le+loi"


class Api:
    """One keep-alive connection with the office's session.  Against a
    server on the loopback it comes from another address of it than wrk's
    (127.0.0.2): the clerks and units writing are other people at other
    machines, and the server limits connections per address (32 by
    default, all of them wrk's)."""

    def __init__(self, url, login, password):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.source = ("127.0.0.2", 0) if self.host == "127.0.0.1" else None
        self.conn = self.connect()
        st, hdrs, body = self.call("POST", "/api/login", {"login": login, "password": password})
        if st != 200:
            raise SystemExit("load_writes: login failed (%d): %s" % (st, body[:200]))
        cookie = [v for k, v in hdrs if k.lower() == "set-cookie"][0].split(";")[0]
        self.headers = {"Cookie": cookie, "X-CSRF-Token": json.loads(body)["csrf"]}

    def call(self, method, path, obj=None):
        headers = dict(getattr(self, "headers", {}))
        data = None
        if obj is not None:
            data = json.dumps(obj).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.getheaders(), r.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = self.connect()
                if attempt:
                    return 0, [], "connection failed"
        return 0, [], ""

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30,
                                          source_address=self.source)


class Writer(threading.Thread):
    def __init__(self, kind, args, stop, notice_text, serial):
        super().__init__(daemon=True)
        self.kind, self.args, self.stop, self.text = kind, args, stop, notice_text
        self.serial = serial
        self.done = self.failed = 0
        self.lat = []
        self.errors = []

    def one(self, api, rnd):
        if self.kind == "progress":
            item = rnd.randint(1, self.args.items)
            while item % 10 < 3:  # the seed's done work, which refuses progress
                item = rnd.randint(1, self.args.items)
            return [api.call("POST", "/api/tasks/%d/progress" % item,
                             {"item": item, "note": "Đã triển khai, đang tổng hợp kết quả"})]
        k = next(self.serial)
        text = re.sub(r"Số:[^\n]*", "Số: %d/TB-TAI" % k, self.text, count=1)
        st, h, body = api.call("POST", "/api/notices", {"text": text, "name": "tai-%d.txt" % k})
        if st != 201:
            return [(st, h, body)]
        draft = json.loads(body)["id"]
        return [(st, h, body), api.call("POST", "/api/notices/%d/commit" % draft, {})]

    def run(self):
        api = Api(self.args.url, self.args.login, self.args.password)
        rnd = random.Random()
        pause = 1.0 / self.args.rate if self.args.rate > 0 else 0
        while not self.stop.is_set():
            t0 = time.monotonic()
            for st, _, body in self.one(api, rnd):
                self.done += 1
                if st not in (200, 201):
                    self.failed += 1
                    if len(self.errors) < 5:
                        self.errors.append("%s %d %s" % (self.kind, st, body[:160]))
            self.lat.append(time.monotonic() - t0)
            if pause:
                time.sleep(max(0, pause - (time.monotonic() - t0)))


def counter(start):
    n = start
    lock = threading.Lock()
    while True:
        with lock:
            n += 1
            yield n


def wrk(args, cookie):
    cmd = ["wrk", "-t2", "-c%d" % args.conns, "-d%ds" % args.seconds, "--latency",
           "-H", "Cookie: " + cookie, "-s", os.path.join(TOP, "bench/random_url.lua"),
           args.url, "--", READS, "1", str(args.units), WORDS, str(args.notices)]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", out, re.M)
    p99ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        bad += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        bad += sum(int(x) for x in m.groups())
    return rps, p99ms, bad, out


def server_cpu(srv):
    """Seconds of CPU the server started here has used (None for --url)."""
    try:
        f = open("/proc/%d/stat" % srv.pid).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return None


def start_server(args, tmp):
    db = args.db
    if not db:
        db = os.path.join(tmp, "load.db")
        subprocess.run([os.path.join(TOP, "build/web-seed"), db], check=True)
    env = dict(os.environ, TRACKER_UNITS=os.path.join(TOP, "sample-data/units.json"))
    tracker = os.path.join(TOP, "build/tracker")
    args.login, args.password = "loadoffice", "load-office-password"
    subprocess.run([tracker, "--db", db, "users", "add", args.login, "--role", "office",
                    "--password-stdin"], input=args.password + "\n", text=True, env=env,
                   capture_output=True)
    log = open(os.path.join(tmp, "srv.log"), "w+")
    # wrk opens a connection to try the address, closes it, then opens its
    # --conns; the server frees an address's slot only when the worker
    # thread that accepted it next runs, so with the limit equal to --conns
    # the last of wrk's was at times refused, and retried, and refused (385
    # 'failed' reads in a run).  The office's readers come from many
    # addresses; the per-address limit is the hostile-clients defence, not
    # what this measures.
    cmd = [tracker, "--db", db, "serve", "--listen", "127.0.0.1:0", "--no-schedule",
           "--today", "2026-11-23", "--quiet", "--per-address", str(args.conns + 8)] + \
        (["--no-cache"] if args.no_cache else [])
    srv = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env)
    for _ in range(300):
        log.seek(0)
        m = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", log.read())
        if m:
            args.url = m.group(1)
            return srv
        time.sleep(0.1)
    srv.kill()
    raise SystemExit("load_writes: the server did not start")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", help="a running server (else one is started)")
    ap.add_argument("--login", help="an office account of --url")
    ap.add_argument("--password")
    ap.add_argument("--db", help="database for the server started here (else a fresh seed)")
    ap.add_argument("--no-cache", action="store_true", help="start the server with --no-cache")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--conns", type=int, default=32, help="wrk connections reading")
    ap.add_argument("--progress-writers", type=int, default=2)
    ap.add_argument("--import-writers", type=int, default=1)
    ap.add_argument("--rate", type=float, default=20,
                    help="writes per second per writer (0: as fast as answered)")
    ap.add_argument("--items", type=int, default=100000, help="work item ids 1..N")
    ap.add_argument("--units", type=int, default=2000, help="unit ids 1..N")
    ap.add_argument("--notices", type=int, default=1000, help="notice ids 1..N")
    ap.add_argument("--min-rps", type=float, default=5000)
    ap.add_argument("--max-p99-ms", type=float, default=50)
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("load_writes: wrk is missing (sh scripts/bootstrap.sh --bench)")
    tmp = tempfile.mkdtemp(prefix="load_writes.")
    srv = None
    try:
        if not args.url:
            srv = start_server(args, tmp)
        elif not args.login or not args.password:
            raise SystemExit("load_writes: --url needs --login and --password")
        reader = Api(args.url, args.login, args.password)
        cookie = reader.headers["Cookie"]
        text = open(os.path.join(TOP, "sample-data/02-tb-huyen-tan-lap.txt"), encoding="utf-8").read()
        stop = threading.Event()
        serial = counter(int(time.time()) % 1000000 * 100)
        writers = [Writer("progress", args, stop, text, serial) for _ in range(args.progress_writers)]
        writers += [Writer("import", args, stop, text, serial) for _ in range(args.import_writers)]
        for w in writers:
            w.start()
        cpu0 = server_cpu(srv)
        rps, p99, bad, out = wrk(args, cookie)
        cpu1 = server_cpu(srv)
        stop.set()
        for w in writers:
            w.join(60)
        print("load: reads (wrk -t2 -c%d %ds, %s): %d req/s, p99 %.2f ms, failed %d"
              % (args.conns, args.seconds, "no cache" if args.no_cache else "cache on", rps, p99, bad))
        writes = sum(w.done for w in writers)
        if cpu0 is not None and cpu1 is not None and rps > 0:
            print("load: server CPU %.3f ms per request (reads and writes), load average %s"
                  % ((cpu1 - cpu0) * 1000.0 / (rps * args.seconds + writes),
                     " ".join(open("/proc/loadavg").read().split()[:3])))
        for kind in ("progress", "import"):
            ws = [w for w in writers if w.kind == kind]
            if not ws:
                continue
            lat = sorted(x for w in ws for x in w.lat)
            p99w = lat[int(len(lat) * 0.99) - 1] * 1000 if lat else 0
            print("load: %s writes: %d requests, %d failed, p99 %.1f ms (%d writer(s))"
                  % (kind, sum(w.done for w in ws), sum(w.failed for w in ws), p99w, len(ws)))
            for w in ws:
                for e in w.errors:
                    print("load:   " + e)
        failed = bad + sum(w.failed for w in writers)
        ok = failed == 0 and rps > args.min_rps and p99 < args.max_p99_ms
        print("load: %s (goals: no failed request, reads > %d req/s, p99 < %g ms)"
              % ("met" if ok else "NOT MET", args.min_rps, args.max_p99_ms))
        return 0 if ok else 1
    finally:
        if srv:
            srv.terminate()
            srv.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
