// /api/v1/petitions, /api/v1/persons, /api/v1/categories,
// /api/v1/jurisdiction-proposals, /api/v1/ledgers/petitions.xlsx (信访举报, IN-1 … IN-8)
#include <boost/json.hpp>
#include <cctype>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
app::ReportedInput read_person(JsonIn& in) {
  app::ReportedInput p;
  p.name = in.str("name", 32);
  p.unit_name = in.str("unit_name", 64);
  p.post = in.opt_str("post", 64);
  p.unit_org_id = in.opt_id("unit_org_id");
  p.cadre_level = in.str("cadre_level", 32);
  p.party_member = in.bool_or("party_member", false);
  p.public_official = in.bool_or("public_official", false);
  p.county_department = in.bool_or("county_department", false);
  p.township_discipline_staff = in.bool_or("township_discipline_staff", false);
  p.township_party_secretary = in.bool_or("township_party_secretary", false);
  in.done();
  return p;
}

}  // namespace

std::vector<app::ReportedInput> read_persons(JsonIn& in) {
  std::vector<app::ReportedInput> out;
  for (auto& p : in.obj_list("persons", 20)) out.push_back(read_person(p));
  return out;
}

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

// The list's filters, shared by the list and its .xlsx export.
store::PetitionFilter read_filter(Ctx& c) {
  store::PetitionFilter f;
  f.state = q_code(c, "state", core::kPetitionStates);
  f.channel = q_code(c, "channel", core::kChannels);
  f.type = q_code(c, "type", core::kPetitionTypes);
  f.category = c.q("category");
  f.handler_org_id = c.q_id("handler_org_id");
  f.intake_org_id = c.q_id("intake_org_id");
  f.person_id = c.q_id("person_id");
  f.received_from = c.q_day("received_from");
  f.received_to = c.q_day("received_to");
  f.q = c.q("q");
  return f;
}

}  // namespace

void add_petition_routes(Router& r) {
  r.add("GET", "/api/v1/categories", "signed_in", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.catalogue().doc); });
  r.add("POST", "/api/v1/jurisdiction-proposals", "petition:register", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    auto type = in.str("type", 32);
    auto persons = read_persons(in);
    in.done();
    return json_response(200, c.app.propose_jurisdiction(c.who(), type, persons));
  });
  r.add("POST", "/api/v1/petition-duplicates", "petition:register", Access::Session, [](Ctx& c) {
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
    return json_response(200, c.app.check_duplicates(c.who(), summary + "\n" + content, persons));
  });
  r.add("GET", "/api/v1/petitions", "petition:read", Access::Session, [](Ctx& c) {
    auto f = read_filter(c);
    bool overdue = c.q_bool("overdue").value_or(false);
    return json_response(200, c.app.list_petitions(c.who(), f, overdue, c.page()));
  });
  // The ledger (信访举报台账) as .xlsx: exactly the list's rows, all pages.
  r.add("GET", "/api/v1/ledgers/petitions.xlsx", "petition:read", Access::Session, [](Ctx& c) {
    auto f = read_filter(c);
    bool overdue = c.q_bool("overdue").value_or(false);
    auto x = c.app.export_petition_ledger(c.who(), f, overdue);
    return xlsx_response(std::move(x.bytes), "petitions.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/petitions.xlsx");
  r.reads_only("POST", "/api/v1/jurisdiction-proposals");
  r.reads_only("POST", "/api/v1/petition-duplicates");
  r.add("POST", "/api/v1/petitions", "petition:register", Access::Session, [](Ctx& c) {
    auto in = read_petition(c.req.body);
    return json_response(201, c.app.register_petition(c.who(), in));
  });
  r.add("GET", "/api/v1/petitions/{id}", "petition:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.get_petition(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/petitions/{id}/actions", "petition:handle", Access::Session, [](Ctx& c) {
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
    return json_response(200, c.app.act_on_petition(c.who(), id, a));
  });
  r.add("POST", "/api/v1/petitions/{id}/reveal", "petition:reveal", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto reason = in.str("reason", 200);
    in.done();
    return json_response(200, c.app.reveal_reporter(c.who(), id, reason));
  });
  r.add("GET", "/api/v1/warnings", "petition:read", Access::Session, [](Ctx& c) {
    auto code = c.q("code");
    if (code && *code != "overdue" && *code != "due_soon" && *code != "collective_visit" && *code != "risk_terms")
      throw bad_request("未知的预警类别", "code");
    // Paged with the true total; a page holds up to 500 (the default).
    return json_response(200, c.app.list_warnings(c.who(), code, c.q_bool("include_acknowledged").value_or(false),
                                                  c.page(500, 500)));
  });
  r.add("POST", "/api/v1/warnings/acknowledgements", "petition:handle", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    auto id = in.id("petition_id");
    auto code = in.str("code", 32);
    auto occurrence = in.str("occurrence", 64);
    auto note = in.opt_str("note", 500);
    in.done();
    return json_response(200, c.app.acknowledge_warning(c.who(), id, code, occurrence, note));
  });
  r.add("GET", "/api/v1/persons", "petition:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.list_persons(c.who(), c.q("q"), c.page())); });
}

}  // namespace funnel::http
