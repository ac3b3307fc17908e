#pragma once
// Online users (SY-2): the security administrator's list and revocation.
#include <vector>

#include "app/kernel.hpp"

namespace funnel::app {

class SessionService {
 public:
  explicit SessionService(Kernel& k) : k_(k) {}
  std::vector<core::Session> list_sessions(const Actor& a, const core::Page& page, long long* total);
  void revoke_session(const Actor& a, long long id);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
