#include "app/warnings.hpp"
#include "app/petitions.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

PageOf<WarningItem> WarningService::list_warnings(const Actor& a, const std::optional<std::string>& code,
                                                  bool include_acknowledged, const core::Page& page) {
  k_.require(a, core::Permission::PetitionRead);
  return k_.db().read([&](store::Tx& tx) {
    const core::Day today = core::day_of_ms(tx.now);
    const auto cutoff = core::format_day(k_.calendar().add_working_days(today, std::max(k_.catalogue().due_soon_working_days, 0)));
    // All candidates are weighed, so the total is true; only the page is built.
    auto cands = store::warning_candidates(tx, a.scope, cutoff);
    std::vector<long long> ids;
    for (auto& p : cands) ids.push_back(p.id);
    const auto acks = store::acks_for(tx, ids);
    std::map<std::tuple<long long, std::string, std::string>, const store::WarningAck*> ack_of;
    for (auto& k : acks) ack_of[{k.petition_id, k.code, k.occurrence}] = &k;
    const long long first = page.offset(), last = first + page.page_size;
    PageOf<WarningItem> out;
    for (auto& p : cands) {
      for (auto& w : petitions_.standing_warnings(p, today)) {
        WarningItem item{w, {}};
        if (code && item.code != *code) continue;
        auto it = ack_of.find({p.id, item.code, item.occurrence});
        const store::WarningAck* k = it == ack_of.end() ? nullptr : it->second;
        if (k && !include_acknowledged) continue;
        const long long at = out.total++;
        if (at < first || at >= last) continue;
        if (k) item.acknowledged = WarningAckView{k->user_name, core::iso_utc(k->at), k->note};
        item.petition = {p.id, p.number, p.summary, p.state, p.due_day, p.intake_org_name, std::nullopt};
        if (p.handler_org_id) item.petition.handler_org = p.handler_org_name;
        out.items.push_back(std::move(item));
      }
    }
    return out;
  });
}

WarningAckResult WarningService::acknowledge_warning(const Actor& a, long long petition_id, const std::string& code,
                                                    const std::string& occurrence,
                                                    const std::optional<std::string>& note) {
  k_.require(a, core::Permission::PetitionHandle);
  return k_.db().write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw invalid("petition_id", "信访件不存在或不在本人数据范围内");
    bool holds = false;
    for (auto& w : petitions_.standing_warnings(*p, core::day_of_ms(tx.now)))
      holds = holds || (w.code == code && w.occurrence == occurrence);
    if (!holds) throw conflict("该预警当前不存在（可能已办理或期限已变）", "occurrence");
    store::WarningAck k;
    k.petition_id = p->id;
    k.code = code;
    k.occurrence = occurrence;
    k.user_id = a.user.id;
    k.note = note;
    bool fresh = store::insert_ack(tx, p->county_id, k);
    if (fresh)
      k_.audit(tx, &a, "acknowledge_warning", "petition", p->id,
            {{"number", p->number}, {"code", code}, {"occurrence", occurrence}});
    return WarningAckResult{true, !fresh};
  });
}

}  // namespace funnel::app
