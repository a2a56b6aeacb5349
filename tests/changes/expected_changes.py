#!/usr/bin/env python3
"""The changes a publication records, computed from the raw BDPM files
alone, by the rules of the change feed's contract (changes-spec, issue 25),
never from the updater's database.

    python3 expected_changes.py DIR0 DIR1 ... DIRn

prints, as JSON, what the publication of DIRn records against DIR(n-1)
(the dumps before it say what an absent file stands for):

    {"record": true|false, "items": [...], "counts": {...}}

items in the feed's order (medicaments by CIS, then groups by id), each
{"cis", "elementPharmaceutique", "change", "types", and for the types that
have them "fields" ({name: {"before", "after"}}), "presentations"
({"added", "removed", "modified"}: sorted cip13), "prices" and
"commercialisation" ([{"cip13", "before", "after"}]), "shortages"
([{"cip13", "change"}])}; a group's item is {"cis": null, "groupe": {"id",
"libelle"}, "change", "types"}.  With one directory: the first publication,
nothing recorded.

A file absent from a dump is a failed download (only optional files may
be): when there is a database in place (any dump but the first), the
updater keeps its rows, even none (statut "previous"): the rows of the file
are those of the dump before; at the first dump the file is "missing" and
every part reading it would be skipped on both sides (the failed-file
rule).  A file that was never loaded stays so while it fails ("previous"
over no rows, no sha256): a file absent from d0 and present from d2 on is
not compared at d2 either, or its first appearance would read as "every
row new" (every shortage started, every CIS in MITM).

The files are read by tests/api/bdpm_expect.py's reader (UTF-8 when valid,
else Windows-1252; CRs stripped, empty lines skipped, fields trimmed).  Rows
the updater repairs (CIS_COMPO 68285029's shifted fields, CIS_GENER group
1809's extra TAB) are read from the right, the same way in both dumps: an
untouched row reads the same before and after and shows no change whatever
the updater makes of it, so the differences found here are those of the
edits, on whole files, and the test compares the whole set (no restriction
to the CIS edited is needed as long as no edit touches a repaired row,
which make_dumps.py never does).  Rows whose CIS is not 8 digits are
rejected (they would be by the updater too).
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "api"))
sys.dont_write_bytecode = True
from bdpm_expect import read_rows  # noqa: E402

# common/change_types.c, in bit order.
TYPE_ORDER = ("added", "removed", "fields", "presentations", "prices",
              "commercialisation", "composition", "generiques", "conditions",
              "avis", "informations", "shortageStarted", "shortageUpdated",
              "shortageEnded", "mitmIn", "mitmOut", "groupAdded",
              "groupRemoved")

FIELD_NAMES = ("elementPharmaceutique", "formePharmaceutique",
               "voiesAdministration", "statusAutorisation", "typeProcedure",
               "etatComercialisation", "dateAMM", "statutBdm",
               "numeroAutorisationEuropeenne", "titulaire",
               "surveillanceRenforcee")

OPTIONAL = ("CIS_HAS_SMR_bdpm.txt", "CIS_HAS_ASMR_bdpm.txt",
            "HAS_LiensPageCT_bdpm.txt", "CIS_InfoImportantes.txt",
            "CIS_CIP_Dispo_Spec.txt", "CIS_MITM.txt")


def cis_ok(s, digits=8):
    return s.isdigit() and len(s) == digits


def fr_number(s):
    """A French price (decimal comma, comma thousands) as a float; None
    when empty or unreadable (the updater stores NULL then)."""
    s = s.replace(" ", "")
    if not s:
        return None
    if "," in s:
        whole, _, dec = s.rpartition(",")
        whole = whole.replace(",", "").replace(".", "")
    else:
        whole, dec = s, ""
    if not whole.isdigit() or not (dec == "" or dec.isdigit()) or len(dec) > 2:
        return None
    return round(int(whole) + (int(dec.ljust(2, "0")) if dec else 0) / 100, 2)


def int_or_none(s):
    return int(s) if s.isdigit() else None


def drop_trailing(r, n):
    """The format's trailing TAB: an empty last field beyond n columns."""
    while len(r) > n and r[-1] == "":
        r = r[:-1]
    return r


class Effective:
    """What the database built from a dump holds, file by file: the rows
    (or None when the file is "missing") and the statut."""

    def __init__(self, dirs):
        self.rows = {}
        self.statut = {}
        prev = None
        for d in dirs:
            cur_rows, cur_statut = {}, {}
            for name in ("CIS_bdpm.txt", "CIS_CIP_bdpm.txt",
                         "CIS_COMPO_bdpm.txt", "CIS_GENER_bdpm.txt",
                         "CIS_CPD_bdpm.txt") + OPTIONAL:
                p = os.path.join(d, name)
                if os.path.exists(p):
                    cur_rows[name], cur_statut[name] = p, "ok"
                elif name not in OPTIONAL:
                    raise SystemExit(f"expected_changes: {p} is required")
                elif prev is not None:
                    # The rows of the database in place, even none.
                    cur_rows[name], cur_statut[name] = prev[0][name], "previous"
                else:
                    cur_rows[name], cur_statut[name] = None, "missing"
            prev = (cur_rows, cur_statut)
        self.paths, self.statut = prev
        self._cache = {}

    def read(self, name):
        if name not in self._cache:
            p = self.paths[name]
            self._cache[name] = [] if p is None else read_rows(p)
        return self._cache[name]

    def ok(self, name):
        # Loaded once at least, on this side (the updater: a sha256).
        return self.statut[name] in ("ok", "previous") and \
            self.paths[name] is not None

    def medicaments(self):
        out = {}
        for r in self.read("CIS_bdpm.txt"):
            if len(r) < 2 or not cis_ok(r[0]) or r[1] == "":
                continue
            r = (r + [""] * 12)[:12]
            out.setdefault(int(r[0]), tuple(r[1:12]))
        return out

    def presentations(self):
        out = {}
        for r in self.read("CIS_CIP_bdpm.txt"):
            if len(r) < 7 or not cis_ok(r[0]) or not cis_ok(r[6], 13) \
                    or not cis_ok(r[1], 7):
                continue
            r = (r + [""] * 13)[:13]
            out.setdefault((int(r[0]), int(r[6])), {
                "presentation": (int(r[1]), r[2], r[7], r[12]),
                "prices": {"tauxRemboursement": r[8],
                           "prixSansHonoraires": fr_number(r[9]),
                           "prixAvecHonoraires": fr_number(r[10]),
                           "honoraires": fr_number(r[11])},
                "commercialisation": {"statusAdministratif": r[3],
                                      "etatComercialisation": r[4],
                                      "dateDeclaration": r[5]}})
        return out

    def sets(self, name, row):
        """cis -> set of row(r), for the valid rows of name."""
        out = {}
        for r in self.read(name):
            if not r or not cis_ok(r[0]):
                continue
            v = row(r)
            if v is not None:
                out.setdefault(int(r[0]), set()).add(v)
        return out

    def compositions(self):
        def row(r):
            r = drop_trailing(r, 8)
            if len(r) < 8 or not r[2].isdigit():
                return None
            return (r[1], int(r[2]), " ".join(x for x in r[3:-4] if x),
                    r[-4], r[-3], r[-2], int_or_none(r[-1]))
        return self.sets("CIS_COMPO_bdpm.txt", row)

    def generiques(self):
        """(cis -> set of (groupe, libelle, type, tri)), (groupe -> its
        first row's libelle)."""
        per_cis, groups = {}, {}
        for r in self.read("CIS_GENER_bdpm.txt"):
            r = drop_trailing(r, 5)
            if len(r) < 5 or not r[0].isdigit() or not cis_ok(r[-3]) \
                    or not cis_ok(r[-2], 1):
                continue
            libelle = " ".join(x for x in r[1:-3] if x)
            if not libelle:
                continue
            g = int(r[0])
            per_cis.setdefault(int(r[-3]), set()).add(
                (g, libelle, int(r[-2]), int_or_none(r[-1])))
            groups.setdefault(g, libelle)
        return per_cis, groups

    def conditions(self):
        return self.sets("CIS_CPD_bdpm.txt",
                         lambda r: r[1] if len(r) >= 2 and r[1] else None)

    def avis(self, name):
        return self.sets(name, lambda r: tuple((r + [""] * 6)[1:6])
                         if len(r) >= 2 and r[1] else None)

    def informations(self):
        return self.sets("CIS_InfoImportantes.txt",
                         lambda r: tuple((r + [""] * 4)[1:4])
                         if len(r) >= 4 else None)

    def disponibilites(self):
        """(cis, cip13 or None) -> (set of rows, first row)."""
        out = {}
        for r in self.read("CIS_CIP_Dispo_Spec.txt"):
            if len(r) < 3 or not cis_ok(r[0]) or not cis_ok(r[2], 1):
                continue
            if r[1] and not cis_ok(r[1], 13):
                continue
            r = (r + [""] * 8)[:8]
            key = (int(r[0]), int(r[1]) if r[1] else None)
            row = (int(r[2]), r[3], r[4], r[5], r[6], r[7])
            rows, first = out.get(key, (set(), row))
            rows.add(row)
            out[key] = (rows, first)
        return out

    def mitm(self):
        return {int(r[0]) for r in self.read("CIS_MITM.txt")
                if r and cis_ok(r[0])}


def compare(old, new):
    items = []
    om, nm = old.medicaments(), new.medicaments()

    def both(*names):
        return all(old.ok(n) and new.ok(n) for n in names)

    parts = {}
    if both("CIS_CIP_bdpm.txt"):
        parts["cip"] = (old.presentations(), new.presentations())
    if both("CIS_COMPO_bdpm.txt"):
        parts["composition"] = (old.compositions(), new.compositions())
    groups = None
    if both("CIS_GENER_bdpm.txt"):
        og, ng = old.generiques(), new.generiques()
        parts["generiques"] = (og[0], ng[0])
        groups = (og[1], ng[1])
    if both("CIS_CPD_bdpm.txt"):
        parts["conditions"] = (old.conditions(), new.conditions())
    for name in ("CIS_HAS_SMR_bdpm.txt", "CIS_HAS_ASMR_bdpm.txt"):
        if both(name):
            parts[name] = (old.avis(name), new.avis(name))
    if both("CIS_InfoImportantes.txt"):
        parts["informations"] = (old.informations(), new.informations())
    if both("CIS_CIP_Dispo_Spec.txt"):
        parts["dispo"] = (old.disponibilites(), new.disponibilites())
    if both("CIS_MITM.txt"):
        parts["mitm"] = (old.mitm(), new.mitm())

    # Per-CIS indexes of the presentations and the shortages.
    def by_cis(d):
        out = {}
        for key, v in d.items():
            out.setdefault(key[0], {})[key[1]] = v
        return out
    cip = {k: by_cis(v) for k, v in zip(("old", "new"), parts["cip"])} \
        if "cip" in parts else None
    dispo = {k: by_cis(v) for k, v in zip(("old", "new"), parts["dispo"])} \
        if "dispo" in parts else None

    for cis in sorted(set(om) | set(nm)):
        if cis not in om:
            items.append({"cis": cis, "elementPharmaceutique": nm[cis][0],
                          "change": "added", "types": ["added"]})
            continue
        if cis not in nm:
            items.append({"cis": cis, "elementPharmaceutique": om[cis][0],
                          "change": "removed", "types": ["removed"]})
            continue
        types = set()
        item = {"cis": cis, "elementPharmaceutique": nm[cis][0],
                "change": "modified"}
        fields = {}
        for name, a, b in zip(FIELD_NAMES, om[cis], nm[cis]):
            if a != b:
                fields[name] = {"before": a, "after": b}
        if fields:
            types.add("fields")
            item["fields"] = fields
        if cip is not None:
            o, n = cip["old"].get(cis, {}), cip["new"].get(cis, {})
            pres = {"added": sorted(set(n) - set(o)),
                    "removed": sorted(set(o) - set(n)),
                    "modified": sorted(c for c in set(o) & set(n)
                                       if o[c]["presentation"] !=
                                       n[c]["presentation"])}
            if any(pres.values()):
                types.add("presentations")
                item["presentations"] = pres
            for part in ("prices", "commercialisation"):
                diff = [{"cip13": c, "before": o[c][part], "after": n[c][part]}
                        for c in sorted(set(o) & set(n))
                        if o[c][part] != n[c][part]]
                if diff:
                    types.add(part)
                    item[part] = diff
        for part, typ in (("composition", "composition"),
                          ("generiques", "generiques"),
                          ("conditions", "conditions"),
                          ("CIS_HAS_SMR_bdpm.txt", "avis"),
                          ("CIS_HAS_ASMR_bdpm.txt", "avis"),
                          ("informations", "informations")):
            if part in parts:
                o, n = parts[part]
                if o.get(cis, set()) != n.get(cis, set()):
                    types.add(typ)
        if dispo is not None:
            o, n = dispo["old"].get(cis, {}), dispo["new"].get(cis, {})
            shortages = []
            for key in sorted(set(o) | set(n), key=lambda k: (k is not None, k or 0)):
                if key not in o:
                    change = "started"
                elif key not in n:
                    change = "ended"
                elif o[key][0] != n[key][0]:
                    if any(r[0] == 4 for r in n[key][0]) and \
                            not any(r[0] == 4 for r in o[key][0]):
                        change = "ended"
                    else:
                        change = "updated"
                else:
                    continue
                types.add({"started": "shortageStarted",
                           "ended": "shortageEnded",
                           "updated": "shortageUpdated"}[change])
                shortages.append({"cip13": key, "change": change})
            if shortages:
                item["shortages"] = shortages
        if "mitm" in parts:
            o, n = parts["mitm"]
            if cis in n and cis not in o:
                types.add("mitmIn")
            if cis in o and cis not in n:
                types.add("mitmOut")
        if types:
            item["types"] = [t for t in TYPE_ORDER if t in types]
            items.append(item)

    if groups is not None:
        o, n = groups
        for g in sorted(set(o) ^ set(n)):
            if g in n:
                items.append({"cis": None, "elementPharmaceutique": None,
                              "change": "added", "types": ["groupAdded"],
                              "groupe": {"id": g, "libelle": n[g]}})
            else:
                items.append({"cis": None, "elementPharmaceutique": None,
                              "change": "removed", "types": ["groupRemoved"],
                              "groupe": {"id": g, "libelle": o[g]}})
    return items


def main():
    dirs = sys.argv[1:]
    if not dirs:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if len(dirs) == 1:
        items = []
    else:
        items = compare(Effective(dirs[:-1]), Effective(dirs))
    counts = {"added": sum(i["change"] == "added" and i["cis"] is not None
                           for i in items),
              "removed": sum(i["change"] == "removed" and i["cis"] is not None
                             for i in items),
              "modified": sum(i["change"] == "modified" for i in items),
              "groupsAdded": sum(i["types"] == ["groupAdded"] for i in items),
              "groupsRemoved": sum(i["types"] == ["groupRemoved"]
                                   for i in items),
              "changes": len(items)}
    json.dump({"record": bool(items), "items": items, "counts": counts},
              sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
