#!/usr/bin/env python3
"""Compares a recorded change history with what expected_changes.py says.

    python3 compare_feed.py (--db DB | --url BASE_URL) EXPECTED.json...

EXPECTED.json are expected_changes.py's outputs of the publications that
recorded something, oldest first: publication i (1, 2, ...) of the history
must be the i-th of them.  With --db, the history is the database's
`changes` and `publications` tables (their json); with --url, it is
/v1/changes read page by page (pageSize 50) and /v1/publications.

For each item: the same cis (or group id), change, types and
elementPharmaceutique; for `fields`, the same names with the same
before/after values; for prices and commercialisation, the same cip13 with
the same before/after; presentations' added/removed/modified cip13;
shortages' (cip13, change); a group's libelle.  Each publication's counts
too.  Exit 1 with every difference on stderr.
"""

import json
import sqlite3
import sys
import urllib.error
import urllib.request

PAGE_SIZE = 50


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise SystemExit(f"compare_feed: {url}: HTTP {e.code}: "
                         f"{e.read()[:300]!r}")


def history_from_url(base):
    items, page = [], 1
    while True:
        d = get(f"{base}/v1/changes?page={page}&pageSize={PAGE_SIZE}")
        items.extend(d["data"])
        if page >= d["maxPage"]:
            break
        page += 1
    if len(items) != d["totalItems"]:
        raise SystemExit(f"/v1/changes: {len(items)} items read, "
                         f"totalItems {d['totalItems']}")
    pubs = get(f"{base}/v1/publications")
    return items, list(reversed(pubs))     # oldest first


def history_from_db(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    items = [json.loads(j) for (j,) in
             db.execute("SELECT json FROM changes ORDER BY id")]
    pubs = [json.loads(j) for (j,) in
            db.execute("SELECT json FROM publications ORDER BY id")]
    db.close()
    return items, pubs


def close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 0.005
    return a == b


def same_dict(a, b):
    return a is None and b is None or (
        a is not None and b is not None and set(a) == set(b) and
        all(close(a[k], b[k]) for k in a))


def compare_item(where, want, got, problems):
    def bad(what, w, g):
        problems.append(f"{where}: {what}: expected {w!r}, got {g!r}")

    for k in ("cis", "change", "types", "elementPharmaceutique"):
        if want.get(k) != got.get(k):
            bad(k, want.get(k), got.get(k))
    if "groupe" in want:
        g = got.get("groupe") or {}
        if (g.get("id"), g.get("libelle")) != (want["groupe"]["id"],
                                               want["groupe"]["libelle"]):
            bad("groupe", want["groupe"], g)
    for k in ("fields", "presentations", "prices", "commercialisation",
              "shortages"):
        if (k in want) != (k in got):
            bad(f"presence of {k}", k in want, k in got)
    if "fields" in want and "fields" in got:
        if set(want["fields"]) != set(got["fields"]):
            bad("field names", sorted(want["fields"]), sorted(got["fields"]))
        for name, v in want["fields"].items():
            g = got["fields"].get(name)
            if g is not None and (g.get("before"), g.get("after")) != \
                    (v["before"], v["after"]):
                bad(f"fields.{name}", v, g)
    if "presentations" in want and "presentations" in got:
        for k in ("added", "removed", "modified"):
            if sorted(got["presentations"].get(k, [])) != want["presentations"][k]:
                bad(f"presentations.{k}", want["presentations"][k],
                    got["presentations"].get(k))
    for part in ("prices", "commercialisation"):
        if part in want and part in got:
            w = {x["cip13"]: x for x in want[part]}
            g = {x["cip13"]: x for x in got[part]}
            if set(w) != set(g):
                bad(f"{part} cip13", sorted(w), sorted(g))
            for c in set(w) & set(g):
                for side in ("before", "after"):
                    if not same_dict(w[c][side], g[c].get(side)):
                        bad(f"{part}[{c}].{side}", w[c][side], g[c].get(side))
    if "shortages" in want and "shortages" in got:
        w = sorted((x["cip13"] or 0, x["change"]) for x in want["shortages"])
        g = sorted((x.get("cip13") or 0, x.get("change")) for x in got["shortages"])
        if w != g:
            bad("shortages (cip13, change)", w, g)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("--db", "--url"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    source = sys.argv[2]
    expected = []
    for p in sys.argv[3:]:
        with open(p, encoding="utf-8") as f:
            expected.append(json.load(f))
    items, pubs = (history_from_db if sys.argv[1] == "--db"
                   else history_from_url)(source)
    problems = []
    if [p.get("publication") for p in pubs] != list(range(1, len(expected) + 1)):
        problems.append(f"publications: expected ids 1..{len(expected)}, got "
                        f"{[p.get('publication') for p in pubs]}")
    for n, e in enumerate(expected, 1):
        got = [i for i in items if i.get("publication") == n]
        want = e["items"]
        pub = next((p for p in pubs if p.get("publication") == n), None)
        if pub is not None:
            for k, v in e["counts"].items():
                if pub.get(k) != v:
                    problems.append(f"publication {n}: {k}: expected {v}, "
                                    f"got {pub.get(k)}")
            for i in got:
                if i.get("publishedAt") != pub.get("publishedAt"):
                    problems.append(f"publication {n}: an item's publishedAt "
                                    f"{i.get('publishedAt')} is not "
                                    f"{pub.get('publishedAt')}")
                    break
        key = (lambda i: ("c", i["cis"]) if i.get("cis") is not None
               else ("g", (i.get("groupe") or {}).get("id")))
        wk, gk = [key(i) for i in want], [key(i) for i in got]
        if wk != gk:
            problems.append(f"publication {n}: items (in feed order) differ: "
                            f"missing {sorted(set(wk) - set(gk), key=str)}, "
                            f"unexpected {sorted(set(gk) - set(wk), key=str)}"
                            + ("" if set(wk) != set(gk) else
                               f"; order: {gk}"))
        gm = {key(i): i for i in got}
        for w in want:
            if key(w) in gm:
                compare_item(f"publication {n}, {key(w)}", w, gm[key(w)],
                             problems)
    stray = [i for i in items
             if not 1 <= (i.get("publication") or 0) <= len(expected)]
    if stray:
        problems.append(f"{len(stray)} items of no expected publication, "
                        f"first: {json.dumps(stray[0], ensure_ascii=False)[:300]}")
    # Oldest first, and ids (when the item shows none: publications) in order.
    order = [i.get("publication") for i in items]
    if order != sorted(order):
        problems.append("items are not oldest first")
    for p in problems[:40]:
        print(f"compare_feed ({source}): {p}", file=sys.stderr)
    if len(problems) > 40:
        print(f"compare_feed: ... and {len(problems) - 40} more", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
