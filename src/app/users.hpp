#pragma once
// Accounts (SY-1) and their 三员 approvals (SY-15): what grants access is
// proposed by one administrator and approved by another; each learns half
// of the initial secret.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

struct UserInput {
  std::string username, display_name, role;
  std::optional<long long> org_unit_id;
  std::optional<std::string> data_scope, status, password;
};

// Typed views, serialised by src/http. A proposal gives the proposer the
// first half of the initial secret (create, reset).
struct AccountProposal {
  long long request_id = 0;
  std::string secret_part;
};
BOOST_DESCRIBE_STRUCT(AccountProposal, (), (request_id, secret_part))
struct UserCreated : AccountProposal {
  UserView user;
};
BOOST_DESCRIBE_STRUCT(UserCreated, (AccountProposal), (user))
// Name and status applied; a new role, scope or unit waits for approval.
struct UserUpdated : UserView {
  std::optional<long long> pending_request_id;
};
BOOST_DESCRIBE_STRUCT(UserUpdated, (UserView), (pending_request_id))
// The approver's half of the secret (create, reset), else null.
struct AccountApproval {
  std::optional<std::string> secret_part;
};
BOOST_DESCRIBE_STRUCT(AccountApproval, (), (secret_part))
struct AccountRequestUser : AccountRef {
  std::string role;
};
BOOST_DESCRIBE_STRUCT(AccountRequestUser, (AccountRef), (role))
struct AccountRequestProposer : UserRef {
  std::string role;
};
BOOST_DESCRIBE_STRUCT(AccountRequestProposer, (UserRef), (role))
struct AccountRequestView {
  long long id = 0;
  std::string kind, status;
  AccountRequestUser user;
  boost::json::value changes;  // the proposed role, data_scope, org_unit_id (update), as stored
  AccountRequestProposer proposed_by;
  std::string proposed_at;
  std::optional<UserRef> decided_by;
  std::optional<std::string> decided_at;
};
BOOST_DESCRIBE_STRUCT(AccountRequestView, (),
                      (id, kind, status, user, changes, proposed_by, proposed_at, decided_by, decided_at))

class UserService {
 public:
  explicit UserService(Kernel& k) : k_(k) {}
  PageOf<UserView> list_users(const Actor& a, const store::UserFilter& f, const core::Page& page);
  UserView get_user(const Actor& a, long long id);
  UserCreated propose_user(const Actor& a, const UserInput& in);
  // For the operator's tools (funnel demo) only, never reachable over HTTP:
  // an account with a chosen password at once.
  std::pair<core::User, std::string> provision_user(const Actor& a, const UserInput& in);
  // Name and status apply at once; a new role, scope or unit is proposed
  // (request id returned) and applies when approved.
  UserUpdated update_user(const Actor& a, long long id, const UserInput& in);
  AccountProposal reset_password(const Actor& a, long long id);
  void unlock_user(const Actor& a, long long id);
  PageOf<AccountRequestView> list_account_requests(const Actor& a, const std::optional<std::string>& status,
                                                   const core::Page& page);
  AccountApproval approve_account_request(const Actor& a, long long id);
  void reject_account_request(const Actor& a, long long id);

 private:
  core::User checked_user_input(store::Tx& tx, const Actor& a, const UserInput& in, const core::User* before);
  Kernel& k_;
};

}  // namespace funnel::app
