#include "store/db.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <boost/url.hpp>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"

namespace funnel::store {

namespace {
std::atomic<long long> g_clock{0};
}

void set_clock(long long ms) { g_clock = ms; }

long long now_ms() {
  if (long long c = g_clock.load(); c != 0) return c;
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
// SOCI 4.0 mangles libpq URIs, so hand it keyword=value pairs instead.
std::string pg_conninfo(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u || u->host().empty()) throw std::invalid_argument("--database: malformed PostgreSQL URL");
  auto quote = [](std::string v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string ci = "host=" + quote(u->host());
  if (u->has_port()) ci += " port=" + quote(std::string(u->port()));
  std::string db = u->path();
  if (!db.empty() && db[0] == '/') db.erase(0, 1);
  if (db.empty() || db.find('/') != std::string::npos)
    throw std::invalid_argument("--database: PostgreSQL URL must name one database");
  ci += " dbname=" + quote(db);
  if (u->has_userinfo()) {
    ci += " user=" + quote(u->user());
    if (u->has_password()) ci += " password=" + quote(u->password());
  }
  for (auto p : u->params()) {
    std::string k = p.key;
    if (k == "sslmode" || k == "connect_timeout" || k == "application_name")
      ci += " " + k + "=" + quote(std::string(p.value));
  }
  return ci;
}
}  // namespace

DbUrl parse_db_url(const std::string& url) {
  const std::string sq = "sqlite://";
  if (url.rfind(sq, 0) == 0) {
    std::string path = url.substr(sq.size());
    if (path.empty() || path[0] != '/')
      throw std::invalid_argument("--database: SQLite URL must be sqlite:///absolute/path.db");
    if (path.find_first_of(" '\"") != std::string::npos)
      throw std::invalid_argument("--database: SQLite path must not contain spaces or quotes");
    return {Backend::Sqlite, "db=" + path + " timeout=10", path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return {Backend::Postgres, pg_conninfo(url), {}};
  }
  throw std::invalid_argument("--database: expected sqlite:///path or postgresql://user:pass@host:port/db");
}

void tune_sqlite_library();  // sqlite_tuning.cpp
void register_sqlite_fts();  // sqlite_fts.cpp

Db::Db(const std::string& url, std::size_t pool_size) : url_(parse_db_url(url)), size_(pool_size) {
  if (url_.backend == Backend::Sqlite) {
    tune_sqlite_library();
    register_sqlite_fts();
  }
  pool_ = std::make_unique<soci::connection_pool>(size_);
  for (std::size_t i = 0; i < size_; ++i) {
    soci::session& s = pool_->at(i);
    if (url_.backend == Backend::Sqlite) {
      s.open(*soci::factory_sqlite3(), url_.connect);
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA synchronous=NORMAL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA busy_timeout=10000";
    } else {
      s.open(*soci::factory_postgresql(), url_.connect);
      s << "SET TIME ZONE 'UTC'";
      s << "SET client_min_messages TO WARNING";
    }
  }
}

Db::~Db() = default;

namespace {
// PostgreSQL runs writers concurrently (READ COMMITTED), so a check-then-insert
// can lose a race that SQLite's BEGIN IMMEDIATE rules out: the loser sees a
// unique violation, a serialization failure or a deadlock. Re-running the
// whole transaction lets its checks see the winner's row and answer as they
// would have on SQLite.
enum class Retry { No, Race, Unique };
Retry classify(const std::exception& e) {
  auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e);
  if (!pg) return Retry::No;
  const std::string st = pg->sqlstate();
  if (st == "40001" || st == "40P01") return Retry::Race;
  if (st == "23505") return Retry::Unique;
  return Retry::No;
}
constexpr int kAttempts = 5;
}  // namespace

void Db::run(bool write, const std::function<void(Tx&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    try {
      run_once(write, fn);
      return;
    } catch (const soci::soci_error& e) {
      Retry r = write && url_.backend == Backend::Postgres ? classify(e) : Retry::No;
      if (r == Retry::No) throw;
      if (attempt == kAttempts) {
        if (r == Retry::Unique) throw conflict("记录已被同时修改，请刷新后重试");
        throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt * 2));
    }
  }
}

void Db::run_once(bool write, const std::function<void(Tx&)>& fn) {
  soci::connection_pool& pool = *pool_;
  std::size_t pos = pool.lease();
  struct Release {
    soci::connection_pool& p;
    std::size_t i;
    ~Release() { p.give_back(i); }
  } release{pool, pos};
  soci::session& s = pool.at(pos);
  Tx tx{s, url_.backend, now_ms()};
  if (url_.backend == Backend::Sqlite)
    s << (write ? "BEGIN IMMEDIATE" : "BEGIN");
  else
    s << (write ? "BEGIN" : "BEGIN READ ONLY");
  try {
    fn(tx);
    s << "COMMIT";
  } catch (...) {
    try {
      s << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

}  // namespace funnel::store
