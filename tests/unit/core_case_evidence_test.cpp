// The evidence list and the property register of a case: the kinds, the
// moves of an item of property and the checks of each entry.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/case_evidence.hpp"
#include "problem_print.hpp"

using namespace funnel::core;
namespace json = boost::json;

namespace {
const std::filesystem::path kData = std::filesystem::path(FUNNEL_SOURCE_DIR) / "data";
Day D(const char* s) { return *parse_day(s); }
const Day kToday = D("2026-12-07");

std::string field_of(const Check& c) { return c ? c->field : ""; }
bool conflict(const Check& c) { return c && c->kind == Problem::Kind::Conflict; }

EvidenceEntry evidence() { return {"documentary", "东关社区2025年账目", "2026-12-01", "调取", std::nullopt, true}; }
PropertyEntry seized() {
  return {7, Measure::Seize, "现金", "人民币2万元", "赵永福", "村委委员孙二", "县纪委涉案财物保管室", "王保管", 20000,
          "2026-12-02", "2026-12-01"};
}
PropertyMoveRequest move(const char* m) { return {m, "2026-12-05", "赵永福本人", std::nullopt, true, "2026-12-01"}; }
}  // namespace

TEST(CaseEvidenceData, EveryCodeHasBothLabelsInTheDictionary) {
  std::ifstream f(kData / "dictionaries.json");
  std::stringstream ss;
  ss << f.rdbuf();
  const auto doc = json::parse(ss.str()).as_object();
  auto codes_of = [&](const char* name) {
    std::set<std::string> out;
    for (auto& v : doc.at(name).as_array()) {
      EXPECT_FALSE(v.at("label_zh").as_string().empty()) << name;
      EXPECT_FALSE(v.at("label_en").as_string().empty()) << name;
      out.insert(std::string(v.at("code").as_string()));
    }
    return out;
  };
  auto table = [](const auto& t) {
    std::set<std::string> out;
    for (auto& [v, code] : t.rows) out.insert(std::string(code));
    return out;
  };
  EXPECT_EQ(codes_of("evidence_kinds"), table(kEvidenceKinds));
  EXPECT_EQ(codes_of("property_states"), table(kPropertyStates));
  EXPECT_EQ(codes_of("property_moves"), table(kPropertyMoves));
}

TEST(CaseProperty, OnlyHeldPropertyMovesAndEveryMoveIsFinalButTheHandover) {
  for (auto& [m, code] : kPropertyMoves.rows) {
    for (auto& [s, scode] : kPropertyStates.rows) {
      const auto next = next_property_state(s, m);
      if (s != PropertyState::Held) {
        EXPECT_EQ(next, std::nullopt) << scode << " " << code;
        continue;
      }
      const PropertyState want = m == PropertyMove::Handover   ? PropertyState::Held
                                 : m == PropertyMove::Return   ? PropertyState::Returned
                                 : m == PropertyMove::Transfer ? PropertyState::Transferred
                                                               : PropertyState::Confiscated;
      EXPECT_EQ(next, want) << code;
    }
  }
}

TEST(CaseEvidence, EachFieldOfAnEntry) {
  EXPECT_EQ(evidence_problem(evidence(), kToday), std::nullopt);
  auto with = [](auto f) {
    auto e = evidence();
    f(e);
    return field_of(evidence_problem(e, kToday));
  };
  EXPECT_EQ(with([](auto& e) { e.kind.reset(); }), "kind");
  EXPECT_EQ(with([](auto& e) { e.kind = "rumour"; }), "kind");
  EXPECT_EQ(with([](auto& e) { e.title = "  "; }), "title");
  EXPECT_EQ(with([](auto& e) { e.obtained_day.reset(); }), "obtained_day");
  EXPECT_EQ(with([](auto& e) { e.obtained_day = "2026-02-30"; }), "obtained_day");
  EXPECT_EQ(with([](auto& e) { e.obtained_day = "2026-12-08"; }), "obtained_day");
  EXPECT_EQ(with([](auto& e) { e.source.reset(); }), "source");
  EXPECT_EQ(with([](auto& e) {
              e.measure_id = 3;
              e.measure_of_case = false;
            }),
            "measure_id");
  EXPECT_EQ(with([](auto& e) { e.obtained_day = "2026-12-07"; }), "");
}

TEST(CaseProperty, TakenByAMeasureThatHoldsPropertyOrHandedIn) {
  EXPECT_EQ(property_problem(seized(), kToday), std::nullopt);
  auto with = [](auto f) {
    auto p = seized();
    f(p);
    return field_of(property_problem(p, kToday));
  };
  for (auto m : {Measure::Seal, Measure::Seize, Measure::Retrieve, Measure::Freeze})
    EXPECT_EQ(with([m](auto& p) { p.measure = m; }), "") << kMeasures.code(m);
  for (auto m : {Measure::Talk, Measure::Detention, Measure::Search, Measure::Query})
    EXPECT_EQ(with([m](auto& p) { p.measure = m; }), "measure_id") << kMeasures.code(m);
  EXPECT_EQ(with([](auto& p) { p.measure.reset(); }), "measure_id");  // named, but not the case's
  // 主动上交: no measure and no witness needed.
  EXPECT_EQ(with([](auto& p) {
              p.measure_id.reset();
              p.measure.reset();
              p.witness.reset();
            }),
            "");
  EXPECT_EQ(with([](auto& p) { p.description = ""; }), "description");
  EXPECT_EQ(with([](auto& p) { p.quantity.reset(); }), "quantity");
  EXPECT_EQ(with([](auto& p) { p.value = -1; }), "value");
  EXPECT_EQ(with([](auto& p) { p.holder.reset(); }), "holder");
  EXPECT_EQ(with([](auto& p) { p.witness = " "; }), "witness");
  EXPECT_EQ(with([](auto& p) { p.custody_place.reset(); }), "custody_place");
  EXPECT_EQ(with([](auto& p) { p.keeper.reset(); }), "keeper");
  EXPECT_EQ(with([](auto& p) { p.day.reset(); }), "day");
  EXPECT_EQ(with([](auto& p) { p.day = "2026-13-01"; }), "day");
  EXPECT_EQ(with([](auto& p) { p.day = "2026-12-08"; }), "day");
  EXPECT_EQ(with([](auto& p) { p.day = "2026-11-30"; }), "day");  // before the measure
  EXPECT_EQ(with([](auto& p) { p.day = "2026-12-01"; }), "");
}

TEST(CaseProperty, EachMoveAndItsChecks) {
  for (const char* m : {"handover", "return", "transfer"})
    EXPECT_EQ(property_move_problem(PropertyState::Held, move(m), kToday), std::nullopt) << m;
  auto confiscate = move("confiscate");
  EXPECT_EQ(field_of(property_move_problem(PropertyState::Held, confiscate, kToday)), "note");
  confiscate.note = "依据党纪处分决定收缴违纪所得";
  EXPECT_EQ(property_move_problem(PropertyState::Held, confiscate, kToday), std::nullopt);
  // Final states refuse every move (409).
  for (auto s : {PropertyState::Returned, PropertyState::Transferred, PropertyState::Confiscated}) {
    auto c = property_move_problem(s, move("handover"), kToday);
    EXPECT_TRUE(conflict(c)) << kPropertyStates.code(s);
    EXPECT_EQ(field_of(c), "move");
  }
  auto with = [](auto f) {
    auto r = move("return");
    f(r);
    return property_move_problem(PropertyState::Held, r, kToday);
  };
  EXPECT_EQ(field_of(with([](auto& r) { r.move.reset(); })), "move");
  EXPECT_EQ(field_of(with([](auto& r) { r.move = "sell"; })), "move");
  EXPECT_EQ(field_of(with([](auto& r) { r.day.reset(); })), "day");
  EXPECT_EQ(field_of(with([](auto& r) { r.day = "12/05/2026"; })), "day");
  EXPECT_EQ(field_of(with([](auto& r) { r.day = "2026-12-08"; })), "day");
  EXPECT_EQ(field_of(with([](auto& r) { r.day = "2026-11-30"; })), "day");  // before it was taken
  EXPECT_EQ(field_of(with([](auto& r) { r.day = "2026-12-01"; })), "");     // the same day
  EXPECT_EQ(field_of(with([](auto& r) { r.to = ""; })), "to");
  // A return waits for the measure's end (解除).
  auto early = with([](auto& r) { r.measure_ended = false; });
  EXPECT_TRUE(conflict(early));
  EXPECT_EQ(field_of(early), "move");
  auto handover = move("handover");
  handover.measure_ended = false;
  EXPECT_EQ(property_move_problem(PropertyState::Held, handover, kToday), std::nullopt);
}
