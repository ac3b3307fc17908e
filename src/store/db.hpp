#pragma once
// The one storage entry point for SQLite and PostgreSQL (SOCI 4.0). Every
// request runs in exactly one transaction (read or write) on a pooled
// session; statements are prepared with bound parameters only.
#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace soci {
// SOCI 4.0 has no std::optional support.
template <typename T>
struct type_conversion<std::optional<T>> {
  typedef typename type_conversion<T>::base_type base_type;
  static void from_base(base_type const& in, indicator ind, std::optional<T>& out) {
    if (ind == i_null) {
      out.reset();
    } else {
      T tmp{};
      type_conversion<T>::from_base(in, ind, tmp);
      out = std::move(tmp);
    }
  }
  static void to_base(std::optional<T> const& in, base_type& out, indicator& ind) {
    if (in) {
      type_conversion<T>::to_base(*in, out, ind);
    } else {
      ind = i_null;
    }
  }
};
}  // namespace soci

namespace funnel::store {

enum class Backend { Sqlite, Postgres };

// A database error raised by Query (statement_cache.cpp); sqlstate is the
// PostgreSQL SQLSTATE, or "sqlite:<extended code>".
struct DbError : std::runtime_error {
  DbError(const std::string& what, std::string state) : std::runtime_error(what), sqlstate(std::move(state)) {}
  std::string sqlstate;
};

struct DbUrl {
  Backend backend;
  std::string connect;  // SOCI connect string
  std::string path;     // SQLite file path
};
// sqlite:///absolute/path.db or postgresql://user:pass@host:port/db.
// Throws std::invalid_argument with a message naming the problem.
DbUrl parse_db_url(const std::string& url);

long long now_ms();
// Replays history (funnel demo): every later transaction and "today" use this
// time until it is set back to 0. Never used by the server.
void set_clock(long long ms);

class StatementCache;  // statement_cache.cpp: prepared statements of one connection

struct Tx {
  soci::session& sql;
  Backend backend;
  long long now;  // one clock reading per transaction
  StatementCache* cache = nullptr;
  // Set while a job runs inside a SQLite group commit (see at_commit).
  std::vector<std::function<void(Tx&)>>* deferred = nullptr;
};

// Runs `fn` at the end of the write transaction: at once, or inside a SQLite
// group commit after every job's SAVEPOINT is released, only if the job
// succeeded. For FTS5 writes: FTS5 flushes its pending rows as a new segment
// at each SAVEPOINT, so indexing inside the jobs wrote one segment per job
// and kept the merger busy. The job itself does not see the effect.
void at_commit(Tx& tx, std::function<void(Tx&)> fn);

class Db {
 public:
  Db(const std::string& url, std::size_t pool_size);
  ~Db();
  Backend backend() const { return url_.backend; }
  // Forgets every kept statement (after a schema change).
  void clear_statement_cache();

  // A read is a transaction on SQLite (one snapshot); on PostgreSQL its
  // statements run on one connection without BEGIN (READ COMMITTED gives
  // each statement its own snapshot either way).
  template <class F>
  auto read(F&& fn) { return run_typed(false, std::forward<F>(fn)); }
  template <class F>
  auto write(F&& fn) { return run_typed(true, std::forward<F>(fn)); }
  // A small write that only appends (the audit record of a read, SY-4). On
  // PostgreSQL the appends that arrive together share one transaction and
  // one commit, each in its own SAVEPOINT: they all take the audit head's
  // row lock, so one commit each would serialise every reader behind the
  // disk. A job that fails alone is run again on its own (with the race
  // retries of write). On SQLite every write is grouped already.
  void append(const std::function<void(Tx&)>& fn);

 private:
  // Write transactions on PostgreSQL are re-run when they lose a race, so
  // `fn` must be safe to call again (no effects outside the transaction).
  void run(bool write, const std::function<void(Tx&)>& fn);
  void run_once(bool write, const std::function<void(Tx&)>& fn);
  // SQLite writes are group-committed: a writer that finds another writing
  // queues its closure; the leader runs the queue in one transaction, each
  // closure inside its own SAVEPOINT (a failing one is rolled back alone and
  // gets its own exception), and commits once for all of them.
  struct WriteJob;
  void run_sqlite_write(const std::function<void(Tx&)>& fn);
  void run_batch(const std::vector<WriteJob*>& batch);
  // One leader at a time runs the queue; `batch` decides how.
  void run_grouped(const std::function<void(Tx&)>& fn, std::mutex& m, std::condition_variable& cv,
                   std::vector<WriteJob*>& queue, bool& leader, void (Db::*batch)(const std::vector<WriteJob*>&));
  void run_pg_appends(const std::vector<WriteJob*>& batch);
  template <class F>
  auto run_typed(bool write, F&& fn) {
    using R = std::invoke_result_t<F, Tx&>;
    if constexpr (std::is_void_v<R>) {
      run(write, fn);
    } else {
      std::optional<R> out;
      run(write, [&](Tx& tx) { out.emplace(fn(tx)); });
      return std::move(*out);
    }
  }

  DbUrl url_;
  std::size_t size_;
  // SQLite admits one writer; queueing here instead of in SQLite's busy
  // handler (which sleeps 1..100 ms between tries) keeps writers in order.
  std::mutex group_mutex_;
  std::condition_variable group_cv_;
  std::vector<WriteJob*> group_queue_;
  bool group_leader_ = false;
  std::mutex append_mutex_;  // PostgreSQL appends (append)
  std::condition_variable append_cv_;
  std::vector<WriteJob*> append_queue_;
  bool append_leader_ = false;
  std::unique_ptr<soci::connection_pool> pool_;
  // One per pooled connection; declared after the pool so it is destroyed
  // (its statements finalised) while the connections are still open.
  std::vector<std::unique_ptr<StatementCache>> caches_;
  // SQLite: WAL checkpoints run here, off the writers' path; the committing
  // writer checkpoints itself only past 16,384 frames (bulk loads).
  std::unique_ptr<soci::session> checkpoint_session_;
  std::mutex checkpoint_mutex_;
  std::condition_variable_any checkpoint_wake_;
  std::jthread checkpointer_;
};

// Schema migrations, versioned, the same list for both backends.
int schema_version(Db& db);
int latest_schema_version();
// Applies pending migrations up to `up_to` (default: all); returns how many
// ran. Tests stop early to check that a later one converts existing data.
int migrate(Db& db, int up_to = 1 << 30);

}  // namespace funnel::store
