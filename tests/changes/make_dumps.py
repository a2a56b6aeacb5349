#!/usr/bin/env python3
"""Successive BDPM dumps generated from a real one, each with known edits,
for the change feed's tests (issue 25).

    python3 make_dumps.py SOURCE_DIR OUT_DIR

writes OUT_DIR/d0, OUT_DIR/d1, ... and OUT_DIR/manifest.json, which lists
the dumps in order, what each one changes and the CIS and groups the edits
touched (the tests read it to know which CIS to look at).

- d0  the source dump as is (the 2022 dump has no CIS_CIP_Dispo_Spec,
      CIS_MITM nor CIS_InfoImportantes: those are "missing").
- d1  d0 again, byte for byte: a republication, nothing to record.
- d2  CIS removed (every row of theirs, in every file), a CIS added (the
      lines of another with a new CIS number), a holder renamed on all its
      CIS, surveillance renforcée changed, a price changed, a
      commercialisation state changed, a composition row changed; the three
      optional files appear (every row of theirs new: see below).
- d3  a shortage started, another updated; a CIS in MITM, another out; a
      generic group added, another removed; a prescription condition and a
      safety information added; a presentation withdrawn, another added; a
      CIS no longer commercialised.
- d4  CIS_HAS_SMR_bdpm.txt fails (absent from d4: the test serves d4 over
      HTTP, where it answers 404): its rows are kept ("previous").  Besides,
      a shortage ended (code statut 4) and an ASMR opinion edited.
- d5  CIS_HAS_SMR_bdpm.txt back, one SMR opinion edited (compared with the
      rows kept since d3); a shortage ended (its row removed).
- d6  d5 again: a republication.
- d7  d5's data with CIS_bdpm.txt re-encoded (UTF-8, LF): nothing to
      record.
- d8  d7 with one holder renamed again (the retention test builds it with
      CHANGES_RETENTION_DAYS=0).

The optional files appear at d2 while the database in place has them as
"previous" with no rows (the updater keeps "the rows in place", none): at
d2, their rows are all new (shortages started, MITM in, informations).

Every file keeps its bytes: edits work on lines split on LF, CRs and the
encoding of each file are kept (text added to a file that is not valid
UTF-8 is encoded as Windows-1252, or ISO-8859-1 for Dispo_Spec, as the
real files are).  Python 3 standard library only.
"""

import json
import os
import shutil
import sys

FILES = ("CIS_bdpm.txt", "CIS_CIP_bdpm.txt", "CIS_COMPO_bdpm.txt",
         "CIS_GENER_bdpm.txt", "CIS_CPD_bdpm.txt", "CIS_HAS_SMR_bdpm.txt",
         "CIS_HAS_ASMR_bdpm.txt", "HAS_LiensPageCT_bdpm.txt",
         "CIS_InfoImportantes.txt", "CIS_CIP_Dispo_Spec.txt", "CIS_MITM.txt")
# Files whose first column is the CIS (a removed CIS loses its rows there).
CIS_FIRST = ("CIS_bdpm.txt", "CIS_CIP_bdpm.txt", "CIS_COMPO_bdpm.txt",
             "CIS_CPD_bdpm.txt", "CIS_HAS_SMR_bdpm.txt",
             "CIS_HAS_ASMR_bdpm.txt", "CIS_InfoImportantes.txt",
             "CIS_CIP_Dispo_Spec.txt", "CIS_MITM.txt")


class File:
    """A BDPM file as lines of bytes (split on LF; each keeps its CRs)."""

    def __init__(self, data, encoding=None):
        self.lines = data.split(b"\n")
        # The final LF leaves an empty last element: kept as is.
        if encoding is None:
            try:
                data.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "cp1252"
        self.encoding = encoding
        # The line ending of the file's first line, for lines we add.
        first = self.lines[0] if self.lines else b""
        self.eol = b"\r" if first.endswith(b"\r") else b""

    def bytes(self):
        return b"\n".join(self.lines)

    def enc(self, text):
        return text.encode(self.encoding)

    @staticmethod
    def fields(line):
        body = line.rstrip(b"\r")
        return body.split(b"\t")

    @staticmethod
    def join(fields, like):
        """fields as a line, with the CRs of the line `like`."""
        tail = like[len(like.rstrip(b"\r")):]
        return b"\t".join(fields) + tail

    def rows(self):
        """(index, fields) of every non-empty line."""
        for i, line in enumerate(self.lines):
            if line.rstrip(b"\r") != b"":
                yield i, self.fields(line)

    def append(self, fields):
        """Adds a line before the final empty element (the last LF)."""
        line = b"\t".join(fields) + self.eol
        if self.lines and self.lines[-1] == b"":
            self.lines.insert(len(self.lines) - 1, line)
        else:
            self.lines.append(line)

    def remove_where(self, pred):
        kept = [line for line in self.lines
                if line.rstrip(b"\r") == b"" or not pred(self.fields(line))]
        n = len(self.lines) - len(kept)
        self.lines = kept
        return n

    def edit(self, index, column, value):
        f = self.fields(self.lines[index])
        f[column] = value
        self.lines[index] = self.join(f, self.lines[index])


class Dump:
    def __init__(self, files):
        self.files = files          # name -> File (absent: not in the dump)

    @classmethod
    def read(cls, d):
        files = {}
        for name in FILES:
            p = os.path.join(d, name)
            if os.path.exists(p):
                with open(p, "rb") as f:
                    files[name] = File(f.read())
        return cls(files)

    def copy(self):
        files = {}
        for name, f in self.files.items():
            g = File(b"", f.encoding)
            g.lines = list(f.lines)
            g.eol = f.eol
            files[name] = g
        return Dump(files)

    def write(self, d):
        os.makedirs(d)
        for name, f in self.files.items():
            with open(os.path.join(d, name), "wb") as out:
                out.write(f.bytes())


def cis_of(fields):
    s = fields[0].strip()
    return int(s) if s.isdigit() else None


def pick(dump, name, pred, n=1, avoid=()):
    """The CIS of the first n rows of name (file order) where pred holds,
    one row per CIS, none of avoid."""
    out = []
    for _, f in dump.files[name].rows():
        c = cis_of(f)
        if c is None or c in avoid or c in out or not pred(f):
            continue
        out.append(c)
        if len(out) == n:
            return out
    raise SystemExit(f"make_dumps: no row of {name} fits")


def row_of(dump, name, cis, pred=lambda f: True):
    for i, f in dump.files[name].rows():
        if cis_of(f) == cis and pred(f):
            return i, f
    raise SystemExit(f"make_dumps: no row of {name} for {cis}")


def fr_price(s):
    return int(s.replace(b",", b"")) if s else None


def fmt_price(cents):
    return b"%d,%02d" % (cents // 100, cents % 100)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    src, out = sys.argv[1], sys.argv[2]
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    base = Dump.read(src)
    meds = base.files["CIS_bdpm.txt"]
    all_cis = {cis_of(f) for _, f in meds.rows()}
    gener_cis = {int(f[-3]) for _, f in base.files["CIS_GENER_bdpm.txt"].rows()
                 if f[-3].strip().isdigit()} | {
        int(f[2]) for _, f in base.files["CIS_GENER_bdpm.txt"].rows()
        if f[2].strip().isdigit()}
    cip_cis = {cis_of(f) for _, f in base.files["CIS_CIP_bdpm.txt"].rows()}
    used = set()

    def take(name, pred, n=1):
        got = pick(base, name, pred, n, used)
        used.update(got)
        return got

    manifest = {"dumps": []}
    dumps = []

    def publish(dump, what, touched=None, **extra):
        name = "d%d" % len(dumps)
        dump.write(os.path.join(out, name))
        dumps.append(dump)
        item = {"dir": name, "what": what, "touched": touched or {}}
        item.update(extra)
        manifest["dumps"].append(item)

    # d0, d1: the dump as is, twice.
    publish(base.copy(), "the source dump as is")
    publish(base.copy(), "a republication of d0")

    # d2
    d = base.copy()
    holder = b"BAYER AG (ALLEMAGNE)"
    removed = take("CIS_bdpm.txt", lambda f: cis_of(f) not in gener_cis
                   and cis_of(f) in cip_cis and f[10].strip() != holder, 2)
    for name in CIS_FIRST:
        if name in d.files:
            d.files[name].remove_where(lambda f: cis_of(f) in removed)
    # An added CIS: the lines of another (not in GENER) with a new number.
    model = take("CIS_bdpm.txt", lambda f: cis_of(f) not in gener_cis
                 and f[10].strip() != holder)[0]
    added = 69999001
    while added in all_cis:
        added += 1
    for name in ("CIS_bdpm.txt", "CIS_COMPO_bdpm.txt", "CIS_CPD_bdpm.txt"):
        f = d.files[name]
        for _, row in list(f.rows()):
            if cis_of(row) == model:
                row = list(row)
                row[0] = b"%d" % added
                if name == "CIS_bdpm.txt":
                    row[1] = row[1] + f.enc(" (copie)")
                f.append(row)
    # A holder renamed wherever it is the sole holder.
    renamed = []
    f = d.files["CIS_bdpm.txt"]
    for i, row in list(f.rows()):
        if row[10].strip() == holder and cis_of(row) not in used:
            f.edit(i, 10, b" BAYER AG")
            renamed.append(cis_of(row))
    used.update(renamed)
    # Surveillance renforcée turned on.
    surv = take("CIS_bdpm.txt", lambda f: f[11].strip() == b"Non"
                and f[10].strip() != holder)[0]
    i, _ = row_of(d, "CIS_bdpm.txt", surv)
    d.files["CIS_bdpm.txt"].edit(i, 11, b"Oui")
    # A price changed (both prices, the first presentation of a CIS with
    # a price below 1000).
    def simple_price(f):
        return len(f) >= 12 and f[9].count(b",") == 1 and \
            f[10].count(b",") == 1 and f[11].count(b",") == 1 and \
            cis_of(f) in all_cis
    price_cis = take("CIS_CIP_bdpm.txt", simple_price)[0]
    i, row = row_of(d, "CIS_CIP_bdpm.txt", price_cis, simple_price)
    price_cip13 = int(row[6])
    f = d.files["CIS_CIP_bdpm.txt"]
    f.edit(i, 9, fmt_price(fr_price(row[9]) + 100))
    f.edit(i, 10, fmt_price(fr_price(row[10]) + 100))
    # A commercialisation state changed (and its date).
    comm_cis = take("CIS_CIP_bdpm.txt", lambda f: f[4].decode("cp1252") ==
                    "Déclaration de commercialisation" and cis_of(f) in all_cis)[0]
    i, row = row_of(d, "CIS_CIP_bdpm.txt", comm_cis)
    comm_cip13 = int(row[6])
    f.edit(i, 4, f.enc("Déclaration d'arrêt de commercialisation"))
    f.edit(i, 5, b"01/07/2022")
    # A composition row changed.
    compo_cis = take("CIS_COMPO_bdpm.txt", lambda f: len(f) == 9
                     and cis_of(f) in all_cis)[0]
    i, row = row_of(d, "CIS_COMPO_bdpm.txt", compo_cis)
    d.files["CIS_COMPO_bdpm.txt"].edit(i, 4, row[4] + b" (modifi\xe9)")
    # The optional files appear.
    shortage_a, shortage_b, shortage_c = take(
        "CIS_CIP_bdpm.txt", lambda f: cis_of(f) in all_cis, 3)
    cip_b = int(row_of(d, "CIS_CIP_bdpm.txt", shortage_b)[1][6])
    link = "https://ansm.sante.fr/disponibilites-des-produits-de-sante/medicaments"
    dispo = File(b"", "latin-1")
    dispo.eol = b"\r"
    dispo.lines = [b""]
    dispo.append([b"%d" % shortage_a, b"", b"1", dispo.enc("Rupture de stock"),
                  b"02/05/2022", b"01/06/2022", b"", dispo.enc(link)])
    dispo.append([b"%d" % shortage_b, b"%d" % cip_b, b"2",
                  dispo.enc("Tension d'approvisionnement"), b"10/04/2022",
                  b"15/05/2022", b"", dispo.enc(link)])
    # More rows, so that removing one is no shrink the updater refuses
    # (more than 20 %).
    for c in take("CIS_bdpm.txt", lambda f: True, 8):
        dispo.append([b"%d" % c, b"", b"2",
                      dispo.enc("Tension d'approvisionnement"), b"01/03/2022",
                      b"01/04/2022", b"", dispo.enc(link)])
    d.files["CIS_CIP_Dispo_Spec.txt"] = dispo
    mitm_in, mitm_out, mitm_stay = take("CIS_bdpm.txt", lambda f: True, 3)
    mitm = File(b"", "cp1252")
    mitm.eol = b"\r"
    mitm.lines = [b""]
    for c in [mitm_out, mitm_stay] + take("CIS_bdpm.txt", lambda f: True, 8):
        mitm.append([b"%d" % c, b"L02BG03", row_of(d, "CIS_bdpm.txt", c)[1][1],
                     b"https://base-donnees-publique.medicaments.gouv.fr/"
                     b"extrait.php?specid=%d" % c])
    d.files["CIS_MITM.txt"] = mitm
    info_cis = take("CIS_bdpm.txt", lambda f: True, 2)
    info = File(b"", "utf-8")
    info.eol = b"\r"
    info.lines = [b""]
    info.append([b"%d" % info_cis[0], b"01/01/2022", b"31/12/2022",
                 info.enc("<a target='_blank' href='https://ansm.sante.fr/x'>"
                          "Information de sécurité</a>")])
    d.files["CIS_InfoImportantes.txt"] = info
    publish(d, "rows removed and added, a holder renamed, a price, a "
            "commercialisation state, a composition changed; optional files "
            "appear", {"removed": removed, "added": [added], "model": model,
                       "renamed": renamed, "surveillance": surv,
                       "price": price_cis, "priceCip13": price_cip13,
                       "commercialisation": comm_cis, "commCip13": comm_cip13,
                       "composition": compo_cis})

    # d3
    d = d.copy()
    dispo = d.files["CIS_CIP_Dispo_Spec.txt"]
    dispo.append([b"%d" % shortage_c, b"", b"1", dispo.enc("Rupture de stock"),
                  b"20/06/2022", b"20/06/2022", b"", dispo.enc(link)])
    i, _ = row_of(d, "CIS_CIP_Dispo_Spec.txt", shortage_b)
    dispo.edit(i, 5, b"25/06/2022")
    mitm = d.files["CIS_MITM.txt"]
    mitm.remove_where(lambda f: cis_of(f) == mitm_out)
    mitm.append([b"%d" % mitm_in, b"N02BE01", row_of(d, "CIS_bdpm.txt", mitm_in)[1][1],
                 b"https://base-donnees-publique.medicaments.gouv.fr/"
                 b"extrait.php?specid=%d" % mitm_in])
    gener = d.files["CIS_GENER_bdpm.txt"]
    groups = {}
    for _, row in gener.rows():
        groups.setdefault(int(row[0]), []).append(row)
    group_removed = next(g for g, rows in sorted(groups.items())
                         if len(rows) == 2 and all(len(r) == 6 for r in rows)
                         and all(int(r[2]) in all_cis and int(r[2]) not in used
                                 for r in rows))
    used.update(int(r[2]) for r in groups[group_removed])
    gener.remove_where(lambda f: int(f[0]) == group_removed)
    group_added = max(groups) + 1
    g_members = take("CIS_bdpm.txt", lambda f: cis_of(f) not in gener_cis, 2)
    for k, c in enumerate(g_members):
        gener.append([b"%d" % group_added,
                      gener.enc("NOUVEAU GROUPE %d - essai" % group_added),
                      b"%d" % c, b"%d" % k, b"%d" % (k + 1), b""])
    # A presentation withdrawn (a CIS with several), one added (a copy of
    # another CIS's line, with new CIP7 and CIP13).
    cips = {}
    for _, row in base.files["CIS_CIP_bdpm.txt"].rows():
        cips.setdefault(cis_of(row), []).append(row)
    all_cip = {int(r[6]) for rows in cips.values() for r in rows}
    pres_removed = take("CIS_CIP_bdpm.txt", lambda f: len(cips[cis_of(f)]) >= 2
                        and cis_of(f) in all_cis)[0]
    gone = int(cips[pres_removed][-1][6])
    d.files["CIS_CIP_bdpm.txt"].remove_where(
        lambda f: cis_of(f) == pres_removed and int(f[6]) == gone)
    pres_added = take("CIS_CIP_bdpm.txt", lambda f: cis_of(f) in all_cis)[0]
    new13 = 3400999999000
    while new13 in all_cip:
        new13 += 1
    row = list(cips[pres_added][0])
    row[1], row[6] = b"%07d" % (9999000 + new13 % 1000), b"%d" % new13
    d.files["CIS_CIP_bdpm.txt"].append(row)
    # A commercialisation state of CIS_bdpm.
    etat_cis = take("CIS_bdpm.txt", lambda f: f[6].decode("cp1252") ==
                    "Commercialisée")[0]
    i, _ = row_of(d, "CIS_bdpm.txt", etat_cis)
    d.files["CIS_bdpm.txt"].edit(i, 6, d.files["CIS_bdpm.txt"].enc(
        "Non commercialisée"))
    cond_cis = take("CIS_bdpm.txt", lambda f: True)[0]
    d.files["CIS_CPD_bdpm.txt"].append(
        [b"%d" % cond_cis, d.files["CIS_CPD_bdpm.txt"].enc(
            "réservé à l'usage hospitalier")])
    info = d.files["CIS_InfoImportantes.txt"]
    info.append([b"%d" % info_cis[1], b"01/06/2022", b"01/06/2023",
                 info.enc("<a href='https://ansm.sante.fr/y'>Rappel de lot</a>")])
    publish(d, "a shortage started, another updated, MITM in and out, a "
            "group added and one removed, a condition and an information "
            "added", {"shortageStarted": shortage_c, "shortageUpdated": shortage_b,
                      "mitmIn": mitm_in, "mitmOut": mitm_out,
                      "groupAdded": group_added, "groupRemoved": group_removed,
                      "groupMembers": g_members, "conditions": cond_cis,
                      "presentationRemoved": [pres_removed, gone],
                      "presentationAdded": [pres_added, new13],
                      "etatCommercialisation": etat_cis,
                      "informations": info_cis[1]})

    # d4: SMR fails; a shortage ended by code 4; an ASMR edited.
    before_fail = d
    d = d.copy()
    del d.files["CIS_HAS_SMR_bdpm.txt"]
    dispo = d.files["CIS_CIP_Dispo_Spec.txt"]
    i, _ = row_of(d, "CIS_CIP_Dispo_Spec.txt", shortage_a)
    dispo.edit(i, 2, b"4")
    dispo.edit(i, 3, dispo.enc("Remise à disposition"))
    dispo.edit(i, 5, b"28/06/2022")
    dispo.edit(i, 6, b"28/06/2022")
    asmr_cis = take("CIS_HAS_ASMR_bdpm.txt", lambda f: cis_of(f) in all_cis)[0]
    i, row = row_of(d, "CIS_HAS_ASMR_bdpm.txt", asmr_cis)
    d.files["CIS_HAS_ASMR_bdpm.txt"].edit(i, 4, b"IV" if row[4] != b"IV" else b"III")
    publish(d, "CIS_HAS_SMR_bdpm.txt fails to download; a shortage ended "
            "(code 4); an ASMR opinion edited",
            {"shortageEnded": shortage_a, "asmr": asmr_cis},
            failed=["CIS_HAS_SMR_bdpm.txt"])

    # d5: SMR back with one edit; the updated shortage's row removed.
    d = d.copy()
    d.files["CIS_HAS_SMR_bdpm.txt"] = before_fail.copy().files["CIS_HAS_SMR_bdpm.txt"]
    smr_cis = take("CIS_HAS_SMR_bdpm.txt", lambda f: cis_of(f) in all_cis)[0]
    i, row = row_of(d, "CIS_HAS_SMR_bdpm.txt", smr_cis)
    d.files["CIS_HAS_SMR_bdpm.txt"].edit(
        i, 4, b"Faible" if row[4] != b"Faible" else b"Important")
    d.files["CIS_CIP_Dispo_Spec.txt"].remove_where(
        lambda f: cis_of(f) == shortage_b)
    publish(d, "CIS_HAS_SMR_bdpm.txt back, one SMR edited; a shortage "
            "ended (row removed)", {"smr": smr_cis, "shortageEnded": shortage_b})

    # d6: a republication of d5.
    publish(d.copy(), "a republication of d5")

    # d7: d5's data in other bytes: CIS_bdpm.txt in UTF-8 with LF line
    # endings (the BDPM has changed a file's encoding before): the rows
    # are the same, nothing to record.
    d = d.copy()
    f = d.files["CIS_bdpm.txt"]
    f.lines = [line.rstrip(b"\r").decode("cp1252").encode("utf-8")
               for line in f.lines]
    f.encoding, f.eol = "utf-8", b""
    publish(d, "d5 again, CIS_bdpm.txt in UTF-8 with LF line endings")

    # d8: one more holder rename (the retention test).
    d = d.copy()
    again = take("CIS_bdpm.txt", lambda f: True)[0]
    i, row = row_of(d, "CIS_bdpm.txt", again)
    d.files["CIS_bdpm.txt"].edit(i, 10, row[10] + b" RENOMME")
    publish(d, "one holder renamed (retention)", {"renamed": [again]})

    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
