#pragma once
// Who may do what (roles → permissions) and which data scopes a role may
// hold. The enforcement sits in src/app; these are the rules it applies.
#include <optional>
#include <vector>

#include "core/enums.hpp"

namespace funnel::core {

bool has_permission(Role r, Permission p);
std::vector<Permission> permissions_of(Role r);
// The three administrators (三员): system, security, audit.
bool is_admin_role(Role r);
DataScope default_scope(Role r);
bool scope_allowed(Role r, DataScope s);

// What organisation unit a role's holder must belong to.
struct OrgRequirement {
  std::optional<OrgKind> kind;          // nullopt: no unit (admins may also sit in a county)
  std::optional<OrgCategory> category;  // for departments
  bool unit_optional = false;
};
OrgRequirement org_requirement(Role r);
// True when a unit of (kind, category) suits role r; has_unit=false means none.
bool role_fits_unit(Role r, bool has_unit, OrgKind kind, OrgCategory category);

// Separation of duties: which roles an actor may create, edit or grant.
bool may_manage_role(Role actor, Role target);
// SY-15: creating an account, changing its role, scope or unit, and
// resetting its password take two administrators: one proposes
// (may_manage_role), another approves, and each learns half of the initial
// secret. A business account's change is approved by the security
// administrator (授权); an administrator account's by an administrator of
// another role than the proposer's (the auditor too, so that the only system
// administrator's lost password can be restored). The accounts of proposer,
// approver and target are always three different ones (checked in src/app).
bool may_approve_account_change(Role approver, Role proposer, Role target);
// Whose sessions an administrator may end: the security administrator
// anyone's (incident response), the system administrator business users'
// only (never the auditor's).
bool may_end_session(Role actor, Role target);

}  // namespace funnel::core
