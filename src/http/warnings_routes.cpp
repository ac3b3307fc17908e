// /api/v1/warnings: 预警 of the petition work and their acknowledgements (IN-7)
#include <boost/json.hpp>
#include <cctype>
#include "app/warnings.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_warnings_routes(Router& r, app::WarningService* s) {
  r.add("GET", "/api/v1/warnings", "petition:read", Access::Session, [s](Ctx& c) {
    auto code = c.q("code");
    if (code && *code != "overdue" && *code != "due_soon" && *code != "collective_visit" && *code != "risk_terms")
      throw bad_request("未知的预警类别", "code");
    // Paged with the true total; a page holds up to 500 (the default).
    return view_response(200, s->list_warnings(c.who(), code, c.q_bool("include_acknowledged").value_or(false),
                                                  c.page(500, 500)));
  });
  r.add("POST", "/api/v1/warnings/acknowledgements", "petition:handle", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto id = in.id("petition_id");
    auto code = in.str("code", 32);
    auto occurrence = in.str("occurrence", 64);
    auto note = in.opt_str("note", 500);
    in.done();
    return view_response(200, s->acknowledge_warning(c.who(), id, code, occurrence, note));
  });
}

}  // namespace funnel::http
