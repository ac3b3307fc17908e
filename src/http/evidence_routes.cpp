// /api/v1/petitions/{id}/messages (with portal reporters),
// /api/v1/petitions/{id}/attachments (evidence files), /api/v1/recusals (回避)
#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
std::string ascii_fallback(const std::string& name, long long id) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot);
  for (char ch : ext)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.') return "evidence-" + std::to_string(id);
  return "evidence-" + std::to_string(id) + ext.substr(0, 10);
}
}  // namespace

void add_evidence_routes(Router& r) {
  r.add("GET", "/api/v1/petitions/{id}/messages", "petition:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.list_petition_messages(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/petitions/{id}/messages", "petition:handle", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto body = in.str("body", 5000);
    in.done();
    return json_response(201, c.app.send_petition_message(c.who(), id, body));
  });
  r.add("GET", "/api/v1/petitions/{id}/attachments", "petition:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.list_evidence(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/petitions/{id}/attachments", "petition:handle", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    return json_response(201, c.app.add_evidence(c.who(), id, upload_name(c), c.req.body));
  });
  r.uploads("POST", "/api/v1/petitions/{id}/attachments",
            r.app() ? static_cast<std::size_t>(r.app()->config().portal.max_file_bytes) : 20u << 20);
  r.add("GET", "/api/v1/petitions/{id}/attachments/{file}", "petition:evidence", Access::Session, [](Ctx& c) {
    auto file = c.id_param("file");
    auto d = c.app.download_evidence(c.who(), c.id_param(), file);
    return file_response(std::move(d.bytes), d.mime, ascii_fallback(d.filename, file), d.filename);
  });

  r.add("GET", "/api/v1/recusals", "recusal:manage", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.list_recusals(c.who(), c.q_id("user_id"), c.page())); });
  r.add("GET", "/api/v1/recusals/candidates", "recusal:manage", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.recusal_candidates(c.who(), c.q("q"))); });
  r.add("POST", "/api/v1/recusals", "recusal:manage", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    app::RecusalInput v;
    v.user_id = in.id("user_id");
    v.person_id = in.id("person_id");
    v.relation = in.str("relation", 16);
    v.reason = in.str("reason", 200);
    in.done();
    return json_response(201, c.app.add_recusal(c.who(), v));
  });
  r.add("DELETE", "/api/v1/recusals/{id}", "recusal:manage", Access::Session, [](Ctx& c) {
    c.app.delete_recusal(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
}

}  // namespace funnel::http
