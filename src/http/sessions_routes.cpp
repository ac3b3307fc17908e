// /api/v1/sessions: online users (SY-2)
#include <boost/json.hpp>
#include "app/sessions.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_sessions_routes(Router& r, app::SessionService* s) {
  r.add("GET", "/api/v1/sessions", "session:read", Access::Session, [s](Ctx& c) {
    return view_response(200, s->list_sessions(c.who(), c.page()));
  });
  r.add("DELETE", "/api/v1/sessions/{id}", "session:revoke", Access::Session, [s](Ctx& c) {
    s->revoke_session(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
}

}  // namespace funnel::http
