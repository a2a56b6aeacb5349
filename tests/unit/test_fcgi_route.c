/*
 * The worker's routes: the table's rows, paths to endpoints, legacy
 * successors, 404s, and each request's cost from its parameters.
 */
#include "check.h"

#include "query.h"
#include "route.h"

static struct route_result r = ROUTE_RESULT_INIT;

static enum route_id
match(const char *path)
{
	if (route_match(path, strlen(path), &r) != ROUTE_OK)
		return (enum route_id)-1;
	return r.id;
}

/* Every row says what dispatch.c and the shared counters rely on. */
static void
test_table(void)
{
	const struct route *rt;
	size_t i, j;
	int id;

	for (id = 0; id < ROUTE_ID_MAX; id++) {
		rt = route_get(id);
		CHECK(rt == &route_table[id] && rt->name != NULL);
		CHECK(rt->cost >= 1 || (rt->flags & ROUTE_INTERNAL));
		/* A template has a handler; "other" and "legacy" do not. */
		CHECK((rt->name[0] == '/') == (rt->serve != NULL));
		CHECK((strchr(rt->name, '{') != NULL) == (rt->segment != NULL));
		CHECK(rt->nparams <= ROUTE_MAX_PARAMS);
		CHECK((rt->params == NULL) == (rt->nparams == 0));
		for (i = 0; i < rt->nparams; i++) {
			CHECK(rt->params[i].name != NULL &&
			    rt->params[i].valid != NULL);
			for (j = 0; j < i; j++)
				CHECK(strcmp(rt->params[i].name,
				    rt->params[j].name) != 0);
		}
		/* Each template is matched by its own path. */
		if (rt->name[0] == '/' && rt->segment == NULL)
			CHECK((int)match(rt->name) == id);
	}
	CHECK(route_get(ROUTE_ID_MAX) == &route_table[ROUTE_NONE]);
	CHECK(route_get((enum route_id)-1) == &route_table[ROUTE_NONE]);
	/* The labels of logs and metrics. */
	CHECK_STR(route_name(ROUTE_NONE), "other");
	CHECK_STR(route_name(ROUTE_MEDICAMENT), "/v1/medicaments/{cis}");
	CHECK_STR(route_name(ROUTE_MEDICAMENTS_EXPORT),
	    "/v1/medicaments/export");
	CHECK_STR(route_name(ROUTE_LEGACY), "legacy");
}

/*
 * Every template is matched once split (route.c): '/' and non-empty
 * segments, at most ROUTE_MAX_SEGMENTS, a "{...}" one whole.
 */
static void
check_template(const char *t)
{
	const char *p = t, *end;
	size_t n = 0, len;

	CHECK(*p == '/');
	while (*p == '/') {
		for (end = ++p; *end != '/' && *end != '\0'; end++)
			;
		len = (size_t)(end - p);
		CHECK(len > 0);
		CHECK((memchr(p, '{', len) != NULL) == (p[0] == '{'));
		CHECK((p[0] == '{') == (len >= 2 && p[len - 1] == '}'));
		n++;
		p = end;
	}
	CHECK(*p == '\0');
	CHECK(n >= 1 && n <= ROUTE_MAX_SEGMENTS);
}

static void
test_templates(void)
{
	size_t i;
	int id;

	for (id = 0; id < ROUTE_ID_MAX; id++)
		if (route_table[id].name[0] == '/')
			check_template(route_table[id].name);
	for (i = 0; i < route_legacy_count; i++)
		check_template(route_legacy[i].pattern);
}

/* What the request costs, its query read as dispatch.c reads it. */
static int
cost(enum route_id id, const char *qs)
{
	const struct route *rt = route_get(id);
	struct query_value v[ROUTE_MAX_PARAMS];
	struct query_error err;
	int c;

	memset(v, 0, sizeof(v));
	(void)query_parse(qs, rt->params, rt->nparams, v, &err, NULL);
	c = route_cost(rt, v);
	query_values_free(v, rt->nparams);
	return c;
}

/* API.md, "Rate limit". */
static void
test_costs(void)
{
	char big[QUERY_MAX_LENGTH + 20];

	CHECK(cost(ROUTE_MEDICAMENTS_EXPORT, "") == 200);
	CHECK(cost(ROUTE_DATABASE, "") == 500);
	CHECK(cost(ROUTE_DATABASE, "page=1") == 500);
	CHECK(cost(ROUTE_MEDICAMENTS, "search=doli") == 50);
	CHECK(cost(ROUTE_MEDICAMENTS, "page=1&pageSize=5") == 20);
	CHECK(cost(ROUTE_MEDICAMENTS, "cis=60002283") == 10);
	CHECK(cost(ROUTE_MEDICAMENTS, "cip=4949729") == 10);
	CHECK(cost(ROUTE_MEDICAMENTS, "cip=1&search=abc") == 5);
	CHECK(cost(ROUTE_MEDICAMENTS, "") == 5);
	CHECK(cost(ROUTE_MEDICAMENTS, "pageSize=5") == 5);
	/* A name spelt with escapes is the same parameter, at the same cost. */
	CHECK(cost(ROUTE_MEDICAMENTS, "se%61rch=doli") == 50);
	CHECK(cost(ROUTE_MEDICAMENTS, "%70age=1") == 20);
	CHECK(cost(ROUTE_GENERIQUES, "l%69belle=abc") == 30);
	/* As Go reads them: the first value, an empty one being none. */
	CHECK(cost(ROUTE_MEDICAMENTS, "search=&search=abc") == 5);
	CHECK(cost(ROUTE_MEDICAMENTS, "search") == 5);
	CHECK(cost(ROUTE_MEDICAMENTS, "page=1&search=") == 20);
	CHECK(cost(ROUTE_MEDICAMENTS, "search=a&search=") == 50);
	CHECK(cost(ROUTE_MEDICAMENTS, "searchx=1&xsearch=1&search+=1") == 5);
	/* A query refused (400) is priced all the same: no cheap searches. */
	CHECK(cost(ROUTE_MEDICAMENTS, "search=%zz") == 50);
	CHECK(cost(ROUTE_MEDICAMENTS, "x=%zz&search=abc") == 50);
	CHECK(cost(ROUTE_MEDICAMENTS, "%zz=1&search=abc") == 50);
	CHECK(cost(ROUTE_MEDICAMENTS, "se%zzrch=1") == 5);
	CHECK(cost(ROUTE_MEDICAMENTS, "x=%FF&page=1&cis=%00") == 5);
	memset(big, 'a', sizeof(big));
	memcpy(big, "search=abc&x=", 13);
	big[sizeof(big) - 1] = '\0';
	CHECK(cost(ROUTE_MEDICAMENTS, big) == 50);
	CHECK(cost(ROUTE_MEDICAMENT, "") == 10);
	CHECK(cost(ROUTE_MEDICAMENT, "search=abc") == 10);
	CHECK(cost(ROUTE_GENERIQUES, "libelle=abc") == 30);
	CHECK(cost(ROUTE_GENERIQUES, "group=1") == 5);
	CHECK(cost(ROUTE_GENERIQUES, "libelle=abc&group=1") == 5);
	CHECK(cost(ROUTE_GENERIQUE, "") == 5);
	CHECK(cost(ROUTE_PRESENTATIONS, "cip=4949729") == 5);
	CHECK(cost(ROUTE_PRESENTATION, "") == 5);
	CHECK(cost(ROUTE_DIAGNOSTICS, "") == 30);
	CHECK(cost(ROUTE_HEALTH, "") == 5);
	CHECK(cost(ROUTE_NONE, "") == 5);
	CHECK(cost(ROUTE_LEGACY, "search=abc") == 5);
	CHECK(cost(ROUTE_MEDICAMENT_AVIS, "") == 10);
	CHECK(cost(ROUTE_MEDICAMENT_INFORMATIONS, "actives=true") == 10);
	CHECK(cost(ROUTE_SUBSTANCES, "search=abc") == 50);
	CHECK(cost(ROUTE_SUBSTANCES, "") == 5);
	CHECK(cost(ROUTE_SUBSTANCE, "page=2&pageSize=5") == 10);
	CHECK(cost(ROUTE_DISPONIBILITES, "") == 20);
	CHECK(cost(ROUTE_DISPONIBILITES, "statut=1&cis=60002283&page=2") == 20);
	CHECK(cost(ROUTE_MEDICAMENT_DISPONIBILITES, "") == 10);
	CHECK(cost(ROUTE_MITM, "atc=N02BE&page=1&pageSize=5") == 20);
	CHECK(cost(ROUTE_MEDICAMENT_MITM, "") == 10);
}

static void
test_match(void)
{
	CHECK(match("/health") == ROUTE_HEALTH);
	CHECK(match("/v1/medicaments") == ROUTE_MEDICAMENTS);
	CHECK(match("/v1/medicaments/") == ROUTE_MEDICAMENTS);
	CHECK(match("/v1/medicaments/export") == ROUTE_MEDICAMENTS_EXPORT);
	/* The SQLite file, not the old /database (legacy: 410). */
	CHECK(match("/v1/database") == ROUTE_DATABASE);
	CHECK(match("/v1/database/") == ROUTE_DATABASE);
	CHECK(match("/v1/database/x") == ROUTE_NONE);
	CHECK(match("/v1/medicaments/60002283") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/%36%30002283") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/6000/2283") == ROUTE_NONE);
	CHECK(match("/v1/medicaments/a%2Fb") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "a/b");
	CHECK(match("/v1/generiques") == ROUTE_GENERIQUES);
	CHECK(match("/v1/generiques/1") == ROUTE_GENERIQUE);
	CHECK(match("/v1/medicaments/60002283/avis") == ROUTE_MEDICAMENT_AVIS);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/60002283/informations/") ==
	    ROUTE_MEDICAMENT_INFORMATIONS);
	CHECK(match("/v1/medicaments/60002283/avis/x") == ROUTE_NONE);
	CHECK(match("/v1/medicaments/export/avis") == ROUTE_MEDICAMENT_AVIS);
	CHECK(match("/v1/substances") == ROUTE_SUBSTANCES);
	CHECK(match("/v1/substances/42215") == ROUTE_SUBSTANCE);
	CHECK_STR(buf_str(&r.param), "42215");
	CHECK(match("/v1/disponibilites") == ROUTE_DISPONIBILITES);
	CHECK(match("/v1/disponibilites/") == ROUTE_DISPONIBILITES);
	CHECK(match("/v1/disponibilites/1") == ROUTE_NONE);
	CHECK(match("/v1/medicaments/60002283/disponibilites") ==
	    ROUTE_MEDICAMENT_DISPONIBILITES);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/mitm") == ROUTE_MITM);
	CHECK(match("/v1/medicaments/60002283/mitm") == ROUTE_MEDICAMENT_MITM);
	CHECK(match("/v1/medicaments/60002283/mitm/x") == ROUTE_NONE);
	CHECK(match("/v1/changes") == ROUTE_CHANGES);
	CHECK(match("/v1/changes/") == ROUTE_CHANGES);
	CHECK(match("/v1/changes.atom") == ROUTE_CHANGES_ATOM);
	CHECK(match("/v1/changes.json") == ROUTE_NONE);
	CHECK(match("/v1/changes/1") == ROUTE_NONE);
	CHECK(match("/v1/publications") == ROUTE_PUBLICATIONS);
	CHECK(match("/v1/medicaments/60002283/changes") ==
	    ROUTE_MEDICAMENT_CHANGES);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/60002283/changes/x") == ROUTE_NONE);
	CHECK(match("/v1/presentations") == ROUTE_PRESENTATIONS);
	CHECK(match("/v1/presentations/") == ROUTE_PRESENTATIONS);
	CHECK(match("/v1/presentations/4949729") == ROUTE_PRESENTATION);
	CHECK(match("/v1/diagnostics") == ROUTE_DIAGNOSTICS);
	CHECK(match("/metrics") == ROUTE_METRICS);
	/* Unknown. */
	CHECK(match("/") == ROUTE_NONE);
	CHECK(match("") == ROUTE_NONE);
	CHECK(match("v1/medicaments") == ROUTE_NONE);
	CHECK(match("/v1") == ROUTE_NONE);
	CHECK(match("/v2/medicaments") == ROUTE_NONE);
	CHECK(match("/v1/medicamentsx") == ROUTE_NONE);
	CHECK(match("/v1//medicaments") == ROUTE_NONE);
	CHECK(match("/v1/medicaments//") == ROUTE_NONE);
	CHECK(match("/health/x") == ROUTE_NONE);
	CHECK(match("/HEALTH") == ROUTE_NONE);
	CHECK(match("/a/b/c/d/e/f/g/h/i/j") == ROUTE_NONE);
	CHECK(match("/docs") == ROUTE_NONE);
	/* Bad escapes or UTF-8 in the path. */
	CHECK((int)match("/v1/medicaments/%zz") == -1);
	CHECK((int)match("/v1/medicaments/%FF") == -1);
	/* Legacy paths, with their successors. */
	CHECK(match("/database") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments/export");
	CHECK(match("/database/3") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments?page=3");
	CHECK(match("/medicament/id/60002283") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments/60002283");
	CHECK(match("/medicament/cip/4949729") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments?cip=4949729");
	CHECK(match("/medicament/doli%20prane") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments?search=doli%20prane");
	CHECK(match("/medicament/a%3E%0D%0Ab") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments?search=a%3E%0D%0Ab");
	CHECK(match("/generiques/group/12") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/generiques/12");
	CHECK(match("/generiques/cimetidine") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/generiques?libelle=cimetidine");
	CHECK(match("/generiques") == ROUTE_NONE);
	/*
	 * Segments read in place or decoded, in one path; a path far longer
	 * than the last, then short ones again (the result is reused).
	 */
	CHECK(match("/v1/medicaments/6000%32283/avis") ==
	    ROUTE_MEDICAMENT_AVIS);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/%6Dedicaments/60002283") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/caf\xC3\xA9") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "caf\xC3\xA9");
	CHECK((int)match("/v1/medicaments/caf\xC3") == -1);
	CHECK(match("/medicament/a+b~-._") == ROUTE_LEGACY);
	CHECK_STR(buf_str(&r.successor), "/v1/medicaments?search=a%2Bb~-._");
	CHECK(match("/v1/medicaments/a\x7F") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "a\x7F");
	CHECK(match("/v1/%2Fmedicaments/1") == ROUTE_NONE);
	CHECK(match("/v1/medicaments/%2Fexport") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "/export");
	CHECK(match("/v1/medicaments/") == ROUTE_MEDICAMENTS);
	{
		char big[5000];

		memcpy(big, "/medicament/", 12);
		memset(big + 12, 'x', sizeof(big) - 13);
		big[sizeof(big) - 1] = '\0';
		CHECK(match(big) == ROUTE_LEGACY);
		CHECK(r.param.len == sizeof(big) - 13);
		big[100] = '/';
		CHECK(match(big) == ROUTE_NONE);
	}
	CHECK(match("/health") == ROUTE_HEALTH);
	CHECK(r.param.len == 0 && r.successor.len == 0);
}

/* The message of the refusal of the query by route id, or "" when none. */
static const char *
refusal(enum route_id id, const char *qs)
{
	const struct route *rt = route_get(id);
	const struct route_refusal *no;
	struct query_value v[ROUTE_MAX_PARAMS];
	struct query_error err;

	memset(v, 0, sizeof(v));
	(void)query_parse(qs, rt->params, rt->nparams, v, &err, NULL);
	no = route_refuses(rt, v);
	query_values_free(v, rt->nparams);
	return no == NULL ? "" : no->message;
}

/*
 * The combinations a row refuses, whatever the values (the Go service
 * checks which parameters came before what they hold).
 */
static void
test_refusals(void)
{
	static const enum route_id paged[] = { ROUTE_MEDICAMENTS,
	    ROUTE_SUBSTANCE, ROUTE_DISPONIBILITES, ROUTE_MITM };
	size_t i;

	for (i = 0; i < sizeof(paged) / sizeof(paged[0]); i++) {
		CHECK_STR(refusal(paged[i], "pageSize=0"),
		    "pageSize can only be used with page");
		CHECK_STR(refusal(paged[i], "pageSize=5&page="),
		    "pageSize can only be used with page");
	}
	CHECK_STR(refusal(ROUTE_MEDICAMENTS, "page=x&pageSize=0"), "");
	CHECK_STR(refusal(ROUTE_MEDICAMENTS, "cis=x"), "");
	CHECK_STR(refusal(ROUTE_MEDICAMENTS, "pageSize=1&search=a"),
	    "pageSize can only be used with page");
	CHECK_STR(refusal(ROUTE_MEDICAMENTS, ""),
	    "Needs at least one param. See documentation");
	CHECK_STR(refusal(ROUTE_MEDICAMENTS, "cis=1&cip=x"), "Only one "
	    "parameter allowed at a time. Choose: page, cip, search");
	CHECK_STR(refusal(ROUTE_GENERIQUES, "group=1&libelle=a"), "Only one "
	    "parameter allowed at a time. Choose: libelle, group");
	CHECK_STR(refusal(ROUTE_GENERIQUES, "search=a"), "Needs libelle param");
	CHECK_STR(refusal(ROUTE_PRESENTATIONS, "cip="),
	    "CIP path parameter is required");
	CHECK_STR(refusal(ROUTE_SUBSTANCES, ""),
	    "Needs the search parameter. See /docs");
	CHECK_STR(refusal(ROUTE_SUBSTANCE, ""), "");
	CHECK_STR(refusal(ROUTE_DISPONIBILITES, "statut=9&cis=x"), "");
	CHECK_STR(refusal(ROUTE_MITM, "atc=!"), "");
	CHECK_STR(refusal(ROUTE_HEALTH, "pageSize=1"), "");
}

int
main(void)
{
	test_match();
	test_templates();
	test_table();
	test_costs();
	test_refusals();
	route_result_free(&r);
	return check_finish("test_fcgi_route");
}
