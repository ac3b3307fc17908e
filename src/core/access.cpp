#include "core/access.hpp"

namespace funnel::core {

namespace {
bool business(Role r) { return !is_admin_role(r); }
}  // namespace

bool is_admin_role(Role r) {
  return r == Role::SysAdmin || r == Role::SecurityAdmin || r == Role::AuditAdmin;
}

bool has_permission(Role r, Permission p) {
  switch (p) {
    case Permission::OrgRead: return business(r) || r == Role::SysAdmin;
    case Permission::OrgWrite: return r == Role::SysAdmin;
    case Permission::UserRead:
    case Permission::UserWrite:
    case Permission::SessionRead:
    case Permission::SessionRevoke: return r == Role::SysAdmin || r == Role::SecurityAdmin;
    case Permission::AuditRead:
    case Permission::LoginLogRead: return r == Role::AuditAdmin;
    // Petitions: the offices that receive and handle them (domain.md §2);
    // the case supervision office reads them to find clues.
    case Permission::PetitionRead:
      return r == Role::CountyLeader || r == Role::CaseSupervision || r == Role::PetitionOffice ||
             r == Role::DisciplineRoom || r == Role::TownshipSecretary || r == Role::TownshipStaff;
    case Permission::PetitionRegister:
      return r == Role::PetitionOffice || r == Role::TownshipSecretary || r == Role::TownshipStaff;
    case Permission::PetitionHandle:
      return r == Role::CountyLeader || r == Role::PetitionOffice || r == Role::DisciplineRoom ||
             r == Role::TownshipSecretary || r == Role::TownshipStaff;
    // Reporter identity (SY-3): the leader and the heads of intake only.
    case Permission::PetitionReveal:
      return r == Role::CountyLeader || r == Role::PetitionOffice || r == Role::TownshipSecretary;
    // Clues (domain.md §3): the case supervision office holds the registry
    // and proposes dispatch, the leader approves, rooms and townships handle;
    // the petition office converts petitions into clues.
    case Permission::ClueRead:
      return r == Role::CountyLeader || r == Role::CaseSupervision || r == Role::DisciplineRoom ||
             r == Role::TownshipSecretary || r == Role::TownshipStaff;
    case Permission::ClueRegister:
      return r == Role::CaseSupervision || r == Role::PetitionOffice || r == Role::DisciplineRoom ||
             r == Role::TownshipSecretary || r == Role::TownshipStaff;
    case Permission::ClueDispatch:
      return r == Role::CaseSupervision || r == Role::CountyLeader;
    case Permission::ClueHandle:
      return r == Role::CountyLeader || r == Role::DisciplineRoom || r == Role::TownshipSecretary ||
             r == Role::TownshipStaff;
    // 线索月报: the township secretary submits, 案管 acknowledges or returns.
    case Permission::ClueReportSubmit:
      return r == Role::TownshipSecretary;
    case Permission::ClueReportReview:
      return r == Role::CaseSupervision;
    // Evidence files are decrypted for those who reveal identities and the
    // rooms that verify the matters (SY-3); every download is audited.
    case Permission::PetitionEvidence:
      return r == Role::CountyLeader || r == Role::PetitionOffice || r == Role::DisciplineRoom ||
             r == Role::TownshipSecretary;
    // Recusal (回避, JK 48) is decided by the leadership and recorded by 案管.
    case Permission::RecusalManage:
      return r == Role::CountyLeader || r == Role::CaseSupervision;
    // 三员 (SY-15): every administrator approves what another proposes;
    // may_approve_account_change says whose.
    case Permission::AccountApprove: return is_admin_role(r);
    // Cases (domain.md §4): the lead unit requests the filing and
    // investigates, the leader approves and dismisses, 案管 keeps the case
    // clocks and records the higher organ's replies; who takes which step is
    // core::may_perform's. The trial office reads the cases transferred to
    // trial (its scope, store::case_scope) and tries them (case:try).
    case Permission::CaseRead:
      return r == Role::CountyLeader || r == Role::CaseSupervision || r == Role::DisciplineRoom ||
             r == Role::TrialOffice || r == Role::TownshipSecretary || r == Role::TownshipStaff;
    case Permission::CaseHandle:
      return r == Role::CountyLeader || r == Role::CaseSupervision || r == Role::DisciplineRoom ||
             r == Role::TownshipSecretary || r == Role::TownshipStaff;
    case Permission::CaseFile:
      return r == Role::DisciplineRoom || r == Role::TownshipSecretary || r == Role::TownshipStaff;
    // Interview rooms (谈话室, CA-2): 案管 keeps the county's and the
    // townships' rooms (the register of places with safety safeguards and
    // monitoring, GZ 28, 49); booking and the talk register are case:handle,
    // the calendar case:read.
    case Permission::RoomManage: return r == Role::CaseSupervision;
    // The documents' templates are configuration, like the organisation
    // tree: the system administrator replaces them and never sees a case.
    case Permission::TemplateWrite: return r == Role::SysAdmin;
    // Guidance records (联系指导, CA-8) are written by the county rooms
    // about their linked townships (ORG-2); everyone with case:read reads
    // them within scope, and a task's owner closes it.
    case Permission::GuidanceWrite: return r == Role::DisciplineRoom;
    // The trial (审理): the county's 审理室 tries the county's cases, the
    // township secretary's committee its own (XSJ); core::may_perform says which.
    case Permission::CaseTry: return r == Role::TrialOffice || r == Role::TownshipSecretary;
  }
  return false;
}

std::vector<Permission> permissions_of(Role r) {
  std::vector<Permission> out;
  for (auto& [p, code] : kPermissions.rows)
    if (has_permission(r, p)) out.push_back(p);
  return out;
}

DataScope default_scope(Role r) {
  switch (r) {
    case Role::CountyLeader:
    case Role::CaseSupervision:
    case Role::PetitionOffice:
    case Role::TrialOffice: return DataScope::County;
    case Role::DisciplineRoom: return DataScope::LinkedTownships;
    case Role::TownshipSecretary:
    case Role::TownshipStaff: return DataScope::OwnTownship;
    case Role::VillageOfficer: return DataScope::OwnRecords;
    default: return DataScope::None;
  }
}

bool scope_allowed(Role r, DataScope s) {
  if (s == default_scope(r)) return true;
  if (r == Role::TownshipStaff && s == DataScope::OwnRecords) return true;
  if (r == Role::DisciplineRoom && s == DataScope::County) return true;
  return false;
}

OrgRequirement org_requirement(Role r) {
  switch (r) {
    case Role::CountyLeader: return {OrgKind::County, std::nullopt};
    case Role::CaseSupervision: return {OrgKind::Department, OrgCategory::CaseSupervision};
    case Role::PetitionOffice: return {OrgKind::Department, OrgCategory::PetitionOffice};
    case Role::DisciplineRoom: return {OrgKind::Department, OrgCategory::DisciplineRoom};
    case Role::TrialOffice: return {OrgKind::Department, OrgCategory::TrialOffice};
    case Role::TownshipSecretary:
    case Role::TownshipStaff: return {OrgKind::Township, std::nullopt};
    case Role::VillageOfficer: return {OrgKind::Village, std::nullopt};
    default: return {OrgKind::County, std::nullopt, true};
  }
}

bool role_fits_unit(Role r, bool has_unit, OrgKind kind, OrgCategory category) {
  auto req = org_requirement(r);
  if (!has_unit) return req.unit_optional;
  if (req.kind && *req.kind != kind) return false;
  if (req.category && *req.category != category) return false;
  return true;
}

bool may_propose_reset(Role actor, Role target) {
  return may_manage_role(actor, target) || (actor == Role::SysAdmin && target == Role::SecurityAdmin);
}

bool may_approve_account_change(Role approver, Role proposer, Role target, bool reset) {
  if (!is_admin_role(approver)) return false;
  if (!(reset ? may_propose_reset(proposer, target) : may_manage_role(proposer, target))) return false;
  if (!is_admin_role(target)) return approver == Role::SecurityAdmin;
  return approver != proposer;
}

bool may_end_session(Role actor, Role target) {
  if (actor == Role::SecurityAdmin) return true;  // incident response
  return actor == Role::SysAdmin && !is_admin_role(target);
}

bool may_manage_role(Role actor, Role target) {
  if (actor == Role::SecurityAdmin) return is_admin_role(target);
  if (actor == Role::SysAdmin) return !is_admin_role(target);
  return false;
}

}  // namespace funnel::core
