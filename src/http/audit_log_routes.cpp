// /api/v1/audit-log and /api/v1/login-log: the auditor's logs (SY-4)
#include <boost/json.hpp>
#include "app/audit_log.hpp"
#include "app/views.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_audit_log_routes(Router& r, app::AuditLogService* s) {
  r.add("GET", "/api/v1/login-log", "login_log:read", Access::Session, [s](Ctx& c) {
    long long total = 0;
    std::optional<int> success;
    if (auto b = c.q_bool("success")) success = *b ? 1 : 0;
    auto v = s->list_login_log(c.who(), c.q("username"), success, c.page(), &total);
    return page_json(v, total);
  });
  r.add("GET", "/api/v1/audit-log", "audit:read", Access::Session, [s](Ctx& c) {
    store::AuditFilter f;
    f.actor = c.q("actor");
    f.action = c.q("action");
    f.entity = c.q("entity");
    f.from_ms = q_date(c, "from");
    if (auto to = q_date(c, "to")) f.to_ms = *to + 86'400'000LL;  // inclusive day
    long long total = 0;
    auto v = s->list_audit(c.who(), f, c.page(), &total);
    return page_json(v, total);
  });
  r.add("GET", "/api/v1/audit-log/verify", "audit:read", Access::Session, [s](Ctx& c) {
    auto v = s->verify_audit_for(c.who());
    json::object o{{"ok", v.ok}, {"checked", v.checked}};
    if (!v.ok) {
      o["first_bad_seq"] = v.first_bad_seq;
      o["reason"] = v.reason;
    }
    return json_response(200, o);
  });
}

}  // namespace funnel::http
