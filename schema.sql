-- medicaments-api database, built by medicaments-updater from the BDPM files
-- and served read-only by medicaments-fcgi.  Open it with the sqlite3 shell:
--
--     sqlite3 -readonly medicaments.db '.tables'
--
-- One table per BDPM source file, named for what it holds; `ligne` is the
-- row's line number in its source file (the BDPM's own order).  Dates keep
-- the source text and have an ISO 8601 twin (`*_iso`).  Prices are numbers.
-- The `api_*` tables hold the JSON documents the API serves, rendered once by
-- the updater.  PRAGMA user_version is the schema version below.
--
-- A document table with an `_gz` twin (api_medicaments_gz, ...) has there,
-- under the same key, the document as one gzip member (RFC 1952), which the
-- worker sends as it is to a client that accepts gzip.  A document has no
-- member when it is under 512 bytes (CONTRACT_GZIP_MIN_BYTES) or gzip does
-- not shrink it.  The members live apart from the documents so that a worker
-- serving plain answers maps only the documents' pages.  To read one:
--
--     sqlite3 -readonly medicaments.db \
--         "SELECT writefile('m.gz', json_gz) FROM api_medicaments_gz LIMIT 1" &&
--         gzip -dc m.gz

PRAGMA user_version = 10;

-- CIS_bdpm.txt: the specialities, root of everything else.
CREATE TABLE medicaments (
	cis                       INTEGER PRIMARY KEY,
	ligne                     INTEGER NOT NULL UNIQUE,   -- page and export order
	denomination              TEXT NOT NULL,
	forme_pharmaceutique      TEXT NOT NULL,
	voies_administration      TEXT NOT NULL,             -- ';'-separated
	statut_amm                TEXT NOT NULL,
	type_procedure            TEXT NOT NULL,
	etat_commercialisation    TEXT NOT NULL,
	date_amm                  TEXT NOT NULL,             -- DD/MM/YYYY
	date_amm_iso              TEXT,
	statut_bdm                TEXT NOT NULL,             -- Alerte / Warning disponibilité
	numero_autorisation_europeenne TEXT NOT NULL,
	titulaires                TEXT NOT NULL,             -- ';'-separated
	surveillance_renforcee    TEXT NOT NULL              -- Oui / Non
);

-- CIS_CIP_bdpm.txt: presentations (boxes), identified by CIP7 and CIP13.
CREATE TABLE presentations (
	cip13                     INTEGER PRIMARY KEY,
	cip7                      INTEGER NOT NULL,
	cis                       INTEGER NOT NULL,          -- may be unknown in medicaments
	ligne                     INTEGER NOT NULL UNIQUE,
	libelle                   TEXT NOT NULL,
	statut_administratif      TEXT NOT NULL,
	etat_commercialisation    TEXT NOT NULL,
	date_declaration          TEXT NOT NULL,             -- DD/MM/YYYY
	date_declaration_iso      TEXT,
	agrement_collectivites    TEXT NOT NULL,             -- oui / non / inconnu
	taux_remboursement        TEXT NOT NULL,             -- as published: '65%', '65 %', '100%;65%'
	prix_sans_honoraires      REAL,                      -- euros, NULL when not priced
	prix_avec_honoraires      REAL,
	honoraires                REAL,
	indications_remboursement TEXT NOT NULL
);
CREATE INDEX presentations_cis ON presentations(cis, ligne);
CREATE INDEX presentations_cip7 ON presentations(cip7);

-- CIS_COMPO_bdpm.txt: active substances of each speciality.
CREATE TABLE compositions (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	element_pharmaceutique    TEXT NOT NULL,
	code_substance            INTEGER NOT NULL,
	denomination_substance    TEXT NOT NULL,
	dosage                    TEXT NOT NULL,
	reference_dosage          TEXT NOT NULL,
	nature_composant          TEXT NOT NULL,             -- SA substance active, FT fraction thérapeutique
	numero_liaison            INTEGER
);
CREATE INDEX compositions_cis ON compositions(cis, ligne);

-- CIS_GENER_bdpm.txt: generic groups, one row per member.
CREATE TABLE generiques (
	groupe                    INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	libelle                   TEXT NOT NULL,
	cis                       INTEGER NOT NULL,          -- may be unknown in medicaments
	type                      INTEGER NOT NULL,          -- 0 princeps, 1 générique, 2 complémentarité posologique, 4 substituable
	numero_tri                INTEGER
);
CREATE INDEX generiques_groupe ON generiques(groupe, numero_tri, ligne);
CREATE INDEX generiques_cis ON generiques(cis, ligne);

-- CIS_CPD_bdpm.txt: prescription and dispensing conditions.
CREATE TABLE conditions (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	condition                 TEXT NOT NULL
);
CREATE INDEX conditions_cis ON conditions(cis, ligne);

-- CIS_HAS_SMR_bdpm.txt and CIS_HAS_ASMR_bdpm.txt: HAS opinions.
CREATE TABLE avis_smr (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	code_dossier_has          TEXT NOT NULL,
	motif                     TEXT NOT NULL,
	date_avis                 TEXT NOT NULL,             -- YYYYMMDD
	date_avis_iso             TEXT,
	valeur                    TEXT NOT NULL,
	libelle                   TEXT NOT NULL
);
CREATE INDEX avis_smr_cis ON avis_smr(cis, ligne);

CREATE TABLE avis_asmr (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	code_dossier_has          TEXT NOT NULL,
	motif                     TEXT NOT NULL,
	date_avis                 TEXT NOT NULL,             -- YYYYMMDD
	date_avis_iso             TEXT,
	valeur                    TEXT NOT NULL,             -- I to V
	libelle                   TEXT NOT NULL
);
CREATE INDEX avis_asmr_cis ON avis_asmr(cis, ligne);

-- HAS_LiensPageCT_bdpm.txt: links to the HAS transparency committee pages.
CREATE TABLE liens_avis_ct (
	code_dossier_has          TEXT NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	url                       TEXT NOT NULL
);
CREATE INDEX liens_avis_ct_code ON liens_avis_ct(code_dossier_has);

-- CIS_InfoImportantes.txt: safety information, HTML reduced to text + link.
CREATE TABLE informations_importantes (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	date_debut                TEXT NOT NULL,             -- DD/MM/YYYY
	date_debut_iso            TEXT,
	date_fin                  TEXT NOT NULL,
	date_fin_iso              TEXT,
	texte                     TEXT NOT NULL,
	lien                      TEXT
);
CREATE INDEX informations_importantes_cis ON informations_importantes(cis, ligne);

-- CIS_CIP_Dispo_Spec.txt: shortages and supply tensions.
CREATE TABLE disponibilites (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	cip13                     INTEGER,                   -- mostly empty
	code_statut               INTEGER NOT NULL,          -- 1 rupture, 2 tension, 3 arrêt, 4 remise à disposition
	statut                    TEXT NOT NULL,
	date_debut                TEXT NOT NULL,
	date_debut_iso            TEXT,
	date_mise_a_jour          TEXT NOT NULL,
	date_mise_a_jour_iso      TEXT,
	date_remise_disposition   TEXT NOT NULL,
	date_remise_disposition_iso TEXT,
	lien                      TEXT NOT NULL
);
CREATE INDEX disponibilites_cis ON disponibilites(cis, ligne);

-- CIS_MITM.txt: drugs of major therapeutic interest.
CREATE TABLE mitm (
	cis                       INTEGER NOT NULL,
	ligne                     INTEGER NOT NULL UNIQUE,
	code_atc                  TEXT NOT NULL,
	denomination              TEXT NOT NULL,
	lien                      TEXT NOT NULL
);
CREATE INDEX mitm_cis ON mitm(cis);

-- The refresh that built this file: key/value pairs (last_update,
-- source_url, updater_version, data_etag, ...).
CREATE TABLE meta (
	key                       TEXT PRIMARY KEY,
	value                     TEXT NOT NULL
);

-- One row per source file of this refresh.
CREATE TABLE meta_fichiers (
	fichier                   TEXT PRIMARY KEY,          -- CIS_bdpm.txt, ...
	url                       TEXT NOT NULL,             -- the URL that served it (or the last tried)
	base_url                  TEXT,                      -- the base of BDPM_BASE_URL that served it; NULL when none did
	statut                    TEXT NOT NULL,             -- ok | previous (kept from the last database) | missing
	message                   TEXT,                      -- why, when not ok
	sha256                    TEXT,
	octets                    INTEGER,
	encodage                  TEXT,                      -- UTF-8 | Windows-1252
	lignes_lues               INTEGER NOT NULL DEFAULT 0,
	lignes_stockees           INTEGER NOT NULL DEFAULT 0,
	lignes_reparees           INTEGER NOT NULL DEFAULT 0,
	lignes_rejetees           INTEGER NOT NULL DEFAULT 0
);

-- JSON documents of the API, rendered once by the updater.  `etag` is the
-- entity tag of the document (without the W/ prefix and quotes).
CREATE TABLE api_medicaments (
	cis                       INTEGER PRIMARY KEY,
	ligne                     INTEGER NOT NULL UNIQUE,   -- page order: 1..N, no gaps
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);

CREATE TABLE api_presentations (
	cip13                     INTEGER PRIMARY KEY,
	cip7                      INTEGER NOT NULL,
	cis                       INTEGER NOT NULL,
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);
CREATE INDEX api_presentations_cip7 ON api_presentations(cip7);

CREATE TABLE api_generiques (
	groupe                    INTEGER PRIMARY KEY,
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);

-- /v1/medicaments/{cis}/avis: the HAS opinions of each medicament of
-- CIS_bdpm ({"cis", "smr": [...], "asmr": [...]}, newest first, each with
-- the URL of its HAS page from liens_avis_ct); empty arrays without any.
CREATE TABLE api_avis (
	cis                       INTEGER PRIMARY KEY,
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);

-- /v1/medicaments/{cis}/informations: one JSON object per safety
-- information of a medicament of CIS_bdpm, `rang` 1..n newest first; the
-- ISO dates let a worker keep those in force on a given day.
CREATE TABLE api_informations (
	cis                       INTEGER NOT NULL,
	rang                      INTEGER NOT NULL,
	date_debut_iso            TEXT,
	date_fin_iso              TEXT,                      -- NULL: no end
	json                      TEXT NOT NULL,
	PRIMARY KEY (cis, rang)
) WITHOUT ROWID;

-- /v1/substances: one document per substance code of CIS_COMPO ({"code",
-- "denominations", "nombreMedicaments"}); `ligne` orders search results
-- (folded name, then code), `medicaments` counts the CIS_bdpm specialities
-- holding it: the rows of api_substance_medicaments.
CREATE TABLE api_substances (
	code                      INTEGER PRIMARY KEY,
	ligne                     INTEGER NOT NULL UNIQUE,
	medicaments               INTEGER NOT NULL,
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);

-- /v1/substances/{code}: its medicaments, `rang` 1..n in page order
-- (medicaments.ligne) without gaps, so that a page is a range of it.
CREATE TABLE api_substance_medicaments (
	code                      INTEGER NOT NULL,
	rang                      INTEGER NOT NULL,
	json                      TEXT NOT NULL,
	PRIMARY KEY (code, rang)
) WITHOUT ROWID;

-- /v1/disponibilites: one JSON object per row of disponibilites, `rang`
-- 1..N without gaps in (code_statut, ligne) order: a page is a range of
-- rang, and so is a page of one statut, whose rows are consecutive (their
-- first and last found by api_disponibilites_statut).  Checked by the
-- updater (check.c).
CREATE TABLE api_disponibilites (
	rang                      INTEGER PRIMARY KEY,
	cis                       INTEGER NOT NULL,
	code_statut               INTEGER NOT NULL,
	json                      TEXT NOT NULL
);
CREATE INDEX api_disponibilites_statut ON api_disponibilites(code_statut);
CREATE INDEX api_disponibilites_cis ON api_disponibilites(cis);

-- /v1/medicaments/{cis}/disponibilites: the array of each CIS that has
-- rows, known to CIS_bdpm or not (a medicament without any answers []).
CREATE TABLE api_medicament_disponibilites (
	cis                       INTEGER PRIMARY KEY,
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);

-- /v1/mitm: `rang` 1..N without gaps in (code_atc, ligne) order: the codes
-- that start with a prefix are consecutive rangs, a page of them a range.
CREATE TABLE api_mitm (
	rang                      INTEGER PRIMARY KEY,
	cis                       INTEGER NOT NULL,
	code_atc                  TEXT NOT NULL,
	json                      TEXT NOT NULL
);
CREATE INDEX api_mitm_atc ON api_mitm(code_atc);

-- /v1/medicaments/{cis}/mitm: as api_medicament_disponibilites.
CREATE TABLE api_medicament_mitm (
	cis                       INTEGER PRIMARY KEY,
	etag                      TEXT NOT NULL,
	json                      TEXT NOT NULL
);

-- The gzip members of the documents above (see the top of this file), each
-- under its document's key; the updater checks that each decompresses to
-- its document.
CREATE TABLE api_medicaments_gz (
	cis                       INTEGER PRIMARY KEY,
	json_gz                   BLOB NOT NULL
);
CREATE TABLE api_presentations_gz (
	cip13                     INTEGER PRIMARY KEY,
	json_gz                   BLOB NOT NULL
);
CREATE TABLE api_generiques_gz (
	groupe                    INTEGER PRIMARY KEY,
	json_gz                   BLOB NOT NULL
);
CREATE TABLE api_avis_gz (
	cis                       INTEGER PRIMARY KEY,
	json_gz                   BLOB NOT NULL
);
CREATE TABLE api_medicament_disponibilites_gz (
	cis                       INTEGER PRIMARY KEY,
	json_gz                   BLOB NOT NULL
);
CREATE TABLE api_medicament_mitm_gz (
	cis                       INTEGER PRIMARY KEY,
	json_gz                   BLOB NOT NULL
);

-- Whole documents: 'export.json.gz' (the export, gzip), 'data_integrity'
-- (the diagnostics report).
CREATE TABLE api_documents (
	nom                       TEXT PRIMARY KEY,
	etag                      TEXT NOT NULL,
	content_type              TEXT NOT NULL,
	octets_decompresses       INTEGER NOT NULL,
	contenu                   BLOB NOT NULL
);

-- Search: folded (lowercase, accents removed) names, trigram-indexed so that
-- every query word may match anywhere inside a name.  Each index's names
-- are rows of its noms_* table (`id`: the CIS, the group id or the
-- substance code, the FTS5 rowid; `ordre`: the answer's order,
-- api_medicaments.ligne, the group id, api_substances.ligne), one row per
-- document of the API; the FTS5 tables are contentless: a worker reads a
-- candidate's name and order with one rowid seek here.
CREATE TABLE noms_medicaments (
	id                        INTEGER PRIMARY KEY,       -- CIS
	nom                       TEXT,                      -- NULL: never found
	ordre                     INTEGER NOT NULL
);
CREATE TABLE noms_generiques (
	id                        INTEGER PRIMARY KEY,       -- group id
	nom                       TEXT,
	ordre                     INTEGER NOT NULL
);
CREATE TABLE noms_substances (
	id                        INTEGER PRIMARY KEY,       -- substance code
	nom                       TEXT,
	ordre                     INTEGER NOT NULL
);
CREATE VIRTUAL TABLE recherche_medicaments USING fts5(nom, content = '', tokenize = 'trigram', detail = none, columnsize = 0);
CREATE VIRTUAL TABLE recherche_generiques USING fts5(libelle, content = '', tokenize = 'trigram', detail = none, columnsize = 0);
-- nom: a substance's distinct folded names, ' / '-joined.
CREATE VIRTUAL TABLE recherche_substances USING fts5(nom, content = '', tokenize = 'trigram', detail = none, columnsize = 0);
-- How many names of each search index hold each trigram of its FTS5
-- vocabulary, one table per index, stored by the updater: a worker asks
-- FTS5 only for each query word's rarest trigram(s), fcgi/search_query.c.
CREATE TABLE trigrammes_medicaments (
	trigramme                 TEXT PRIMARY KEY,
	noms                      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE trigrammes_generiques (
	trigramme                 TEXT PRIMARY KEY,
	noms                      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE trigrammes_substances (
	trigramme                 TEXT PRIMARY KEY,
	noms                      INTEGER NOT NULL
) WITHOUT ROWID;

-- Typo-forgiving search (a search's 404 suggestions, ?fuzzy=true): every
-- word of the names of the three indexes (letters only, folded), with how
-- many names of each index hold it.  The corrections of a query word are
-- the words within one or two edits (common/typo.h), the most frequent
-- first.
CREATE TABLE vocabulaire (
	id                        INTEGER PRIMARY KEY,       -- alphabetical
	mot                       TEXT NOT NULL UNIQUE,
	medicaments               INTEGER NOT NULL,          -- noms_medicaments
	generiques                INTEGER NOT NULL,          -- noms_generiques
	substances                INTEGER NOT NULL           -- noms_substances
);
-- The worker's index of corrections (symmetric deletes, common/typo.h):
-- the key of every word of 4 letters or more, and that key with one or
-- two letters deleted, hashed (FNV-1a) into 65536 buckets.  A bucket's
-- paires are (hash, vocabulaire.id), two little-endian uint32 each,
-- sorted.  Not for reading by hand: query vocabulaire instead.
CREATE TABLE vocabulaire_cles (
	seau                      INTEGER PRIMARY KEY,       -- hash % 65536
	paires                    BLOB NOT NULL
);

-- The change feed (/v1/changes, /v1/publications, doc/changes.md): what
-- each publication of the BDPM changed against the database it replaced.
-- The updater copies both tables from the database it replaces, drops
-- what is older than CHANGES_RETENTION_DAYS, and adds a publication only
-- when its data changed: the first database, a republication of the same
-- files and one that changed nothing add no row.  Ids only grow, from
-- database to database, so a mirror's ids are the builder's.
CREATE TABLE publications (
	id                        INTEGER PRIMARY KEY,       -- 1, 2, ... in time order
	publiee_le                TEXT NOT NULL,             -- ISO 8601 with offset (meta last_update)
	publiee_epoch             INTEGER NOT NULL,          -- the same, in Unix seconds
	data_etag                 TEXT NOT NULL,             -- meta data_etag of the database it built
	data_etag_precedent       TEXT NOT NULL,             -- that of the database it replaced
	ajouts                    INTEGER NOT NULL,          -- medicaments added
	retraits                  INTEGER NOT NULL,          -- medicaments removed
	modifications             INTEGER NOT NULL,          -- medicaments modified
	groupes_ajoutes           INTEGER NOT NULL,          -- generic groups added
	groupes_retires           INTEGER NOT NULL,          -- generic groups removed
	json                      TEXT NOT NULL              -- its /v1/publications item
);
CREATE INDEX publications_epoch ON publications(publiee_epoch);

-- One row per medicament (cis) or generic group (groupe) that a
-- publication added, removed or modified; `types` is the bit set of the
-- parts that changed (CHANGE_TYPE_* in common/change_types.h, listed in
-- doc/changes.md), `json` the /v1/changes item.
CREATE TABLE changes (
	id                        INTEGER PRIMARY KEY,       -- feed order: publication, then cis, then groupe
	publication               INTEGER NOT NULL REFERENCES publications(id),
	cis                       INTEGER,                   -- NULL for a generic group
	groupe                    INTEGER,                   -- NULL for a medicament
	changement                TEXT NOT NULL,             -- added | removed | modified
	types                     INTEGER NOT NULL,
	json                      TEXT NOT NULL
);
CREATE INDEX changes_publication ON changes(publication);
CREATE INDEX changes_cis ON changes(cis, id) WHERE cis IS NOT NULL;

-- Views for people reading the data in the sqlite3 shell.

-- Presentations with their speciality's name and both prices.
CREATE VIEW v_presentations AS
SELECT p.cip13, p.cip7, p.cis, m.denomination, p.libelle, p.etat_commercialisation,
       p.taux_remboursement, p.prix_sans_honoraires, p.prix_avec_honoraires
FROM presentations p LEFT JOIN medicaments m ON m.cis = p.cis;

-- Generic groups, one row per member, with the type spelt out.
CREATE VIEW v_groupes_generiques AS
SELECT g.groupe, g.libelle, g.cis, m.denomination,
       CASE g.type WHEN 0 THEN 'Princeps' WHEN 1 THEN 'Générique'
                   WHEN 2 THEN 'Génériques par complémentarité posologique'
                   WHEN 4 THEN 'Générique substituable' ELSE 'Inconnu' END AS type_libelle,
       g.numero_tri, m.cis IS NULL AS cis_orphelin
FROM generiques g LEFT JOIN medicaments m ON m.cis = g.cis;

-- Active substances per speciality.
CREATE VIEW v_substances AS
SELECT c.cis, m.denomination, c.element_pharmaceutique, c.denomination_substance,
       c.dosage, c.reference_dosage, c.nature_composant
FROM compositions c JOIN medicaments m ON m.cis = c.cis;

-- What each source file gave this refresh.
CREATE VIEW v_import AS
SELECT fichier, statut, base_url, encodage, octets, lignes_lues, lignes_stockees,
       lignes_reparees, lignes_rejetees, message
FROM meta_fichiers;
