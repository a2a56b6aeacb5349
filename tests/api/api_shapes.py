"""The shapes of the API's JSON objects (shared/spec/API.md), for the API
tests: each function raises AssertionError with what is wrong, or returns
True.  Used by json_assert (tests/api/lib-api.sh): json_assert
'medicament(d)'."""

MEDICAMENT_KEYS = {
    "cis", "elementPharmaceutique", "formePharmaceutique",
    "voiesAdministration", "statusAutorisation", "typeProcedure",
    "etatComercialisation", "dateAMM", "titulaire", "surveillanceRenforcee",
    "composition", "generiques", "presentation", "conditions",
}
COMPOSITION_KEYS = {
    "cis", "elementPharmaceutique", "codeSubstance", "denominationSubstance",
    "dosage", "referenceDosage", "natureComposant",
}
GENERIQUE_REF_KEYS = {"cis", "group", "libelle", "type"}
PRESENTATION_KEYS = {
    "cis", "cip7", "libelle", "statusAdministratif", "etatComercialisation",
    "dateDeclaration", "cip13", "agreement", "tauxRemboursement", "prix",
}
GROUP_KEYS = {"groupID", "libelle", "medicaments", "orphanCIS"}
GROUP_MEMBER_KEYS = {
    "cis", "elementPharmaceutique", "formePharmaceutique", "type",
    "composition",
}
GROUP_COMPOSITION_KEYS = {"elementPharmaceutique", "substance", "dosage"}
GENERIC_TYPES = {
    "Princeps", "Générique", "Génériques par complémentarité posologique",
    "Générique substituable",
}
HEALTH_FIELDS = {
    "last_update", "data_age_hours", "medicaments", "generiques",
    "is_updating",
}


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def is_int(v):
    # bool is an int in Python; JSON true is not a number.
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v):
    return (isinstance(v, (int, float))) and not isinstance(v, bool)


def keys(obj, want, what):
    check(isinstance(obj, dict), f"{what}: not an object: {obj!r:.200}")
    missing = want - set(obj)
    check(not missing, f"{what}: missing {sorted(missing)}")
    extra = set(obj) - want
    check(not extra, f"{what}: unexpected {sorted(extra)}")


def text(v, what):
    check(isinstance(v, str), f"{what}: not a string: {v!r:.100}")
    check(v == v.strip(), f"{what}: not trimmed: {v!r:.100}")


def date_fr(v, what):
    text(v, what)
    if v:
        import re
        check(re.fullmatch(r"\d\d/\d\d/\d{4}", v), f"{what}: not DD/MM/YYYY: {v!r}")


def cis(v, what):
    check(is_int(v) and 10000000 <= v <= 99999999, f"{what}: not a CIS: {v!r}")


def composition(c, what):
    keys(c, COMPOSITION_KEYS, what)
    cis(c["cis"], what + ".cis")
    check(is_int(c["codeSubstance"]), f"{what}.codeSubstance: not an integer")
    for k in COMPOSITION_KEYS - {"cis", "codeSubstance"}:
        text(c[k], f"{what}.{k}")


def presentation(p, what="presentation"):
    keys(p, PRESENTATION_KEYS, what)
    cis(p["cis"], what + ".cis")
    check(is_int(p["cip7"]) and p["cip7"] < 10**7, f"{what}.cip7: {p['cip7']!r}")
    check(is_int(p["cip13"]) and 10**12 <= p["cip13"] < 10**13,
          f"{what}.cip13: {p['cip13']!r}")
    check(is_number(p["prix"]) and p["prix"] >= 0, f"{what}.prix: {p['prix']!r}")
    check(round(p["prix"], 2) == p["prix"], f"{what}.prix: more than 2 decimals")
    date_fr(p["dateDeclaration"], what + ".dateDeclaration")
    for k in ("libelle", "statusAdministratif", "etatComercialisation",
              "agreement", "tauxRemboursement"):
        text(p[k], f"{what}.{k}")
    return True


def medicament(m, what="medicament"):
    keys(m, MEDICAMENT_KEYS, what)
    cis(m["cis"], what + ".cis")
    for k in ("elementPharmaceutique", "formePharmaceutique",
              "statusAutorisation", "typeProcedure", "etatComercialisation",
              "titulaire", "surveillanceRenforcee"):
        text(m[k], f"{what}.{k}")
    date_fr(m["dateAMM"], what + ".dateAMM")
    for k in ("voiesAdministration", "composition", "generiques",
              "presentation", "conditions"):
        check(isinstance(m[k], list), f"{what}.{k}: not an array")
    for i, v in enumerate(m["voiesAdministration"]):
        text(v, f"{what}.voiesAdministration[{i}]")
    for i, c in enumerate(m["composition"]):
        composition(c, f"{what}.composition[{i}]")
        check(c["cis"] == m["cis"], f"{what}.composition[{i}].cis differs")
    for i, g in enumerate(m["generiques"]):
        keys(g, GENERIQUE_REF_KEYS, f"{what}.generiques[{i}]")
        check(g["cis"] == m["cis"], f"{what}.generiques[{i}].cis differs")
        check(is_int(g["group"]), f"{what}.generiques[{i}].group: not an integer")
        text(g["libelle"], f"{what}.generiques[{i}].libelle")
        check(g["type"] in GENERIC_TYPES, f"{what}.generiques[{i}].type: {g['type']!r}")
    for i, p in enumerate(m["presentation"]):
        presentation(p, f"{what}.presentation[{i}]")
        check(p["cis"] == m["cis"], f"{what}.presentation[{i}].cis differs")
    for i, c in enumerate(m["conditions"]):
        text(c, f"{what}.conditions[{i}]")
    return True


def group(g, what="group"):
    keys(g, GROUP_KEYS, what)
    check(is_int(g["groupID"]), f"{what}.groupID: not an integer")
    text(g["libelle"], what + ".libelle")
    check(isinstance(g["medicaments"], list), f"{what}.medicaments: not an array")
    check(isinstance(g["orphanCIS"], list), f"{what}.orphanCIS: not an array")
    for i, m in enumerate(g["medicaments"]):
        w = f"{what}.medicaments[{i}]"
        keys(m, GROUP_MEMBER_KEYS, w)
        cis(m["cis"], w + ".cis")
        text(m["elementPharmaceutique"], w + ".elementPharmaceutique")
        text(m["formePharmaceutique"], w + ".formePharmaceutique")
        check(m["type"] in GENERIC_TYPES, f"{w}.type: {m['type']!r}")
        check(isinstance(m["composition"], list), f"{w}.composition: not an array")
        for j, c in enumerate(m["composition"]):
            keys(c, GROUP_COMPOSITION_KEYS, f"{w}.composition[{j}]")
            for k in GROUP_COMPOSITION_KEYS:
                text(c[k], f"{w}.composition[{j}].{k}")
    for i, c in enumerate(g["orphanCIS"]):
        cis(c, f"{what}.orphanCIS[{i}]")
    return True


def page(p, number, size, total):
    keys(p, {"data", "page", "pageSize", "totalItems", "maxPage"}, "page")
    check(p["page"] == number and is_int(p["page"]), f"page: {p['page']!r}")
    check(p["pageSize"] == size and is_int(p["pageSize"]), f"pageSize: {p['pageSize']!r}")
    check(p["totalItems"] == total and is_int(p["totalItems"]),
          f"totalItems: {p['totalItems']!r}, expected {total}")
    max_page = (total + size - 1) // size
    check(p["maxPage"] == max_page, f"maxPage: {p['maxPage']!r}, expected {max_page}")
    expected_len = min(size, total - (number - 1) * size)
    check(len(p["data"]) == expected_len,
          f"data: {len(p['data'])} items, expected {expected_len}")
    for i, m in enumerate(p["data"]):
        medicament(m, f"data[{i}]")
    return True


def health(h, status):
    # Without data, a "message" says why (an addition to the contract).
    extra = {"message"} if status != "healthy" and "message" in h else set()
    keys(h, HEALTH_FIELDS | {"status", "data"} | extra, "health")
    check(h["status"] == status, f"status: {h['status']!r}, expected {status!r}")
    keys(h["data"], HEALTH_FIELDS, "health.data")
    for k in HEALTH_FIELDS:
        check(h[k] == h["data"][k], f"health: {k} differs from data.{k}")
    check(isinstance(h["is_updating"], bool), "is_updating: not a boolean")
    if status == "healthy":
        check(is_int(h["medicaments"]) and h["medicaments"] > 0, "medicaments")
        check(is_int(h["generiques"]) and h["generiques"] > 0, "generiques")
        check(is_number(h["data_age_hours"]) and 0 <= h["data_age_hours"] < 24,
              f"data_age_hours: {h['data_age_hours']!r}")
        import re
        check(isinstance(h["last_update"], str) and re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", h["last_update"]),
            f"last_update: {h['last_update']!r}")
    return True


def diagnostics(d):
    for k in ("timestamp", "uptime_seconds", "next_update", "data_age_hours",
              "system", "data_integrity"):
        check(k in d, f"diagnostics: no {k}")
    check(is_int(d["system"]["workers"]), "system.workers")
    check(is_number(d["system"]["memory"]["rss_mb"]), "system.memory.rss_mb")
    integ = d["data_integrity"]
    for k in ("medicaments_without_conditions", "medicaments_without_generiques",
              "medicaments_without_presentations",
              "medicaments_without_compositions", "generique_only_cis"):
        check(is_int(integ[k]["count"]), f"data_integrity.{k}.count")
        check(isinstance(integ[k]["sample_cis"], list), f"data_integrity.{k}.sample_cis")
    k = "presentations_with_orphaned_cis"
    check(is_int(integ[k]["count"]), f"data_integrity.{k}.count")
    check(isinstance(integ[k]["sample_cip"], list), f"data_integrity.{k}.sample_cip")
    return True
