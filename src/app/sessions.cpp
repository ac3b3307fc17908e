#include "app/sessions.hpp"

#include <boost/json.hpp>
#include "core/error.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "files/evidence.hpp"
#include "store/sessions_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

PageOf<SessionView> SessionService::list_sessions(const Actor& a, const core::Page& page) {
  k_.require(a, core::Permission::SessionRead);
  long long cutoff = store::now_ms() - k_.config().session_idle_minutes * 60'000LL;
  return k_.db().read([&](store::Tx& tx) {
    PageOf<SessionView> out;
    for (auto& s : store::list_sessions(tx, cutoff, page, &out.total))
      out.items.push_back({s.id, s.user_id, s.username, s.display_name, s.ip, s.user_agent, core::iso_utc(s.created_at),
                           core::iso_utc(s.last_seen_at)});
    return out;
  });
}

void SessionService::revoke_session(const Actor& a, long long id) {
  k_.require(a, core::Permission::SessionRevoke);
  k_.db().write([&](store::Tx& tx) {
    auto s = store::find_session_by_id(tx, id);
    if (!s) throw not_found("会话不存在或已退出");
    auto owner = store::find_user(tx, s->user_id);
    auto role = owner ? core::kRoles.parse(owner->role) : std::nullopt;
    if (!role || (s->user_id != a.user.id && !core::may_end_session(a.role, *role)))
      throw forbidden("三员账号的会话只能由安全保密管理员结束");
    store::delete_session(tx, id);
    k_.audit(tx, &a, "force_logout", "session", id, {{"user_id", s->user_id}, {"username", s->username}});
  });
}

}  // namespace funnel::app
