#pragma once
// Problem clues (问题线索, CL-1 … CL-5): registration (also from a petition),
// the dispatch proposal and the approved dispatch (分类分办), the disposal
// steps and records, the funnel view and the clue clocks' warnings.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/persons.hpp"
#include "store/clues_repo.hpp"

namespace funnel::app {

struct ClueInput {
  std::string source, summary, content, category, received_day;
  std::optional<long long> petition_id, township_id;
  std::vector<ReportedInput> persons;
  bool difficult = false, cross_township = false, needs_county_strength = false;
};
struct ClueActionInput {
  std::string action;
  std::optional<std::string> reason, note, mode, method, plan, review_day, outcome;
  std::optional<long long> lead_org_id, assist_org_id;
};
struct ClueRecordInput {
  std::string kind, day, text;
  std::optional<std::string> evaluation;
};

class ClueService {
 public:
  explicit ClueService(Kernel& k) : k_(k) {}
  boost::json::object register_clue(const Actor& a, const ClueInput& in);
  boost::json::object list_clues(const Actor& a, const store::ClueFilter& f, bool overdue, const core::Page& page);
  boost::json::object get_clue(const Actor& a, long long id);
  boost::json::object act_on_clue(const Actor& a, long long id, const ClueActionInput& in);
  boost::json::object add_clue_record(const Actor& a, long long id, const ClueRecordInput& in);
  boost::json::object clue_dispatch_proposal(const Actor& a, long long id);
  // The funnel view: clues received in [from, to] by stage and mode, the
  // flow source → mode → outcome, and the late ones first.
  boost::json::object clue_funnel(const Actor& a, const std::optional<std::string>& from,
                                  const std::optional<std::string>& to);
  // Warnings of the clue work: monthly reports not submitted by their
  // deadline (months since the township existed), clue clocks overdue or due
  // soon, pending clues due for review; one page with the true total.
  boost::json::object clue_warnings(const Actor& a, const core::Page& page);

  // The registration inside a write transaction (also for a petition
  // converted to a clue); returns the new clue's id.
  long long create_clue(store::Tx& tx, const Actor& a, const ClueInput& in);
  // The clock after a step or a record (also funnel gen's).
  void set_clue_clock(core::Clue& c, const std::string& start, bool letter_sent, bool answered) const;

 private:
  boost::json::object clue_json(store::Tx& tx, const Actor& a, const core::Clue& c, bool full);
  std::string clue_deadline_status(const core::Clue& c, core::Day today, long long* left) const;
  const std::vector<core::Role>& approval_roles(const core::Clue& c) const;  // empty before dispatch
  Kernel& k_;
};

}  // namespace funnel::app
