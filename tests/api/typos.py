#!/usr/bin/env python3
"""Misspellings of the 2022 dump's names, made by the rules of the search's
corrections (html/docs/openapi.yaml, ?fuzzy), and what the API answers them.

    typos.py URL DB [--count N] [--seed S] [--show] [--list FILE]

From a fixed seed: drugs drawn from DB's names (noms_medicaments, folded as
the index holds them), the first word of each (letters only, 5 or more),
misspelled by one edit (words of 5 to 7 letters) or one or two (8 or more):
a letter deleted, inserted, replaced, two adjacent letters swapped, or what
French spelling confuses (ph/f, y/i, qu/k/c, a doubled or undoubled
letter).  A misspelling the exact search still finds (an accent, a letter
doubled where another word has it) is skipped, as is a word whose exact
search is too broad to answer.  For each, over HTTP:

  suggestion  GET ?search=TYPO: a 404 whose first suggestion is the word
  fuzzy       GET ?search=TYPO&fuzzy=true: the drug the word finds first
              (its exact search's first result) among the first 10

Prints both rates and exits 1 when the first is below 85 % or the second
below 95 %.  --show lists the misses; --list writes each misspelling and
its word, a tab between (bench/callgrind-typos measures them).  URL may be
cgi:BINARY: the worker then answers as a CGI program over DB.
"""

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FRENCH = [("ph", "f"), ("f", "ph"), ("y", "i"), ("i", "y"), ("qu", "k"),
          ("qu", "c"), ("c", "k"), ("k", "c"), ("c", "qu")]


def get(url):
    if url.startswith("cgi:"):
        return get_cgi(url)
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


DB_PATH = None


def get_cgi(url):
    binary, _, rest = url[4:].partition("/v1/")
    path, _, query = ("/v1/" + rest).partition("?")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "DB_PATH": DB_PATH, "RATE_LIMIT": "off", "ALLOW_ROOT": "1",
           "LOG_LEVEL": "error", "REQUEST_METHOD": "GET",
           "PATH_INFO": path, "QUERY_STRING": query}
    out = subprocess.run([binary], env=env, capture_output=True,
                         check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def search(base, text, fuzzy=False):
    q = urllib.parse.urlencode({"search": text})
    return get(f"{base}/v1/medicaments?{q}" + ("&fuzzy=true" if fuzzy else ""))


def one_edit(w, rnd):
    """w with one edit of the rules, or None when the drawn one cannot
    apply."""
    kind = rnd.choice(["delete", "insert", "replace", "swap", "french",
                       "double"])
    i = rnd.randrange(len(w))
    if kind == "delete":
        return w[:i] + w[i + 1:]
    if kind == "insert":
        return w[:i] + rnd.choice(LETTERS) + w[i:]
    if kind == "replace":
        c = rnd.choice(LETTERS.replace(w[i], ""))
        return w[:i] + c + w[i + 1:]
    if kind == "swap":
        if i + 1 >= len(w) or w[i] == w[i + 1]:
            return None
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if kind == "french":
        found = [(a, b) for a, b in FRENCH if a in w]
        if not found:
            return None
        a, b = rnd.choice(found)
        at = [m.start() for m in re.finditer(re.escape(a), w)]
        j = rnd.choice(at)
        return w[:j] + b + w[j + len(a):]
    # doubled or undoubled
    if i + 1 < len(w) and w[i] == w[i + 1]:
        return w[:i] + w[i + 1:]
    return w[:i] + w[i] + w[i:]


def misspell(w, rnd):
    edits = 1 if len(w) < 8 else rnd.choice([1, 2])
    m = w
    for _ in range(edits):
        e = None
        while e is None:
            e = one_edit(m, rnd)
        m = e
    return m if m != w else None


def main():
    args = sys.argv[1:]
    global DB_PATH
    show = "--show" in args
    args = [a for a in args if a != "--show"]
    listing = None
    if "--list" in args:
        k = args.index("--list")
        listing = args[k + 1]
        del args[k:k + 2]
    count, seed = 300, 24
    if "--count" in args:
        k = args.index("--count")
        count = int(args[k + 1])
        del args[k:k + 2]
    if "--seed" in args:
        k = args.index("--seed")
        seed = int(args[k + 1])
        del args[k:k + 2]
    base, db_path = args
    DB_PATH = db_path
    pairs = []
    rnd = random.Random(seed)
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    names = [n for (n,) in db.execute(
        "SELECT nom FROM noms_medicaments WHERE nom IS NOT NULL ORDER BY id")]
    tried = suggested = found = 0
    misses = []
    first_of = {}
    while tried < count:
        m = re.match(r"[a-z]+", rnd.choice(names))
        if not m or len(m.group(0)) < 5:
            continue
        word = m.group(0)
        if word not in first_of:
            status, d = search(base, word)
            first_of[word] = d[0]["cis"] if status == 200 else None
        if first_of[word] is None:
            continue        # too broad: no answer to find again
        typo = misspell(word, rnd)
        if typo is None:
            continue
        status, d = search(base, typo)
        if status != 404:
            continue        # the exact search finds it (or refuses it)
        tried += 1
        pairs.append(f"{typo}\t{word}")
        ok_suggestion = d.get("suggestions", [None])[:1] == [word]
        status, f = search(base, typo, fuzzy=True)
        ok_fuzzy = status == 200 and first_of[word] in [
            x["cis"] for x in f[:10]]
        suggested += ok_suggestion
        found += ok_fuzzy
        if not (ok_suggestion and ok_fuzzy):
            misses.append(f"{typo} (for {word}): suggestions "
                          f"{d.get('suggestions')}, fuzzy {status}")
    s_rate, f_rate = suggested / tried, found / tried
    print(f"{tried} misspellings (seed {seed}): first suggestion the word "
          f"{s_rate:.1%}, the drug in the first 10 fuzzy results "
          f"{f_rate:.1%}")
    if show:
        print("\n".join(misses))
    if listing:
        with open(listing, "w", encoding="ascii") as f:
            f.write("\n".join(pairs) + "\n")
    return 0 if s_rate >= 0.85 and f_rate >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
