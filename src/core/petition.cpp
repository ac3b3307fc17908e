#include "core/petition.hpp"

#include <algorithm>
#include <cstdio>

#include "core/text.hpp"

namespace funnel::core {

using S = PetitionState;
using A = PetitionAction;

namespace {
constexpr auto kSame = workflow::Target<S>::same();
// The closed loop of domain.md §2. Suspend, Resume and Extend keep the
// state and change the clock; whether the item is suspended is a guard of
// next_state below (a suspended item only resumes, only a suspended one does).
constexpr PetitionTransition kFlow[] = {
    {{S::Registered}, A::Accept, S::Accepted},
    {{S::Registered}, A::Reject, S::Rejected},
    {{S::Registered, S::Accepted}, A::TransferOut, S::TransferredOut},
    {{S::Registered}, A::Merge, S::Merged},
    {{S::Accepted}, A::Assign, S::Assigned},
    {{S::Assigned}, A::Acknowledge, S::InProgress},
    {{S::InProgress}, A::ConvertToClue, S::ConvertedToClue},
    {{S::InProgress}, A::Conclude, S::Concluded},
    {{S::Concluded}, A::GiveFeedback, S::FeedbackGiven},
    {{S::FeedbackGiven}, A::FollowUp, S::FollowedUp},
    {{S::Concluded, S::FeedbackGiven, S::FollowedUp, S::Rejected, S::TransferredOut, S::Merged, S::ConvertedToClue},
     A::Archive, S::Archived},
    {{S::Accepted, S::Assigned, S::InProgress}, A::Suspend, kSame},
    {{S::Assigned, S::InProgress}, A::Extend, kSame},
    {{S::Registered, S::Accepted, S::Rejected, S::TransferredOut, S::Merged, S::Assigned, S::InProgress,
      S::ConvertedToClue, S::Concluded, S::FeedbackGiven, S::FollowedUp, S::Archived},
     A::Resume, kSame},
};

bool open_for_handling(S s) { return s == S::Accepted || s == S::Assigned || s == S::InProgress; }
}  // namespace

std::span<const PetitionTransition> petition_transitions() { return kFlow; }

std::optional<PetitionState> next_state(PetitionState from, PetitionAction a, bool suspended) {
  if (suspended != (a == A::Resume)) return std::nullopt;
  return workflow::next_state(petition_transitions(), from, a);
}

std::vector<PetitionAction> actions_from(PetitionState from, bool suspended) {
  std::vector<PetitionAction> out;
  for (auto a : workflow::actions_in(petition_transitions(), from, kPetitionActions))
    if (next_state(from, a, suspended)) out.push_back(a);
  return out;
}

bool is_final(PetitionState s) { return s == S::Archived; }

bool clock_runs(PetitionState s) { return s == S::Registered || open_for_handling(s); }

bool may_perform(Role r, PetitionAction a, const PetitionRelation& rel) {
  const bool intake_staff =
      rel.at_intake && (r == Role::PetitionOffice || r == Role::TownshipSecretary || r == Role::TownshipStaff);
  const bool handler_staff = rel.at_handler && (r == Role::DisciplineRoom || r == Role::PetitionOffice ||
                                                r == Role::TownshipSecretary || r == Role::TownshipStaff);
  const bool approver =
      r == Role::CountyLeader || (r == Role::TownshipSecretary && (rel.at_handler || rel.at_intake));
  switch (a) {
    case A::Accept:
    case A::Reject:
    case A::TransferOut:
    case A::Assign:
    case A::GiveFeedback:
    case A::FollowUp:
    case A::Archive: return intake_staff;
    // IN-8: the county's petition office merges repeats across townships
    // (the use case still requires both items in its scope).
    case A::Merge: return intake_staff || r == Role::PetitionOffice;
    case A::Acknowledge:
    case A::ConvertToClue:
    case A::Conclude: return handler_staff;
    case A::Suspend:
    case A::Resume:
    case A::Extend: return approver;
  }
  return false;
}

bool needs_reason(PetitionAction a) {
  switch (a) {
    case A::Reject:
    case A::TransferOut:
    case A::Suspend:
    case A::Extend:
    case A::Merge: return true;
    default: return false;
  }
}

namespace {
constexpr const char* kBasisJK11 = "《纪检监察机关处理检举控告工作规则》第十一条；《中国共产党纪律检查机关监督执纪工作规则》第七条";

JurisdictionProposal one(const ReportedFacts& f) {
  if (f.level == CadreLevel::CountyDivision)
    return {Jurisdiction::Upward, "县处级干部由上级纪委监委管辖，应在5个工作日内报送上级",
            "《纪检监察机关处理检举控告工作规则》第十一条、第十五条"};
  if (f.township_discipline_staff)
    return {Jurisdiction::County, "反映乡镇纪检监察干部，存在利益冲突，由县纪委监委办理", "干部管理权限与回避（县纪委监委规定）"};
  if (f.township_party_secretary)
    return {Jurisdiction::County, "反映乡镇党委书记，存在利益冲突，由县纪委监委办理", "干部管理权限与回避（县纪委监委规定）"};
  if (f.level == CadreLevel::TownshipSection)
    return {Jurisdiction::County, "乡科级干部由县委管理，由县纪委监委办理", kBasisJK11};
  if (f.county_department)
    return {Jurisdiction::County, "县直部门干部由县纪委监委办理", kBasisJK11};
  const bool in_scope = f.party_member || f.public_official || f.level == CadreLevel::GeneralCadre ||
                        f.level == CadreLevel::VillageCadre || f.level == CadreLevel::PartyMember ||
                        f.level == CadreLevel::PublicOfficial;
  if (in_scope)
    return {Jurisdiction::Township,
            "乡镇党委管理的党员、一般干部和村（社区）干部，由乡镇纪委办理（监察事项依县纪委监委授权）",
            std::string(kBasisJK11) + "；监察工作向镇街延伸（县纪委监委规定）"};
  return {Jurisdiction::OutOfScope, "被反映人既非党员也非公职人员，不属于纪检监察机关受理范围，转有关部门处理",
          "《纪检监察机关处理检举控告工作规则》第十三条"};
}

int rank(Jurisdiction j) {
  switch (j) {
    case Jurisdiction::OutOfScope: return 0;
    case Jurisdiction::Township: return 1;
    case Jurisdiction::County: return 2;
    case Jurisdiction::Upward: return 3;
  }
  return 0;
}
}  // namespace

JurisdictionProposal propose_jurisdiction(PetitionType type, const std::vector<ReportedFacts>& persons) {
  if (type == PetitionType::OutOfScope)
    return {Jurisdiction::OutOfScope, "不属于纪检监察机关业务范围，转有关部门处理（来信转送，来访、来电、网络告知）",
            "《纪检监察机关处理检举控告工作规则》第十三条"};
  if (persons.empty())
    return {Jurisdiction::County, "未列明被反映人，由县纪委监委信访室研判", "《纪检监察机关处理检举控告工作规则》第十四条"};
  // The item goes where its most senior reported person is handled.
  JurisdictionProposal best = one(persons.front());
  for (std::size_t i = 1; i < persons.size(); ++i) {
    auto p = one(persons[i]);
    if (rank(p.where) > rank(best.where)) best = p;
  }
  return best;
}

bool conflict_of_interest(const std::vector<ReportedFacts>& persons) {
  for (const auto& f : persons)
    if (f.township_discipline_staff || f.township_party_secretary) return true;
  return false;
}

int conflict_post(std::string_view post, std::string_view unit_name, CadreLevel level,
                  const std::vector<std::string>& terms) {
  if (level == CadreLevel::VillageCadre) return 0;
  for (std::string_view v : {"村", "社区"})
    if (post.find(v) != std::string_view::npos || unit_name.find(v) != std::string_view::npos) return 0;
  int out = 0;
  for (const auto& t : matched_terms(post, terms)) out = std::max(out, t.find("党") != std::string::npos ? 2 : 1);
  return out;
}

std::string acceptance_problem(Jurisdiction j, bool at_township) {
  switch (j) {
    case Jurisdiction::Upward:
      return "本件属上级纪委监委管辖，不能受理，应在5个工作日内报送上级（《纪检监察机关处理检举控告工作规则》第十五条）";
    case Jurisdiction::OutOfScope:
      return "本件不属于纪检监察机关业务范围，不能受理，应转有关部门处理（《纪检监察机关处理检举控告工作规则》第十三条）";
    case Jurisdiction::County:
      if (at_township)
        return "本件属县纪委监委管辖，乡镇纪委不能受理，应在5个工作日内报送县纪委监委（《纪检监察机关处理检举控告工作规则》第十一条、第十五条）";
      return "";
    case Jurisdiction::Township: return "";
  }
  return "";
}

std::string assignment_problem(Jurisdiction j, bool conflict, bool to_township) {
  if (!to_township) return "";
  if (conflict)
    return "反映乡镇纪检监察干部或乡镇党委书记的信访件须由县纪委监委办理，不能交乡镇办理（干部管理权限与回避）";
  if (j != Jurisdiction::Township)
    return "本件属县纪委监委管辖，不能交乡镇办理（《纪检监察机关处理检举控告工作规则》第十一条、第十六条）";
  return "";
}

std::string override_problem(Jurisdiction proposed, Jurisdiction chosen, bool conflict) {
  if (conflict && chosen == Jurisdiction::Township)
    return "反映乡镇纪检监察干部或乡镇党委书记的，一律由县纪委监委办理，不能改由乡镇管辖（干部管理权限与回避）";
  (void)proposed;
  return "";
}

std::string_view limit_in_state(PetitionState s, const ClockFacts& f) {
  switch (s) {
    case S::Registered:
      if (f.jurisdiction == Jurisdiction::Upward) return "petition_upward_transfer";
      if (f.from_higher) return "petition_downward_register";
      // Anonymous items have no statutory notice; the county keeps the same
      // 15 working days so that nothing waits unwatched.
      return "petition_acceptance_notice";
    case S::Accepted:
    case S::Assigned:
    case S::InProgress:
      if (f.fast_track) return "petition_fast_track";
      if (f.from_higher) return "petition_assigned_conclude";
      return "petition_conclude";
    case S::Concluded: return f.real_name ? "petition_result_feedback" : "";
    default: return "";
  }
}

bool starts_clock(PetitionState to) { return to == S::Registered || to == S::Accepted || to == S::Concluded; }

std::string_view extension_limit(const ClockFacts& f) {
  return f.from_higher ? "petition_assigned_extension" : "petition_extension";
}

std::vector<std::string> matched_terms(std::string_view text, const std::vector<std::string>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms)
    if (!t.empty() && text.find(t) != std::string_view::npos) out.push_back(t);
  return out;
}

std::string petition_number(std::string_view org_short_name, int year, long long seq) {
  return document_number(org_short_name, "信", year, seq);
}

namespace {
// UTF-8 characters of s (a stray byte stands alone).
std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}
}  // namespace

bool could_match_number(std::string_view query, const std::vector<std::string>& short_names) {
  if (query.empty()) return false;
  for (auto ch : utf8_chars(query)) {
    if (ch.size() == 1 && ch[0] >= '0' && ch[0] <= '9') continue;
    if (ch == "信" || ch == "〔" || ch == "〕" || ch == "号") continue;
    bool found = false;
    for (const auto& name : short_names)
      if (name.find(ch) != std::string::npos) {
        found = true;
        break;
      }
    if (!found) return false;
  }
  return true;
}

bool valid_resident_id(std::string_view id) {
  if (id.size() != 18) return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  char last = id[17] == 'x' ? 'X' : id[17];
  if (last != kCheck[sum % 11]) return false;
  // Birth date YYYYMMDD at offset 6, from 1900 on.
  int y = std::stoi(std::string(id.substr(6, 4))), m = std::stoi(std::string(id.substr(10, 2))),
      d = std::stoi(std::string(id.substr(12, 2)));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_d = (m == 2 && !leap) ? 28 : kDays[m - 1];
  return d <= max_d;
}

bool valid_phone(std::string_view p) {
  auto digits = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' && digits(p)) return true;
  if (p.size() == 5 && digits(p) && p[0] == '1') return true;  // 12388, 12345 …
  // Landline: 0 + 2–3 digit area code, optional '-', 7–8 digits, optional '-' + 1–6 digit extension.
  if (p.empty() || p[0] != '0') return false;
  auto dash = p.find('-');
  if (dash == std::string_view::npos) return digits(p) && p.size() >= 10 && p.size() <= 12;
  std::string_view area = p.substr(0, dash), rest = p.substr(dash + 1);
  auto dash2 = rest.find('-');
  std::string_view local = rest.substr(0, dash2);
  if (!digits(area) || area.size() < 3 || area.size() > 4) return false;
  if (!digits(local) || local.size() < 7 || local.size() > 8) return false;
  if (dash2 == std::string_view::npos) return true;
  std::string_view ext = rest.substr(dash2 + 1);
  return digits(ext) && ext.size() <= 6;
}

}  // namespace funnel::core
