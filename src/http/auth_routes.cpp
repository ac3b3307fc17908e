// /api/v1/auth: login, logout, password change, the signed-in user
#include <boost/json.hpp>
#include "app/auth.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_auth_routes(Router& r, app::AuthService* s) {
  r.add("POST", "/api/v1/auth/login", "none", Access::Public, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto username = in.str("username", 64);
    auto password = in.str("password", 256);
    in.done();
    auto res = s->login(username, password, c.client);
    auto out = view_response(200, res.response);
    out.headers.emplace_back("Set-Cookie", session_cookie(res.token, c.req.secure));
    out.actor_id = res.response.user.id;
    return out;
  });
  r.add("POST", "/api/v1/auth/logout", "session", Access::Session, [s](Ctx& c) {
    s->logout(c.who());
    auto out = json_response(200, json::object{});
    out.headers.emplace_back("Set-Cookie", clear_session_cookie(c.req.secure));
    return out;
  });
  r.add("POST", "/api/v1/auth/password", "session", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto old_pw = in.opt_str("old_password", 256).value_or("");
    auto new_pw = in.opt_str("new_password", 256).value_or("");
    in.done();
    s->change_password(c.who(), old_pw, new_pw);
    return json_response(200, json::object{});
  });
  r.add("GET", "/api/v1/auth/me", "session", Access::Session,
        [s](Ctx& c) { return view_response(200, s->me(c.who())); });
  r.offload("POST", "/api/v1/auth/login");
  r.offload("POST", "/api/v1/auth/password");
}

}  // namespace funnel::http
