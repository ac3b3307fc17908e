#pragma once
// Bulk loading (funnel gen): rows collected in memory and written in one go.
// On PostgreSQL one COPY … FROM STDIN per table and batch, since a round trip
// per row was most of a load; on SQLite one kept INSERT, bound per row.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/db.hpp"
#include "store/statement_cache.hpp"

namespace funnel::store {

class BulkTable {
 public:
  // A PostgreSQL column computed from a text by an SQL expression, "$" the
  // text (e.g. to_tsvector('simple', $)). Its rows go through a temporary
  // staging table and INSERT … SELECT. The text is the row's last value.
  struct Computed {
    std::string column, expr;
  };
  BulkTable(std::string table, std::vector<std::string> columns, std::optional<Computed> computed = std::nullopt);

  BulkTable& use(long long v);
  BulkTable& use(int v) { return use(static_cast<long long>(v)); }
  BulkTable& use(double v);
  BulkTable& use(const std::string& v);
  BulkTable& use(std::string&& v);
  BulkTable& use(const char* v) { return use(std::string(v)); }
  template <class T>
  BulkTable& use(const std::optional<T>& v) {
    if (v) return use(*v);
    return use_null();
  }
  BulkTable& use_null();

  std::size_t rows() const { return values_.size() / width(); }
  // Writes every collected row (the rows are kept: whoever owns the table
  // frees them, off the writing thread).
  void write(Tx& tx);

 private:
  std::size_t width() const { return columns_.size() + (computed_ ? 1 : 0); }
  using Value = StatementCache::Value;
  void write_sqlite(Tx& tx);
  void write_postgres(Tx& tx);

  std::string table_;
  std::vector<std::string> columns_;
  std::optional<Computed> computed_;
  std::vector<Value> values_;
};

// Ids for rows a bulk load inserts with their id. PostgreSQL draws them from
// the table's sequence in blocks, so concurrent inserts never collide. SQLite
// counts on from the largest id: nothing else may insert into the table
// during the load (if something does, the primary key fails the batch).
class IdSource {
 public:
  IdSource(Db& db, std::string table) : db_(db), table_(std::move(table)) {}
  long long next();  // reads the database only when its block is used up

 private:
  Db& db_;
  std::string table_;
  std::vector<long long> block_;  // PostgreSQL, drawn and not yet used (back first)
  long long last_ = -1;           // SQLite
};

}  // namespace funnel::store
