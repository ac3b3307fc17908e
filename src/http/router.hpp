#pragma once
// The API router: route table, session and CSRF middleware, error mapping.
// Permission and scope checks are not here: they live in src/app.
#include <boost/json/array.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "core/error.hpp"
#include "http/message.hpp"

namespace funnel::app {
struct Services;
class AuthService;
class CaseService;
class CaseEvidenceService;
class CaseExecutionService;
class InterviewRoomService;
class AttachmentService;
class AuditLogService;
class ClueReportService;
class ClueReviewService;
class ClueService;
class DocumentService;
class GuidanceService;
class LedgerService;
class MessageService;
class OrgUnitService;
class PetitionService;
class PetitionStatsService;
class PortalService;
class RecusalService;
class ReferenceService;
class ScreeningService;
class SessionService;
class UserService;
class VisitService;
class WarningService;
}  // namespace funnel::app

namespace funnel::http {

struct Ctx {
  const Request& req;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> params;  // from {name} segments
  std::optional<app::Actor> actor;
  app::Client client;

  long long id_param(const char* name = "id") const;
  std::optional<std::string> q(const char* name) const;  // query value, trimmed; empty → nullopt
  std::optional<long long> q_id(const char* name) const;
  std::optional<bool> q_bool(const char* name) const;
  std::optional<std::string> q_day(const char* name) const;  // YYYY-MM-DD or 400 naming it
  core::Page page() const;
  core::Page page(int default_size, int max_size) const;
  const app::Actor& who() const { return *actor; }
};

enum class Access { Public, Session };

// Where a request's handler runs (server.cpp):
//  Io    on the I/O thread that read it: reads, a few ms of CPU at most;
//  Write on the writer pool: its thread waits for the group commit, so many
//        writers can wait together and share one commit;
//  Hash  on the small password-hashing pool (~65 ms of CPU each).
enum class Lane { Io, Write, Hash };

struct Route {
  std::string method;
  std::string pattern;     // /api/v1/org-units/{id}
  std::string permission;  // documentation and the route table test: "none", "session" or a permission code
  Access access;
  std::function<Response(Ctx&)> handler;
};

class Router {
 public:
  // Authentication runs here (session cookie, CSRF, the route's permission);
  // each handler holds the one service it serves. null: describe() only.
  explicit Router(app::AuthService* auth);
  void add(std::string method, std::string pattern, std::string permission, Access access,
           std::function<Response(Ctx&)> handler);
  // Handles an /api/ request; never throws.
  Response handle(const Request& req);
  boost::json::array describe() const;
  bool serving() const { return auth_ != nullptr; }
  // Routes that hash passwords run on the hashing pool.
  void offload(const std::string& method, const std::string& pattern);
  // A POST that only reads (a query too long for a URL) stays on the I/O
  // thread; every other POST, PUT, PATCH and DELETE runs on the writer pool.
  void reads_only(const std::string& method, const std::string& pattern);
  // A GET that commits an audit record (a sensitive read, SY-4) runs on the
  // writer pool: its commit waits there with the others and shares their
  // fsync, instead of holding an I/O thread through its own.
  void audited_read(const std::string& method, const std::string& pattern);
  Lane lane(const std::string& method, std::string_view target) const;
  // Routes that take a file as the raw body, up to max_bytes (others take
  // JSON up to the server's body limit).
  void uploads(const std::string& method, const std::string& pattern, std::size_t max_bytes);
  std::size_t upload_limit(const std::string& method, std::string_view target) const;  // 0: not an upload

 private:
  app::AuthService* auth_;
  std::vector<Route> routes_;
  std::vector<std::pair<std::string, std::string>> offloaded_;   // method, pattern
  std::vector<std::pair<std::string, std::string>> reads_only_;  // method, pattern
  std::vector<std::pair<std::string, std::string>> audited_;     // method, pattern
  struct Upload {
    std::string method, pattern;
    std::size_t max_bytes;
  };
  std::vector<Upload> uploads_;
};

// All /api/v1 routes (routes.cpp); services null: describe() only.
void register_routes(Router& r, app::Services* services);
// The public portal's own router (its listener serves nothing else).
void register_portal_routes(Router& r, app::Services* services);
// One file per feature, named after it, holding only its own service:
void add_auth_routes(Router& r, app::AuthService* s);
void add_reference_routes(Router& r, app::ReferenceService* s);
void add_org_units_routes(Router& r, app::OrgUnitService* s);
void add_users_routes(Router& r, app::UserService* s);
void add_sessions_routes(Router& r, app::SessionService* s);
void add_audit_log_routes(Router& r, app::AuditLogService* s);
void add_petitions_routes(Router& r, app::PetitionService* s);
void add_warnings_routes(Router& r, app::WarningService* s);
void add_visits_routes(Router& r, app::VisitService* s);
void add_screenings_routes(Router& r, app::ScreeningService* s);
void add_petition_stats_routes(Router& r, app::PetitionStatsService* s);
void add_recusals_routes(Router& r, app::RecusalService* s);
void add_messages_routes(Router& r, app::MessageService* s);
void add_attachments_routes(Router& r, app::AttachmentService* s);
void add_clues_routes(Router& r, app::ClueService* s);
void add_cases_routes(Router& r, app::CaseService* s);
void add_case_evidence_routes(Router& r, app::CaseEvidenceService* s);
void add_case_execution_routes(Router& r, app::CaseExecutionService* s);
void add_interview_rooms_routes(Router& r, app::InterviewRoomService* s);
void add_documents_routes(Router& r, app::DocumentService* s);
void add_guidance_routes(Router& r, app::GuidanceService* s);
void add_clue_reports_routes(Router& r, app::ClueReportService* s);
void add_clue_reviews_routes(Router& r, app::ClueReviewService* s);
void add_ledgers_routes(Router& r, app::LedgerService* s);
void add_portal_routes(Router& r, app::PortalService* s);

// A query value that must be one of an enumeration's codes (400 naming it otherwise).
template <class E, std::size_t N>
std::optional<std::string> q_code(Ctx& c, const char* name, const core::EnumTable<E, N>& table) {
  auto v = c.q(name);
  if (v && !table.parse(*v)) throw bad_request("未知的取值", name);
  return v;
}

// The file name of a raw-body upload (?name=…): 422 naming `name` when missing.
std::string upload_name(const Ctx& c);


std::string session_cookie(const std::string& token, bool secure);
std::string clear_session_cookie(bool secure);

}  // namespace funnel::http
