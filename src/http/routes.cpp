// The route table: every feature's routes, each handed its own service.
#include <boost/json.hpp>

#include "app/services.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
template <class T>
T* of(app::Services* s, T app::Services::*member) {
  return s ? &(s->*member) : nullptr;
}
}  // namespace

void register_routes(Router& r, app::Services* s) {
  r.add("GET", "/api/v1/ping", "none", Access::Public,
        [](Ctx&) { return json_response(200, json::object{{"status", "ok"}}); });
  add_auth_routes(r, of(s, &app::Services::auth));
  add_reference_routes(r, of(s, &app::Services::reference));
  add_org_units_routes(r, of(s, &app::Services::org_units));
  add_users_routes(r, of(s, &app::Services::users));
  add_sessions_routes(r, of(s, &app::Services::sessions));
  add_audit_log_routes(r, of(s, &app::Services::audit_log));
  add_petitions_routes(r, of(s, &app::Services::petitions));
  add_warnings_routes(r, of(s, &app::Services::warnings));
  add_clues_routes(r, of(s, &app::Services::clues));
  add_clue_reports_routes(r, of(s, &app::Services::clue_reports));
  add_clue_reviews_routes(r, of(s, &app::Services::clue_reviews));
  add_cases_routes(r, of(s, &app::Services::cases));
  add_case_evidence_routes(r, of(s, &app::Services::case_evidence));
  add_case_execution_routes(r, of(s, &app::Services::case_execution));
  add_interview_rooms_routes(r, of(s, &app::Services::interview_rooms));
  add_documents_routes(r, of(s, &app::Services::documents));
  add_guidance_routes(r, of(s, &app::Services::guidance));
  add_ledgers_routes(r, of(s, &app::Services::ledgers));
  add_visits_routes(r, of(s, &app::Services::visits));
  add_screenings_routes(r, of(s, &app::Services::screenings));
  add_petition_stats_routes(r, of(s, &app::Services::petition_stats));
  add_messages_routes(r, of(s, &app::Services::messages));
  add_attachments_routes(r, of(s, &app::Services::attachments));
  add_recusals_routes(r, of(s, &app::Services::recusals));
}

void register_portal_routes(Router& r, app::Services* s) { add_portal_routes(r, of(s, &app::Services::portal)); }

}  // namespace funnel::http
