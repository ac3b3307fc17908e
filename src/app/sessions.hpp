#pragma once
// Online users (SY-2): the security administrator's list and revocation.
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

// A signed-in session (typed view, serialised by src/http); never its tokens.
struct SessionView {
  long long id = 0, user_id = 0;
  std::string username, display_name, ip, user_agent, created_at, last_seen_at;
};
BOOST_DESCRIBE_STRUCT(SessionView, (),
                      (id, user_id, username, display_name, ip, user_agent, created_at, last_seen_at))

class SessionService {
 public:
  explicit SessionService(Kernel& k) : k_(k) {}
  PageOf<SessionView> list_sessions(const Actor& a, const core::Page& page);
  void revoke_session(const Actor& a, long long id);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
