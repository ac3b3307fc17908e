// /api/v1/portal/...: the public portal, served only on the portal listener (IN-6)
#include <boost/json.hpp>
#include "app/portal.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/rate_limit.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
RateLimiter& limiter() {
  static RateLimiter l;
  return l;
}

void limit(Ctx& c, std::string_view kind, int per_hour) {
  if (!limiter().allow(kind, c.req.remote_ip, per_hour))
    throw Error(429, "too_many_requests", "操作过于频繁，请稍后再试");
}

long long receipt_of(app::PortalService* s, Ctx& c) {
  const std::string& h = c.req.authorization;
  constexpr std::string_view kBearer = "Bearer ";
  if (h.size() <= kBearer.size() || h.compare(0, kBearer.size(), kBearer) != 0)
    throw unauthenticated("请输入回执码和查询密码");
  return s->portal_receipt_of(h.substr(kBearer.size()));
}
}  // namespace

void add_portal_routes(Router& r, app::PortalService* s) {
  const app::Config::Portal pc = s ? s->config().portal : app::Config::Portal{};
  const std::size_t max_file = static_cast<std::size_t>(pc.max_file_bytes);

  r.add("GET", "/api/v1/portal/ping", "none", Access::Public, [](Ctx&) {
    return json_response(200, json::object{{"status", "ok"}});
  });
  r.add("GET", "/api/v1/portal/info", "none", Access::Public,
        [s](Ctx& c) { return view_response(200, s->portal_info()); });
  // A challenge is cheap to hand out, but each one invites a submission.
  r.add("POST", "/api/v1/portal/challenge", "none", Access::Public, [s](Ctx& c) {
    limit(c, "challenge", s->config().portal.submit_per_hour * 3);
    return view_response(200, s->portal_challenge());
  });
  r.reads_only("POST", "/api/v1/portal/challenge");
  r.add("POST", "/api/v1/portal/uploads", "none", Access::Public, [s](Ctx& c) {
    limit(c, "upload", s->config().portal.upload_per_hour);
    return view_response(201, s->portal_stage_upload(upload_name(c), c.req.body));
  });
  r.uploads("POST", "/api/v1/portal/uploads", max_file);
  r.add("POST", "/api/v1/portal/reports", "none", Access::Public, [s](Ctx& c) {
    limit(c, "submit", s->config().portal.submit_per_hour);
    JsonIn in(c.req.body);
    app::PortalReportInput v;
    v.challenge = in.str("challenge", 400);
    v.nonce = in.str("nonce", 20);
    v.county_id = in.id("county_id");
    v.township_id = in.opt_id("township_id");
    v.anonymous = in.bool_or("anonymous", true);
    if (auto rep = in.opt_obj("reporter")) {
      v.name = rep->opt_str("name", 50);
      v.id_number = rep->opt_str("id_number", 18);
      v.phone = rep->opt_str("phone", 30);
      rep->done();
    }
    for (auto& p : in.obj_list("persons", 10)) {
      app::ReportedInputLite x;
      x.name = p.opt_str("name", 50).value_or("");
      x.unit_name = p.opt_str("unit_name", 100).value_or("");
      x.post = p.opt_str("post", 50);
      x.cadre_level = p.opt_str("cadre_level", 32);
      p.done();
      v.persons.push_back(x);
    }
    v.category = in.str("category", 64);
    v.summary = in.opt_str("summary", 100).value_or("");
    v.content = in.opt_str("content", 20000).value_or("");
    v.happened = in.opt_str("happened", 100);
    v.place = in.opt_str("place", 200);
    v.uploads = in.str_list("uploads", 50, 100);
    in.done();
    return view_response(201, s->portal_submit(v));
  });
  r.add("POST", "/api/v1/portal/receipts/password", "none", Access::Public, [s](Ctx& c) {
    limit(c, "login", s->config().portal.login_per_hour);
    JsonIn in(c.req.body);
    auto code = in.str("receipt_code", 64);
    auto token = in.str("password_token", 100);
    auto password = in.str("password", 64);
    in.done();
    s->portal_set_password(code, token, password);
    return Response{204, "application/json; charset=utf-8", "", {}, 0};
  });
  r.offload("POST", "/api/v1/portal/receipts/password");
  r.add("POST", "/api/v1/portal/login", "none", Access::Public, [s](Ctx& c) {
    limit(c, "login", s->config().portal.login_per_hour);
    JsonIn in(c.req.body);
    auto code = in.str("receipt_code", 64);
    auto password = in.str("password", 256);
    in.done();
    return view_response(200, s->portal_login(code, password));
  });
  r.offload("POST", "/api/v1/portal/login");
  r.add("GET", "/api/v1/portal/report", "receipt", Access::Public,
        [s](Ctx& c) { return view_response(200, s->portal_report(receipt_of(s, c))); });
  r.add("POST", "/api/v1/portal/report/messages", "receipt", Access::Public, [s](Ctx& c) {
    auto id = receipt_of(s, c);
    JsonIn in(c.req.body);
    auto body = in.str("body", 5000);
    in.done();
    return view_response(201, s->portal_post_message(id, body));
  });
  r.add("POST", "/api/v1/portal/report/uploads", "receipt", Access::Public, [s](Ctx& c) {
    auto id = receipt_of(s, c);
    limit(c, "upload", s->config().portal.upload_per_hour);
    return view_response(201, s->portal_add_evidence(id, upload_name(c), c.req.body));
  });
  r.uploads("POST", "/api/v1/portal/report/uploads", max_file);
}

}  // namespace funnel::http
