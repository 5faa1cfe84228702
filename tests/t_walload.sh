#!/bin/sh
# t_walload.sh - issue 19, item 5: a large import into a database that a
# server keeps reading.  Readers pin the WAL (no checkpoint copies pages
# newer than the oldest open read, and the WAL starts over only when no
# reader uses it), so with the dashboard's requests always overlapping the
# WAL grew to gigabytes.  Here eight client threads keep GET requests going
# against `tracker serve` while `tracker import` stores 60 notices of about
# 2 MiB each (some 130 MiB of WAL frames); a sampler watches the -wal
# file.  It must stay under the bound README states: 25000 pages of 4 KiB
# (with frame headers, 103 MB).  Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_walload
cd "$T" || exit 2
DB="$T/w.db"

tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data"
check "the sample notices import" rc_is 0
$PY - <<'EOF'
import os
os.makedirs("big", exist_ok=True)
pad = "\n".join("Nội dung kèm theo số %d của văn bản, để văn bản dài như một phụ lục thật." % i
                for i in range(22000))
for i in range(60):
    open("big/tb-%03d.txt" % i, "w", encoding="utf-8").write("""UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: %d/TB-VP
Bình Sơn, ngày 05 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về hồ sơ đợt %d

1. Giao Sở Nội vụ chủ trì rà soát hồ sơ đợt %d, báo cáo UBND tỉnh chậm nhất ngày 30/12/2026.
2. Các sở, ban, ngành cập nhật số liệu đợt %d trong tháng 12/2026.

Phụ lục:
%s

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
""" % (700 + i, i, i, i, pad))
EOF
srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }

# Readers and the sampler run until the file "stop" appears.
$PY - "$PORT" "$DB.password" "$TOP/tests" "$DB-wal" >"$T/load.out" 2>&1 <<'EOF' &
import os, sys, threading, time
sys.path.insert(0, sys.argv[3])
from ops_client import Client, office_password
pw = office_password(sys.argv[2])
most = [0]
reads = [0]
errors = [0]
def reader(i):
    c = Client(sys.argv[1], "vanphong", pw)
    paths = ["/api/tasks?format=csv", "/api/summary", "/api/tasks?format=csv&all_periods=1", "/api/tasks?q=h%E1%BB%93%20s%C6%A1"]
    n = i
    while not os.path.exists("stop"):
        st, _, _ = c.get(paths[n % len(paths)] + ("&" if "?" in paths[n % len(paths)] else "?") + "n=%d" % n)
        n += 1
        reads[0] += 1
        if st != 200:
            errors[0] += 1
def sampler():
    while not os.path.exists("stop"):
        try:
            most[0] = max(most[0], os.stat(sys.argv[4]).st_size)
        except FileNotFoundError:
            pass
        time.sleep(0.005)
ts = [threading.Thread(target=reader, args=(i,)) for i in range(8)] + [threading.Thread(target=sampler)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(most[0], reads[0], errors[0])
EOF
LPID=$!
sleep 1
tr_ --db "$DB" import --today 2026-11-23 big
check "60 notices of 2 MiB import while the server answers readers" rc_is 0
touch stop
wait "$LPID"
read -r most reads errors <"$T/load.out" || true
echo "# the -wal file reached $most bytes ($((most / 4120)) pages) over $reads requests, $errors not 200"
check "the readers were answered all along" test "${reads:-0}" -gt 50 -a "${errors:-1}" = 0
check "the -wal file stayed under 25000 pages (103 MB)" test "${most:-0}" -gt 0 -a "${most:-0}" -lt 103000000
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
t_done
