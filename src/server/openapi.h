// The OpenAPI 3.1 document of the server, generated from its route table (route.h), so that it
// lists every route the server answers and nothing else.
#ifndef XBORDER_SERVER_OPENAPI_H_
#define XBORDER_SERVER_OPENAPI_H_

#include <string>

#include "server/route.h"

namespace xb::server {

// JSON text: openapi, info, paths (one operation per route, with its parameters, request body,
// responses and security), components (schemas: Problem; security scheme: bearer).
std::string OpenApiDocument(const RouteTable& routes);

}  // namespace xb::server

#endif  // XBORDER_SERVER_OPENAPI_H_
