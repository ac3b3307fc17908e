// /api/v1/petitions/{id}/attachments: evidence files (IN-6)
#include <boost/json.hpp>
#include "app/attachments.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_attachments_routes(Router& r, app::AttachmentService* s) {
  r.add("GET", "/api/v1/petitions/{id}/attachments", "petition:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_evidence(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/petitions/{id}/attachments", "petition:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    return view_response(201, s->add_evidence(c.who(), id, upload_name(c), c.req.body));
  });
  r.uploads("POST", "/api/v1/petitions/{id}/attachments",
            s ? static_cast<std::size_t>(s->config().portal.max_file_bytes) : 20u << 20);
  r.add("GET", "/api/v1/petitions/{id}/attachments/{file}", "petition:evidence", Access::Session, [s](Ctx& c) {
    auto file = c.id_param("file");
    auto d = s->download_evidence(c.who(), c.id_param(), file);
    return file_response(std::move(d.bytes), d.mime, ascii_file_name(d.filename, "evidence-" + std::to_string(file)), d.filename);
  });

}

}  // namespace funnel::http
