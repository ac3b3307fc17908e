#pragma once
// Prepared statements kept per pooled connection (see Query in query.hpp).
#include <memory>
#include <string>
#include <variant>
#include <vector>

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
  // PostgreSQL only: runs `copy_sql` (COPY … FROM STDIN) with `data` in the
  // text format.
  void copy_in(const std::string& copy_sql, const std::string& data);
  // SQLite only: runs `insert_sql` (with ? placeholders) once per row of
  // `width` values, bound in place (bulk loads; no copy per value).
  using Value = std::variant<std::monostate, long long, double, std::string>;
  void insert_rows(const std::string& insert_sql, const std::vector<Value>& values, std::size_t width);

  struct Impl;
  std::unique_ptr<Impl> impl;
};

}  // namespace funnel::store
