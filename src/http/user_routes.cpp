// /api/v1/users
#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "http/router.hpp"

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

void add_user_routes(Router& r) {
  r.add("GET", "/api/v1/users", "user:read", Access::Session, [](Ctx& c) {
    store::UserFilter f;
    f.q = c.q("q");
    f.org_unit_id = c.q_id("org_unit_id");
    f.role = c.q("role");
    f.status = c.q("status");
    long long total = 0;
    json::array items;
    for (auto& u : c.app.list_users(c.who(), f, c.page(), &total)) items.push_back(app::to_json(u));
    return json_response(200, json::object{{"items", items}, {"total", total}});
  });
  r.add("GET", "/api/v1/users/{id}", "user:read", Access::Session,
        [](Ctx& c) { return json_response(200, app::to_json(c.app.get_user(c.who(), c.id_param()))); });
  r.add("POST", "/api/v1/users", "user:write", Access::Session, [](Ctx& c) {
    auto in = read_user(c.req.body, true);
    auto [user, pw] = c.app.create_user(c.who(), in);
    return json_response(201, json::object{{"user", app::to_json(user)}, {"initial_password", pw}});
  });
  r.add("PUT", "/api/v1/users/{id}", "user:write", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    auto in = read_user(c.req.body, false);
    return json_response(200, app::to_json(c.app.update_user(c.who(), id, in)));
  });
  r.add("POST", "/api/v1/users/{id}/reset-password", "user:write", Access::Session, [](Ctx& c) {
    auto pw = c.app.reset_password(c.who(), c.id_param());
    return json_response(200, json::object{{"initial_password", pw}});
  });
  r.add("POST", "/api/v1/users/{id}/unlock", "user:write", Access::Session, [](Ctx& c) {
    c.app.unlock_user(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.offload("POST", "/api/v1/users");
  r.offload("PUT", "/api/v1/users/{id}");
  r.offload("POST", "/api/v1/users/{id}/reset-password");
}

}  // namespace funnel::http
