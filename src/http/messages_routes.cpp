// /api/v1/petitions/{id}/messages: messages with portal reporters (IN-6)
#include <boost/json.hpp>
#include "app/messages.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_messages_routes(Router& r, app::MessageService* s) {
  r.add("GET", "/api/v1/petitions/{id}/messages", "petition:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_petition_messages(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/petitions/{id}/messages", "petition:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto body = in.str("body", 5000);
    in.done();
    return view_response(201, s->send_petition_message(c.who(), id, body));
  });
}

}  // namespace funnel::http
