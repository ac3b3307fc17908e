// /api/v1/audit-log and /api/v1/login-log: the auditor's logs (SY-4)
#include <boost/json.hpp>
#include "app/audit_log.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_audit_log_routes(Router& r, app::AuditLogService* s) {
  r.add("GET", "/api/v1/login-log", "login_log:read", Access::Session, [s](Ctx& c) {
    std::optional<int> success;
    if (auto b = c.q_bool("success")) success = *b ? 1 : 0;
    return view_response(200, s->list_login_log(c.who(), c.q("username"), success, c.page()));
  });
  r.add("GET", "/api/v1/audit-log", "audit:read", Access::Session, [s](Ctx& c) {
    store::AuditFilter f;
    f.actor = c.q("actor");
    f.action = c.q("action");
    f.entity = c.q("entity");
    f.from_ms = q_date(c, "from");
    if (auto to = q_date(c, "to")) f.to_ms = *to + 86'400'000LL;  // inclusive day
    return view_response(200, s->list_audit(c.who(), f, c.page()));
  });
  r.add("GET", "/api/v1/audit-log/verify", "audit:read", Access::Session, [s](Ctx& c) {
    return view_response(200, s->verify_audit_for(c.who()));
  });
}

}  // namespace funnel::http
