#pragma once
// Prepared statements kept per pooled connection (see Query in query.hpp).
#include <memory>

#include "store/db.hpp"

namespace funnel::store {

class StatementCache {
 public:
  StatementCache(soci::session& session, Backend backend);
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  // Finalises (SQLite) or deallocates (PostgreSQL) every kept statement.
  void clear();
  // SQLite only: runs BEGIN / COMMIT / ROLLBACK from kept statements.
  void exec_kept(const char* sql);

  struct Impl;
  std::unique_ptr<Impl> impl;
};

}  // namespace funnel::store
