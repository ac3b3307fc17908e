#include "core/petition_rules.hpp"

#include "core/text.hpp"

namespace funnel::core {

namespace {
bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }
}  // namespace

bool needs_note(PetitionAction a) {
  return a == PetitionAction::Conclude || a == PetitionAction::GiveFeedback || a == PetitionAction::FollowUp;
}

Check petition_request_problem(PetitionAction a, const PetitionRequest& r) {
  if (needs_reason(a) && blank(r.reason)) return Problem::invalid("reason", "此操作须写明理由");
  if (needs_note(a) && blank(r.note)) return Problem::invalid("note", "请填写办理结果或反馈、回访情况");
  if (a != PetitionAction::Assign && r.handler_org_id) return Problem::invalid("handler_org_id", "仅交办时填写此项");
  if (a != PetitionAction::TransferOut && r.transfer_to) return Problem::invalid("transfer_to", "仅转办时填写此项");
  if (a != PetitionAction::Merge && r.merged_into) return Problem::invalid("merged_into", "仅合并时填写此项");
  return std::nullopt;
}

Check petition_transition_problem(PetitionState from, PetitionAction a, bool suspended) {
  if (!next_state(from, a, suspended))
    return Problem::conflict(suspended ? "本件已中止，只能恢复办理" : "当前状态不能执行此操作", "action");
  return std::nullopt;
}

Check accept_problem(const Petition& p, bool at_township) {
  auto j = kJurisdictions.parse(p.jurisdiction);
  if (!j) return std::nullopt;  // the store holds only known codes
  if (auto why = acceptance_problem(*j, at_township); !why.empty()) return Problem::invalid("jurisdiction", why);
  return std::nullopt;
}

Check handler_problem(const Petition& p, const std::optional<long long>& handler_org_id, const OrgUnit* o) {
  if (!handler_org_id) return Problem::invalid("handler_org_id", "请选择承办单位");
  const bool ok = o && o->county_id == p.county_id &&
                  (o->kind == "township" ||
                   (o->kind == "department" && (o->category == "discipline_room" || o->category == "petition_office")));
  if (!ok) return Problem::invalid("handler_org_id", "承办单位应为本县乡镇（街道）纪委、纪检监察室或信访室");
  auto j = kJurisdictions.parse(p.jurisdiction);
  if (!j) return std::nullopt;
  if (auto why = assignment_problem(*j, p.conflict != 0, o->kind == "township"); !why.empty())
    return Problem::invalid("handler_org_id", why);
  return std::nullopt;
}

Check transfer_problem(const std::optional<std::string>& transfer_to) {
  if (blank(transfer_to)) return Problem::invalid("transfer_to", "请填写转往的机关或部门");
  return std::nullopt;
}

Check merge_problem(const Petition& p, const std::optional<long long>& merged_into, const Petition* target) {
  if (!merged_into) return Problem::invalid("merged_into", "请选择合并到的信访件");
  if (!target || target->id == p.id) return Problem::invalid("merged_into", "目标信访件不存在或不在本人数据范围内");
  if (target->state == kPetitionStates.code(PetitionState::Merged))
    return Problem::invalid("merged_into", "目标信访件本身已合并，请合并到其主件");
  return std::nullopt;
}

Check extension_problem(int extensions_so_far) {
  if (extensions_so_far >= kMaxExtensions) return Problem::conflict("延期次数已用完，再次延期须报上级机关批准", "action");
  return std::nullopt;
}

ClockFacts clock_facts_of(const Petition& p) {
  ClockFacts f;
  f.real_name = p.real_name != 0;
  f.fast_track = p.fast_track != 0;
  f.from_higher = p.from_higher != 0;
  f.jurisdiction = kJurisdictions.parse(p.jurisdiction).value_or(Jurisdiction::County);
  return f;
}

void restart_clock(Petition& p, PetitionState from, PetitionState to, const std::string& today) {
  if (to == from) return;
  auto limit = limit_in_state(to, clock_facts_of(p));
  if (limit.empty()) {
    p.limit_code.reset();
    p.clock_start.reset();
  } else if (starts_clock(to)) {
    p.limit_code = std::string(limit);
    p.clock_start = today;
    p.pauses = "[]";
    p.extensions = 0;
  }
}

}  // namespace funnel::core
