#pragma once
// Enumerations whose codes the code depends on. Codes are English
// snake_case (contract.md); Chinese and English labels live in
// data/dictionaries.json and are checked against these lists at start.
#include <array>
#include <optional>
#include <string_view>

namespace funnel::core {

template <class E, std::size_t N>
struct EnumTable {
  std::array<std::pair<E, std::string_view>, N> rows;
  std::string_view code(E e) const {
    for (auto& [v, c] : rows)
      if (v == e) return c;
    return {};
  }
  std::optional<E> parse(std::string_view s) const {
    for (auto& [v, c] : rows)
      if (c == s) return v;
    return std::nullopt;
  }
};

enum class Role {
  CountyLeader, CaseSupervision, PetitionOffice, DisciplineRoom, TrialOffice,
  TownshipSecretary, TownshipStaff, VillageOfficer, SysAdmin, SecurityAdmin, AuditAdmin
};
inline constexpr EnumTable<Role, 11> kRoles{{{
    {Role::CountyLeader, "county_leader"},
    {Role::CaseSupervision, "case_supervision"},
    {Role::PetitionOffice, "petition_office"},
    {Role::DisciplineRoom, "discipline_room"},
    {Role::TrialOffice, "trial_office"},
    {Role::TownshipSecretary, "township_secretary"},
    {Role::TownshipStaff, "township_staff"},
    {Role::VillageOfficer, "village_officer"},
    {Role::SysAdmin, "sys_admin"},
    {Role::SecurityAdmin, "security_admin"},
    {Role::AuditAdmin, "audit_admin"},
}}};

enum class DataScope { County, LinkedTownships, OwnTownship, OwnRecords, None };
inline constexpr EnumTable<DataScope, 5> kDataScopes{{{
    {DataScope::County, "county"},
    {DataScope::LinkedTownships, "linked_townships"},
    {DataScope::OwnTownship, "own_township"},
    {DataScope::OwnRecords, "own_records"},
    {DataScope::None, "none"},
}}};

enum class Permission {
  OrgRead,
  OrgWrite,
  UserRead,
  UserWrite,
  SessionRead,
  SessionRevoke,
  AuditRead,
  LoginLogRead,
  PetitionRead,
  PetitionRegister,
  PetitionHandle,
  PetitionReveal,
  ClueRead,
  ClueRegister,
  ClueDispatch,
  ClueHandle,
  ClueReportSubmit,
  ClueReportReview,
  PetitionEvidence,
  RecusalManage,
  AccountApprove,
  CaseRead,
  CaseFile,
  CaseHandle,
  RoomManage,
  TemplateWrite,
  GuidanceWrite,
  CaseTry
};
inline constexpr EnumTable<Permission, 28> kPermissions{{{
    {Permission::OrgRead, "org:read"},
    {Permission::OrgWrite, "org:write"},
    {Permission::UserRead, "user:read"},
    {Permission::UserWrite, "user:write"},
    {Permission::SessionRead, "session:read"},
    {Permission::SessionRevoke, "session:revoke"},
    {Permission::AuditRead, "audit:read"},
    {Permission::LoginLogRead, "login_log:read"},
    {Permission::PetitionRead, "petition:read"},
    {Permission::PetitionRegister, "petition:register"},
    {Permission::PetitionHandle, "petition:handle"},
    {Permission::PetitionReveal, "petition:reveal"},
    {Permission::ClueRead, "clue:read"},
    {Permission::ClueRegister, "clue:register"},
    {Permission::ClueDispatch, "clue:dispatch"},
    {Permission::ClueHandle, "clue:handle"},
    {Permission::ClueReportSubmit, "clue_report:submit"},
    {Permission::ClueReportReview, "clue_report:review"},
    {Permission::PetitionEvidence, "petition:evidence"},
    {Permission::RecusalManage, "recusal:manage"},
    {Permission::AccountApprove, "account:approve"},
    {Permission::CaseRead, "case:read"},
    {Permission::CaseFile, "case:file"},
    {Permission::CaseHandle, "case:handle"},
    {Permission::RoomManage, "room:manage"},
    {Permission::TemplateWrite, "template:write"},
    {Permission::GuidanceWrite, "guidance:write"},
    {Permission::CaseTry, "case:try"},
}}};

enum class OrgKind { County, Department, Township, Village };
inline constexpr EnumTable<OrgKind, 4> kOrgKinds{{{
    {OrgKind::County, "county"},
    {OrgKind::Department, "department"},
    {OrgKind::Township, "township"},
    {OrgKind::Village, "village"},
}}};

enum class OrgCategory {
  County, PetitionOffice, CaseSupervision, DisciplineRoom, TrialOffice, StyleSupervision,
  OtherDepartment, Town, Subdistrict, Village, Community
};
inline constexpr EnumTable<OrgCategory, 11> kOrgCategories{{{
    {OrgCategory::County, "county"},
    {OrgCategory::PetitionOffice, "petition_office"},
    {OrgCategory::CaseSupervision, "case_supervision"},
    {OrgCategory::DisciplineRoom, "discipline_room"},
    {OrgCategory::TrialOffice, "trial_office"},
    {OrgCategory::StyleSupervision, "style_supervision"},
    {OrgCategory::OtherDepartment, "other"},
    {OrgCategory::Town, "town"},
    {OrgCategory::Subdistrict, "subdistrict"},
    {OrgCategory::Village, "village"},
    {OrgCategory::Community, "community"},
}}};

enum class UserStatus { Active, Disabled };
inline constexpr EnumTable<UserStatus, 2> kUserStatuses{{{
    {UserStatus::Active, "active"},
    {UserStatus::Disabled, "disabled"},
}}};

}  // namespace funnel::core
