#pragma once
// Small helpers to build a prepared statement from fixed SQL text plus
// named parameters. Text never comes from input; values are always bound.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::store {

class Params {
 public:
  std::string add(long long v);  // returns the placeholder (":p3")
  std::string add(const std::string& v);
  void bind(soci::statement& st);

 private:
  std::deque<long long> ints_;
  std::deque<std::string> strs_;
  std::vector<std::pair<bool, std::size_t>> order_;  // (is_int, index)
  std::vector<std::string> names_;
};

// The data-scope filter, applied by construction: every repository read of
// county data takes a Scope and appends this clause. Columns may be empty
// when a table has no such column.
std::string scope_clause(const core::Scope& scope, Params& params, const std::string& county_col,
                         const std::string& township_col, const std::string& owner_col);

// Runs a prepared statement: st must have its into()s exchanged already.
void prepare_and_run(soci::statement& st, Params& params, const std::string& sql, bool fetch_first);

// LIKE pattern for a "contains" search, with % and _ escaped (ESCAPE '\').
std::string like_pattern(const std::string& needle);

long long count(Tx& tx, const std::string& sql, Params& params);

}  // namespace funnel::store
