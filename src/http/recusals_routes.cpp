// /api/v1/recusals: 回避 (SY-3)
#include <boost/json.hpp>
#include "app/recusals.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_recusals_routes(Router& r, app::RecusalService* s) {
  r.add("GET", "/api/v1/recusals", "recusal:manage", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_recusals(c.who(), c.q_id("user_id"), c.page())); });
  r.add("GET", "/api/v1/recusals/candidates", "recusal:manage", Access::Session,
        [s](Ctx& c) { return view_response(200, s->recusal_candidates(c.who(), c.q("q"))); });
  r.add("POST", "/api/v1/recusals", "recusal:manage", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::RecusalInput v;
    v.user_id = in.id("user_id");
    v.person_id = in.id("person_id");
    v.relation = in.str("relation", 16);
    v.reason = in.str("reason", 200);
    in.done();
    return view_response(201, s->add_recusal(c.who(), v));
  });
  r.add("DELETE", "/api/v1/recusals/{id}", "recusal:manage", Access::Session, [s](Ctx& c) {
    s->delete_recusal(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
}

}  // namespace funnel::http
