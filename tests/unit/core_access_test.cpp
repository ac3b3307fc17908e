// Every role × permission, default scopes, allowed scope overrides, role ↔
// unit fit and the separation of the three administrators.
#include <gtest/gtest.h>

#include "core/access.hpp"

using namespace funnel::core;

TEST(Access, PermissionMatrixIsExact) {
  // Expected permissions per role, written out in full so that any change
  // to the rules fails here.
  const std::map<Role, std::set<Permission>> want = {
      {Role::CountyLeader,
       {Permission::OrgRead, Permission::PetitionRead, Permission::PetitionHandle, Permission::PetitionReveal,
        Permission::ClueRead, Permission::ClueDispatch, Permission::ClueHandle, Permission::PetitionEvidence,
        Permission::RecusalManage, Permission::CaseRead, Permission::CaseHandle}},
      {Role::CaseSupervision,
       {Permission::OrgRead, Permission::PetitionRead, Permission::ClueRead, Permission::ClueRegister,
        Permission::ClueDispatch, Permission::ClueReportReview, Permission::RecusalManage, Permission::CaseRead,
        Permission::CaseHandle, Permission::RoomManage}},
      {Role::PetitionOffice,
       {Permission::OrgRead, Permission::PetitionRead, Permission::PetitionRegister, Permission::PetitionHandle,
        Permission::PetitionReveal, Permission::ClueRegister, Permission::PetitionEvidence}},
      {Role::DisciplineRoom,
       {Permission::OrgRead, Permission::PetitionRead, Permission::PetitionHandle, Permission::ClueRead,
        Permission::ClueRegister, Permission::ClueHandle, Permission::PetitionEvidence, Permission::CaseRead,
        Permission::CaseFile, Permission::CaseHandle, Permission::GuidanceWrite}},
      {Role::TrialOffice, {Permission::OrgRead, Permission::CaseRead, Permission::CaseTry}},
      {Role::TownshipSecretary,
       {Permission::OrgRead, Permission::PetitionRead, Permission::PetitionRegister, Permission::PetitionHandle,
        Permission::PetitionReveal, Permission::ClueRead, Permission::ClueRegister, Permission::ClueHandle,
        Permission::ClueReportSubmit, Permission::PetitionEvidence, Permission::CaseRead, Permission::CaseFile,
        Permission::CaseHandle, Permission::CaseTry}},
      {Role::TownshipStaff,
       {Permission::OrgRead, Permission::PetitionRead, Permission::PetitionRegister, Permission::PetitionHandle,
        Permission::ClueRead, Permission::ClueRegister, Permission::ClueHandle, Permission::CaseRead,
        Permission::CaseFile, Permission::CaseHandle}},
      {Role::VillageOfficer, {Permission::OrgRead}},
      {Role::SysAdmin,
       {Permission::OrgRead, Permission::OrgWrite, Permission::UserRead, Permission::UserWrite, Permission::SessionRead,
        Permission::SessionRevoke, Permission::AccountApprove, Permission::TemplateWrite}},
      {Role::SecurityAdmin,
       {Permission::UserRead, Permission::UserWrite, Permission::SessionRead, Permission::SessionRevoke,
        Permission::AccountApprove}},
      {Role::AuditAdmin, {Permission::AuditRead, Permission::LoginLogRead, Permission::AccountApprove}},
  };
  ASSERT_EQ(want.size(), kRoles.rows.size());
  for (auto& [role, code] : kRoles.rows)
    for (auto& [perm, pcode] : kPermissions.rows)
      EXPECT_EQ(has_permission(role, perm), want.at(role).count(perm) == 1) << code << " " << pcode;
}

TEST(Access, OnlyTheAuditAdministratorReadsTheAuditLog) {
  for (auto& [role, code] : kRoles.rows) {
    EXPECT_EQ(has_permission(role, Permission::AuditRead), role == Role::AuditAdmin) << code;
    EXPECT_EQ(has_permission(role, Permission::LoginLogRead), role == Role::AuditAdmin) << code;
  }
}

TEST(Access, DefaultScopes) {
  EXPECT_EQ(default_scope(Role::CountyLeader), DataScope::County);
  EXPECT_EQ(default_scope(Role::CaseSupervision), DataScope::County);
  EXPECT_EQ(default_scope(Role::PetitionOffice), DataScope::County);
  EXPECT_EQ(default_scope(Role::TrialOffice), DataScope::County);
  EXPECT_EQ(default_scope(Role::DisciplineRoom), DataScope::LinkedTownships);
  EXPECT_EQ(default_scope(Role::TownshipSecretary), DataScope::OwnTownship);
  EXPECT_EQ(default_scope(Role::TownshipStaff), DataScope::OwnTownship);
  EXPECT_EQ(default_scope(Role::VillageOfficer), DataScope::OwnRecords);
  EXPECT_EQ(default_scope(Role::SysAdmin), DataScope::None);
  EXPECT_EQ(default_scope(Role::SecurityAdmin), DataScope::None);
  EXPECT_EQ(default_scope(Role::AuditAdmin), DataScope::None);
}

TEST(Access, ScopeOverrides) {
  EXPECT_TRUE(scope_allowed(Role::TownshipStaff, DataScope::OwnRecords));
  EXPECT_TRUE(scope_allowed(Role::DisciplineRoom, DataScope::County));
  EXPECT_FALSE(scope_allowed(Role::TownshipStaff, DataScope::County));
  EXPECT_FALSE(scope_allowed(Role::TownshipSecretary, DataScope::County));
  EXPECT_FALSE(scope_allowed(Role::VillageOfficer, DataScope::OwnTownship));
  EXPECT_FALSE(scope_allowed(Role::SysAdmin, DataScope::County));
  EXPECT_FALSE(scope_allowed(Role::CaseSupervision, DataScope::LinkedTownships));
}

TEST(Access, RoleFitsUnit) {
  EXPECT_TRUE(role_fits_unit(Role::CountyLeader, true, OrgKind::County, OrgCategory::County));
  EXPECT_FALSE(role_fits_unit(Role::CountyLeader, true, OrgKind::Township, OrgCategory::Town));
  EXPECT_TRUE(role_fits_unit(Role::DisciplineRoom, true, OrgKind::Department, OrgCategory::DisciplineRoom));
  EXPECT_FALSE(role_fits_unit(Role::DisciplineRoom, true, OrgKind::Department, OrgCategory::TrialOffice));
  EXPECT_TRUE(role_fits_unit(Role::CaseSupervision, true, OrgKind::Department, OrgCategory::CaseSupervision));
  EXPECT_TRUE(role_fits_unit(Role::TownshipSecretary, true, OrgKind::Township, OrgCategory::Subdistrict));
  EXPECT_FALSE(role_fits_unit(Role::TownshipSecretary, true, OrgKind::Village, OrgCategory::Village));
  EXPECT_TRUE(role_fits_unit(Role::VillageOfficer, true, OrgKind::Village, OrgCategory::Community));
  EXPECT_FALSE(role_fits_unit(Role::VillageOfficer, false, OrgKind::County, OrgCategory::County));
  EXPECT_TRUE(role_fits_unit(Role::SysAdmin, false, OrgKind::County, OrgCategory::County));
  EXPECT_TRUE(role_fits_unit(Role::AuditAdmin, true, OrgKind::County, OrgCategory::County));
  EXPECT_FALSE(role_fits_unit(Role::AuditAdmin, true, OrgKind::Township, OrgCategory::Town));
}

TEST(Access, SeparationOfTheThreeAdministrators) {
  for (auto& [target, code] : kRoles.rows) {
    EXPECT_EQ(may_manage_role(Role::SysAdmin, target), !is_admin_role(target)) << code;
    EXPECT_EQ(may_manage_role(Role::SecurityAdmin, target), is_admin_role(target)) << code;
    EXPECT_FALSE(may_manage_role(Role::AuditAdmin, target)) << code;
    EXPECT_FALSE(may_manage_role(Role::CountyLeader, target)) << code;
  }
}

// SY-15 / issue 27 item 1: two administrators for every change that grants access.
TEST(Access, AccountChangesTakeTwoAdministratorsOfTheRightRoles) {
  const std::vector<Role> admins = {Role::SysAdmin, Role::SecurityAdmin, Role::AuditAdmin};
  for (auto& [target, tc] : kRoles.rows) {
    for (auto& [proposer, pc] : kRoles.rows) {
      for (auto& [approver, ac] : kRoles.rows) {
        bool want = false;
        if (may_manage_role(proposer, target) && is_admin_role(approver))
          want = is_admin_role(target) ? approver != proposer : approver == Role::SecurityAdmin;
        EXPECT_EQ(may_approve_account_change(approver, proposer, target), want) << tc << " " << pc << " " << ac;
      }
    }
  }
  // Nobody approves what they themselves proposed for a business account.
  EXPECT_FALSE(may_approve_account_change(Role::SysAdmin, Role::SysAdmin, Role::CountyLeader));
  EXPECT_TRUE(may_approve_account_change(Role::SecurityAdmin, Role::SysAdmin, Role::CountyLeader));
  EXPECT_FALSE(may_approve_account_change(Role::AuditAdmin, Role::SysAdmin, Role::CountyLeader));
  // The security administrator's proposals about administrators: another role approves.
  EXPECT_FALSE(may_approve_account_change(Role::SecurityAdmin, Role::SecurityAdmin, Role::SysAdmin));
  EXPECT_TRUE(may_approve_account_change(Role::AuditAdmin, Role::SecurityAdmin, Role::SysAdmin));
  // The only security administrator's lost password: the system
  // administrator proposes the reset, the auditor approves; nothing else.
  EXPECT_TRUE(may_propose_reset(Role::SysAdmin, Role::SecurityAdmin));
  EXPECT_FALSE(may_propose_reset(Role::SysAdmin, Role::AuditAdmin));
  EXPECT_FALSE(may_manage_role(Role::SysAdmin, Role::SecurityAdmin));
  EXPECT_TRUE(may_approve_account_change(Role::AuditAdmin, Role::SysAdmin, Role::SecurityAdmin, true));
  EXPECT_FALSE(may_approve_account_change(Role::SysAdmin, Role::SysAdmin, Role::SecurityAdmin, true));
  EXPECT_FALSE(may_approve_account_change(Role::AuditAdmin, Role::SysAdmin, Role::SecurityAdmin, false));
  for (auto& [r, c] : kRoles.rows)
    if (!is_admin_role(r)) {
      EXPECT_FALSE(may_propose_reset(r, Role::CountyLeader)) << c;
    }
  (void)admins;
}

TEST(Access, TheSystemAdministratorNeverEndsTheAuditorsSessions) {
  EXPECT_FALSE(may_end_session(Role::SysAdmin, Role::AuditAdmin));
  EXPECT_FALSE(may_end_session(Role::SysAdmin, Role::SecurityAdmin));
  EXPECT_TRUE(may_end_session(Role::SysAdmin, Role::CountyLeader));
  for (auto& [r, c] : kRoles.rows) EXPECT_TRUE(may_end_session(Role::SecurityAdmin, r)) << c;
  for (auto& [r, c] : kRoles.rows)
    if (!is_admin_role(r)) {
      EXPECT_FALSE(may_end_session(r, Role::CountyLeader)) << c;
    }
}
