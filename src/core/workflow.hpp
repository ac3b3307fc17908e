#pragma once
// One shape for every state machine of the platform (petitions, clues, and
// later cases): a table of transitions, each "from these states, this action
// leads to that state". A transition may keep the state (suspend, extend) or
// leave it to be computed from the step's facts (a clue's approval leads to
// its method's state, a conclusion to its outcome's).
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "core/enums.hpp"

namespace funnel::core::workflow {

template <class State>
struct Target {
  enum class Kind : unsigned char { Fixed, Same, Computed };
  Kind kind = Kind::Fixed;
  State state{};
  constexpr Target(State s) : kind(Kind::Fixed), state(s) {}  // NOLINT: a state is a target
  static constexpr Target same() { return Target(Kind::Same); }
  static constexpr Target computed() { return Target(Kind::Computed); }

 private:
  constexpr explicit Target(Kind k) : kind(k) {}
};

// States are enumerations of at most 64 values, kept as a bit set.
template <class State>
constexpr std::uint64_t bit(State s) {
  return std::uint64_t{1} << static_cast<unsigned>(s);
}

template <class State, class Action>
struct Transition {
  std::uint64_t from = 0;
  Action action{};
  Target<State> to;
  constexpr Transition(std::initializer_list<State> states, Action a, Target<State> t) : action(a), to(t) {
    for (State s : states) from |= bit(s);
  }
  // A set of states several steps share (bits of bit()).
  constexpr Transition(std::uint64_t states, Action a, Target<State> t) : from(states), action(a), to(t) {}
  constexpr bool leaves(State s) const { return (from & bit(s)) != 0; }
};

// The transition for (state, action); nullptr when the table has none.
template <class State, class Action>
constexpr const Transition<State, Action>* find(std::span<const Transition<State, Action>> table, State s,
                                                Action a) {
  for (const auto& t : table)
    if (t.action == a && t.leaves(s)) return &t;
  return nullptr;
}

struct NoComputation {
  template <class State, class Action>
  constexpr std::optional<State> operator()(State, Action) const {
    return std::nullopt;
  }
};

// Where `a` leads from `s`: the fixed state, `s` itself for a Same
// transition, compute(s, a) for a Computed one; nullopt when not allowed.
template <class State, class Action, class Compute = NoComputation>
constexpr std::optional<State> next_state(std::span<const Transition<State, Action>> table, State s, Action a,
                                          Compute compute = {}) {
  const auto* t = find(table, s, a);
  if (!t) return std::nullopt;
  switch (t->to.kind) {
    case Target<State>::Kind::Fixed: return t->to.state;
    case Target<State>::Kind::Same: return s;
    case Target<State>::Kind::Computed: return compute(s, a);
  }
  return std::nullopt;
}

// The actions the table offers in `s` (a Computed one included: whether its
// facts allow it is the caller's question), in the order of `actions`.
template <class State, class Action, std::size_t N>
std::vector<Action> actions_in(std::span<const Transition<State, Action>> table, State s,
                               const EnumTable<Action, N>& actions) {
  std::vector<Action> out;
  for (const auto& [a, code] : actions.rows)
    if (find(table, s, a)) out.push_back(a);
  return out;
}

}  // namespace funnel::core::workflow
