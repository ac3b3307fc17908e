#pragma once
// 集体排查 (CL-5): a collective review of clues with one decision per clue.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"

namespace funnel::app {

struct ClueReviewInput {
  std::string held_day, title, attendees;
  std::optional<std::string> note;
  struct Item {
    long long clue_id = 0;
    std::string decision;
    std::optional<std::string> note;
  };
  std::vector<Item> items;
};

class ClueReviewService {
 public:
  explicit ClueReviewService(Kernel& k) : k_(k) {}
  boost::json::object add_clue_review(const Actor& a, const ClueReviewInput& in);
  boost::json::object list_clue_reviews(const Actor& a, const core::Page& page);
  boost::json::object get_clue_review(const Actor& a, long long id);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
