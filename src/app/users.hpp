#pragma once
// Accounts (SY-1) and their 三员 approvals (SY-15): what grants access is
// proposed by one administrator and approved by another; each learns half
// of the initial secret.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kernel.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

struct UserInput {
  std::string username, display_name, role;
  std::optional<long long> org_unit_id;
  std::optional<std::string> data_scope, status, password;
};

class UserService {
 public:
  explicit UserService(Kernel& k) : k_(k) {}
  std::vector<core::User> list_users(const Actor& a, const store::UserFilter& f, const core::Page& page,
                                     long long* total);
  core::User get_user(const Actor& a, long long id);
  struct AccountProposal {
    core::User user;
    long long request_id = 0;
    std::string secret_part;  // the proposer's half (create, reset)
  };
  AccountProposal propose_user(const Actor& a, const UserInput& in);
  // For the operator's tools (funnel demo) only, never reachable over HTTP:
  // an account with a chosen password at once.
  std::pair<core::User, std::string> provision_user(const Actor& a, const UserInput& in);
  // Name and status apply at once; a new role, scope or unit is proposed
  // (request id returned) and applies when approved.
  std::pair<core::User, std::optional<long long>> update_user(const Actor& a, long long id, const UserInput& in);
  AccountProposal reset_password(const Actor& a, long long id);
  void unlock_user(const Actor& a, long long id);
  std::vector<store::AccountRequest> list_account_requests(const Actor& a, const std::optional<std::string>& status,
                                                           const core::Page& page, long long* total);
  // Returns the approver's half of the secret (create, reset), else empty.
  std::string approve_account_request(const Actor& a, long long id);
  void reject_account_request(const Actor& a, long long id);

 private:
  core::User checked_user_input(store::Tx& tx, const Actor& a, const UserInput& in, const core::User* before);
  Kernel& k_;
};

}  // namespace funnel::app
