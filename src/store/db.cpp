#include "store/db.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <atomic>
#include <boost/url.hpp>
#include <chrono>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"
#include "store/statement_cache.hpp"

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
      // FULL: in WAL mode NORMAL may lose the last commits on a power cut,
      // and a client holding a 201 must find its record (issue 27).
      s << "PRAGMA synchronous=FULL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA busy_timeout=10000";
      // Pages are read through a memory map instead of a pread copy each;
      // the page cache (per connection) holds the hot indexes.
      s << "PRAGMA mmap_size=268435456";
      s << "PRAGMA cache_size=-16384";
      // Checkpoints run on a background thread; the committing writer only
      // steps in past 16,384 frames, e.g. under a bulk load whose
      // back-to-back transactions leave the background no gap.
      s << "PRAGMA wal_autocheckpoint=16384";
      // A restarted log is cut back to 64 MiB, not to zero: growing the
      // file again page by page cost more than writing into it.
      s << "PRAGMA journal_size_limit=67108864";
    } else {
      s.open(*soci::factory_postgresql(), url_.connect);
      s << "SET TIME ZONE 'UTC'";
      s << "SET client_min_messages TO WARNING";
      // Kept statements are planned once: re-planning the page query's joins
      // at every execution was half of PostgreSQL's time on a ledger page.
      s << "SET plan_cache_mode = force_generic_plan";
    }
    caches_.push_back(std::make_unique<StatementCache>(s, url_.backend));
  }
  if (url_.backend == Backend::Sqlite) {
    checkpoint_session_ = std::make_unique<soci::session>(*soci::factory_sqlite3(), url_.connect);
    *checkpoint_session_ << "PRAGMA busy_timeout=250";
    checkpointer_ = std::jthread([this](std::stop_token stop) {
      std::unique_lock lock(checkpoint_mutex_);
      while (!stop.stop_requested()) {
        checkpoint_wake_.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; });
        if (stop.stop_requested()) break;
        try {
          // PASSIVE never waits for readers or the writer; frames still in
          // use are copied on a later pass. Under steady load some reader
          // always holds the log, so it would never start over and grow
          // without bound: past kRestartFrames, RESTART waits briefly (busy
          // timeout 250 ms; writers queue meanwhile) so the next commit
          // writes from the start of the log again.
          constexpr int kRestartFrames = 8192;  // 32 MiB of 4 KiB pages
          int busy = 0, log = 0, done = 0;
          *checkpoint_session_ << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log),
              soci::into(done);
          if (log > kRestartFrames) *checkpoint_session_ << "PRAGMA wal_checkpoint(RESTART)";
        } catch (const std::exception&) {
        }
      }
    });
  }
}

Db::~Db() = default;

void Db::clear_statement_cache() {
  // Hold every connection at once, so each cache is cleared exactly once.
  std::vector<std::size_t> held;
  for (std::size_t i = 0; i < size_; ++i) held.push_back(pool_->lease());
  for (auto pos : held) caches_[pos]->clear();
  for (auto pos : held) pool_->give_back(pos);
}

namespace {
// PostgreSQL runs writers concurrently (READ COMMITTED), so a check-then-insert
// can lose a race that SQLite's BEGIN IMMEDIATE rules out: the loser sees a
// unique violation, a serialization failure or a deadlock. Re-running the
// whole transaction lets its checks see the winner's row and answer as they
// would have on SQLite.
enum class Retry { No, Race, Unique };
Retry classify(const std::exception& e) {
  std::string st;
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e))
    st = pg->sqlstate();
  else if (auto* q = dynamic_cast<const DbError*>(&e))
    st = q->sqlstate;
  else
    return Retry::No;
  if (st == "40001" || st == "40P01") return Retry::Race;
  if (st == "23505") return Retry::Unique;
  return Retry::No;
}
constexpr int kAttempts = 5;
}  // namespace

namespace {
// One pooled connection for the length of a transaction.
struct Lease {
  explicit Lease(soci::connection_pool& p) : pool(p), pos(p.lease()) {}
  ~Lease() { pool.give_back(pos); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  soci::connection_pool& pool;
  std::size_t pos;
};
}  // namespace

void at_commit(Tx& tx, std::function<void(Tx&)> fn) {
  if (tx.deferred)
    tx.deferred->push_back(std::move(fn));
  else
    fn(tx);
}

struct Db::WriteJob {
  const std::function<void(Tx&)>* fn;
  std::exception_ptr error;
  bool done = false;
};

namespace {
constexpr std::size_t kMaxBatch = 64;  // bounds the wait of the last writer in a batch
}

void Db::run_sqlite_write(const std::function<void(Tx&)>& fn) {
  run_grouped(fn, group_mutex_, group_cv_, group_queue_, group_leader_, &Db::run_batch);
}

void Db::run_grouped(const std::function<void(Tx&)>& fn, std::mutex& m, std::condition_variable& cv,
                     std::vector<WriteJob*>& queue, bool& leader, void (Db::*batch_fn)(const std::vector<WriteJob*>&)) {
  WriteJob job{&fn, nullptr, false};
  std::unique_lock lock(m);
  queue.push_back(&job);
  // Wait until a leader has run this job, or lead when nobody does.
  cv.wait(lock, [&] { return job.done || !leader; });
  if (!job.done) {
    leader = true;
    std::vector<WriteJob*> batch;
    const std::size_t n = std::min(queue.size(), kMaxBatch);
    batch.assign(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    (this->*batch_fn)(batch);  // never throws: each job gets its outcome
    lock.lock();
    for (auto* j : batch) j->done = true;
    leader = false;  // the next waiter leads the rest of the queue
    cv.notify_all();
  }
  if (job.error) std::rethrow_exception(job.error);
}

void Db::append(const std::function<void(Tx&)>& fn) {
  if (url_.backend == Backend::Sqlite) return run(true, fn);
  try {
    run_grouped(fn, append_mutex_, append_cv_, append_queue_, append_leader_, &Db::run_pg_appends);
  } catch (const std::exception& e) {
    // Lost a race inside the batch (or the batch's commit failed): alone,
    // with write's retries. Anything else is the job's own error.
    if (classify(e) == Retry::No) throw;
    run(true, fn);
  }
}

void Db::run_pg_appends(const std::vector<WriteJob*>& batch) {
  try {
    Lease lease(*pool_);
    soci::session& s = pool_->at(lease.pos);
    StatementCache& cache = *caches_[lease.pos];
    s << "BEGIN";
    try {
      for (auto* j : batch) {
        Tx tx{s, url_.backend, now_ms(), &cache};
        s << "SAVEPOINT job";
        try {
          (*j->fn)(tx);
          s << "RELEASE SAVEPOINT job";
        } catch (...) {
          j->error = std::current_exception();
          s << "ROLLBACK TO SAVEPOINT job";  // if this fails the batch fails
          s << "RELEASE SAVEPOINT job";
        }
      }
      s << "COMMIT";
    } catch (...) {
      try {
        s << "ROLLBACK";
      } catch (...) {
      }
      throw;
    }
  } catch (...) {
    for (auto* j : batch) j->error = std::current_exception();  // nothing of the batch was committed
  }
}

void Db::run_batch(const std::vector<WriteJob*>& batch) {
  auto fail_all = [&](std::exception_ptr e) {
    for (auto* j : batch) j->error = e;
  };
  try {
    Lease lease(*pool_);
    soci::session& s = pool_->at(lease.pos);
    StatementCache& cache = *caches_[lease.pos];
    cache.exec_kept("BEGIN IMMEDIATE");
    try {
      const bool single = batch.size() == 1;
      std::vector<std::function<void(Tx&)>> deferred, mine;
      for (auto* j : batch) {
        Tx tx{s, url_.backend, now_ms(), &cache};
        if (single) {
          (*j->fn)(tx);  // errors roll the whole (one-job) transaction back below
          continue;
        }
        tx.deferred = &mine;
        cache.exec_kept("SAVEPOINT job");
        try {
          (*j->fn)(tx);
          cache.exec_kept("RELEASE job");
          std::move(mine.begin(), mine.end(), std::back_inserter(deferred));
        } catch (...) {
          j->error = std::current_exception();
          cache.exec_kept("ROLLBACK TO job");  // if this fails the batch fails
          cache.exec_kept("RELEASE job");
        }
        mine.clear();
      }
      // A failure here fails the whole batch: nothing is committed.
      Tx tx{s, url_.backend, now_ms(), &cache};
      for (auto& fn : deferred) fn(tx);
      cache.exec_kept("COMMIT");
    } catch (...) {
      try {
        cache.exec_kept("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  } catch (...) {
    auto e = std::current_exception();
    if (batch.size() == 1) {
      batch.front()->error = e;
    } else {
      fail_all(e);  // nothing of the batch was committed
    }
  }
}

void Db::run(bool write, const std::function<void(Tx&)>& fn) {
  if (write && url_.backend == Backend::Sqlite) return run_sqlite_write(fn);
  for (int attempt = 1;; ++attempt) {
    try {
      run_once(write, fn);
      return;
    } catch (const std::exception& e) {
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
  Lease lease(*pool_);
  soci::session& s = pool_->at(lease.pos);
  StatementCache& cache = *caches_[lease.pos];
  Tx tx{s, url_.backend, now_ms(), &cache};
  const bool lite = url_.backend == Backend::Sqlite;
  if (!lite && !write) {
    // At READ COMMITTED every statement takes its own snapshot, in a
    // transaction or not, so BEGIN and COMMIT would only add two round trips.
    fn(tx);
    return;
  }
  if (lite)
    cache.exec_kept(write ? "BEGIN IMMEDIATE" : "BEGIN");
  else
    s << "BEGIN";
  try {
    fn(tx);
    if (lite)
      cache.exec_kept("COMMIT");
    else
      s << "COMMIT";
  } catch (...) {
    try {
      if (lite)
        cache.exec_kept("ROLLBACK");
      else
        s << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

}  // namespace funnel::store
