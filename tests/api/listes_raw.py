#!/usr/bin/env python3
"""Checks /v1/disponibilites, /v1/mitm and /v1/medicaments/{cis}/disponibilites
and /mitm against answers computed here from the raw BDPM files (never from
the database): every page of every filter, every CIS, the validation errors.

    listes_raw.py BDPM_DIR API_URL

A file absent from BDPM_DIR (the 2022 dump has neither) must give empty
lists.  Exit status 0 when every answer is the expected one; else each
difference on stderr, exit 1.
"""

import json
import os
import sys
import urllib.error
import urllib.request

from bdpm_expect import iso_ddmmyyyy as iso, read_rows

DISPO = "CIS_CIP_Dispo_Spec.txt"
MITM = "CIS_MITM.txt"
PAGE_SIZES = (1, 3, 10, 200)
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what, file=sys.stderr)


def rows(directory, name):
    """The file's rows as (line number among rows read, fields), read as
    bdpm_expect reads every BDPM file; a first line of column titles
    (CIS_MITM) is no row."""
    out = read_rows(os.path.join(directory, name))
    if out and not any(c.isdigit() for c in out[0][0]):
        out = out[1:]
    return list(enumerate(out, 1))


def digits(s, n):
    return len(s) == n and s.isdigit()


def names(directory):
    return {f[0]: f[1] for _, f in rows(directory, "CIS_bdpm.txt")
            if digits(f[0], 8)}


def disponibilites(directory, name_of):
    docs = []
    for line, f in rows(directory, DISPO):
        if len(f) != 8 or not digits(f[0], 8) or not digits(f[2], 1) or \
                not (f[1] == "" or digits(f[1], 13)):
            continue    # rejected by the updater
        docs.append(((int(f[2]), line), {
            "cis": int(f[0]),
            "cip13": int(f[1]) if f[1] else None,
            "elementPharmaceutique": name_of.get(f[0]),
            "codeStatut": int(f[2]),
            "statut": f[3],
            "dateDebut": f[4],
            "dateDebutIso": iso(f[4]),
            "dateMiseAJour": f[5],
            "dateMiseAJourIso": iso(f[5]),
            "dateRemiseDisposition": f[6],
            "dateRemiseDispositionIso": iso(f[6]),
            "lien": f[7],
        }))
    return [d for _, d in sorted(docs, key=lambda x: x[0])]


def mitm(directory):
    docs = []
    for line, f in rows(directory, MITM):
        if len(f) != 4 or not digits(f[0], 8):
            continue
        docs.append(((f[1], line), {
            "cis": int(f[0]),
            "codeATC": f[1],
            "elementPharmaceutique": f[2],
            "lien": f[3],
        }))
    return [d for _, d in sorted(docs, key=lambda x: x[0])]


def get(url, path, headers=None):
    req = urllib.request.Request(url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def same(path, got, want):
    """Equal values, and objects' members in the same order."""
    if got != want or json.dumps(got) != json.dumps(want):
        fail("%s: got %s, expected %s" % (path, json.dumps(got)[:400],
                                          json.dumps(want)[:400]))
        return False
    return True


def check_pages(url, base, want):
    """Every page of the list at base (a path with its filter, or with
    none) for several page sizes, and the first page past the end."""
    sep = "&" if "?" in base else "?"
    status, _, body = get(url, base)
    if status != 200:
        fail("%s: status %d" % (base, status))
    else:
        same(base, json.loads(body), {"data": want[:10], "page": 1,
             "pageSize": 10, "totalItems": len(want),
             "maxPage": (len(want) + 9) // 10})
    for size in PAGE_SIZES:
        pages = (len(want) + size - 1) // size
        for page in range(1, max(pages, 1) + 1):
            path = "%s%spage=%d&pageSize=%d" % (base, sep, page, size)
            status, _, body = get(url, path)
            if status != 200:
                fail("%s: status %d" % (path, status))
                continue
            same(path, json.loads(body), {
                "data": want[(page - 1) * size:page * size], "page": page,
                "pageSize": size, "totalItems": len(want), "maxPage": pages})
        path = "%s%spage=%d&pageSize=%d" % (base, sep, max(pages, 1) + 1,
                                            size)
        status, _, body = get(url, path)
        if status != 404 or json.loads(body).get("message") != \
                "Page not found":
            fail("%s: status %d, expected 404 Page not found" % (path, status))


def check_per_cis(url, kind, docs, known):
    """/v1/medicaments/{cis}/KIND for every CIS of the file, a medicament
    without rows, and a CIS nobody knows."""
    by_cis = {}
    for d in docs:
        by_cis.setdefault(d["cis"], []).append(d)
    without = sorted(set(int(c) for c in known) - set(by_cis))
    for cis, want in list(by_cis.items()) + [(c, []) for c in without[:3]]:
        path = "/v1/medicaments/%08d/%s" % (cis, kind)
        status, headers, body = get(url, path)
        if status != 200:
            fail("%s: status %d" % (path, status))
            continue
        same(path, json.loads(body), want)
        etag = headers.get("ETag")
        status, _, _ = get(url, path, {"If-None-Match": etag or ""})
        if status != 304:
            fail("%s: If-None-Match %s: status %d" % (path, etag, status))
    unknown = 10000000
    while str(unknown) in known or unknown in by_cis:
        unknown += 1
    path = "/v1/medicaments/%d/%s" % (unknown, kind)
    status, _, _ = get(url, path)
    if status != 404:
        fail("%s: status %d, expected 404" % (path, status))
    return by_cis


def check_refused(url, paths):
    for path in paths:
        status, _, body = get(url, path)
        if status != 400:
            fail("%s: status %d, expected 400" % (path, status))
        elif not json.loads(body).get("message"):
            fail("%s: no message" % path)


def main():
    directory, url = sys.argv[1], sys.argv[2].rstrip("/")
    name_of = names(directory)
    dispo = disponibilites(directory, name_of)
    check_pages(url, "/v1/disponibilites", dispo)
    for statut in (1, 2, 3, 4):
        check_pages(url, "/v1/disponibilites?statut=%d" % statut,
                    [d for d in dispo if d["codeStatut"] == statut])
    by_cis = check_per_cis(url, "disponibilites", dispo, name_of)
    for cis in list(by_cis) + [int(next(iter(name_of), "60002283"))]:
        mine = [d for d in dispo if d["cis"] == cis]
        check_pages(url, "/v1/disponibilites?cis=%08d" % cis, mine)
        for statut in sorted({d["codeStatut"] for d in mine} | {1}):
            check_pages(url, "/v1/disponibilites?cis=%08d&statut=%d" % (
                cis, statut), [d for d in mine if d["codeStatut"] == statut])

    docs = mitm(directory)
    check_pages(url, "/v1/mitm", docs)
    prefixes = {"Z", "Z99", "A0"}
    for d in docs:
        for n in range(1, min(len(d["codeATC"]), 7) + 1):
            prefixes.add(d["codeATC"][:n])
    for prefix in sorted(prefixes):
        want = [d for d in docs if d["codeATC"].startswith(prefix.upper())]
        check_pages(url, "/v1/mitm?atc=" + prefix, want)
        check_pages(url, "/v1/mitm?atc=" + prefix.lower(), want)
    check_per_cis(url, "mitm", docs, name_of)

    check_refused(url, [
        "/v1/disponibilites?statut=0", "/v1/disponibilites?statut=5",
        "/v1/disponibilites?statut=12", "/v1/disponibilites?statut=x",
        "/v1/disponibilites?cis=6000228", "/v1/disponibilites?page=0",
        "/v1/disponibilites?pageSize=201", "/v1/disponibilites?pageSize=5",
        "/v1/mitm?atc=N&pageSize=5", "/v1/disponibilites?page=x",
        "/v1/mitm?atc=N02BE01X", "/v1/mitm?atc=N02-B", "/v1/mitm?atc=%C3%A9",
        "/v1/mitm?page=0", "/v1/mitm?pageSize=0",
        "/v1/medicaments/6000228/disponibilites",
        "/v1/medicaments/abcdefgh/mitm",
    ])
    print("%d shortages, %d MITM rows checked; %d failures" % (
        len(dispo), len(docs), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
