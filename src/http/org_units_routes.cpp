// /api/v1/org-units: the organisation tree and the rooms' linked townships (ORG-1, ORG-2)
#include <boost/json.hpp>
#include "app/org_units.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
app::OrgInput read_org(const std::string& body) {
  JsonIn in(body);
  app::OrgInput o;
  o.parent_id = in.present("parent_id").opt_id("parent_id");
  o.kind = in.str("kind", 32);
  o.category = in.str("category", 32);
  o.name = in.str("name", 64);
  o.short_name = in.str("short_name", 8);
  o.division_code = in.present("division_code").opt_str("division_code", 12);
  o.committee_name = in.opt_str("committee_name", 64);
  o.office_name = in.opt_str("office_name", 64);
  o.sort = in.int_or("sort", 0, -100000, 100000);
  in.done();
  return o;
}

}  // namespace

void add_org_units_routes(Router& r, app::OrgUnitService* s) {
  r.add("GET", "/api/v1/org-units", "org:read", Access::Session, [s](Ctx& c) {
    store::OrgFilter f;
    f.kind = c.q("kind");
    f.parent_id = c.q_id("parent_id");
    f.q = c.q("q");
    return view_response(200, s->list_orgs(c.who(), f, c.page()));
  });
  r.add("GET", "/api/v1/org-units/tree", "org:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->org_tree(c.who())); });
  r.add("GET", "/api/v1/org-units/{id}", "org:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_org(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/org-units", "org:write", Access::Session, [s](Ctx& c) {
    auto in = read_org(c.req.body);
    return view_response(201, s->create_org(c.who(), in));
  });
  r.add("PUT", "/api/v1/org-units/{id}", "org:write", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto in = read_org(c.req.body);
    return view_response(200, s->update_org(c.who(), id, in));
  });
  r.add("DELETE", "/api/v1/org-units/{id}", "org:write", Access::Session, [s](Ctx& c) {
    s->delete_org(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.add("GET", "/api/v1/org-units/{id}/linked-townships", "org:read", Access::Session, [s](Ctx& c) {
    return view_response(200, s->linked_townships(c.who(), c.id_param()));
  });
  r.add("PUT", "/api/v1/org-units/{id}/linked-townships", "org:write", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto ids = in.id_list("township_ids", 500);
    in.done();
    return view_response(200, s->set_linked_townships(c.who(), id, ids));
  });
}

}  // namespace funnel::http
