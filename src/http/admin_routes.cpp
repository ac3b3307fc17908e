// /api/v1/sessions (在线用户), /api/v1/login-log (登录日志), /api/v1/audit-log (操作审计)
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
template <class T>
Response page_json(const std::vector<T>& v, long long total) {
  json::array items;
  for (auto& x : v) items.push_back(app::to_json(x));
  return json_response(200, json::object{{"items", items}, {"total", total}});
}

std::optional<long long> q_date(Ctx& c, const char* name) {
  auto v = c.q(name);
  if (!v) return std::nullopt;
  auto ms = core::parse_date_ms(*v);
  if (!ms) throw bad_request("日期格式应为 YYYY-MM-DD", name);
  return ms;
}
}  // namespace

void add_admin_routes(Router& r) {
  r.add("GET", "/api/v1/sessions", "session:read", Access::Session, [](Ctx& c) {
    long long total = 0;
    auto v = c.app.list_sessions(c.who(), c.page(), &total);
    return page_json(v, total);
  });
  r.add("DELETE", "/api/v1/sessions/{id}", "session:revoke", Access::Session, [](Ctx& c) {
    c.app.revoke_session(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.add("GET", "/api/v1/login-log", "login_log:read", Access::Session, [](Ctx& c) {
    long long total = 0;
    std::optional<int> success;
    if (auto b = c.q_bool("success")) success = *b ? 1 : 0;
    auto v = c.app.list_login_log(c.who(), c.q("username"), success, c.page(), &total);
    return page_json(v, total);
  });
  r.add("GET", "/api/v1/audit-log", "audit:read", Access::Session, [](Ctx& c) {
    store::AuditFilter f;
    f.actor = c.q("actor");
    f.action = c.q("action");
    f.entity = c.q("entity");
    f.from_ms = q_date(c, "from");
    if (auto to = q_date(c, "to")) f.to_ms = *to + 86'400'000LL;  // inclusive day
    long long total = 0;
    auto v = c.app.list_audit(c.who(), f, c.page(), &total);
    return page_json(v, total);
  });
  r.add("GET", "/api/v1/audit-log/verify", "audit:read", Access::Session, [](Ctx& c) {
    auto v = c.app.verify_audit_for(c.who());
    json::object o{{"ok", v.ok}, {"checked", v.checked}};
    if (!v.ok) {
      o["first_bad_seq"] = v.first_bad_seq;
      o["reason"] = v.reason;
    }
    return json_response(200, o);
  });
}

}  // namespace funnel::http
