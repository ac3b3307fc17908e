#pragma once
// The views several features share (typed; http/views_json.hpp makes them
// JSON) and the JSON of the audit details. Confidential fields (password
// hashes, tokens) are never part of a view.
#include <boost/describe.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/deadline.hpp"
#include "core/model.hpp"
#include "core/time.hpp"

namespace funnel::app {

class Kernel;

// An account as the API and the audit details show it (never its hash).
struct UserView {
  long long id = 0;
  std::string username, display_name;
  std::optional<long long> org_unit_id;
  std::string org_unit_name, role, data_scope, status;
  bool locked = false, must_change_password = false;
  std::string created_at;
  std::optional<std::string> last_login_at;
};
BOOST_DESCRIBE_STRUCT(UserView, (),
                      (id, username, display_name, org_unit_id, org_unit_name, role, data_scope, status, locked,
                       must_change_password, created_at, last_login_at))
UserView user_view(const core::User& u);
// The view as the audit details carry it.
boost::json::object to_json(const core::User& u);

// null for an empty optional (the hand-built JSON of audit and step details).
boost::json::value opt(const std::optional<long long>& v);
boost::json::value opt(const std::optional<std::string>& v);
// The one deadline shape of every entity's view (typed views embed it): null
// without a clock, else the limit (with its label and basis from
// data/time-limits.json), start, due day, working days left, extensions,
// status and whether it is provisional.
struct DeadlineView {
  std::string limit, label, basis;
  bool local = false;
  std::optional<std::string> start;
  std::string due;
  long long working_days_left = 0;
  int extensions = 0;
  std::string status;
  bool provisional = false;
};
BOOST_DESCRIBE_STRUCT(DeadlineView, (), (limit, label, basis, local, start, due, working_days_left, extensions, status,
                                         provisional))
std::optional<DeadlineView> deadline_view(const Kernel& k, const std::optional<core::Deadline>& d);

// A reported person as petition and clue views show them.
struct PersonView {
  long long person_id = 0;
  std::string name, unit_name;
  std::optional<std::string> post;
  std::string cadre_level;
  bool party_member = false, public_official = false, county_department = false;
  bool township_discipline_staff = false, township_party_secretary = false;
};
BOOST_DESCRIBE_STRUCT(PersonView, (), (person_id, name, unit_name, post, cadre_level, party_member, public_official,
                                       county_department, township_discipline_staff, township_party_secretary))
PersonView person_view(const core::ReportedPerson& rp);

// A referenced org unit: {id, name} (OrgRef in docs/openapi.yaml); a user
// referenced by name has the same shape.
struct OrgRef {
  long long id = 0;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(OrgRef, (), (id, name))
using UserRef = OrgRef;
// An account referenced by its names (recusals, account requests).
struct AccountRef {
  long long id = 0;
  std::string username, display_name;
};
BOOST_DESCRIBE_STRUCT(AccountRef, (), (id, username, display_name))

// A linked petition: {id, number}.
struct PetitionRef {
  long long id = 0;
  std::string number;
};
BOOST_DESCRIBE_STRUCT(PetitionRef, (), (id, number))

// An approval chain's progress: who approves, in order, how many have, who is next and the rule.
struct ApprovalsView {
  std::vector<std::string> needed;  // roles or approvers, in order
  int done = 0;
  std::optional<std::string> next, basis;
};
BOOST_DESCRIBE_STRUCT(ApprovalsView, (), (needed, done, next, basis))

// One step of a record's workflow as its detail lists it.
struct StepView {
  std::string action;
  std::optional<std::string> from_state;
  std::string to_state, actor_name, at;
  std::optional<std::string> reason, note;
  boost::json::value detail;  // what the step decided (null when nothing)
};
BOOST_DESCRIBE_STRUCT(StepView, (), (action, from_state, to_state, actor_name, at, reason, note, detail))
// The step rows of clues and cases have these members.
template <class Row>
StepView step_view(const Row& s) {
  return {s.action, s.from_state, s.to_state, s.actor_name, core::iso_utc(s.at), s.reason, s.note,
          s.detail ? boost::json::parse(*s.detail) : boost::json::value(nullptr)};
}

// A linked case: {id, number (null until the filing is approved), state}.
struct CaseRef {
  long long id = 0;
  std::optional<std::string> number;
  std::string state;
};
BOOST_DESCRIBE_STRUCT(CaseRef, (), (id, number, state))

// A member left out of the answer when empty (not null), where the answer
// has always omitted it.
template <class T>
struct Omitted : std::optional<T> {
  using std::optional<T>::optional;
};

// A petition's warning (预警) that holds today, as the warnings list and the
// petition's detail show it: an occurrence names one instance, for its
// acknowledgement.
struct WarningAckView {
  std::string by, at;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(WarningAckView, (), (by, at, note))
struct WarningView {
  std::string code, message, occurrence;
  Omitted<std::string> terms;  // risk terms only
  std::optional<WarningAckView> acknowledged;
};
BOOST_DESCRIBE_STRUCT(WarningView, (), (code, message, occurrence, terms, acknowledged))
struct WarningAckResult {
  bool acknowledged = true;
  bool already = false;  // it had been before
};
BOOST_DESCRIBE_STRUCT(WarningAckResult, (), (acknowledged, already))

// One page of a list: its items and the true total.
template <class T>
struct PageOf {
  std::vector<T> items;
  long long total = 0;
};
// A short list, whole: its items only.
template <class T>
struct ListOf {
  std::vector<T> items;
};

// {"field": [before, after]} for the fields that differ (audit details).
boost::json::object diff_fields(const boost::json::object& before, const boost::json::object& after);

}  // namespace funnel::app
