#include "app/clue_reviews.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/clue_reviews_repo.hpp"
#include "store/clues_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

using core::ClueAction;

using core::ClueState;

namespace {
ClueReviewView review_view(const store::ClueReview& r) {
  return {r.id, r.held_day, r.title, r.attendees, r.note, r.org_name, r.created_by_name};
}
}  // namespace


// --- collective reviews (集体排查)

ClueReviewDetail ClueReviewService::add_clue_review(const Actor& a, const ClueReviewInput& in) {
  // Held by the county office with the leaders, by a room or by a township committee.
  k_.require_route(a, "clue:dispatch|clue:handle");
  if (core::trim(in.title).empty()) throw invalid("title", "请填写会议名称");
  if (core::trim(in.attendees).empty()) throw invalid("attendees", "请填写参会人员");
  if (in.items.empty()) throw invalid("items", "请至少列出一条排查的线索");
  std::set<long long> seen;
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    if (!core::kClueReviewDecisions.parse(in.items[i].decision))
      throw invalid("items[" + std::to_string(i) + "].decision", "未知的排查意见");
    if (!seen.insert(in.items[i].clue_id).second)
      throw invalid("items[" + std::to_string(i) + "].clue_id", "同一线索重复列出");
  }
  if (!a.user.org_unit_id) throw forbidden("账号未归属单位");
  const long long id = k_.db().write([&](store::Tx& tx) {
    checked_day("held_day", in.held_day, core::day_of_ms(tx.now));
    store::ClueReview r;
    r.county_id = a.scope.county_id;
    r.org_id = *a.user.org_unit_id;
    r.held_day = in.held_day;
    r.title = core::trim(in.title);
    r.attendees = core::trim(in.attendees);
    r.note = in.note;
    r.created_by = a.user.id;
    r.created_by_name = a.user.display_name;
    r.id = store::insert_clue_review(tx, r);
    for (std::size_t i = 0; i < in.items.size(); ++i) {
      auto c = store::find_clue(tx, a.scope, in.items[i].clue_id);
      if (!c) throw invalid("items[" + std::to_string(i) + "].clue_id", "线索不存在或不在本人数据范围内");
      store::insert_clue_review_item(tx, {r.id, c->id, in.items[i].decision, in.items[i].note, {}, {}, {}});
    }
    k_.audit(tx, &a, "create", "clue_review", r.id,
          {{"held_day", r.held_day}, {"items", static_cast<long long>(in.items.size())}});
    return r.id;
  });
  return get_clue_review(a, id);
}

PageOf<ClueReviewSummary> ClueReviewService::list_clue_reviews(const Actor& a, const core::Page& page) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<ClueReviewSummary> out;
    for (auto& r : store::list_clue_reviews(tx, a.scope, page, &out.total))
      out.items.push_back({review_view(r), r.item_count});
    return out;
  });
}

ClueReviewDetail ClueReviewService::get_clue_review(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto r = store::find_clue_review(tx, a.scope, id);
    if (!r) throw not_found("排查记录不存在或不在本人数据范围内");
    ClueReviewDetail d;
    static_cast<ClueReviewView&>(d) = review_view(*r);
    // Items the viewer may not see (other units, recusal) are withheld, counted.
    const auto all = store::clue_review_items(tx, id);
    std::vector<long long> ids;
    for (auto& i : all) ids.push_back(i.clue_id);
    const auto visible = store::visible_clue_ids(tx, a.scope, ids);
    for (auto& i : all)
      if (!visible.count(i.clue_id))
        ++d.withheld;
      else
        d.items.push_back({i.clue_id, i.number, i.summary, i.decision, i.note});
    return d;
  });
}

}  // namespace funnel::app
