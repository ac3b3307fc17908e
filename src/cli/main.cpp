// funnel: serve, init, migrate, verify-audit, routes.
// Configuration: flags > environment (FUNNEL_*) > TOML file (--config) > defaults.
#include <spdlog/spdlog.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "app/services.hpp"
#include "tools/tools.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "jobs/periodic.hpp"
#include "store/audit_log_repo.hpp"
#include "store/db.hpp"

namespace fs = std::filesystem;
using namespace funnel;

namespace {

struct Options {
  std::string config_file;
  std::string data_dir;
  std::string database;
  std::string key_file;
  std::string listen = "127.0.0.1:8080";
  std::string portal_listen;
  std::string web_root;
  std::string resource_dir;
  int session_idle_minutes = 30;
  int workers = 4;
  int write_threads = 32;
  std::string gen_scale = "county";
  std::optional<long long> gen_counties, gen_petitions, gen_clues, gen_cases;
  double gen_duplicates = 0.05;
  unsigned long long gen_seed = 20170101;
  bool gen_force = false;
  std::string checkpoints_file;
  bool trust_proxy = false;
  bool secure_cookies = false;
  app::Config::Portal portal;
  int portal_max_file_mb = 20;
  // Upload budgets and the slow-body timeout (defaults in http::ServerConfig).
  int uploads_in_flight = http::ServerConfig{}.max_uploads_in_flight;
  int portal_uploads_in_flight = http::ServerConfig{}.portal_uploads_in_flight;
  int portal_uploads_per_network = http::ServerConfig{}.portal_uploads_per_network;
  int upload_timeout_seconds = http::ServerConfig{}.upload_timeout_seconds;
  int upload_min_kib_per_second = http::ServerConfig{}.upload_min_kib_per_second;
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

fs::path exe_dir() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : p.parent_path();
}

fs::path first_existing(std::initializer_list<fs::path> candidates) {
  for (auto& c : candidates)
    if (fs::exists(c)) return c;
  return *candidates.begin();
}

void apply_env(Options& o, const CLI::App& cmd) {
  auto env = [](const char* name) -> const char* { return std::getenv(name); };
  if (!cmd.count("--data-dir") && env("FUNNEL_DATA_DIR")) o.data_dir = env("FUNNEL_DATA_DIR");
  if (!cmd.count("--database") && env("FUNNEL_DATABASE")) o.database = env("FUNNEL_DATABASE");
}

void apply_toml(Options& o, const CLI::App& cmd) {
  if (o.config_file.empty()) return;
  toml::table t;
  try {
    t = toml::parse_file(o.config_file);
  } catch (const toml::parse_error& e) {
    throw UsageError("--config: " + std::string(e.description()));
  }
  auto str = [&](const char* key, const char* flag, std::string& out) {
    if (cmd.count(flag)) return;
    if (auto v = t[key].value<std::string>()) out = *v;
  };
  str("data_dir", "--data-dir", o.data_dir);
  str("database", "--database", o.database);
  str("key_file", "--key-file", o.key_file);
  str("listen", "--listen", o.listen);
  str("portal_listen", "--portal-listen", o.portal_listen);
  str("web_root", "--web-root", o.web_root);
  str("resource_dir", "--resource-dir", o.resource_dir);
  if (!cmd.count("--session-idle-minutes"))
    if (auto v = t["session_idle_minutes"].value<int>()) o.session_idle_minutes = *v;
  if (!cmd.count("--workers"))
    if (auto v = t["workers"].value<int>()) o.workers = *v;
  if (!cmd.count("--write-threads"))
    if (auto v = t["write_threads"].value<int>()) o.write_threads = *v;
  if (!cmd.count("--trust-proxy"))
    if (auto v = t["trust_proxy"].value<bool>()) o.trust_proxy = *v;
  if (!cmd.count("--secure-cookies"))
    if (auto v = t["secure_cookies"].value<bool>()) o.secure_cookies = *v;
  auto top = [&](const char* key, const char* flag, int& out) {
    if (cmd.count(flag)) return;
    if (auto v = t[key].value<int>()) out = *v;
  };
  top("uploads_in_flight", "--uploads-in-flight", o.uploads_in_flight);
  top("upload_timeout_seconds", "--upload-timeout-seconds", o.upload_timeout_seconds);
  top("upload_min_kib_per_second", "--upload-min-kib-per-second", o.upload_min_kib_per_second);
  // [portal] table: the same names as the --portal-… flags, with underscores.
  auto num = [&](const char* key, const char* flag, int& out) {
    if (cmd.count(flag)) return;
    if (auto v = t["portal"][key].value<int>()) out = *v;
  };
  num("pow_bits", "--portal-pow-bits", o.portal.pow_bits);
  num("max_files", "--portal-max-files", o.portal.max_files);
  num("max_file_mb", "--portal-max-file-mb", o.portal_max_file_mb);
  num("retention_days", "--portal-retention-days", o.portal.retention_days);
  num("submit_per_hour", "--portal-submit-per-hour", o.portal.submit_per_hour);
  num("login_per_hour", "--portal-login-per-hour", o.portal.login_per_hour);
  num("upload_per_hour", "--portal-upload-per-hour", o.portal.upload_per_hour);
  num("messages_per_hour", "--portal-messages-per-hour", o.portal.messages_per_hour);
  num("uploads_in_flight", "--portal-uploads-in-flight", o.portal_uploads_in_flight);
  num("uploads_per_network", "--portal-uploads-per-network", o.portal_uploads_per_network);
}

app::Config make_config(Options& o, const CLI::App& cmd) {
  apply_toml(o, cmd);
  apply_env(o, cmd);
  if (o.data_dir.empty()) throw UsageError("--data-dir is required (or FUNNEL_DATA_DIR, or data_dir in --config)");
  app::Config c;
  c.data_dir = fs::absolute(o.data_dir);
  c.database_url = o.database;
  c.key_file = o.key_file.empty() ? crypto::default_key_file(c.data_dir) : fs::path(o.key_file);
  c.resource_dir = o.resource_dir.empty()
                       ? first_existing({exe_dir() / ".." / "data", fs::path("/usr/share/funnel/data")})
                       : fs::path(o.resource_dir);
  if (o.session_idle_minutes < 1 || o.session_idle_minutes > 24 * 60)
    throw UsageError("--session-idle-minutes must be between 1 and 1440");
  c.session_idle_minutes = o.session_idle_minutes;
  if (o.workers < 1 || o.workers > 256) throw UsageError("--workers must be between 1 and 256");
  c.db_pool = static_cast<std::size_t>(o.workers);
  if (o.write_threads < 1 || o.write_threads > 256) throw UsageError("--write-threads must be between 1 and 256");
  auto range = [](int v, int lo, int hi, const char* flag) {
    if (v < lo || v > hi)
      throw UsageError(std::string(flag) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  };
  range(o.portal.pow_bits, 0, 32, "--portal-pow-bits");
  range(o.portal.max_files, 1, 50, "--portal-max-files");
  range(o.portal_max_file_mb, 1, 200, "--portal-max-file-mb");
  range(o.portal.retention_days, 1, 3650, "--portal-retention-days");
  range(o.portal.submit_per_hour, 0, 10'000'000, "--portal-submit-per-hour");
  range(o.portal.login_per_hour, 0, 10'000'000, "--portal-login-per-hour");
  range(o.portal.upload_per_hour, 0, 10'000'000, "--portal-upload-per-hour");
  range(o.portal.messages_per_hour, 0, 10'000, "--portal-messages-per-hour");
  range(o.uploads_in_flight, 1, 256, "--uploads-in-flight");
  range(o.portal_uploads_in_flight, 1, 256, "--portal-uploads-in-flight");
  range(o.portal_uploads_per_network, 1, 256, "--portal-uploads-per-network");
  range(o.upload_timeout_seconds, 1, 3600, "--upload-timeout-seconds");
  range(o.upload_min_kib_per_second, 1, 1'000'000, "--upload-min-kib-per-second");
  c.portal = o.portal;
  c.portal.max_file_bytes = static_cast<long long>(o.portal_max_file_mb) << 20;
  try {
    store::parse_db_url(app::database_url_for(c));
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  return c;
}

std::pair<std::string, unsigned short> parse_listen(const std::string& s, const char* flag) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) throw UsageError(std::string(flag) + ": expected HOST:PORT");
  std::string host = s.substr(0, colon), port = s.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) < 1 || std::stoi(port) > 65535)
    throw UsageError(std::string(flag) + ": port must be 1–65535");
  for (char ch : host)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == ':' || ch == '-'))
      throw UsageError(std::string(flag) + ": invalid host");
  if (host == "localhost") host = "127.0.0.1";
  return {host, static_cast<unsigned short>(std::stoi(port))};
}

std::unique_ptr<app::Services> open_app(const app::Config& c, bool must_be_current, bool must_be_keyed = true) {
  if (!fs::exists(c.key_file))
    throw UsageError("no key file at " + c.key_file.string() + ": run `funnel init --data-dir DIR` first");
  auto db = std::make_unique<store::Db>(app::database_url_for(c), c.db_pool);
  if (must_be_current) {
    int have = store::schema_version(*db), want = store::latest_schema_version();
    if (have == 0) throw UsageError("the database is empty: run `funnel init` first");
    if (have < want) throw UsageError("the database schema is older than this binary: run `funnel migrate`");
    if (have > want) throw UsageError("the database schema is newer than this binary");
  }
  auto a = std::make_unique<app::Services>(c, std::move(db));
  // Records appended to an unkeyed chain would be re-chained unchecked later.
  if (must_be_keyed && !a->audit_log.audit_chain_keyed())
    throw UsageError("the audit chain is not keyed yet: run `funnel migrate`");
  return a;
}

// `audit_checkpoint` events of the server's log (any lines around them are
// skipped): seq → hash. "-" reads standard input.
app::AuditCheckpoints read_checkpoints(const std::string& file) {
  std::ifstream in;
  if (file != "-") {
    in.open(file);
    if (!in) throw UsageError("--checkpoints: cannot read " + file);
  }
  std::istream& src = file == "-" ? std::cin : in;
  app::AuditCheckpoints out;
  std::string line;
  for (long long n = 1; std::getline(src, line); ++n) {
    auto at = line.find("{\"event\":\"audit_checkpoint\"");
    if (at == std::string::npos) continue;
    try {
      auto o = boost::json::parse(line.substr(at)).as_object();
      long long seq = o.at("seq").to_number<long long>();
      std::string hash(o.at("hash").as_string());
      auto [it, fresh] = out.emplace(seq, hash);
      if (!fresh && it->second != hash)
        throw UsageError("--checkpoints: two checkpoints of record " + std::to_string(seq) + " differ (line " +
                         std::to_string(n) + ")");
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      throw UsageError("--checkpoints: line " + std::to_string(n) + ": " + e.what());
    }
  }
  return out;
}

int cmd_init(const app::Config& c) {
  // Check the data files first: a bad one must not leave a half-made data dir.
  app::load_dictionaries(c.resource_dir);
  app::load_work_calendar(c.resource_dir);
  app::load_time_limits(c.resource_dir);
  app::load_petition_catalogue(c.resource_dir);
  app::load_document_catalogue(c.resource_dir);
  app::load_sanction_rules(c.resource_dir);
  app::load_approval_powers(c.resource_dir);
  fs::create_directories(c.data_dir);
  if (fs::exists(c.key_file)) {
    std::cerr << "funnel init: " << c.data_dir.string() << " is already initialised (key file exists)\n";
    return 1;
  }
  {
    store::Db db(app::database_url_for(c), 1);
    if (store::schema_version(db) > 0) {
      std::cerr << "funnel init: the database already holds a Funnel schema\n";
      return 1;
    }
    store::migrate(db);
  }
  if (c.key_file == crypto::default_key_file(c.data_dir)) crypto::KeyRing::create(c.data_dir);
  auto a = open_app(c, true);
  std::optional<std::string> pw;
  if (const char* env = std::getenv("FUNNEL_ADMIN_PASSWORD"); env && *env) pw = env;
  auto accounts = a->auth.create_initial_admins(pw);
  std::cout << "initialised " << c.data_dir.string() << "\n";
  for (auto& [user, p] : accounts) {
    const char* label = user == "admin" ? "admin" : user == "secadmin" ? "secadmin" : "auditor";
    if (pw)
      std::cout << label << " password: (from FUNNEL_ADMIN_PASSWORD)\n";
    else
      std::cout << label << " password: " << p << "\n";
  }
  std::cout << "Each account must change its password at first login.\n";
  return 0;
}

int cmd_demo(const app::Config& c) {
  std::optional<std::string> pw;
  if (const char* env = std::getenv("FUNNEL_DEMO_PASSWORD"); env && *env) pw = env;
  auto a = open_app(c, true);
  std::cout << "loading the demo county (DEMO DATA, invented people) …" << std::endl;
  std::vector<std::pair<std::string, std::string>> receipts;
  auto accounts = tools::load_demo(*a, pw, &receipts);
  std::cout << "demo county loaded: " << accounts.size() << " demo accounts (docs/demo.md lists them)\n";
  for (auto& [user, p] : accounts) {
    if (pw)
      std::cout << "  " << user << "\n";
    else
      std::cout << "  " << user << " password: " << p << "\n";
  }
  std::cout << "public portal receipts of the demo web reports (follow up on the portal, port 8081"
            << (pw ? "; password from FUNNEL_DEMO_PASSWORD" : "") << "):\n";
  for (auto& [code, p] : receipts) std::cout << "  " << code << (pw ? "" : " password: " + p) << "\n";
  std::cout << (pw ? "Every demo account has the password from FUNNEL_DEMO_PASSWORD.\n"
                   : "Each demo account must change its password at first login.\n");
  return 0;
}

int cmd_gen(const app::Config& c, const tools::GenOptions& g) {
  auto a = open_app(c, true);
  auto r = tools::generate(*a, g, [](const std::string& line) { std::cout << line << std::endl; });
  std::printf(
      "generated %lld counties, %lld townships, %lld villages, %lld petitions, %lld clues, %lld cases (%lld measures, "
      "%lld room bookings, %lld documents), %lld persons, %lld staff accounts, %lld audit records (%lld logins) in "
      "%.1f s\n",
      r.counties, r.townships, r.villages, r.petitions, r.clues, r.cases, r.measures, r.bookings, r.documents, r.persons,
      r.staff_accounts, r.audit_records, r.logins, r.seconds);
  for (auto& [user, pw] : r.accounts) std::cout << "  account " << user << (pw.empty() ? "" : " password: " + pw) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Funnel — county–township discipline inspection platform"};
  cli.require_subcommand(1);
  Options o;
  auto common = [&](CLI::App* cmd) {
    cmd->add_option("--config", o.config_file, "TOML configuration file")->check(CLI::ExistingFile);
    cmd->add_option("--data-dir", o.data_dir, "data directory (database, keys)");
    cmd->add_option("--database", o.database, "sqlite:///path.db (default DIR/funnel.db) or postgresql://…");
    cmd->add_option("--key-file", o.key_file, "key file (default DIR/keys/master.key)");
    cmd->add_option("--resource-dir", o.resource_dir, "data files (dictionaries, calendar)");
  };
  auto* serve = cli.add_subcommand("serve", "serve the web UI and the API");
  common(serve);
  serve->add_option("--listen", o.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve->add_option("--portal-listen", o.portal_listen,
                    "HOST:PORT of the public portal (default 127.0.0.1:8081; off: none)");
  serve->add_option("--portal-pow-bits", o.portal.pow_bits, "proof-of-work difficulty in bits (default 18)");
  serve->add_option("--portal-max-files", o.portal.max_files, "evidence files per report (default 10)");
  serve->add_option("--portal-max-file-mb", o.portal_max_file_mb, "size limit of one evidence file (default 20)");
  serve->add_option("--portal-retention-days", o.portal.retention_days,
                    "days a concluded report stays reachable with its receipt (default 180)");
  serve->add_option("--portal-submit-per-hour", o.portal.submit_per_hour,
                    "reports per network and hour (default 20; 0: no limit)");
  serve->add_option("--portal-login-per-hour", o.portal.login_per_hour,
                    "receipt logins per network and hour (default 30; 0: no limit)");
  serve->add_option("--portal-upload-per-hour", o.portal.upload_per_hour,
                    "file uploads per network and hour (default 120; 0: no limit)");
  serve->add_option("--portal-messages-per-hour", o.portal.messages_per_hour,
                    "reporter messages per receipt and hour (default 10; 0: no limit)");
  serve->add_option("--portal-uploads-in-flight", o.portal_uploads_in_flight,
                    "portal upload bodies read or handled at once (default 8; 503 beyond)");
  serve->add_option("--portal-uploads-per-network", o.portal_uploads_per_network,
                    "portal uploads at once from one IPv4 /24 or IPv6 /64 (default 2; 429 beyond)");
  serve->add_option("--uploads-in-flight", o.uploads_in_flight,
                    "internal upload bodies read or handled at once (default 4; 503 beyond)");
  serve->add_option("--upload-timeout-seconds", o.upload_timeout_seconds,
                    "seconds an upload's body may take to start (default 10)");
  serve->add_option("--upload-min-kib-per-second", o.upload_min_kib_per_second,
                    "average rate an upload's body must keep, KiB/s (default 32)");
  serve->add_option("--web-root", o.web_root, "built web UI (default <binary>/../web/dist)");
  serve->add_option("--session-idle-minutes", o.session_idle_minutes, "idle session expiry (default 30)");
  serve->add_option("--workers", o.workers, "I/O and handler threads = database connections (default 4)");
  serve->add_option("--write-threads", o.write_threads,
                    "threads that run writes; waiting writers share one commit (default 32)");
  serve->add_flag("--trust-proxy", o.trust_proxy, "trust X-Real-IP and X-Forwarded-Proto from a local proxy");
  serve->add_flag("--secure-cookies", o.secure_cookies, "mark cookies Secure (behind TLS)");
  auto* init = cli.add_subcommand("init", "create the database, keys and the three administrators");
  common(init);
  auto* migrate = cli.add_subcommand("migrate", "apply pending schema migrations");
  common(migrate);
  auto* verify = cli.add_subcommand("verify-audit", "check the audit hash chain");
  common(verify);
  verify->add_option("--checkpoints", o.checkpoints_file,
                     "the server's log (or any file holding its audit_checkpoint lines; - for stdin): the chain "
                     "must reach and match every checkpoint");
  auto* routes = cli.add_subcommand("routes", "print the API route table as JSON");
  auto* templates = cli.add_subcommand("templates", "build data/templates/*.docx from data/templates/src");
  templates->add_option("--resource-dir", o.resource_dir, "data files (default: the installed data/)");
  bool templates_check = false;
  templates->add_flag("--check", templates_check, "write nothing; fail when a .docx does not match its sources");
  auto* demo = cli.add_subcommand("demo", "load the demo county into an initialised, empty database");
  common(demo);
  auto* gen = cli.add_subcommand("gen", "generate reference data for benchmarks (fixed seed: same options, same data)");
  common(gen);
  gen->add_option("--scale", o.gen_scale, "county (~20k petitions) or province (140 counties, 1M petitions)");
  gen->add_option("--counties", o.gen_counties, "number of counties (overrides the scale)");
  gen->add_option("--petitions", o.gen_petitions, "number of petitions (overrides the scale)");
  gen->add_option("--clues", o.gen_clues, "number of problem clues (overrides the scale)");
  gen->add_option("--cases", o.gen_cases,
                  "number of cases filed directly from transfers, supervision and assignments (overrides the scale; "
                  "the clues whose verification proposed filing add theirs)");
  gen->add_option("--duplicate-share", o.gen_duplicates, "share of near-duplicate petitions, 0–0.5 (default 0.05)");
  gen->add_option("--seed", o.gen_seed, "random seed (default 20170101)");
  gen->add_flag("--force", o.gen_force, "add to a database that already holds organisations");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "funnel: " << e.what() << "\nRun `funnel --help` for usage.\n";
    return 2;
  }

  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  try {
    crypto::init();
    if (*routes) {
      // The table only: no database is opened, no request is served.
      http::Router router(nullptr);
      http::register_routes(router, nullptr);
      auto table = router.describe();
      for (auto& r : table) r.as_object()["listener"] = "internal";
      http::Router portal(nullptr);
      http::register_portal_routes(portal, nullptr);
      for (auto& r : portal.describe()) {
        r.as_object()["listener"] = "portal";
        table.push_back(r);
      }
      std::cout << boost::json::serialize(table) << "\n";
      return 0;
    }
    if (*templates) {
      const fs::path dir = o.resource_dir.empty()
                               ? first_existing({exe_dir() / ".." / "data", fs::path("/usr/share/funnel/data")})
                               : fs::path(o.resource_dir);
      auto files = tools::build_templates(dir, templates_check);
      if (templates_check) {
        for (auto& f : files) std::cerr << "funnel templates: " << f << " does not match its sources\n";
        if (!files.empty()) return 1;
        std::cout << "templates match their sources\n";
        return 0;
      }
      for (auto& f : files) std::cout << "wrote " << f << "\n";
      return 0;
    }
    CLI::App* cmd = *serve ? serve : *init ? init : *migrate ? migrate : *demo ? demo : *gen ? gen : verify;
    auto cfg = make_config(o, *cmd);
    if (*init) return cmd_init(cfg);
    if (*migrate) {
      int ran = 0, version = 0;
      bool keyed = true;
      {
        store::Db db(app::database_url_for(cfg), 1);
        ran = store::migrate(db);
        version = store::schema_version(db);
        keyed = db.read([](store::Tx& tx) { return store::audit_chain_keyed(tx); });
      }
      std::cout << "applied " << ran << " migration(s); schema version " << version << "\n";
      if (keyed) return 0;
      // Schema 20 keys the audit chain; the key is in the key file, not the
      // database, so the re-chain runs here rather than as SQL.
      cfg.db_pool = 1;
      auto a = open_app(cfg, true, false);
      auto r = a->audit_log.rechain_audit();
      std::cout << "re-chained " << r.records << " audit records with the audit key (audited as rechain_audit)\n";
      return 0;
    }
    if (*demo) return cmd_demo(cfg);
    if (*gen) {
      tools::GenOptions g;
      g.scale = o.gen_scale;
      g.counties = o.gen_counties;
      g.petitions = o.gen_petitions;
      g.clues = o.gen_clues;
      g.cases = o.gen_cases;
      g.duplicate_share = o.gen_duplicates;
      g.seed = o.gen_seed;
      g.force = o.gen_force;
      if (const char* env = std::getenv("FUNNEL_DEMO_PASSWORD"); env && *env) g.password = env;
      return cmd_gen(cfg, g);
    }
    if (*verify) {
      cfg.db_pool = 1;
      app::AuditCheckpoints checkpoints;
      if (!o.checkpoints_file.empty()) checkpoints = read_checkpoints(o.checkpoints_file);
      auto a = open_app(cfg, true, false);
      auto v = a->audit_log.verify_audit(checkpoints);
      if (v.ok) {
        std::cout << "audit chain intact: " << v.checked << " records checked";
        if (!checkpoints.empty())
          std::cout << ", " << checkpoints.size() << " checkpoints matched (the last: record "
                    << checkpoints.rbegin()->first << ")";
        std::cout << "\nhead: record " << v.head_seq << " hash " << v.head_hash << "\n";
        return 0;
      }
      std::cout << "audit chain broken at record " << v.first_bad_seq << ": " << v.reason << " (" << v.checked
                << " records intact before it)\n";
      return 1;
    }
    // serve
    http::ServerConfig sc;
    std::tie(sc.host, sc.port) = parse_listen(o.listen, "--listen");
    // "off": a node that does not serve the public portal.
    if (o.portal_listen != "off")
      std::tie(sc.portal_host, sc.portal_port) =
          parse_listen(o.portal_listen.empty() ? "127.0.0.1:8081" : o.portal_listen, "--portal-listen");
    sc.web_root = o.web_root.empty() ? exe_dir() / ".." / "web" / "dist" : fs::path(o.web_root);
    sc.io_threads = o.workers;
    sc.write_threads = o.write_threads;
    sc.trust_proxy = o.trust_proxy;
    sc.secure_cookies = o.secure_cookies;
    sc.max_uploads_in_flight = o.uploads_in_flight;
    sc.portal_uploads_in_flight = o.portal_uploads_in_flight;
    sc.portal_uploads_per_network = o.portal_uploads_per_network;
    sc.upload_timeout_seconds = o.upload_timeout_seconds;
    sc.upload_min_kib_per_second = o.upload_min_kib_per_second;
    auto a = open_app(cfg, true);
    http::Router router(&a->auth);
    http::register_routes(router, a.get());
    http::Router portal(&a->auth);
    http::register_portal_routes(portal, a.get());
    // Abandoned portal uploads leave encrypted files no row names; they go
    // after two hours (staged uploads expire after one).
    jobs::Periodic sweeper("evidence_sweep", std::chrono::minutes(10), std::chrono::hours(6), [&] {
      if (auto n = a->attachments.sweep_evidence(std::chrono::hours(2)); n > 0)
        spdlog::info("{{\"event\":\"evidence_swept\",\"files\":{}}}", n);
    });
    // The audit chain's head, logged when it moved: an anchor outside the
    // database (`funnel verify-audit --checkpoints LOG`), so that records cut
    // off the end with the head are noticed. Every minute and at shutdown.
    std::mutex checkpoint_mutex;
    long long checkpoint_seq = -1;
    auto checkpoint = [&] {
      std::lock_guard lock(checkpoint_mutex);
      auto head = a->audit_log.audit_head();
      if (head.last_seq == checkpoint_seq) return;
      checkpoint_seq = head.last_seq;
      spdlog::info("{{\"event\":\"audit_checkpoint\",\"seq\":{},\"hash\":\"{}\"}}", head.last_seq, head.last_hash);
    };
    {
      jobs::Periodic checkpoints("audit_checkpoint", std::chrono::seconds(0), std::chrono::minutes(1), checkpoint);
      http::serve(sc, router, &portal);
    }
    checkpoint();
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "funnel: " << e.what() << "\n";
    return 2;
  } catch (const Error& e) {
    std::cerr << "funnel: " << e.what() << (e.field().empty() ? "" : " (" + e.field() + ")") << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "funnel: " << e.what() << "\n";
    return 1;
  }
}
