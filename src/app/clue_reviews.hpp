#pragma once
// 集体排查 (CL-5): a collective review of clues with one decision per clue.
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

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

// A review as the list and the detail share it (typed views, serialised by src/http).
struct ClueReviewView {
  long long id = 0;
  std::string held_day, title, attendees;
  std::optional<std::string> note;
  std::string org_name, created_by_name;
};
BOOST_DESCRIBE_STRUCT(ClueReviewView, (), (id, held_day, title, attendees, note, org_name, created_by_name))
struct ClueReviewSummary : ClueReviewView {
  long long item_count = 0;
};
BOOST_DESCRIBE_STRUCT(ClueReviewSummary, (ClueReviewView), (item_count))
struct ClueReviewItemView {
  long long clue_id = 0;
  std::string number, summary, decision;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(ClueReviewItemView, (), (clue_id, number, summary, decision, note))
// The detail: the items the viewer may see, and how many are withheld.
struct ClueReviewDetail : ClueReviewView {
  std::vector<ClueReviewItemView> items;
  long long withheld = 0;
};
BOOST_DESCRIBE_STRUCT(ClueReviewDetail, (ClueReviewView), (items, withheld))

class ClueReviewService {
 public:
  explicit ClueReviewService(Kernel& k) : k_(k) {}
  ClueReviewDetail add_clue_review(const Actor& a, const ClueReviewInput& in);
  PageOf<ClueReviewSummary> list_clue_reviews(const Actor& a, const core::Page& page);
  ClueReviewDetail get_clue_review(const Actor& a, long long id);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
