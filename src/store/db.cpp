#include "store/db.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <stdexcept>

namespace funnel::store {

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

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
    if (url.size() <= std::string("postgresql://").size())
      throw std::invalid_argument("--database: PostgreSQL URL has no host");
    return {Backend::Postgres, url, {}};  // libpq accepts URIs as conninfo
  }
  throw std::invalid_argument("--database: expected sqlite:///path or postgresql://user:pass@host:port/db");
}

Db::Db(const std::string& url, std::size_t pool_size) : url_(parse_db_url(url)), size_(pool_size) {
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
    }
  }
}

Db::~Db() = default;

void Db::run(bool write, const std::function<void(Tx&)>& fn) {
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
