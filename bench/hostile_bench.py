#!/usr/bin/env python3
"""hostile_bench.py - memory under the attacks of issue 18, on the release
build: the server's peak RSS while 256 slow clients from 4 addresses
trickle headers and while 256 clients from 4 addresses post 8 MiB bodies
to the login, and its RSS after each; the command's peak RSS on the
flat-entity .docx.  Prints figures; asserts nothing.  Run by `make bench`
from the top of the tree:

    python3 bench/hostile_bench.py build/tracker

The attacks are tests/hostile.py's (loopback only, bounded in count and
time).
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import hostile  # noqa: E402

MIB = 1 << 20


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        m = re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M)
    return int(m.group(1)) if m else 0


class Sampler:
    """The highest RSS of pid while it runs, sampled every 20 ms."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.t = threading.Thread(target=self.run)
        self.t.start()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            self.stop.wait(0.02)

    def done(self):
        self.stop.set()
        self.t.join()
        return self.peak


def flood_login(port, n, naddr):
    """n clients post a whole 8 MiB body to the login, as fast as they can."""
    body = b"{" + b" " * (8 * MIB - 2) + b"}"
    head = (b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))

    def one(i):
        try:
            s = hostile.connect(hostile.addr(i, naddr), port, 30)
            s.sendall(head)
            s.sendall(body)
            hostile.read_all(s, 30)
            s.close()
        except OSError:
            pass  # refused or reset once answered: the body was not wanted

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main(argv):
    tracker = os.path.abspath(argv[1] if len(argv) > 1 else "build/tracker")
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    tmp = tempfile.mkdtemp(prefix="hostile_bench.")
    srv = None
    try:
        env = dict(os.environ, TRACKER_UNITS=os.path.join(top, "sample-data", "units.json"))
        db = os.path.join(tmp, "h.db")
        subprocess.run([tracker, "--db", db, "import", os.path.join(top, "sample-data")],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        log = open(os.path.join(tmp, "srv.log"), "w")
        srv = subprocess.Popen([tracker, "--db", db, "serve", "--listen", "127.0.0.1:0",
                                "--no-schedule", "--quiet"], env=env,
                               stdout=subprocess.DEVNULL, stderr=log)
        port = None
        for _ in range(300):
            m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/",
                          open(os.path.join(tmp, "srv.log")).read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.1)
        if not port:
            print("hostile: the server did not start")
            return 0
        hostile.healthz(port)
        idle = rss_kib(srv.pid)
        print("hostile: server RSS idle %.1f MiB" % (idle / 1024))

        # Slow clients: the attack prints its outcome lines as comments.
        s = Sampler(srv.pid)
        out = sys.stdout
        sys.stdout = open(os.devnull, "w")
        t0 = time.time()
        hostile.slowloris(port, 256, 4)
        sys.stdout.close()
        sys.stdout = out
        peak = s.done()
        time.sleep(2)
        print("hostile: 256 slow clients (4 addresses, %.0f s): server peak RSS %.1f MiB,"
              " %.1f MiB after (goal < 300 during, < 100 after)"
              % (time.time() - t0, peak / 1024, rss_kib(srv.pid) / 1024))

        s = Sampler(srv.pid)
        t0 = time.time()
        flood_login(port, 256, 4)
        ok = hostile.healthz(port)
        peak = s.done()
        time.sleep(2)
        print("hostile: 256 x 8 MiB bodies to the login (4 addresses, %.1f s): server peak RSS"
              " %.1f MiB, %.1f MiB after (goal < 300 during, < 100 after); healthz %s"
              % (time.time() - t0, peak / 1024, rss_kib(srv.pid) / 1024,
                 "answers" if ok else "FAILED"))
    finally:
        if srv:
            srv.terminate()
            srv.wait()

    # The flat-entity .docx through the command.
    docx = os.path.join(tmp, "entities.docx")
    subprocess.run([sys.executable, os.path.join(top, "tests", "mkdocx.py"), "entities", docx],
                   check=True)
    t0 = time.time()
    p = subprocess.Popen([tracker, "parse", docx], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    print("hostile: flat-entity .docx (%d bytes, 3 GB expanded): `tracker parse` exit %d in"
          " %.2f s, peak RSS %.1f MiB (goal < 200)"
          % (os.path.getsize(docx), os.waitstatus_to_exitcode(status), time.time() - t0,
             ru.ru_maxrss / 1024))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
