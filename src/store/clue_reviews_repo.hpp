#pragma once
// Collective reviews of clues (集体排查, CL-5) and their one decision per clue.
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct ClueReview {
  long long id = 0, county_id = 0, org_id = 0;
  std::string held_day, title, attendees;
  std::optional<std::string> note;
  long long created_by = 0;
  std::string created_by_name;
  long long created_at = 0;
  std::string org_name;  // joined
  long long item_count = 0;
};
struct ClueReviewItem {
  long long review_id = 0, clue_id = 0;
  std::string decision;
  std::optional<std::string> note;
  std::string number, summary, held_day;  // joined
};
long long insert_clue_review(Tx& tx, const ClueReview& r);
void insert_clue_review_item(Tx& tx, const ClueReviewItem& i);
// Reviews held by units the scope reaches (the county sees all of its county's).
std::vector<ClueReview> list_clue_reviews(Tx& tx, const core::Scope& scope, const core::Page& page, long long* total);
std::optional<ClueReview> find_clue_review(Tx& tx, const core::Scope& scope, long long id);
std::vector<ClueReviewItem> clue_review_items(Tx& tx, long long review_id);
std::vector<ClueReviewItem> clue_reviews_of(Tx& tx, long long clue_id);

}  // namespace funnel::store
