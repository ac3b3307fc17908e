#include "store/query.hpp"

namespace funnel::store {

std::string Params::add(long long v) {
  ints_.push_back(v);
  order_.push_back({true, ints_.size() - 1});
  names_.push_back("p" + std::to_string(names_.size()));
  return ":" + names_.back();
}

std::string Params::add(const std::string& v) {
  strs_.push_back(v);
  order_.push_back({false, strs_.size() - 1});
  names_.push_back("p" + std::to_string(names_.size()));
  return ":" + names_.back();
}

std::string scope_clause(const core::Scope& scope, Params& params, const std::string& county_col,
                         const std::string& township_col, const std::string& owner_col) {
  using core::DataScope;
  if (scope.unrestricted) return "";
  if (scope.kind == DataScope::None || county_col.empty()) return " AND 1=0";
  std::string out = " AND " + county_col + " = " + params.add(scope.county_id);
  switch (scope.kind) {
    case DataScope::County: return out;
    case DataScope::OwnRecords:
      if (!owner_col.empty()) return out + " AND " + owner_col + " = " + params.add(scope.user_id);
      [[fallthrough]];  // tables without an owner (the org tree) fall back to the township
    case DataScope::LinkedTownships:
    case DataScope::OwnTownship: {
      if (township_col.empty()) return out;
      out += " AND (" + township_col + " IS NULL";
      if (!scope.township_ids.empty()) {
        out += " OR " + township_col + " IN (";
        for (std::size_t i = 0; i < scope.township_ids.size(); ++i)
          out += (i ? ", " : "") + params.add(scope.township_ids[i]);
        out += ")";
      }
      return out + ")";
    }
    default: return " AND 1=0";
  }
}

std::string like_pattern(const std::string& needle) {
  std::string out = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

long long count(Tx& tx, const std::string& sql, Params& params) {
  long long n = 0;
  Query st(tx);
  st.into(n);
  st.run(params, sql, true);
  return n;
}

std::string insert_sql(const std::string& table, const std::vector<std::string>& columns) {
  std::string cols, marks;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    cols += (i ? ", " : "") + columns[i];
    marks += (i ? ", :c" : ":c") + std::to_string(i);
  }
  return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")";
}

}  // namespace funnel::store
