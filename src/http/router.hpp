#pragma once
// The API router: route table, session and CSRF middleware, error mapping.
// Permission and scope checks are not here: they live in src/app.
#include <boost/json/array.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/error.hpp"
#include "http/message.hpp"

namespace funnel::http {

struct Ctx {
  const Request& req;
  app::App& app;
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
  explicit Router(app::App* app);  // null: describe() only
  void add(std::string method, std::string pattern, std::string permission, Access access,
           std::function<Response(Ctx&)> handler);
  // Handles an /api/ request; never throws.
  Response handle(const Request& req);
  boost::json::array describe() const;
  app::App* app() const { return app_; }
  // Routes that hash passwords run on the hashing pool.
  void offload(const std::string& method, const std::string& pattern);
  // A POST that only reads (a query too long for a URL) stays on the I/O
  // thread; every other POST, PUT, PATCH and DELETE runs on the writer pool.
  void reads_only(const std::string& method, const std::string& pattern);
  Lane lane(const std::string& method, std::string_view target) const;
  // Routes that take a file as the raw body, up to max_bytes (others take
  // JSON up to the server's body limit).
  void uploads(const std::string& method, const std::string& pattern, std::size_t max_bytes);
  std::size_t upload_limit(const std::string& method, std::string_view target) const;  // 0: not an upload

 private:
  app::App* app_;
  std::vector<Route> routes_;
  std::vector<std::pair<std::string, std::string>> offloaded_;   // method, pattern
  std::vector<std::pair<std::string, std::string>> reads_only_;  // method, pattern
  struct Upload {
    std::string method, pattern;
    std::size_t max_bytes;
  };
  std::vector<Upload> uploads_;
};

void register_routes(Router& r);  // all /api/v1 routes
// One file per resource:
void add_auth_routes(Router& r);
void add_org_routes(Router& r);
void add_user_routes(Router& r);
void add_admin_routes(Router& r);  // sessions, login log, audit log
void add_calendar_routes(Router& r);  // time limits, working-day calendar
void add_petition_routes(Router& r);  // petitions, persons, categories
void add_visit_routes(Router& r);     // duty roster, visits, screenings, monthly counts
void add_clue_routes(Router& r);      // clues, monthly reports, collective reviews, the funnel
void add_evidence_routes(Router& r);  // petition messages and evidence files, recusals
// The public portal's own router (its listener serves nothing else).
void register_portal_routes(Router& r);

// A query value that must be one of an enumeration's codes (400 naming it otherwise).
template <class E, std::size_t N>
std::optional<std::string> q_code(Ctx& c, const char* name, const core::EnumTable<E, N>& table) {
  auto v = c.q(name);
  if (v && !table.parse(*v)) throw bad_request("未知的取值", name);
  return v;
}

// The file name of a raw-body upload (?name=…): 422 naming `name` when missing.
std::string upload_name(const Ctx& c);

class JsonIn;
// The reported persons of a petition or a clue ("persons": [...]).
std::vector<app::ReportedInput> read_persons(JsonIn& in);

std::string session_cookie(const std::string& token, bool secure);
std::string clear_session_cookie(bool secure);

}  // namespace funnel::http
