#!/usr/bin/env python3
"""pages_check.py - the task list's pages, read one after another, are the
whole list: for each filter, the pages of a few sizes put together (of one
item: the first 400) equal the list's CSV export, in the same order, and
every page gives the export's number of items as its total.  Office-wide lists find a deep page's first item from the counts kept
per day and per month (search.c's office_skip), and a unit's or a notice's
list counts the items off its page without reading them (run_query), so a
total or a page that miscounts shows here as an item missing, repeated or
out of place.  A search's page comes from the full-text index in the
list's order, and its plain count from the index alone (search.c).

Usage: pages_check.py BASE_URL PASSWORD [PREFIX]
       (the office account, vanphong; PREFIX: only the filters that begin
       with it, e.g. "q=")"""
import csv
import io
import sys

import apiclient as api

FILTERS = ["", "status=overdue", "status=in_progress", "status=done_on_time",
           "status=done_late", "status=no_deadline", "flag=open", "flag=due_soon",
           "flag=long_overdue", "flag=extended", "flag=awaiting", "all_periods=1",
           "due_from=2025-01-01&due_to=2025-12-31", "due_from=2025-03-10&due_to=2025-04-20",
           "status=overdue&due_from=2024-12-01",
           # A notice's and a unit's work (search.c's run_query()).
           "notice=1", "notice=6", "notice=1&flag=open", "notice=6&status=overdue",
           "unit=2", "unit=2&status=overdue", "unit=2&all_periods=1", "sort=attention",
           # Searches: the index's matches in the list's order, counted from
           # the index alone when nothing else filters (search.c's words_count).
           "q=bao+cao", "q=bao+ca", "q=ubnd+tinh+ve", "q=cao+bao", "q=bao+cao&status=overdue",
           "q=bao+cao&flag=open", "q=bao+cao&all_periods=1", "q=bao+cao&due_from=2025-01-01",
           "q=bao+cao&unit=2", "q=bao+cao&notice=1"]


def ids(session, query, page, per):
    r = api.request("GET", "/api/tasks?%s&page=%d&per_page=%d" % (query, page, per),
                    session=session)
    d = r.json()
    if r.status != 200 or d is None:
        return None, None
    return [i["id"] for i in d["items"]], d["total"]


def exported(session, query):
    """The item ids of the list's CSV export, which streams every match
    from the first without counting or skipping."""
    r = api.request("GET", "/api/tasks?%s&format=csv" % query, session=session)
    if r.status != 200:
        return None
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
    return [int(row[0]) for row in rows[1:]]


def main():
    api.setup(sys.argv[1])
    s = api.login("vanphong", sys.argv[2])
    api.check(s is not None, "the office logs in")
    if s is None:
        return 1
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    for f in [f for f in FILTERS if f.startswith(only)]:
        whole = exported(s, f)
        first, total = ids(s, f, 1, 500)
        if not api.check(whole is not None and first == whole[:500] and total == len(whole),
                         "[%s] the first page and its total are the export's (%s items)"
                         % (f, total), "%s items exported" % (len(whole) if whole else None)):
            continue
        for per in (1, 7, 50):
            got, totals, page = [], set(), 1
            while page <= total // per + 2 and (per > 1 or page <= 400):
                part, t = ids(s, f, page, per)
                if part is None:
                    break
                totals.add(t)
                got += part
                if len(part) < per:
                    break
                page += 1
            if per == 1:
                whole_or_start = whole[:len(got)]
            else:
                whole_or_start = whole
            api.check(got == whole_or_start and totals == {total},
                      "[%s] pages of %d put together are %s, each with its total %d"
                      % (f, per, "the list" if per > 1 else "its start", total),
                      "first difference at %s; totals %s" % (
                          next((i for i, (a, b) in enumerate(zip(got, whole)) if a != b),
                               min(len(got), len(whole_or_start))), sorted(totals)))
    return 1 if api.failed else 0


if __name__ == "__main__":
    sys.exit(main())
