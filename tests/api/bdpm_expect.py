"""The answers of /v1/medicaments/{cis}/avis, .../informations and
/v1/substances computed from the raw BDPM files, as spec/BDPM.md describes
them, never from the database: a file that is valid UTF-8 is UTF-8, else
Windows-1252; CRs stripped, empty lines skipped; every field trimmed; rows
whose CIS is not a number rejected; CIS_COMPO's shifted rows read from the
right; InfoImportantes' HTML reduced to its text and its first link.

    python3 bdpm_expect.py BASE_URL BDPM_DIR [SAMPLE]

checks the API at BASE_URL against the files of BDPM_DIR: every CIS of
CIS_bdpm (or every SAMPLEth), every substance, and name searches.
"""

import datetime
import html
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.request


def read_rows(path):
    """The rows of a BDPM file, each a list of trimmed fields; [] if absent."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    rows = []
    for line in text.split("\n"):
        line = line.replace("\r", "")
        if line == "":
            continue
        rows.append([f.strip(" \t") for f in line.split("\t")])
    return rows


def iso(s, fmt, pattern):
    """s in ISO 8601 when it is a real date written as fmt, else None."""
    try:
        return datetime.datetime.strptime(s, fmt).date().isoformat() \
            if re.fullmatch(pattern, s) else None
    except ValueError:
        return None


def iso_yyyymmdd(s):
    return iso(s, "%Y%m%d", r"\d{8}")


def iso_ddmmyyyy(s):
    return iso(s, "%d/%m/%Y", r"\d\d/\d\d/\d{4}")


def newest_first(items, key):
    """Newest first, an unreadable date last, then file order (stable)."""
    return sorted(items, key=lambda i: i[key] or "", reverse=True)


def html_text(s):
    """The text of an InfoImportantes field and its first <a href> link."""
    m = re.search(r"<a[ \t][^>]*?href=(?:'([^']*)'|\"([^\"]*)\"|([^ >]*))",
                  s, re.I)
    link = None if m is None else next(g for g in m.groups() if g is not None)
    text = re.sub(r"<(br|p|/p|li|/li|div|/div)\b[^>]*>", " ", s, flags=re.I)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(" ".join(text.split()))
    return text, link


def fold(s):
    s = s.replace("\u2019", "'").replace("œ", "oe").replace("Œ", "oe")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


class Bdpm:
    def __init__(self, d):
        self.medicaments = {}       # cis -> (ligne, denomination)
        for r in read_rows(d + "/CIS_bdpm.txt"):
            if r[0].isdigit():
                self.medicaments[int(r[0])] = (len(self.medicaments), r[1])
        links = {}
        for r in read_rows(d + "/HAS_LiensPageCT_bdpm.txt"):
            if len(r) >= 2:
                links.setdefault(r[0], r[1])
        self.avis = {}
        for kind, name in (("smr", "SMR"), ("asmr", "ASMR")):
            for r in read_rows(d + "/CIS_HAS_%s_bdpm.txt" % name):
                if len(r) < 6 or not r[0].isdigit():
                    continue
                self.avis.setdefault((int(r[0]), kind), []).append({
                    "codeDossierHas": r[1], "motif": r[2], "dateAvis": r[3],
                    "dateAvisIso": iso_yyyymmdd(r[3]), "valeur": r[4],
                    "libelle": r[5], "lienHas": links.get(r[1])})
        self.informations = {}
        for r in read_rows(d + "/CIS_InfoImportantes.txt"):
            if len(r) < 4 or not r[0].isdigit():
                continue
            text, link = html_text(r[3])
            self.informations.setdefault(int(r[0]), []).append({
                "dateDebut": r[1], "dateDebutIso": iso_ddmmyyyy(r[1]),
                "dateFin": r[2], "dateFinIso": iso_ddmmyyyy(r[2]),
                "texte": text, "lien": link})
        self.substances = {}        # code -> {"names": [], "rows": {cis: row}}
        for r in read_rows(d + "/CIS_COMPO_bdpm.txt"):
            if len(r) >= 9 and r[-1] == "":
                r = r[:-1]          # the format's trailing TAB
            if len(r) < 8 or not r[0].isdigit() or not r[2].isdigit():
                continue
            cis, code, name = int(r[0]), int(r[2]), r[3]
            s = self.substances.setdefault(code, {"names": [], "rows": {}})
            if name and name not in s["names"]:
                s["names"].append(name)
            if cis in self.medicaments and cis not in s["rows"]:
                s["rows"][cis] = {
                    "cis": cis, "denomination": self.medicaments[cis][1],
                    "elementPharmaceutique": r[1], "dosage": r[-4],
                    "referenceDosage": r[-3], "natureComposant": r[-2]}

    def avis_of(self, cis):
        return {"cis": cis,
                "smr": newest_first(self.avis.get((cis, "smr"), []),
                                    "dateAvisIso"),
                "asmr": newest_first(self.avis.get((cis, "asmr"), []),
                                     "dateAvisIso")}

    def informations_of(self, cis, day=None):
        rows = newest_first(self.informations.get(cis, []), "dateDebutIso")
        if day is not None:
            rows = [i for i in rows
                    if (i["dateDebutIso"] is None or i["dateDebutIso"] <= day)
                    and (i["dateFinIso"] is None or i["dateFinIso"] >= day)]
        return rows

    def substance_of(self, code):
        s = self.substances[code]
        return {"codeSubstance": code, "denominations": s["names"],
                "nombreMedicaments": len(s["rows"])}

    def substance_medicaments(self, code):
        rows = self.substances[code]["rows"]
        return [rows[c] for c in
                sorted(rows, key=lambda c: self.medicaments[c][0])]

    def search(self, query):
        """Substances matching every word, ranked as medicament names are."""
        words = [w for w in re.split(r"[^0-9a-z]+", fold(query)) if w]
        hits = []
        for code, s in self.substances.items():
            folded = []
            for n in s["names"]:
                if fold(n) not in folded:
                    folded.append(fold(n))
            name = " / ".join(folded)
            worst = 0
            for w in words:
                best = None
                for m in re.finditer(re.escape(w), name):
                    c = 0 if m.start() == 0 else \
                        2 if name[m.start() - 1].isalnum() else 1
                    best = c if best is None else min(best, c)
                if best is None:
                    break
                worst = max(worst, best)
            else:
                first = fold(s["names"][0]) if s["names"] else ""
                hits.append((worst, first, code))
        return [self.substance_of(c) for _, _, c in sorted(hits)]


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=60) as r:
            return r.status, json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8"))


FAILURES = []
CHECKED = [0]


def expect(base, path, status, body=None):
    got_status, got = get(base, path)
    CHECKED[0] += 1
    if got_status != status or (body is not None and got != body):
        FAILURES.append("%s: %s %s, expected %s %s" % (
            path, got_status, json.dumps(got, ensure_ascii=False)[:400],
            status, json.dumps(body, ensure_ascii=False)[:400]))


def main():
    base, d = sys.argv[1], sys.argv[2]
    sample = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    b = Bdpm(d)
    today = datetime.date.today().isoformat()
    for i, cis in enumerate(b.medicaments):
        if i % sample:
            continue
        expect(base, "/v1/medicaments/%d/avis" % cis, 200, b.avis_of(cis))
        expect(base, "/v1/medicaments/%d/informations" % cis, 200,
               b.informations_of(cis))
        expect(base, "/v1/medicaments/%d/informations?actives=true" % cis,
               200, b.informations_of(cis, today))
        expect(base, "/v1/medicaments/%d/informations?actives=false" % cis,
               200, b.informations_of(cis))
    # CIS that only the opinion or information files know: not medicaments.
    orphans = {c for c, _ in b.avis} | set(b.informations)
    for cis in sorted(orphans - set(b.medicaments))[:20]:
        expect(base, "/v1/medicaments/%d/avis" % cis, 404)
        expect(base, "/v1/medicaments/%d/informations" % cis, 404)
    for i, code in enumerate(sorted(b.substances)):
        if i % sample:
            continue
        meds = b.substance_medicaments(code)
        head = b.substance_of(code)
        pages = max(1, -(-len(meds) // 10))
        for page in sorted({1, pages}):
            expect(base, "/v1/substances/%d?page=%d" % (code, page), 200, {
                "substance": head, "data": meds[(page - 1) * 10:page * 10],
                "page": page, "pageSize": 10, "totalItems": len(meds),
                "maxPage": pages})
        expect(base, "/v1/substances/%d?page=%d" % (code, pages + 1), 404)
        if len(meds) > 1:
            expect(base, "/v1/substances/%d?page=2&pageSize=1" % code, 200, {
                "substance": head, "data": meds[1:2], "page": 2,
                "pageSize": 1, "totalItems": len(meds),
                "maxPage": len(meds)})
    queries = ["palip", "ibuprofene", "IBUPROFÈNE", "acide", "cinacalcet",
               "paracetamol", "acide acetyl", "chlorhydrate", "zzzzqq",
               "vicleucel", "mercurius dulcis"]
    for q in queries:
        want = b.search(q)
        path = "/v1/substances?search=" + urllib.request.quote(q)
        if len(want) > 250:
            expect(base, path, 400)
        elif not want:
            expect(base, path, 404)
        else:
            expect(base, path, 200, want)
    expect(base, "/v1/substances/999999999", 404)
    expect(base, "/v1/substances", 400)
    expect(base, "/v1/substances/abc", 400)
    expect(base, "/v1/medicaments/1/avis", 400)
    expect(base, "/v1/medicaments/99999999/avis", 404)
    expect(base, "/v1/medicaments/99999999/informations", 404)
    expect(base, "/v1/medicaments/%d/informations?actives=oui" %
           next(iter(b.medicaments)), 400)
    print("%s: %d answers checked" % (d, CHECKED[0]))
    for f in FAILURES[:20]:
        print("FAIL " + f, file=sys.stderr)
    if FAILURES:
        print("%d failures" % len(FAILURES), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
