#pragma once
// A case's evidence list (证据目录) and its register of property taken (涉案
// 财物登记, GZ 47, SL 67): the kinds of evidence, where each item of property
// stands, the moves it may make and the checks of each entry, without I/O.
#include <optional>
#include <string>

#include "core/calendar.hpp"
#include "core/case.hpp"
#include "core/enums.hpp"
#include "core/problem.hpp"

namespace funnel::core {

// The kinds of evidence of 监察法实施条例 (2021) art 59.
enum class EvidenceKind {
  Physical, Documentary, WitnessTestimony, VictimStatement, PersonStatement, Appraisal, Record, AudioVisual,
  Electronic
};
inline constexpr EnumTable<EvidenceKind, 9> kEvidenceKinds{{{
    {EvidenceKind::Physical, "physical"},                     // 物证
    {EvidenceKind::Documentary, "documentary"},               // 书证
    {EvidenceKind::WitnessTestimony, "witness_testimony"},    // 证人证言
    {EvidenceKind::VictimStatement, "victim_statement"},      // 被害人陈述
    {EvidenceKind::PersonStatement, "person_statement"},      // 被调查人陈述、供述和辩解
    {EvidenceKind::Appraisal, "appraisal"},                   // 鉴定意见
    {EvidenceKind::Record, "record"},                         // 勘验检查、辨认、调查实验等笔录
    {EvidenceKind::AudioVisual, "audio_visual"},              // 视听资料
    {EvidenceKind::Electronic, "electronic"},                 // 电子数据
}}};

// An item of property stays held (its keeper and place may change hands)
// until it is returned, transferred with the case to the judicial organs or
// confiscated; those are final.
enum class PropertyState { Held, Returned, Transferred, Confiscated };
inline constexpr EnumTable<PropertyState, 4> kPropertyStates{{{
    {PropertyState::Held, "held"},
    {PropertyState::Returned, "returned"},
    {PropertyState::Transferred, "transferred"},
    {PropertyState::Confiscated, "confiscated"},
}}};
enum class PropertyMove { Handover, Return, Transfer, Confiscate };
inline constexpr EnumTable<PropertyMove, 4> kPropertyMoves{{{
    {PropertyMove::Handover, "handover"},      // 交接: another keeper or place
    {PropertyMove::Return, "return"},          // 退还 (SL 111/124/134)
    {PropertyMove::Transfer, "transfer"},      // 随案移送司法机关
    {PropertyMove::Confiscate, "confiscate"},  // 没收、追缴 on the decision
}}};
// Where a move leads; nullopt: not from this state (only held property moves).
std::optional<PropertyState> next_property_state(PropertyState from, PropertyMove m);

struct EvidenceEntry {
  std::optional<std::string> kind, title, obtained_day, source;
  std::optional<long long> measure_id;
  bool measure_of_case = true;  // the measure named is one of this case's
};
// A kind of the list, a title, the day it was obtained (not after today)
// and where it came from; a measure named is one of the case's.
Check evidence_problem(const EvidenceEntry& e, Day today);

struct PropertyEntry {
  std::optional<long long> measure_id;  // the measure that took it; none: handed in (主动上交)
  std::optional<Measure> measure;       // that measure's kind, looked up by the caller
  std::optional<std::string> description, quantity, holder, witness, custody_place, keeper;
  std::optional<long long> value;  // estimated, in yuan
  std::optional<std::string> day;  // taken or handed in
  std::string measure_day;         // the measure's day, when taken by one
};
// Taken by a measure that holds property (查封, 扣押, 调取, 冻结) or handed in;
// described, with its quantity, the holder it was taken from and a witness
// (GZ 47), the place it is kept and its dedicated keeper (SL 67); on a day
// not after today nor before the measure's.
Check property_problem(const PropertyEntry& p, Day today);

struct PropertyMoveRequest {
  std::optional<std::string> move, day, to, note;
  bool measure_ended = true;  // the measure that took it was lifted (解除); true when handed in
  std::string since;          // the day it was taken (or last moved)
};
// Only held property moves; on a day not after today nor before it was
// taken or last moved; to someone (the new keeper, the owner, the judicial
// organ); a return only once the measure is lifted; a confiscation names its
// decision in the note.
Check property_move_problem(PropertyState state, const PropertyMoveRequest& r, Day today);

}  // namespace funnel::core
