#include "core/org.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace funnel::core {

OrgKind kind_of(OrgCategory c) {
  switch (c) {
    case OrgCategory::County: return OrgKind::County;
    case OrgCategory::Town:
    case OrgCategory::Subdistrict: return OrgKind::Township;
    case OrgCategory::Village:
    case OrgCategory::Community: return OrgKind::Village;
    default: return OrgKind::Department;
  }
}

std::optional<OrgKind> required_parent_kind(OrgKind k) {
  switch (k) {
    case OrgKind::County: return std::nullopt;
    case OrgKind::Department:
    case OrgKind::Township: return OrgKind::County;
    case OrgKind::Village: return OrgKind::Township;
  }
  return std::nullopt;
}

int division_code_length(OrgKind k) {
  switch (k) {
    case OrgKind::County: return 6;
    case OrgKind::Township: return 9;
    case OrgKind::Village: return 12;
    default: return 0;
  }
}

namespace {
void check_text(const std::string& field, std::string& v, std::size_t max_len, bool required) {
  v = trim(v);
  if (required && v.empty()) throw invalid(field, "不能为空");
  if (utf8_length(v) > max_len) throw invalid(field, "长度不能超过 " + std::to_string(max_len) + " 个字符");
}
}  // namespace

void validate_org_unit(OrgUnitDraft& d, const std::optional<ParentInfo>& parent) {
  if (kind_of(d.category) != d.kind) throw invalid("category", "类别与组织类型不符");
  check_text("name", d.name, 64, true);
  check_text("short_name", d.short_name, 8, true);

  auto want = required_parent_kind(d.kind);
  if (!want && parent) throw invalid("parent_id", "县级纪委监委不能有上级单位");
  if (want && (!parent || parent->kind != *want))
    throw invalid("parent_id", d.kind == OrgKind::Village ? "村(社区)的上级必须是乡镇(街道)"
                                                           : "上级单位必须是县级纪委监委");

  int len = division_code_length(d.kind);
  if (len == 0) {
    if (d.division_code && !d.division_code->empty())
      throw invalid("division_code", "内设部门没有区划代码");
    d.division_code.reset();
  } else {
    if (!d.division_code || d.division_code->empty()) throw invalid("division_code", "区划代码不能为空");
    const auto& code = *d.division_code;
    if (!all_digits(code) || static_cast<int>(code.size()) != len)
      throw invalid("division_code", "区划代码应为 " + std::to_string(len) + " 位数字");
    if (parent && parent->division_code && code.rfind(*parent->division_code, 0) != 0)
      throw invalid("division_code", "区划代码须以上级单位的区划代码开头");
    if (code.substr(code.size() - 3) == "000" && d.kind != OrgKind::County)
      throw invalid("division_code", "区划代码末三位不能为 000");
  }

  if (d.kind == OrgKind::Township) {
    bool sub = d.category == OrgCategory::Subdistrict;
    if (!d.committee_name || trim(*d.committee_name).empty())
      d.committee_name = d.name + (sub ? "纪工委" : "纪委");
    if (!d.office_name || trim(*d.office_name).empty()) d.office_name = d.name + "监察室";
    check_text("committee_name", *d.committee_name, 64, true);
    check_text("office_name", *d.office_name, 64, true);
  } else {
    if ((d.committee_name && !d.committee_name->empty()) || (d.office_name && !d.office_name->empty()))
      throw invalid(d.committee_name ? "committee_name" : "office_name", "只有乡镇(街道)设纪(工)委和监察室");
    d.committee_name.reset();
    d.office_name.reset();
  }
}

}  // namespace funnel::core
