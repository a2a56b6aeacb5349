/*
 * One request from start to end: database refresh, route, method, rate
 * limit, endpoint, access log.
 */
#ifndef MEDICAMENTS_FCGI_DISPATCH_H
#define MEDICAMENTS_FCGI_DISPATCH_H

struct request;

void	dispatch(struct request *r);

#endif
