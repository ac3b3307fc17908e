#include "app/messages.hpp"
#include "app/portal.hpp"

#include "core/error.hpp"
#include "core/portal.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/petitions_repo.hpp"
#include "store/portal_repo.hpp"

namespace funnel::app {


PetitionMessages MessageService::list_petition_messages(const Actor& a, long long petition_id) {
  k_.require(a, core::Permission::PetitionRead);
  auto j = k_.db().read([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    auto rc = store::find_receipt_for_petition(tx, p->id);
    PetitionMessages out;
    for (const auto& m : store::messages_of(tx, p->id)) {
      auto body = k_.keys().open_text(m.body_sealed, "petition_messages.body:" + std::to_string(p->id));
      out.items.push_back(
          {m.id, m.direction, body ? *body : std::string("（无法解密）"), m.author_name, core::iso_utc(m.created_at)});
    }
    out.portal = rc.has_value();
    out.open = !core::portal_final_state(p->state);
    if (auto expires = rc ? portal_expiry(k_, tx, *p) : std::nullopt) out.access_expires_day = core::format_day(*expires);
    return out;
  });
  // SY-4: the reporter's decrypted messages are a sensitive read.
  k_.db().write([&](store::Tx& tx) {
    k_.audit(tx, &a, "read_messages", "petition", petition_id,
          {{"messages", static_cast<long long>(j.items.size())}});
    return 0;
  });
  return j;
}

PetitionMessageView MessageService::send_petition_message(const Actor& a, long long petition_id, const std::string& body) {
  k_.require(a, core::Permission::PetitionHandle);
  if (!core::valid_utf8(body) || core::trim(body).empty()) throw invalid("body", "请填写留言内容");
  if (core::utf8_length(body) > 5000) throw invalid("body", "留言不能超过 5000 个字");
  return k_.db().write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    if (!store::find_receipt_for_petition(tx, p->id)) throw conflict("该件不是经网上举报平台提交的，无法给举报人留言");
    store::PetitionMessage m;
    m.petition_id = p->id;
    m.direction = "out";
    m.body_sealed = k_.keys().seal_text(body, "petition_messages.body:" + std::to_string(p->id));
    m.author_id = a.user.id;
    m.author_name = a.user.display_name;
    m.id = store::insert_message(tx, m);
    k_.audit(tx, &a, "message_reporter", "petition", p->id, {{"number", p->number}});
    return PetitionMessageView{m.id, "out", body, a.user.display_name, core::iso_utc(tx.now)};
  });
}

}  // namespace funnel::app
