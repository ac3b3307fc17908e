#pragma once
// Problem clues (问题线索, CL-1 … CL-5): registration (also from a petition),
// the dispatch proposal and the approved dispatch (分类分办), the disposal
// steps and records, the funnel view and the clue clocks' warnings.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/persons.hpp"
#include "app/views.hpp"
#include "core/deadline.hpp"
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

// A clue as lists show it (typed view, serialised by src/http).
using ClueApprovals = ApprovalsView;
struct ClueView {
  long long id = 0;
  std::string number, source;
  std::optional<long long> petition_id;  // only when the petition is in the viewer's scope
  std::optional<std::string> petition_number;
  std::string summary, category;
  std::optional<long long> township_id;
  std::optional<std::string> township_name;
  long long found_by_org_id = 0;
  std::string found_by_org_name, received_day, state, proposed_mode;
  std::optional<std::string> proposal_reason, mode, dispatch_reason;
  std::optional<long long> lead_org_id;
  std::optional<std::string> lead_org_name;
  std::optional<long long> assist_org_id;
  std::optional<std::string> assist_org_name, acknowledged_at, method, plan;
  ClueApprovals approvals;
  std::optional<std::string> outcome, review_day, closed_day;
  bool conflict = false, difficult = false, cross_township = false, needs_county_strength = false;
  std::string registered_by_name, created_at, updated_at;
  std::vector<std::string> actions, record_kinds;  // what the viewer may do now
  std::optional<DeadlineView> deadline;
};
BOOST_DESCRIBE_STRUCT(ClueView, (),
                      (id, number, source, petition_id, petition_number, summary, category, township_id, township_name,
                       found_by_org_id, found_by_org_name, received_day, state, proposed_mode, proposal_reason, mode,
                       dispatch_reason, lead_org_id, lead_org_name, assist_org_id, assist_org_name, acknowledged_at,
                       method, plan, approvals, outcome, review_day, closed_day, conflict, difficult, cross_township,
                       needs_county_strength, registered_by_name, created_at, updated_at, actions, record_kinds,
                       deadline))
using ClueStepView = StepView;
struct ClueRecordView {
  long long id = 0;
  std::string kind, day, text;
  std::optional<std::string> evaluation;
  std::string author_name, at;
};
BOOST_DESCRIBE_STRUCT(ClueRecordView, (), (id, kind, day, text, evaluation, author_name, at))
struct ClueReviewMention {
  long long review_id = 0;
  std::string held_day, decision;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(ClueReviewMention, (), (review_id, held_day, decision, note))
// The detail: the list's fields and the content, persons, steps, records and reviews.
struct ClueDetail : ClueView {
  std::string content;
  std::vector<PersonView> persons;
  std::vector<ClueStepView> steps;
  std::vector<ClueRecordView> records;
  std::vector<ClueReviewMention> reviews;
  std::vector<CaseRef> cases;  // filed from this clue, those in the viewer's scope
};
BOOST_DESCRIBE_STRUCT(ClueDetail, (ClueView), (content, persons, steps, records, reviews, cases))

// The proposed dispatch (分类分办) from the clue's persons and flags.
struct ClueDispatchProposal {
  std::string mode;
  bool conflict = false;
  std::string reason, basis;
  std::optional<long long> lead_org_id, assist_org_id;
};
BOOST_DESCRIBE_STRUCT(ClueDispatchProposal, (), (mode, conflict, reason, basis, lead_org_id, assist_org_id))

// The funnel: counts, the state × mode matrix, the late clues and the Sankey flow.
struct ClueStateCount {
  std::string state;
  long long count = 0;
};
BOOST_DESCRIBE_STRUCT(ClueStateCount, (), (state, count))
struct ClueModeCount {
  std::string mode;  // "undispatched" for clues not dispatched yet
  long long count = 0;
};
BOOST_DESCRIBE_STRUCT(ClueModeCount, (), (mode, count))
struct ClueMatrixCell {
  std::string state;
  std::optional<std::string> mode;  // null: not dispatched yet
  long long count = 0;
};
BOOST_DESCRIBE_STRUCT(ClueMatrixCell, (), (state, mode, count))
struct SankeyNode {
  std::string name, stage;
};
BOOST_DESCRIBE_STRUCT(SankeyNode, (), (name, stage))
struct SankeyLink {
  std::string source, target;
  long long value = 0;
};
BOOST_DESCRIBE_STRUCT(SankeyLink, (), (source, target, value))
struct ClueSankey {
  std::vector<SankeyNode> nodes;
  std::vector<SankeyLink> links;
};
BOOST_DESCRIBE_STRUCT(ClueSankey, (), (nodes, links))
struct ClueFunnel {
  std::string from, to;
  long long total = 0;
  std::vector<ClueStateCount> by_state;
  std::vector<ClueModeCount> by_mode;
  std::vector<ClueMatrixCell> matrix;
  std::vector<ClueView> overdue;  // late first, at most 50
  ClueSankey sankey;
};
BOOST_DESCRIBE_STRUCT(ClueFunnel, (), (from, to, total, by_state, by_mode, matrix, overdue, sankey))

// A warning of the clue work: a township's missing report (no clue) or a clue's clock.
struct ClueWarningClue {
  long long id = 0;
  std::string number, summary, state;
  std::optional<std::string> lead_org_name;
};
BOOST_DESCRIBE_STRUCT(ClueWarningClue, (), (id, number, summary, state, lead_org_name))
struct ClueWarning {
  std::string code, message;
  std::optional<long long> township_id;
  std::optional<std::string> month, deadline_day;
  std::optional<ClueWarningClue> clue;
};
BOOST_DESCRIBE_STRUCT(ClueWarning, (), (code, message, township_id, month, deadline_day, clue))

class ClueService {
 public:
  explicit ClueService(Kernel& k) : k_(k) {}
  ClueDetail register_clue(const Actor& a, const ClueInput& in);
  PageOf<ClueView> list_clues(const Actor& a, const store::ClueFilter& f, bool overdue, const core::Page& page);
  ClueDetail get_clue(const Actor& a, long long id);
  ClueDetail act_on_clue(const Actor& a, long long id, const ClueActionInput& in);
  ClueDetail add_clue_record(const Actor& a, long long id, const ClueRecordInput& in);
  ClueDispatchProposal clue_dispatch_proposal(const Actor& a, long long id);
  // The funnel view: clues received in [from, to] by stage and mode, the
  // flow source → mode → outcome, and the late ones first.
  ClueFunnel clue_funnel(const Actor& a, const std::optional<std::string>& from, const std::optional<std::string>& to);
  // Warnings of the clue work: monthly reports not submitted by their
  // deadline (months since the township existed), clue clocks overdue or due
  // soon, pending clues due for review; one page with the true total.
  PageOf<ClueWarning> clue_warnings(const Actor& a, const core::Page& page);

  // The registration inside a write transaction (also for a petition
  // converted to a clue); returns the new clue's id.
  long long create_clue(store::Tx& tx, const Actor& a, const ClueInput& in);
  // The clock after a step or a record (also funnel gen's).
  void set_clue_clock(core::Clue& c, const std::string& start, bool letter_sent, bool answered) const;

  // Who approves the clue's disposal, per its dispatch mode (data/approvals.json); empty before dispatch.
  const std::vector<core::Role>& approval_roles(const core::Clue& c) const;

 private:
  ClueView clue_view(store::Tx& tx, const Actor& a, const core::Clue& c);
  ClueDetail clue_detail(store::Tx& tx, const Actor& a, const core::Clue& c);
  core::DeadlineReading deadline(const core::Clue& c, core::Day today) const;
  Kernel& k_;
};

}  // namespace funnel::app
