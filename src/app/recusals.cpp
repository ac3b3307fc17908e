#include "app/recusals.hpp"

#include "core/error.hpp"
#include "core/portal.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/org_units_repo.hpp"
#include "store/recusals_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace {
constexpr const char* kRelations[] = {"self", "spouse", "kin", "other"};

RecusalView recusal_view(const store::Recusal& r) {
  return {r.id,       {r.user_id, r.username, r.user_display_name}, {r.person_id, r.person_name, r.person_unit},
          r.relation, r.reason,
          r.created_by_name,
          core::iso_utc(r.created_at)};
}
}  // namespace

PageOf<RecusalView> RecusalService::list_recusals(const Actor& a, const std::optional<long long>& user_id,
                                                  const core::Page& page) {
  k_.require(a, core::Permission::RecusalManage);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<RecusalView> out;
    for (const auto& r : store::list_recusals(tx, a.scope.county_id, user_id, page, &out.total))
      out.items.push_back(recusal_view(r));
    return out;
  });
}

RecusalView RecusalService::add_recusal(const Actor& a, const RecusalInput& in) {
  k_.require(a, core::Permission::RecusalManage);
  bool known = false;
  for (auto r : kRelations) known = known || in.relation == r;
  if (!known) throw invalid("relation", "未知的关系");
  if (core::utf8_length(core::trim(in.reason)) < 2) throw invalid("reason", "请写明回避理由");
  if (core::utf8_length(in.reason) > 200) throw invalid("reason", "理由不能超过 200 个字");
  const long long id = k_.db().write([&](store::Tx& tx) {
    auto u = store::find_user(tx, in.user_id);
    std::optional<core::OrgUnit> unit;
    if (u && u->org_unit_id) unit = store::find_org(tx, core::unrestricted_scope(), *u->org_unit_id);
    if (!u || u->username.rfind('@', 0) == 0 || !unit || unit->county_id != a.scope.county_id)
      throw invalid("user_id", "应为本县的干部账号");
    auto person = store::find_person(tx, in.person_id);
    if (!person || person->county_id != a.scope.county_id) throw invalid("person_id", "应为本县登记的被反映人");
    if (store::find_recusal_id(tx, in.user_id, in.person_id)) throw conflict("已登记过该回避");
    store::Recusal r;
    r.county_id = a.scope.county_id;
    r.user_id = in.user_id;
    r.person_id = in.person_id;
    r.relation = in.relation;
    r.reason = core::trim(in.reason);
    r.created_by = a.user.id;
    r.created_by_name = a.user.display_name;
    r.id = store::insert_recusal(tx, r);
    k_.audit(tx, &a, "create", "recusal", r.id,
          {{"user_id", r.user_id}, {"person_id", r.person_id}, {"relation", r.relation}});
    return r.id;
  });
  return k_.db().read([&](store::Tx& tx) { return recusal_view(*store::find_recusal(tx, a.scope.county_id, id)); });
}

ListOf<RecusalCandidate> RecusalService::recusal_candidates(const Actor& a, const std::optional<std::string>& q) {
  k_.require(a, core::Permission::RecusalManage);
  return k_.db().read([&](store::Tx& tx) {
    ListOf<RecusalCandidate> out;
    for (const auto& u : store::county_users(tx, a.scope.county_id, q, 20))
      out.items.push_back({{u.id, u.username, u.display_name}, u.org_name});
    return out;
  });
}

void RecusalService::delete_recusal(const Actor& a, long long id) {
  k_.require(a, core::Permission::RecusalManage);
  k_.db().write([&](store::Tx& tx) {
    auto r = store::find_recusal(tx, a.scope.county_id, id);
    if (!r) throw not_found("回避记录不存在");
    // Nobody lifts a recusal that names them (then reads the record).
    if (r->user_id == a.user.id) throw forbidden("不能撤销涉及本人的回避");
    store::delete_recusal(tx, id);
    k_.audit(tx, &a, "delete", "recusal", id, {{"user_id", r->user_id}, {"person_id", r->person_id}});
    return 0;
  });
}

}  // namespace funnel::app
