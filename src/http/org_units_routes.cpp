// /api/v1/org-units: the organisation tree and the rooms' linked townships (ORG-1, ORG-2)
#include <boost/json.hpp>
#include <map>
#include "app/org_units.hpp"
#include "app/views.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

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

json::object list_json(const std::vector<core::OrgUnit>& v, long long total) {
  json::array items;
  for (auto& o : v) items.push_back(app::to_json(o));
  return {{"items", items}, {"total", total}};
}

// Nests units under their parents; units whose parent is not visible become roots.
json::array tree_json(const std::vector<core::OrgUnit>& all) {
  std::map<long long, std::vector<const core::OrgUnit*>> kids;
  std::map<long long, bool> present;
  for (auto& o : all) present[o.id] = true;
  std::vector<const core::OrgUnit*> roots;
  for (auto& o : all) {
    if (o.parent_id && present.count(*o.parent_id))
      kids[*o.parent_id].push_back(&o);
    else
      roots.push_back(&o);
  }
  std::function<json::object(const core::OrgUnit&)> node = [&](const core::OrgUnit& o) {
    json::object j = app::to_json(o);
    json::array children;
    for (auto* k : kids[o.id]) children.push_back(node(*k));
    j["children"] = children;
    return j;
  };
  json::array out;
  for (auto* r : roots) out.push_back(node(*r));
  return out;
}
}  // namespace

void add_org_units_routes(Router& r, app::OrgUnitService* s) {
  r.add("GET", "/api/v1/org-units", "org:read", Access::Session, [s](Ctx& c) {
    store::OrgFilter f;
    f.kind = c.q("kind");
    f.parent_id = c.q_id("parent_id");
    f.q = c.q("q");
    auto page = c.page();
    long long total = 0;
    auto items = s->list_orgs(c.who(), f, &page, &total);
    return json_response(200, list_json(items, total));
  });
  r.add("GET", "/api/v1/org-units/tree", "org:read", Access::Session, [s](Ctx& c) {
    auto all = s->list_orgs(c.who(), {}, nullptr, nullptr);
    return json_response(200, json::object{{"items", tree_json(all)}});
  });
  r.add("GET", "/api/v1/org-units/{id}", "org:read", Access::Session,
        [s](Ctx& c) { return json_response(200, app::to_json(s->get_org(c.who(), c.id_param()))); });
  r.add("POST", "/api/v1/org-units", "org:write", Access::Session, [s](Ctx& c) {
    auto in = read_org(c.req.body);
    return json_response(201, app::to_json(s->create_org(c.who(), in)));
  });
  r.add("PUT", "/api/v1/org-units/{id}", "org:write", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto in = read_org(c.req.body);
    return json_response(200, app::to_json(s->update_org(c.who(), id, in)));
  });
  r.add("DELETE", "/api/v1/org-units/{id}", "org:write", Access::Session, [s](Ctx& c) {
    s->delete_org(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.add("GET", "/api/v1/org-units/{id}/linked-townships", "org:read", Access::Session, [s](Ctx& c) {
    auto v = s->linked_townships(c.who(), c.id_param());
    return json_response(200, list_json(v, static_cast<long long>(v.size())));
  });
  r.add("PUT", "/api/v1/org-units/{id}/linked-townships", "org:write", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto ids = in.id_list("township_ids", 500);
    in.done();
    auto v = s->set_linked_townships(c.who(), id, ids);
    return json_response(200, list_json(v, static_cast<long long>(v.size())));
  });
}

}  // namespace funnel::http
