// /api/v1/users and /api/v1/account-requests: accounts and their 三员 approvals (SY-1, SY-15)
#include <boost/json.hpp>
#include "app/users.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
app::UserInput read_user(const std::string& body, bool create) {
  JsonIn in(body);
  app::UserInput u;
  u.username = create ? in.str("username", 32) : in.opt_str("username", 32).value_or("");
  u.display_name = in.str("display_name", 32);
  u.org_unit_id = in.opt_id("org_unit_id");
  u.role = in.str("role", 32);
  u.data_scope = in.opt_str("data_scope", 32);
  u.status = in.opt_str("status", 16);
  if (create) u.password = in.opt_str("password", 128);
  in.done();
  return u;
}
}  // namespace

void add_users_routes(Router& r, app::UserService* s) {
  r.add("GET", "/api/v1/users", "user:read", Access::Session, [s](Ctx& c) {
    store::UserFilter f;
    f.q = c.q("q");
    f.org_unit_id = c.q_id("org_unit_id");
    f.role = c.q("role");
    f.status = c.q("status");
    return view_response(200, s->list_users(c.who(), f, c.page()));
  });
  r.add("GET", "/api/v1/users/{id}", "user:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_user(c.who(), c.id_param())); });
  // 三员 (SY-15): a new account and a password reset are proposals; the
  // proposer gets one half of the initial secret, the approver the other.
  r.add("POST", "/api/v1/users", "user:write", Access::Session, [s](Ctx& c) {
    auto in = read_user(c.req.body, true);
    return view_response(201, s->propose_user(c.who(), in));
  });
  r.add("PUT", "/api/v1/users/{id}", "user:write", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto in = read_user(c.req.body, false);
    return view_response(200, s->update_user(c.who(), id, in));
  });
  r.add("POST", "/api/v1/users/{id}/reset-password", "user:write", Access::Session, [s](Ctx& c) {
    return view_response(200, s->reset_password(c.who(), c.id_param()));
  });
  r.add("GET", "/api/v1/account-requests", "account:approve", Access::Session, [s](Ctx& c) {
    return view_response(200, s->list_account_requests(c.who(), c.q("status"), c.page()));
  });
  r.add("POST", "/api/v1/account-requests/{id}/approve", "account:approve", Access::Session, [s](Ctx& c) {
    return view_response(200, s->approve_account_request(c.who(), c.id_param()));
  });
  r.add("POST", "/api/v1/account-requests/{id}/reject", "account:approve", Access::Session, [s](Ctx& c) {
    s->reject_account_request(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.add("POST", "/api/v1/users/{id}/unlock", "user:write", Access::Session, [s](Ctx& c) {
    s->unlock_user(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.offload("POST", "/api/v1/users");
  r.offload("PUT", "/api/v1/users/{id}");
  r.offload("POST", "/api/v1/users/{id}/reset-password");
  r.offload("POST", "/api/v1/account-requests/{id}/approve");  // argon2
}

}  // namespace funnel::http
