// /api/v1/cases/{id}/evidence, /cases/{id}/property: a case's evidence list
// and its register of property taken (issue 18, CA-1)
#include "app/case_evidence.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

void add_case_evidence_routes(Router& r, app::CaseEvidenceService* s) {
  r.add("GET", "/api/v1/cases/{id}/evidence", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_evidence(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/cases/{id}/evidence", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::CaseEvidenceInput e;
    e.kind = in.opt_str("kind", 32);
    e.title = in.opt_str("title", 200);
    e.obtained_day = in.opt_str("obtained_day", 10);
    e.source = in.opt_str("source", 200);
    e.measure_id = in.opt_id("measure_id");
    e.note = in.opt_str("note", 2000);
    in.done();
    return view_response(201, s->add_evidence(c.who(), id, e));
  });
  r.add("POST", "/api/v1/cases/{id}/evidence/{item}/file", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto item = c.id_param("item");
    return view_response(201, s->attach_file(c.who(), id, item, upload_name(c), c.req.body));
  });
  r.uploads("POST", "/api/v1/cases/{id}/evidence/{item}/file",
            s ? static_cast<std::size_t>(s->config().portal.max_file_bytes) : 20u << 20);
  r.add("GET", "/api/v1/cases/{id}/evidence/{item}/file", "case:read", Access::Session, [s](Ctx& c) {
    auto item = c.id_param("item");
    auto d = s->download_file(c.who(), c.id_param(), item);
    return file_response(std::move(d.bytes), d.mime, ascii_file_name(d.filename, "evidence-" + std::to_string(item)),
                         d.filename);
  });
  r.add("GET", "/api/v1/cases/{id}/property", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_property(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/cases/{id}/property", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::CasePropertyInput p;
    p.measure_id = in.opt_id("measure_id");
    p.description = in.opt_str("description", 500);
    p.quantity = in.opt_str("quantity", 100);
    if (auto v = in.opt_int("value", 0, 2'000'000'000)) p.value = *v;
    p.holder = in.opt_str("holder", 100);
    p.witness = in.opt_str("witness", 100);
    p.custody_place = in.opt_str("custody_place", 200);
    p.keeper = in.opt_str("keeper", 100);
    p.day = in.opt_str("day", 10);
    in.done();
    return view_response(201, s->add_property(c.who(), id, p));
  });
  r.add("POST", "/api/v1/cases/{id}/property/{item}/moves", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto item = c.id_param("item");
    JsonIn in(c.req.body);
    app::CasePropertyMoveInput m;
    m.move = in.opt_str("move", 32);
    m.day = in.opt_str("day", 10);
    m.to = in.opt_str("to", 200);
    m.note = in.opt_str("note", 1000);
    m.custody_place = in.opt_str("custody_place", 200);
    in.done();
    return view_response(201, s->move_property(c.who(), id, item, m));
  });
}

}  // namespace funnel::http
