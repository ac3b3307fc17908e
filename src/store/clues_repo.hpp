#pragma once
// Problem clues: the registry, their persons, steps and records (the monthly
// reports and collective reviews are in clue_reports_repo, clue_reviews_repo).
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clue.hpp"
#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"
#include "store/query.hpp"
#include "store/steps.hpp"

namespace funnel::store {

// The clue data-scope clause on alias c (" AND …"). A township sees the
// clues it leads or assists and those concerning it or found by it, except
// conflict-of-interest clues (about its own discipline cadres or party
// secretary), which it never sees; a room sees what it leads and its linked
// townships' clues.
std::string clue_scope(const core::Scope& scope, Params& params);

struct ClueFilter {
  std::optional<std::string> state, mode, method, source, category;
  std::optional<long long> township_id, lead_org_id, petition_id;
  std::optional<std::string> received_from, received_to;  // inclusive
  std::optional<std::string> q;                           // number or summary
  std::optional<std::string> overdue_before;              // due_day < this day, not final
  bool open_only = false;
};

void lock_clue(Tx& tx, long long id);
long long insert_clue(Tx& tx, const core::Clue& c);
// A clues row's columns (without id) and its values in that order: one
// layout for the registration's INSERT and for bulk loads (store::Load).
extern const std::vector<std::string> kClueColumns;
template <class Sink>
void clue_values(Sink& s, const core::Clue& c, long long now) {
  s.use(c.county_id).use(c.township_id).use(c.found_by_org_id).use(c.number_org_id).use(c.year).use(c.seq);
  s.use(c.number).use(c.source).use(c.petition_id).use(c.summary).use(c.content).use(c.category);
  s.use(c.received_day).use(c.state).use(c.conflict).use(c.difficult).use(c.cross_township);
  s.use(c.needs_county_strength).use(c.proposed_mode).use(c.proposal_reason).use(c.mode).use(c.dispatch_reason);
  s.use(c.lead_org_id).use(c.assist_org_id).use(c.acknowledged_at).use(c.method).use(c.plan).use(c.approvals_done);
  s.use(c.outcome).use(c.review_day).use(c.limit_code).use(c.clock_start).use(c.due_day).use(c.closed_day);
  s.use(c.registered_by).use(now).use(now);
}
// Writes what a step may change (state, dispatch, disposal, clock).
void update_clue(Tx& tx, const core::Clue& c);
std::optional<core::Clue> find_clue(Tx& tx, const core::Scope& scope, long long id);
// Newest first; with overdue_before, soonest due first.
std::vector<core::Clue> list_clues(Tx& tx, const core::Scope& scope, const ClueFilter& f, const core::Page& page,
                                   long long* total);
// Every clue of the filter (ledgers, reports, the funnel), streamed in id order.
void scan_clues(Tx& tx, const core::Scope& scope, const ClueFilter& f,
                const std::function<void(const core::Clue&)>& fn);

void insert_clue_person(Tx& tx, long long clue_id, const core::ReportedPerson& rp, int sort);
std::vector<core::ReportedPerson> clue_persons_of(Tx& tx, long long clue_id);
long long insert_clue_step(Tx& tx, const core::ClueStep& s);
extern const std::vector<std::string> kClueStepColumns;  // without id; values: store::step_values
std::vector<core::ClueStep> clue_steps_of(Tx& tx, long long clue_id);
long long insert_clue_record(Tx& tx, const core::ClueRecord& r);
std::vector<core::ClueRecord> clue_records_of(Tx& tx, long long clue_id);
// Which of these clues the scope (with its recusals) shows.
std::set<long long> visible_clue_ids(Tx& tx, const core::Scope& scope, const std::vector<long long>& ids);

}  // namespace funnel::store
