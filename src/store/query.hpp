#pragma once
// Small helpers to build a prepared statement from fixed SQL text plus
// named parameters. Text never comes from input; values are always bound.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::store {

class Query;

class Params {
  friend class Query;

 public:
  std::string add(long long v);  // returns the placeholder (":p3")
  std::string add(const std::string& v);

 private:
  std::deque<long long> ints_;
  std::deque<std::string> strs_;
  std::vector<std::pair<bool, std::size_t>> order_;  // (is_int, index)
  std::vector<std::string> names_;
};

// The data-scope filter, applied by construction: every repository read of
// county data takes a Scope and appends this clause. Columns may be empty
// when a table has no such column.
// "INSERT INTO t (a, b) VALUES (:c0, :c1)": values bound in column order.
std::string insert_sql(const std::string& table, const std::vector<std::string>& columns);

std::string scope_clause(const core::Scope& scope, Params& params, const std::string& county_col,
                         const std::string& township_col, const std::string& owner_col);

// A statement run on the connection's own handle (sqlite3 / libpq) and kept
// prepared per connection, keyed by its text: parsing and planning happen
// once per connection instead of on every request. Targets are registered
// with into() in column order; values with use() in the order their names
// first appear in the text (a name used twice is bound once), or through
// Params. NULL into a non-optional target without an indicator throws.
class Query {
 public:
  explicit Query(Tx& tx);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& into(long long& v);
  Query& into(int& v);
  Query& into(double& v);
  Query& into(std::string& v);
  Query& into(std::string& v, soci::indicator& ind);
  Query& into(long long& v, soci::indicator& ind);
  Query& into(std::optional<long long>& v);
  Query& into(std::optional<int>& v);
  Query& into(std::optional<double>& v);
  Query& into(std::optional<std::string>& v);

  Query& use(long long v);
  Query& use(int v) { return use(static_cast<long long>(v)); }
  Query& use(double v);
  Query& use(const std::string& v);
  Query& use(const char* v) { return use(std::string(v)); }
  template <class T>
  Query& use(const std::optional<T>& v) {
    if (v) return use(*v);
    return use_null();
  }
  Query& use_null();

  // Executes; with fetch_first the first row (if any) is in the targets.
  void run(const std::string& sql, bool fetch_first = true);
  void run(Params& params, const std::string& sql, bool fetch_first = false);
  bool fetch();
  bool got_data() const { return got_data_; }
  // Rows changed by the last INSERT/UPDATE/DELETE.
  long long affected() const;
  // Runs an INSERT of one row and returns its id: RETURNING id on
  // PostgreSQL, the last rowid on SQLite, where RETURNING makes the
  // statement keep a journal of every page it touches (on a table with many
  // indexes past 64 KiB, i.e. into a temporary file).
  long long insert(const std::string& sql);

  struct Impl;

 private:
  enum class T { I64, I32, F64, Str, StrInd, I64Ind, OptI64, OptI32, OptF64, OptStr };
  struct Target {
    T type;
    void* ptr;
    soci::indicator* ind = nullptr;
  };
  struct Value {
    enum { Null, Int, Real, Text } kind = Null;
    long long i = 0;
    double d = 0;
    std::string s;
  };
  Tx& tx_;
  std::vector<Target> targets_;
  std::vector<Value> values_;
  std::vector<std::pair<std::string, Value>> named_;
  Impl* impl_ = nullptr;
  bool got_data_ = false;
};

// LIKE pattern for a "contains" search, with % and _ escaped (ESCAPE '\').
std::string like_pattern(const std::string& needle);

long long count(Tx& tx, const std::string& sql, Params& params);

}  // namespace funnel::store
