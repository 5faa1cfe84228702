#!/usr/bin/env python3
"""score_gold.py - score `tracker parse --json` against the project's gold files.

    python3 tests/score_gold.py --gold sample-data/gold --notices sample-data \\
        --cmd 'build/san/tracker parse --json {}' -v

For every GOLD/*.json the command is run on NOTICES/<file> ("{}" in --cmd is
replaced by that path) and its JSON (the contract in ../shared/DESIGN.md) is
compared with the gold answers:

  tasks       a prediction matches a gold task when its normalised text
              contains the normalised anchor; each prediction matches at most
              one gold task.  Optional gold tasks are neither required nor,
              when found, counted as extra.  Recall, precision, F1.
  owners      every gold owner matches a predicted owner and vice versa
              (owners_also_ok may also be predicted).  Names match when equal
              after normalisation (NFC, case, old/new tone placement, "Ủy ban
              nhân dân" = "UBND", "&" = "và", dashes, punctuation) or when one
              contains the other on word boundaries, though not as the tail of
              a compound name ("UBND huyện X" is not "Văn phòng HĐND và UBND
              huyện X"); role words ("Thủ trưởng", "Chủ tịch", ...) are dropped.
  co_owners   the same, for gold tasks that list supporting units.
  due         exact ISO date (or one of due_also_ok); null equals null.
  false due   a predicted date where the gold has none, or one listed in
              not_deadlines: the worst error, it sends reminders for nothing.
  due_kind    for gold tasks that state it (null included): equal, or one of
              due_kind_also_ok.
  recurrence  for gold tasks that state it: null equals null; otherwise freq
              equal (or in freq_also_ok) and, when the gold states "rrule",
              the same RRULE after normalisation (or one of rrule_also_ok).
  metadata    number (spaces ignored), type, place, date, signer.

Misses count as wrong in every per-task figure.  With the --min-*/--max-*
options the script prints "below the bar: ..." and exits 1 when a figure
misses its bar; it exits 2 on bad usage or unreadable gold.  --check-gold only
checks the gold files against their notices (anchors present once, deadlines
not also listed as non-deadlines) and runs no parser; --self-test checks the
scorer's own rules on a hand-made answer.  Standard library only.
"""
import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import unicodedata

# Old tone placement ("hoà", "uỷ") rewritten to the new one ("hòa", "ủy"),
# applied after NFC and lower-casing.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(map(re.escape, _TONE_MOVES)))
_ABBREV = [
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("cải cách hành chính", "cchc"),
    ("thủ tục hành chính", "tthc"),
]
_ROLES = ["thủ trưởng", "người đứng đầu", "lãnh đạo", "phó chủ tịch", "chủ tịch",
          "phó giám đốc", "giám đốc", "chánh văn phòng", "chánh thanh tra", "trưởng ban",
          "trưởng phòng", "tổng giám đốc", "đại diện"]
_ROLES.sort(key=len, reverse=True)


def fold(s):
    """Text folding shared by anchors, task texts and names."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    s = re.sub(r"(?is)<sup>.*?</sup>", " ", s)
    s = re.sub(r"<[^>]*>", " ", s)
    s = s.replace("\\*", "").replace("\\_", "")
    s = re.sub(r"[*_#`]+", "", s)
    s = s.lower()
    s = _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], s)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"[\u00a0\u2007\u202f\t\r\n]", " ", s)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for long_form, short in _ABBREV:
        s = s.replace(long_form, short)
    return s


def fold_name(s):
    """A unit name: folded, '&' read as 'và', punctuation ignored, role words dropped."""
    s = fold(s).replace("&", " và ")
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    again = True
    while again:
        again = False
        for r in _ROLES:
            if s.startswith(r + " "):
                s = s[len(r) + 1:]
                again = True
    return s


def name_match(a, b):
    a, b = fold_name(a), fold_name(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    hay, needle = " " + long_ + " ", " " + short + " "
    at = hay.find(needle)
    while at >= 0:
        # "UBND huyện X" is not "Văn phòng HĐND và UBND huyện X": a name
        # found right after "và" is the tail of a compound name.
        if not hay[:at].endswith(" và"):
            return True
        at = hay.find(needle, at + 1)
    return False


def owners_right(gold, pred, also_ok=()):
    pred = [p for p in (pred or []) if isinstance(p, str) and p.strip()]
    gold = list(gold or [])
    if not all(any(name_match(g, p) for p in pred) for g in gold):
        return False
    allowed = gold + list(also_ok or [])
    return all(any(name_match(g, p) for g in allowed) for p in pred)


def norm_rrule(r):
    if not r:
        return None
    r = str(r).strip().upper()
    if r.startswith("RRULE:"):
        r = r[6:]
    parts = {}
    for item in r.split(";"):
        item = item.strip()
        if not item:
            continue
        k, _, v = item.partition("=")
        vals = []
        for x in v.split(","):
            x = x.strip()
            if re.fullmatch(r"[+-]?\d+", x):
                x = str(int(x))
            vals.append(x)
        parts[k.strip()] = ",".join(sorted(vals, key=lambda t: (len(t), t)))
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    return ";".join("%s=%s" % (k, parts[k]) for k in sorted(parts))


def recurrence_right(gold, pred):
    """gold is null or {"freq", ["rrule"], [freq_also_ok], [rrule_also_ok]}."""
    if not isinstance(pred, dict) or not pred.get("freq"):
        pred = None
    if gold is None:
        return pred is None
    if pred is None:
        return False
    freqs = [gold.get("freq")] + list(gold.get("freq_also_ok", []))
    if pred.get("freq") not in freqs:
        return False
    if "rrule" in gold:
        want = [norm_rrule(gold["rrule"])] + [norm_rrule(x) for x in gold.get("rrule_also_ok", [])]
        if norm_rrule(pred.get("rrule")) not in want:
            return False
    return True


def run_parser(cmd, path, timeout):
    argv = [a.replace("{}", path) for a in shlex.split(cmd)]
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "could not run: %s" % e
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, "exit %d: %s" % (r.returncode, err[-1] if err else "")
    try:
        out = json.loads(r.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return None, "output is not JSON: %s" % e
    if not isinstance(out, dict):
        return None, "output is not a JSON object"
    return out, None


COUNTERS = ("req", "matched", "pred", "extra", "owner_ok", "co_gold", "co_ok", "due_ok",
            "dated", "dated_ok", "false_due", "kind_gold", "kind_ok", "rec_gold", "rec_ok",
            "meta_tot", "meta_ok")


def required(gold):
    return [t for t in gold.get("tasks", []) if not t.get("optional")]


def blank_counts(gold):
    """Counts for a notice whose parser run failed: everything missed."""
    c = dict.fromkeys(COUNTERS, 0)
    req = required(gold)
    c["req"] = len(req)
    c["co_gold"] = sum(1 for t in req if "co_owners" in t)
    c["dated"] = sum(1 for t in req if t.get("due"))
    c["kind_gold"] = sum(1 for t in req if "due_kind" in t)
    c["rec_gold"] = sum(1 for t in req if "recurrence" in t)
    c["meta_tot"] = sum(1 for k in ("number", "type", "place", "date", "signer") if k in gold.get("notice", {}))
    return c


def score(gold, out):
    c = dict.fromkeys(COUNTERS, 0)
    notes = []
    preds = [p for p in (out.get("tasks") or []) if isinstance(p, dict)]
    texts = [fold(p.get("text")) for p in preds]
    taken = [False] * len(preds)
    excused = [False] * len(preds)
    not_dl = set(gold.get("not_deadlines", []))
    c["pred"] = len(preds)

    for g in gold.get("tasks", []):
        anchor = fold(g["anchor"])
        hits = [i for i, t in enumerate(texts) if anchor and anchor in t]
        if g.get("optional"):
            for i in hits:
                excused[i] = True
            continue
        c["req"] += 1
        if "co_owners" in g:
            c["co_gold"] += 1
        if g.get("due"):
            c["dated"] += 1
        if "due_kind" in g:
            c["kind_gold"] += 1
        if "recurrence" in g:
            c["rec_gold"] += 1
        free = [i for i in hits if not taken[i]]
        if not free:
            notes.append("missed  %s" % g["anchor"][:80])
            continue
        i = free[0]
        taken[i] = True
        c["matched"] += 1
        p = preds[i]
        label = g["anchor"][:44]

        if owners_right(g.get("owners", []), p.get("owners"), g.get("owners_also_ok", [])):
            c["owner_ok"] += 1
        else:
            notes.append("owner   %s: want %s got %s" % (label, g.get("owners"), p.get("owners")))
        if "co_owners" in g:
            if owners_right(g["co_owners"], p.get("co_owners"), g.get("co_owners_also_ok", [])):
                c["co_ok"] += 1
            else:
                notes.append("co      %s: want %s got %s" % (label, g["co_owners"], p.get("co_owners")))

        pd = p.get("due") or None
        ok_dues = [g.get("due")] + list(g.get("due_also_ok", []))
        if pd in ok_dues:
            c["due_ok"] += 1
            if g.get("due") and pd == g["due"]:
                c["dated_ok"] += 1
        else:
            notes.append("due     %s: want %s got %s" % (label, g.get("due"), pd))
            if pd and (g.get("due") is None or pd in not_dl):
                c["false_due"] += 1
                notes.append("FALSE   %s: deadline %s where the notice sets %s" % (label, pd, g.get("due") or "none"))

        if "due_kind" in g:
            pk = p.get("due_kind") or None
            if pk in [g["due_kind"]] + list(g.get("due_kind_also_ok", [])):
                c["kind_ok"] += 1
            else:
                notes.append("kind    %s: want %s got %s" % (label, g["due_kind"], pk))
        if "recurrence" in g:
            if recurrence_right(g["recurrence"], p.get("recurrence")):
                c["rec_ok"] += 1
            else:
                notes.append("recur   %s: want %s got %s" % (label, json.dumps(g["recurrence"], ensure_ascii=False),
                                                            json.dumps(p.get("recurrence"), ensure_ascii=False)))

    for i, p in enumerate(preds):
        if taken[i] or excused[i]:
            continue
        c["extra"] += 1
        notes.append("extra   %s" % texts[i][:80])
        if p.get("due") and p.get("due") in not_dl:
            c["false_due"] += 1
            notes.append("FALSE   extra task dated %s, a date that is no deadline" % p.get("due"))

    want = gold.get("notice", {})
    got = out.get("notice") if isinstance(out.get("notice"), dict) else {}
    for k in ("number", "type", "place", "date", "signer"):
        if k not in want:
            continue
        c["meta_tot"] += 1
        w, v = want[k], got.get(k)
        if k == "number":
            w = re.sub(r"\s+", "", w or "") or None
            v = re.sub(r"\s+", "", v or "") if isinstance(v, str) else v
            v = v or None
        ok = (w is None and not v) or (w is not None and v is not None and fold(str(w)) == fold(str(v)))
        if ok:
            c["meta_ok"] += 1
        else:
            notes.append("meta    %s: want %r got %r" % (k, want[k], got.get(k)))
    return c, notes


def check_gold(gpath, gold, notices):
    """Problems in one gold file, as a list of strings."""
    bad = []
    npath = os.path.join(notices, gold.get("file", ""))
    try:
        with open(npath, "rb") as f:
            text = fold(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        return ["%s: cannot read notice %s: %s" % (gpath, npath, e)]
    not_dl = set(gold.get("not_deadlines", []))
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for k in ("number", "type", "place", "date", "signer"):
        if k not in gold.get("notice", {}):
            bad.append("%s: notice.%s missing" % (gpath, k))
    seen = set()
    for t in gold.get("tasks", []):
        a = fold(t.get("anchor"))
        if not a or a not in text:
            bad.append("%s: anchor not in notice: %r" % (gpath, t.get("anchor")))
        elif text.count(a) > 1:
            bad.append("%s: anchor occurs %d times in the notice: %r" % (gpath, text.count(a), t.get("anchor")))
        if a in seen:
            bad.append("%s: anchor repeated: %r" % (gpath, t.get("anchor")))
        seen.add(a)
        for other in seen:
            if other != a and (other in a or a in other):
                bad.append("%s: anchors overlap: %r / %r" % (gpath, a, other))
        if t.get("optional"):
            continue
        if "owners" not in t or "due" not in t:
            bad.append("%s: task without owners/due: %r" % (gpath, t.get("anchor")))
        d = t.get("due")
        if d is not None and not iso.match(d):
            bad.append("%s: due is not ISO: %r" % (gpath, d))
        if d in not_dl:
            bad.append("%s: due %s is also listed in not_deadlines" % (gpath, d))
        if t.get("due_kind") not in (None, "before", "by", "within", "relative"):
            bad.append("%s: bad due_kind %r" % (gpath, t.get("due_kind")))
        # A date has a kind and no date has none, but for "relative": a
        # period counted from the document's receipt, which has no date.
        if "due_kind" in t and (d is None) != (t.get("due_kind") in (None, "relative")):
            bad.append("%s: due and due_kind disagree for %r" % (gpath, t.get("anchor")))
        r = t.get("recurrence")
        if r is not None and r.get("freq") not in ("daily", "weekly", "monthly", "quarterly",
                                                    "half-yearly", "yearly", "periodic"):
            bad.append("%s: bad freq %r" % (gpath, r.get("freq")))
    for d in not_dl:
        if not iso.match(d):
            bad.append("%s: not_deadlines entry is not ISO: %r" % (gpath, d))
    return bad


def self_test():
    """Checks the scorer's own rules on a hand-made notice; returns failures."""
    fails = []

    def expect(what, got, want):
        if got != want:
            fails.append("%s: got %r, want %r" % (what, got, want))

    expect("old tone + UBND", name_match("Uỷ ban nhân dân các xã, thị trấn", "UBND các xã, thị trấn"), True)
    expect("role word", name_match("Giám đốc Sở Y tế", "Sở Y tế"), True)
    expect("containment", name_match("Phòng Tài chính – Kế hoạch", "Phòng Tài chính - Kế hoạch huyện Tân Lập"), True)
    expect("NFD", name_match(unicodedata.normalize("NFD", "Sở Nội vụ"), "sở nội vụ"), True)
    expect("different unit", name_match("Sở Y tế", "Phòng Y tế huyện Tân Lập"), False)
    expect("compound tail", name_match("UBND huyện Tân Lập", "Văn phòng HĐND và UBND huyện Tân Lập"), False)
    expect("no prefix words", name_match("Sở Tư", "Sở Tư pháp"), True)
    expect("rrule order", norm_rrule("BYMONTHDAY=05;FREQ=MONTHLY"), norm_rrule("FREQ=MONTHLY;BYMONTHDAY=5"))
    expect("rrule list", norm_rrule("FREQ=YEARLY;BYMONTH=12,6;BYMONTHDAY=5"),
           norm_rrule("RRULE:FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=5"))
    expect("rec null", recurrence_right(None, {"freq": None, "rrule": None}), True)
    expect("rec freq only", recurrence_right({"freq": "quarterly"}, {"freq": "quarterly", "rrule": "FREQ=MONTHLY"}), True)
    expect("rec wrong rrule", recurrence_right({"freq": "monthly", "rrule": "FREQ=MONTHLY;BYMONTHDAY=5"},
                                               {"freq": "monthly", "rrule": "FREQ=MONTHLY;BYMONTHDAY=6"}), False)
    expect("rec periodic", recurrence_right({"freq": "periodic", "rrule": None}, {"freq": "periodic"}), True)

    gold = {"notice": {"number": "12/TB-UBND", "type": "THÔNG BÁO", "place": "Tân Lập", "date": None, "signer": "A B"},
            "tasks": [
                {"anchor": "việc một", "owners": ["Sở Nội vụ"], "due": "2024-12-15", "due_kind": "before",
                 "recurrence": None},
                {"anchor": "việc hai", "owners": ["Sở Tư pháp"], "co_owners": ["Sở Tài chính"], "due": None,
                 "due_kind": None, "recurrence": {"freq": "weekly", "rrule": "FREQ=WEEKLY;BYDAY=FR"}},
                {"anchor": "việc ba", "owners": ["Sở Y tế"], "due": None},
                {"anchor": "việc bốn", "owners": ["Sở Xây dựng"], "due": "2024-12-31"},
                {"anchor": "có thể", "optional": True}],
            "not_deadlines": ["2024-11-12"]}
    out = {"notice": {"number": "12 / TB-UBND", "type": "Thông báo", "place": "Tân Lập", "date": "", "signer": "A B"},
           "tasks": [
               {"text": "**Việc một** trước ngày 15/12", "owners": ["Thủ trưởng Sở Nội vụ"], "due": "2024-12-15",
                "due_kind": "by", "recurrence": None},
               {"text": "VIỆC HAI", "owners": ["Sở Tư pháp"], "co_owners": ["Sở Tài chính"], "due": "2024-11-12",
                "due_kind": None, "recurrence": {"freq": "weekly", "rrule": "BYDAY=FR;FREQ=WEEKLY"}},
               {"text": "việc ba", "owners": ["Sở Y tế", "Sở Công Thương"], "due": None},
               {"text": "việc một lần nữa", "owners": [], "due": "2024-11-12"},
               {"text": "có thể làm", "owners": [], "due": None}]}
    c, _ = score(gold, out)
    want = {"req": 4, "matched": 3, "extra": 1, "owner_ok": 2, "co_gold": 1, "co_ok": 1, "due_ok": 2,
            "dated": 2, "dated_ok": 1, "false_due": 2, "kind_gold": 2, "kind_ok": 1, "rec_gold": 2, "rec_ok": 2,
            "meta_tot": 5, "meta_ok": 5}
    for k, v in want.items():
        expect("count " + k, c[k], v)
    return fails


def ratio(a, b):
    return a / b if b else 1.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, help="directory of gold *.json files")
    ap.add_argument("--notices", required=True, help="directory of the notices the gold files name")
    ap.add_argument("--cmd", help="parser command; {} is replaced by the notice's path")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per notice (default 120)")
    ap.add_argument("--check-gold", action="store_true", help="only check the gold files, run nothing")
    ap.add_argument("--self-test", action="store_true", help="check the scorer's own rules and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss, extra and wrong field")
    for m in ("f1", "owner", "due", "meta", "kind", "recurrence"):
        ap.add_argument("--min-" + m, type=float, default=None, metavar="X")
    ap.add_argument("--max-false-due", type=int, default=None, metavar="N")
    if "--self-test" in sys.argv[1:]:
        fails = self_test()
        for f in fails:
            print("self-test: " + f)
        print("self-test: %s" % ("%d failures" % len(fails) if fails else "all checks pass"))
        return 1 if fails else 0
    a = ap.parse_args()

    paths = sorted(glob.glob(os.path.join(a.gold, "*.json")))
    if not paths:
        print("score_gold: no gold files in %s" % a.gold, file=sys.stderr)
        return 2
    golds = []
    for gp in paths:
        try:
            with open(gp, encoding="utf-8") as f:
                g = json.load(f)
            if not isinstance(g, dict) or "file" not in g or not isinstance(g.get("tasks"), list):
                raise ValueError("needs \"file\" and a \"tasks\" list")
        except (OSError, ValueError) as e:
            print("score_gold: %s: %s" % (gp, e), file=sys.stderr)
            return 2
        golds.append((gp, g))

    if a.check_gold:
        problems = []
        for gp, g in golds:
            problems += check_gold(gp, g, a.notices)
        for p in problems:
            print(p)
        ntasks = sum(len(required(g)) for _, g in golds)
        print("gold: %d files, %d required tasks, %d problems" % (len(golds), ntasks, len(problems)))
        return 1 if problems else 0
    if not a.cmd:
        ap.error("--cmd is required unless --check-gold is given")

    tot = dict.fromkeys(COUNTERS, 0)
    failures = 0
    for gp, g in golds:
        npath = os.path.join(a.notices, g["file"])
        out, err = run_parser(a.cmd, npath, a.timeout)
        if err:
            failures += 1
            c, notes = blank_counts(g), []
            print("%-44s FAILED %s" % (g["file"], err))
        else:
            c, notes = score(g, out)
            print("%-44s tasks %2d/%2d, %d extra | owner %2d/%2d | co %d/%d | due %2d/%2d | kind %2d/%d"
                  " | recur %2d/%d | false due %d | meta %d/%d"
                  % (g["file"], c["matched"], c["req"], c["extra"], c["owner_ok"], c["req"], c["co_ok"],
                     c["co_gold"], c["due_ok"], c["req"], c["kind_ok"], c["kind_gold"], c["rec_ok"],
                     c["rec_gold"], c["false_due"], c["meta_ok"], c["meta_tot"]))
        if a.verbose:
            for n in notes:
                print("    " + n)
        for k in COUNTERS:
            tot[k] += c[k]

    recall = ratio(tot["matched"], tot["req"])
    precision = ratio(tot["matched"], tot["matched"] + tot["extra"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fig = {
        "f1": f1,
        "owner": ratio(tot["owner_ok"], tot["req"]),
        "due": ratio(tot["due_ok"], tot["req"]),
        "meta": ratio(tot["meta_ok"], tot["meta_tot"]),
        "kind": ratio(tot["kind_ok"], tot["kind_gold"]),
        "recurrence": ratio(tot["rec_ok"], tot["rec_gold"]),
    }
    co = ratio(tot["co_ok"], tot["co_gold"])
    print("summary: %d notices, %d tasks | recall %.3f precision %.3f F1 %.3f | owners %.3f | co-owners %.3f"
          " | due %.3f (dated %d/%d) | due_kind %.3f | recurrence %.3f | false deadlines %d | metadata %.3f"
          " | parser failures %d"
          % (len(golds), tot["req"], recall, precision, f1, fig["owner"], co, fig["due"], tot["dated_ok"],
             tot["dated"], fig["kind"], fig["recurrence"], tot["false_due"], fig["meta"], failures))

    short = []
    names = {"f1": "F1", "owner": "owners", "due": "due", "meta": "metadata", "kind": "due_kind",
             "recurrence": "recurrence"}
    for k in ("f1", "owner", "due", "meta", "kind", "recurrence"):
        bar = getattr(a, "min_" + k)
        if bar is not None and fig[k] < bar:
            short.append("%s %.3f < %.3f" % (names[k], fig[k], bar))
    if a.max_false_due is not None and a.max_false_due >= 0 and tot["false_due"] > a.max_false_due:
        short.append("false deadlines %d > %d" % (tot["false_due"], a.max_false_due))
    if failures:
        short.append("%d notice(s) failed to parse" % failures)
    if short:
        print("below the bar: " + "; ".join(short))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
