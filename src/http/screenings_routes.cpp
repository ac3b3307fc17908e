// /api/v1/screenings: 排查化解 (IN-5)
#include <boost/json.hpp>
#include "app/screenings.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_screenings_routes(Router& r, app::ScreeningService* s) {
  r.add("GET", "/api/v1/screenings", "petition:read", Access::Session, [s](Ctx& c) {
    auto outcome = c.q("outcome");
    if (outcome && !core::kScreeningOutcomes.parse(*outcome)) throw bad_request("未知的取值", "outcome");
    return view_response(200, s->list_screenings(c.who(), c.q("period"), outcome, c.page()));
  });
  r.add("POST", "/api/v1/screenings", "petition:register", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::ScreeningInput v;
    v.period = in.str("period", 7);
    v.petition_id = in.opt_id("petition_id");
    v.matter = in.str("matter", 2000);
    v.risk_level = in.str("risk_level", 16);
    v.measures = in.str("measures", 2000);
    v.responsible = in.str("responsible", 64);
    v.outcome = in.str("outcome", 16);
    v.outcome_note = in.opt_str("outcome_note", 2000);
    in.done();
    return view_response(201, s->add_screening(c.who(), v));
  });
  r.add("POST", "/api/v1/screenings/{id}/outcome", "petition:register", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto outcome = in.str("outcome", 16);
    auto note = in.opt_str("outcome_note", 2000);
    in.done();
    return view_response(200, s->set_screening_outcome(c.who(), id, outcome, note));
  });
}

}  // namespace funnel::http
