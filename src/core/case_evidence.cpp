#include "core/case_evidence.hpp"

#include "core/text.hpp"

namespace funnel::core {

namespace {
bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }
}  // namespace

std::optional<PropertyState> next_property_state(PropertyState from, PropertyMove m) {
  if (from != PropertyState::Held) return std::nullopt;
  switch (m) {
    case PropertyMove::Handover: return PropertyState::Held;
    case PropertyMove::Return: return PropertyState::Returned;
    case PropertyMove::Transfer: return PropertyState::Transferred;
    case PropertyMove::Confiscate: return PropertyState::Confiscated;
  }
  return std::nullopt;
}

Check evidence_problem(const EvidenceEntry& e, Day today) {
  if (!e.kind) return Problem::invalid("kind", "请选择证据种类");
  if (!kEvidenceKinds.parse(*e.kind)) return Problem::invalid("kind", "未知的证据种类");
  if (blank(e.title)) return Problem::invalid("title", "请填写证据名称");
  if (!e.obtained_day) return Problem::invalid("obtained_day", "请填写取得日期");
  auto day = parse_day(*e.obtained_day);
  if (!day) return Problem::invalid("obtained_day", "应为 YYYY-MM-DD 格式的有效日期");
  if (*day > today) return Problem::invalid("obtained_day", "取得日期不能晚于今天");
  if (blank(e.source)) return Problem::invalid("source", "请填写证据来源（提供人或调取、搜查等措施）");
  if (e.measure_id && !e.measure_of_case) return Problem::invalid("measure_id", "所选措施不属于本案");
  return std::nullopt;
}

Check property_problem(const PropertyEntry& p, Day today) {
  if (p.measure_id && !p.measure) return Problem::invalid("measure_id", "所选措施不属于本案");
  if (p.measure && !measure_rule(*p.measure).property)
    return Problem::invalid("measure_id", "此措施不涉及财物（应为查封、扣押、调取或冻结）");
  if (blank(p.description)) return Problem::invalid("description", "请填写财物名称、特征");
  if (blank(p.quantity)) return Problem::invalid("quantity", "请填写数量");
  if (p.value && *p.value < 0) return Problem::invalid("value", "估值不能为负数");
  if (blank(p.holder)) return Problem::invalid("holder", "请填写持有人（财物从谁处取得）");
  if (p.measure && blank(p.witness)) return Problem::invalid("witness", "查封、扣押等应有见证人在场并登记（监督执纪工作规则第四十七条）");
  if (blank(p.custody_place)) return Problem::invalid("custody_place", "请填写保管地点（专门场所）");
  if (blank(p.keeper)) return Problem::invalid("keeper", "请填写专门保管人员");
  if (!p.day) return Problem::invalid("day", "请填写取得（上交）日期");
  auto day = parse_day(*p.day);
  if (!day) return Problem::invalid("day", "应为 YYYY-MM-DD 格式的有效日期");
  if (*day > today) return Problem::invalid("day", "日期不能晚于今天");
  if (p.measure && *p.day < p.measure_day) return Problem::invalid("day", "日期不能早于采取措施的日期（" + p.measure_day + "）");
  return std::nullopt;
}

Check property_move_problem(PropertyState state, const PropertyMoveRequest& r, Day today) {
  if (!r.move) return Problem::invalid("move", "请选择登记事项");
  auto move = kPropertyMoves.parse(*r.move);
  if (!move) return Problem::invalid("move", "未知的登记事项");
  if (!next_property_state(state, *move))
    return Problem::conflict("该财物已" + std::string(state == PropertyState::Returned      ? "退还"
                                                       : state == PropertyState::Transferred ? "随案移送"
                                                                                             : "没收、追缴") +
                                 "，不能再登记",
                             "move");
  if (!r.day) return Problem::invalid("day", "请填写日期");
  auto day = parse_day(*r.day);
  if (!day) return Problem::invalid("day", "应为 YYYY-MM-DD 格式的有效日期");
  if (*day > today) return Problem::invalid("day", "日期不能晚于今天");
  if (*r.day < r.since) return Problem::invalid("day", "日期不能早于财物取得或上次交接的日期（" + r.since + "）");
  if (blank(r.to)) {
    switch (*move) {
      case PropertyMove::Handover: return Problem::invalid("to", "请填写接收的保管人员");
      case PropertyMove::Return: return Problem::invalid("to", "请填写领回人");
      case PropertyMove::Transfer: return Problem::invalid("to", "请填写接收的司法机关");
      case PropertyMove::Confiscate: return Problem::invalid("to", "请填写上缴去向（如国库、原单位）");
    }
  }
  if (*move == PropertyMove::Return && !r.measure_ended)
    return Problem::conflict("采取的措施尚未解除，先登记解除再退还财物", "move");
  if (*move == PropertyMove::Confiscate && blank(r.note))
    return Problem::invalid("note", "没收、追缴应写明所依据的决定");
  return std::nullopt;
}

}  // namespace funnel::core
