#pragma once
// Cases (Cases I): the case of one person, its steps, investigation team,
// measures log and extensions.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/case.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"
#include "store/query.hpp"

namespace funnel::store {

// The case data-scope clause on alias c (" AND …"). The county's offices
// (county scope: the leader, 案管) see the county's cases; a room sees the
// cases it leads or assists and those of its linked townships; a township
// only the cases it leads or assists (never one about its own discipline
// cadres or party secretary); own records what the user requested; nobody
// a case about a person they are recused from.
std::string case_scope(const core::Scope& scope, Params& params);

struct CaseFilter {
  std::optional<std::string> state;
  std::optional<long long> lead_org_id;
  std::optional<int> year;
  std::optional<std::string> person;      // the person's name, a part of it
  std::optional<std::string> due_before;  // due_day < this day (overdue: today)
  std::optional<std::string> trial_due_before;  // the trial limit's due day < this day
  std::optional<std::string> due_from;    // due_day >= this day
  bool extension_pending = false;         // a request (请示) awaits its reply
};

void lock_case(Tx& tx, long long id);
// A cases row's columns (without id) and its values in that order, every
// column a case's steps may have set (bulk loads, store::Load).
extern const std::vector<std::string> kCaseColumns;
template <class Sink>
void case_values(Sink& s, const core::Case& c) {
  s.use(c.county_id).use(c.township_id).use(c.lead_org_id).use(c.assist_org_id).use(c.mode).use(c.source);
  s.use(c.clue_id).use(c.source_organ).use(c.source_ref).use(c.joint_of).use(c.person_id).use(c.cadre_level);
  s.use(c.party_member).use(c.public_official).use(c.supervised_category).use(c.conflict).use(c.regime);
  s.use(c.violations).use(c.summary).use(c.state).use(c.approvals_done).use(c.number_org_id).use(c.year);
  s.use(c.seq).use(c.number).use(c.filed_day).use(c.plan).use(c.facts_shown_day).use(c.report).use(c.absconded);
  s.use(c.limit_code).use(c.clock_start).use(c.due_day).use(c.extensions).use(c.requested_by).use(c.created_at);
  s.use(c.updated_at).use(c.trial_accepted_day).use(c.trial_intervened_day).use(c.trial_report);
  s.use(c.trial_deliberation).use(c.trial_due_day).use(c.trial_extensions);
}
long long insert_case(Tx& tx, const core::Case& c);
// Writes what a step may change (state, approvals, number, plan, clock).
void update_case(Tx& tx, const core::Case& c);
std::optional<core::Case> find_case(Tx& tx, const core::Scope& scope, long long id);
// Newest first.
std::vector<core::Case> list_cases(Tx& tx, const core::Scope& scope, const CaseFilter& f, const core::Page& page,
                                   long long* total);
// The cases filed from a clue (any state), oldest first; the clue's persons already filed.
std::vector<core::Case> cases_of_clue(Tx& tx, const core::Scope& scope, long long clue_id);
bool clue_person_filed(Tx& tx, long long clue_id, long long person_id);

long long insert_case_step(Tx& tx, const core::CaseStep& s);
std::vector<core::CaseStep> case_steps_of(Tx& tx, long long case_id);

// The team replaces any earlier one; the first member leads.
void set_case_team(Tx& tx, long long case_id, const std::vector<long long>& user_ids);
std::vector<core::CaseTeamMember> case_team_of(Tx& tx, long long case_id);
// The triers (审理组), the lead first.
void set_case_triers(Tx& tx, long long case_id, const std::vector<long long>& user_ids);
std::vector<core::CaseTeamMember> case_triers_of(Tx& tx, long long case_id);

long long insert_case_measure(Tx& tx, const core::CaseMeasure& m);
// A measure's end (留置 released, property no longer needed) and its return day.
void end_case_measure(Tx& tx, const core::CaseMeasure& m);
std::vector<core::CaseMeasure> case_measures_of(Tx& tx, long long case_id);
// The measures still owing something, in the scope: detentions not yet
// released or not yet notified (nor withheld), property measures ended and
// not returned. Only the fields the warnings read.
std::vector<core::CaseMeasure> measures_owing(Tx& tx, const core::Scope& scope,
                                              const std::vector<std::string>& property_measures);
long long insert_case_extension(Tx& tx, const core::CaseExtension& e);
std::vector<core::CaseExtension> case_extensions_of(Tx& tx, long long case_id);
// The decision's outcomes (处分决定), in the order decided.
long long insert_case_decision(Tx& tx, const core::CaseDecision& d);
std::vector<core::CaseDecision> case_decisions_of(Tx& tx, long long case_id);
// A township's extension requests (请示) and the county's replies, oldest first.
long long insert_extension_request(Tx& tx, const core::CaseExtensionRequest& r);
void answer_extension_request(Tx& tx, long long request_id, long long answered_by, long long extension_id,
                              const std::optional<std::string>& refusal_reason);
std::vector<core::CaseExtensionRequest> extension_requests_of(Tx& tx, long long case_id);

struct CaseWarningAck {
  long long case_id = 0;
  std::string code, occurrence;
  long long user_id = 0;
  std::string user_name;
  std::optional<std::string> note;
  long long at = 0;
};
std::vector<CaseWarningAck> case_acks_for(Tx& tx, const std::vector<long long>& case_ids);
// False when this occurrence was already acknowledged (idempotent).
bool insert_case_ack(Tx& tx, long long county_id, const CaseWarningAck& k);

}  // namespace funnel::store
