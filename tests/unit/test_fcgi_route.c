/* The worker's routes: paths to endpoints, legacy successors, 404s. */
#include "check.h"

#include "route.h"

static struct route_result r = ROUTE_RESULT_INIT;

static enum route_id
match(const char *path)
{
	if (route_match(path, strlen(path), &r) != ROUTE_OK)
		return (enum route_id)-1;
	return r.id;
}

int
main(void)
{
	CHECK(match("/health") == ROUTE_HEALTH);
	CHECK(match("/v1/medicaments") == ROUTE_MEDICAMENTS);
	CHECK(match("/v1/medicaments/") == ROUTE_MEDICAMENTS);
	CHECK(match("/v1/medicaments/export") == ROUTE_MEDICAMENTS_EXPORT);
	CHECK(match("/v1/medicaments/60002283") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/%36%30002283") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "60002283");
	CHECK(match("/v1/medicaments/6000/2283") == ROUTE_NONE);
	CHECK(match("/v1/medicaments/a%2Fb") == ROUTE_MEDICAMENT);
	CHECK_STR(buf_str(&r.param), "a/b");
	CHECK(match("/v1/generiques") == ROUTE_GENERIQUES);
	CHECK(match("/v1/generiques/1") == ROUTE_GENERIQUE);
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
	CHECK_STR(route_name(ROUTE_MEDICAMENTS_EXPORT), "export");
	route_result_free(&r);
	return check_finish("test_fcgi_route");
}
