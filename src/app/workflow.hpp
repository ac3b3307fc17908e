#pragma once
// One skeleton for a step of any record's workflow (petitions, clues,
// cases). In one write transaction it locks the record, finds it in the
// actor's data scope (404 otherwise), asks the entity for the next state
// (409 when the state refuses the step, 422 for bad input, 403 when the
// actor may not take it), lets the entity apply the step's changes, adds the
// reason, lets the entity store the record and its step row, and appends the
// audit record. The rules themselves live in src/core (transition tables,
// core/*_rules); an entity only wires them to its store.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "core/error.hpp"
#include "core/model.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace funnel::app {

// The record's number in the audit detail; a case has none before its filing is approved.
inline boost::json::value number_value(const std::string& n) { return boost::json::value(n); }
inline boost::json::value number_value(const std::optional<std::string>& n) {
  return n ? boost::json::value(*n) : boost::json::value(nullptr);
}

template <class Record, class State>
struct Step {
  store::Tx& tx;
  const Actor& actor;
  Record record;  // as found; apply changes it
  State from{}, to{};
  core::Day today{};
  std::string today_s;         // YYYY-MM-DD
  boost::json::object detail;  // the audit record's detail: number, from, to, then what the entity adds
};

// The fields every step row has: the action, from and to, who took it from
// which unit, the reason and the note.
template <class Row, class S>
void fill_step_row(Row& st, const S& s, const std::string& from, const std::string& to, const std::string& action,
                   const std::optional<std::string>& reason, const std::optional<std::string>& note) {
  st.action = action;
  st.from_state = from;
  st.to_state = to;
  st.actor_id = s.actor.user.id;
  st.actor_name = s.actor.user.display_name;
  st.org_id = s.actor.user.org_unit_id;
  if (reason) st.reason = core::trim(*reason);
  if (note) st.note = note;
}

// The step row of a clue or a case after its step: the common fields and
// what the step decided (`choice`), which the audit detail gets too.
template <class S>
core::StepRecord step_row(S& s, const std::string& from, const std::string& to, const std::string& action,
                          const std::optional<std::string>& reason, const std::optional<std::string>& note,
                          const boost::json::object& choice) {
  for (auto& [k, v] : choice) s.detail[k] = v;
  core::StepRecord st;
  st.record_id = s.record.id;
  fill_step_row(st, s, from, to, action, reason, note);
  if (!choice.empty()) st.detail = boost::json::serialize(choice);
  return st;
}

// E provides:
//   using Record, State;  static constexpr const char* kEntity (audit), kNotFound (404 message);
//   void lock(store::Tx&, long long id);
//   std::optional<Record> find(store::Tx&, const core::Scope&, long long id);
//   State state_of(const Record&) const;  std::string code(State) const;
//   State transition(Step&);  // the next state, or throws
//   void apply(Step&);        // checks the step's input, changes the record, adds to detail
//   void save(Step&);         // the record, its step row and what follows the step
template <class E>
void run_step(Kernel& k, const Actor& a, long long id, const std::string& action_code,
              const std::optional<std::string>& reason, E& e) {
  k.db().write([&](store::Tx& tx) {
    e.lock(tx, id);
    auto found = e.find(tx, a.scope, id);
    if (!found) throw not_found(E::kNotFound);
    Step<typename E::Record, typename E::State> s{tx, a, std::move(*found), {}, {}, {}, {}, {}};
    s.today = core::day_of_ms(tx.now);
    s.today_s = core::format_day(s.today);
    s.from = e.state_of(s.record);
    s.to = e.transition(s);
    s.detail = {{"number", number_value(s.record.number)}, {"from", e.code(s.from)}, {"to", e.code(s.to)}};
    e.apply(s);
    if (reason) s.detail["reason"] = core::trim(*reason);
    e.save(s);
    k.audit(tx, &a, action_code, E::kEntity, s.record.id, s.detail);
  });
}

}  // namespace funnel::app
