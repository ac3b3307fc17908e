#include "app/org_units.hpp"
#include "core/org.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <map>
#include "core/error.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/org_units_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

using core::OrgKind;

namespace {
OrgUnitView org_unit_view(const core::OrgUnit& o) {
  return {o.id,          o.parent_id,      o.kind,        o.category,       o.name,
          o.short_name,  o.division_code,  o.county_id,   o.township_id,    o.committee_name,
          o.office_name, o.linked_room_id, o.sort,        core::iso_utc(o.created_at), core::iso_utc(o.updated_at)};
}

// The audit details carry the view's shape.
json::object audit_json(const core::OrgUnit& o) { return json::value_from(org_unit_view(o)).as_object(); }

PageOf<OrgUnitView> all_of(const std::vector<core::OrgUnit>& units) {
  PageOf<OrgUnitView> out;
  for (auto& o : units) out.items.push_back(org_unit_view(o));
  out.total = static_cast<long long>(out.items.size());
  return out;
}

core::OrgUnitDraft draft_of(const OrgInput& in) {
  auto kind = core::kOrgKinds.parse(in.kind);
  if (!kind) throw invalid("kind", "未知的组织类型");
  auto cat = core::kOrgCategories.parse(in.category);
  if (!cat) throw invalid("category", "未知的组织类别");
  return {*kind, *cat, in.name, in.short_name, in.division_code, in.committee_name, in.office_name};
}
// What a creation and an update both take from the checked input (the
// kind is set once, at creation).
void fill_org(core::OrgUnit& o, const OrgInput& in, const core::OrgUnitDraft& d) {
  o.parent_id = in.parent_id;
  o.category = std::string(core::kOrgCategories.code(d.category));
  o.name = d.name;
  o.short_name = d.short_name;
  o.division_code = d.division_code;
  o.committee_name = d.committee_name;
  o.office_name = d.office_name;
  o.sort = in.sort;
}

}  // namespace

PageOf<OrgUnitView> OrgUnitService::list_orgs(const Actor& a, const store::OrgFilter& f, const core::Page& page) {
  k_.require(a, core::Permission::OrgRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<OrgUnitView> out;
    for (auto& o : store::list_orgs(tx, a.org_scope, f, &page, &out.total)) out.items.push_back(org_unit_view(o));
    return out;
  });
}

ListOf<OrgUnitNode> OrgUnitService::org_tree(const Actor& a) {
  k_.require(a, core::Permission::OrgRead);
  const auto all = k_.db().read([&](store::Tx& tx) { return store::list_orgs(tx, a.org_scope, {}, nullptr, nullptr); });
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
  std::function<OrgUnitNode(const core::OrgUnit&)> node = [&](const core::OrgUnit& o) {
    OrgUnitNode n{org_unit_view(o), {}};
    for (auto* k : kids[o.id]) n.children.push_back(node(*k));
    return n;
  };
  ListOf<OrgUnitNode> out;
  for (auto* r : roots) out.items.push_back(node(*r));
  return out;
}

OrgUnitView OrgUnitService::get_org(const Actor& a, long long id) {
  k_.require(a, core::Permission::OrgRead);
  auto o = k_.db().read([&](store::Tx& tx) { return store::find_org(tx, a.org_scope, id); });
  if (!o) throw not_found("组织机构不存在");
  return org_unit_view(*o);
}

OrgUnitView OrgUnitService::create_org(const Actor& a, const OrgInput& in) {
  k_.require(a, core::Permission::OrgWrite);
  auto d = draft_of(in);
  return k_.db().write([&](store::Tx& tx) {
    std::optional<core::OrgUnit> parent;
    if (in.parent_id) {
      parent = store::find_org(tx, core::unrestricted_scope(), *in.parent_id);
      if (!parent) throw invalid("parent_id", "上级单位不存在");
    }
    std::optional<core::ParentInfo> pinfo;
    if (parent) pinfo = core::ParentInfo{*core::kOrgKinds.parse(parent->kind), parent->division_code};
    core::validate_org_unit(d, pinfo);
    if (d.division_code && store::division_code_taken(tx, *d.division_code, 0))
      throw conflict("区划代码已被使用", "division_code");

    core::OrgUnit o;
    o.kind = std::string(core::kOrgKinds.code(d.kind));
    fill_org(o, in, d);
    if (parent) o.county_id = parent->county_id;
    if (d.kind == OrgKind::Village) o.township_id = parent->id;
    o.id = store::insert_org(tx, o);
    // A county is its own county; a township its own township.
    if (d.kind == OrgKind::County) o.county_id = o.id;
    if (d.kind == OrgKind::Township) o.township_id = o.id;
    if (d.kind == OrgKind::County || d.kind == OrgKind::Township) store::update_org(tx, o);
    auto saved = *store::find_org(tx, core::unrestricted_scope(), o.id);
    k_.audit(tx, &a, "create", "org_unit", o.id, {{"after", audit_json(saved)}});
    return org_unit_view(saved);
  });
}

OrgUnitView OrgUnitService::update_org(const Actor& a, long long id, const OrgInput& in) {
  k_.require(a, core::Permission::OrgWrite);
  auto d = draft_of(in);
  return k_.db().write([&](store::Tx& tx) {
    auto before = store::find_org(tx, core::unrestricted_scope(), id);
    if (!before) throw not_found("组织机构不存在");
    if (before->kind != in.kind) throw conflict("组织类型不能修改", "kind");
    std::optional<core::OrgUnit> parent;
    if (in.parent_id) {
      if (*in.parent_id == id) throw invalid("parent_id", "上级单位不能是本单位");
      parent = store::find_org(tx, core::unrestricted_scope(), *in.parent_id);
      if (!parent) throw invalid("parent_id", "上级单位不存在");
      // No cycles: the new parent must not sit below this unit.
      for (auto p = parent; p && p->parent_id;) {
        if (*p->parent_id == id) throw invalid("parent_id", "上级单位不能是本单位的下级");
        p = store::find_org(tx, core::unrestricted_scope(), *p->parent_id);
      }
    }
    std::optional<core::ParentInfo> pinfo;
    if (parent) pinfo = core::ParentInfo{*core::kOrgKinds.parse(parent->kind), parent->division_code};
    core::validate_org_unit(d, pinfo);
    if (parent && parent->county_id != before->county_id)
      throw invalid("parent_id", "不能调整到其他县");
    if (d.division_code && store::division_code_taken(tx, *d.division_code, id))
      throw conflict("区划代码已被使用", "division_code");
    if (d.division_code != before->division_code && store::count_children(tx, id) > 0 &&
        d.kind != OrgKind::Department)
      throw conflict("已有下级单位，不能修改区划代码", "division_code");

    core::OrgUnit o = *before;
    fill_org(o, in, d);
    if (d.kind == OrgKind::Village) o.township_id = parent->id;
    if (before->category == "discipline_room" && o.category != "discipline_room" &&
        store::count_links_of(tx, id) > 0)
      throw conflict("该纪检监察室仍联系乡镇，请先解除联系", "category");
    store::update_org(tx, o);
    auto saved = *store::find_org(tx, core::unrestricted_scope(), id);
    k_.audit(tx, &a, "update", "org_unit", id, {{"changes", diff_fields(audit_json(*before), audit_json(saved))}});
    return org_unit_view(saved);
  });
}

void OrgUnitService::delete_org(const Actor& a, long long id) {
  k_.require(a, core::Permission::OrgWrite);
  k_.db().write([&](store::Tx& tx) {
    auto before = store::find_org(tx, core::unrestricted_scope(), id);
    if (!before) throw not_found("组织机构不存在");
    if (store::count_children(tx, id) > 0) throw conflict("请先删除下级单位");
    if (store::count_users_in(tx, id) > 0) throw conflict("该单位下还有用户");
    if (store::count_links_of(tx, id) > 0) throw conflict("请先解除联系指导关系");
    store::delete_org(tx, id);
    k_.audit(tx, &a, "delete", "org_unit", id, {{"before", audit_json(*before)}});
  });
}

PageOf<OrgUnitView> OrgUnitService::linked_townships(const Actor& a, long long room_id) {
  k_.require(a, core::Permission::OrgRead);
  return k_.db().read([&](store::Tx& tx) {
    auto room = store::find_org(tx, a.org_scope, room_id);
    if (!room) throw not_found("组织机构不存在");
    if (room->category != "discipline_room") throw invalid("id", "只有纪检监察室联系乡镇");
    std::vector<core::OrgUnit> out;
    for (long long t : store::linked_townships(tx, room_id))
      if (auto o = store::find_org(tx, a.org_scope, t)) out.push_back(*o);
    return all_of(out);
  });
}

PageOf<OrgUnitView> OrgUnitService::set_linked_townships(const Actor& a, long long room_id,
                                                         std::vector<long long> ids) {
  k_.require(a, core::Permission::OrgWrite);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return k_.db().write([&](store::Tx& tx) {
    auto room = store::find_org(tx, core::unrestricted_scope(), room_id);
    if (!room) throw not_found("组织机构不存在");
    if (room->category != "discipline_room") throw invalid("id", "只有纪检监察室联系乡镇");
    std::vector<core::OrgUnit> towns;
    for (long long t : ids) {
      auto o = store::find_org(tx, core::unrestricted_scope(), t);
      if (!o || o->kind != "township" || o->county_id != room->county_id)
        throw invalid("township_ids", "联系对象必须是本县的乡镇(街道)：" + std::to_string(t));
      towns.push_back(*o);
    }
    auto before = store::linked_townships(tx, room_id);
    store::set_linked_townships(tx, room_id, *room->county_id, ids);
    json::array b(before.begin(), before.end()), af(ids.begin(), ids.end());
    k_.audit(tx, &a, "set_links", "org_unit", room_id, {{"changes", {{"township_ids", json::array{b, af}}}}});
    std::vector<core::OrgUnit> out;
    for (long long t : ids) out.push_back(*store::find_org(tx, core::unrestricted_scope(), t));
    return all_of(out);
  });
}

}  // namespace funnel::app
