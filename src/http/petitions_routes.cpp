// /api/v1/petitions, /jurisdiction-proposals, /petition-duplicates, /persons (IN-1 … IN-8)
#include <boost/json.hpp>
#include <cctype>
#include "app/petitions.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/views_json.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {

app::PetitionInput read_petition(const std::string& body) {
  JsonIn in(body);
  app::PetitionInput p;
  p.channel = in.str("channel", 16);
  p.type = in.str("type", 32);
  p.real_name = in.bool_or("real_name", false);
  if (auto r = in.opt_obj("reporter")) {
    app::ReporterInput rep;
    rep.name = r->opt_str("name", 32);
    rep.id_number = r->opt_str("id_number", 18);
    rep.phone = r->opt_str("phone", 20);
    rep.address = r->opt_str("address", 128);
    rep.unit = r->opt_str("unit", 64);
    r->done();
    p.reporter = rep;
  }
  p.summary = in.str("summary", 100);
  p.content = in.str("content", 20000);
  p.category = in.str("category", 64);
  p.subcategory = in.opt_str("subcategory", 64);
  p.area = in.opt_str("area", 64);
  p.place_org_id = in.opt_id("place_org_id");
  p.place_detail = in.opt_str("place_detail", 128);
  p.received_day = in.str("received_day", 10);
  p.postmark_day = in.opt_str("postmark_day", 10);
  p.visitors = in.opt_int("visitors", 1, 9999);
  p.identity_checked = in.opt_bool("identity_checked");
  p.reception_cadre = in.opt_str("reception_cadre", 32);
  p.call_time = in.opt_str("call_time", 16);
  p.web_source = in.opt_str("web_source", 64);
  p.from_higher = in.bool_or("from_higher", false);
  p.fast_track = in.bool_or("fast_track", false);
  p.persons = read_persons(in);
  p.jurisdiction = in.opt_str("jurisdiction", 32);
  p.jurisdiction_reason = in.opt_str("jurisdiction_reason", 500);
  in.done();
  return p;
}

}  // namespace

void add_petitions_routes(Router& r, app::PetitionService* s) {
  r.add("POST", "/api/v1/jurisdiction-proposals", "petition:register", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto type = in.str("type", 32);
    auto persons = read_persons(in);
    in.done();
    return view_response(200, s->propose_jurisdiction(c.who(), type, persons));
  });
  r.add("POST", "/api/v1/petition-duplicates", "petition:register", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto summary = in.opt_str("summary", 100).value_or("");
    auto content = in.opt_str("content", 20000).value_or("");
    std::vector<std::pair<std::string, std::string>> persons;
    for (auto& p : in.obj_list("persons", 20)) {
      auto name = p.str("name", 32);
      auto unit = p.str("unit_name", 64);
      p.done();
      persons.push_back({name, unit});
    }
    in.done();
    return view_response(200, s->check_duplicates(c.who(), summary + "\n" + content, persons));
  });
  r.add("GET", "/api/v1/petitions", "petition:read", Access::Session, [s](Ctx& c) {
    auto f = read_petition_filter(c);
    bool overdue = c.q_bool("overdue").value_or(false);
    return view_response(200, s->list_petitions(c.who(), f, overdue, c.page()));
  });
  r.reads_only("POST", "/api/v1/jurisdiction-proposals");
  r.reads_only("POST", "/api/v1/petition-duplicates");
  r.add("POST", "/api/v1/petitions", "petition:register", Access::Session, [s](Ctx& c) {
    auto in = read_petition(c.req.body);
    return view_response(201, s->register_petition(c.who(), in));
  });
  r.add("GET", "/api/v1/petitions/{id}", "petition:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_petition(c.who(), c.id_param())); });
  r.audited_read("GET", "/api/v1/petitions/{id}");
  r.add("POST", "/api/v1/petitions/{id}/actions", "petition:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::PetitionActionInput a;
    a.action = in.str("action", 32);
    a.reason = in.opt_str("reason", 500);
    a.note = in.opt_str("note", 2000);
    a.transfer_to = in.opt_str("transfer_to", 64);
    a.handler_org_id = in.opt_id("handler_org_id");
    a.merged_into = in.opt_id("merged_into");
    in.done();
    return view_response(200, s->act_on_petition(c.who(), id, a));
  });
  r.add("POST", "/api/v1/petitions/{id}/reveal", "petition:reveal", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto reason = in.str("reason", 200);
    in.done();
    return view_response(200, s->reveal_reporter(c.who(), id, reason));
  });
  r.add("GET", "/api/v1/persons", "petition:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_persons(c.who(), c.q("q"), c.page())); });
}

}  // namespace funnel::http
