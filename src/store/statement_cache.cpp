// Query and the per-connection statement cache, on the connection's own
// handle: sqlite3_stmt kept prepared (reset between uses) on SQLite, named
// server-side prepared statements on PostgreSQL. SOCI's own statements are
// parsed again on every use, which dominated request profiles.
#include "store/statement_cache.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "store/query.hpp"

namespace funnel::store {

using sqlite_api::sqlite3;
using sqlite_api::sqlite3_stmt;

namespace {
constexpr std::size_t kMaxKept = 256;  // per connection; texts vary with IN-list lengths

// ":name" placeholders in order of first appearance (quotes and "::" casts
// skipped); for PostgreSQL the text is rewritten to $1, $2, ...
struct Placeholders {
  std::string text;
  std::vector<std::string> names;
};
Placeholders scan(const std::string& sql, bool dollar) {
  Placeholders out;
  out.text.reserve(sql.size());
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      std::size_t j = sql.find(c, i + 1);
      j = j == std::string::npos ? sql.size() : j + 1;
      out.text.append(sql, i, j - i);
      i = j;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out.text += "::";
      i += 2;
    } else if (c == ':' && i + 1 < sql.size() &&
               (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
      std::size_t j = i + 1;
      while (j < sql.size() && ident(sql[j])) ++j;
      std::string name = sql.substr(i + 1, j - i - 1);
      std::size_t pos = 0;
      while (pos < out.names.size() && out.names[pos] != name) ++pos;
      if (pos == out.names.size()) out.names.push_back(name);
      if (dollar)
        out.text += "$" + std::to_string(pos + 1);
      else
        out.text.append(sql, i, j - i);
      i = j;
    } else {
      out.text += c;
      ++i;
    }
  }
  return out;
}
// The primary message only: DETAIL lines can quote the values of a row.
std::string pg_message(const PGresult* r) {
  const char* m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  return std::string("postgresql: ") + (m ? m : "error");
}
}  // namespace

struct StatementCache::Impl {
  Backend backend;
  sqlite3* lite = nullptr;
  PGconn* pg = nullptr;
  struct LiteEntry {
    sqlite3_stmt* st = nullptr;
    bool busy = false;
  };
  struct PgEntry {
    std::string name;
    std::vector<std::string> names;
  };
  std::unordered_map<std::string, LiteEntry> lite_kept;
  std::unordered_map<std::string, PgEntry> pg_kept;
  long long next_name = 0;

  [[noreturn]] void lite_fail(int rc) const {
    const int code = sqlite_api::sqlite3_extended_errcode(lite);
    throw DbError(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(lite),
                  "sqlite:" + std::to_string(code ? code : rc));
  }
  void evict_idle() {
    for (auto it = lite_kept.begin(); it != lite_kept.end();) {
      if (it->second.busy) {
        ++it;
        continue;
      }
      sqlite_api::sqlite3_finalize(it->second.st);
      it = lite_kept.erase(it);
    }
    for (auto& [sql, e] : pg_kept) {
      PGresult* r = PQexec(pg, ("DEALLOCATE " + e.name).c_str());
      PQclear(r);  // in an aborted transaction this fails; the name is never reused
    }
    pg_kept.clear();
  }
};

StatementCache::StatementCache(soci::session& session, Backend backend) : impl(std::make_unique<Impl>()) {
  impl->backend = backend;
  if (backend == Backend::Sqlite)
    impl->lite = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
  else
    impl->pg = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

StatementCache::~StatementCache() {
  for (auto& [sql, e] : impl->lite_kept) sqlite_api::sqlite3_finalize(e.st);
}

void StatementCache::clear() {
  if (impl->backend == Backend::Sqlite) {
    impl->evict_idle();
  } else {
    PQclear(PQexec(impl->pg, "DEALLOCATE ALL"));
    impl->pg_kept.clear();
  }
}

void StatementCache::exec_kept(const char* sql) {
  auto& e = impl->lite_kept[sql];
  if (!e.st) {
    int rc = sqlite_api::sqlite3_prepare_v2(impl->lite, sql, -1, &e.st, nullptr);
    if (rc != SQLITE_OK) {
      impl->lite_kept.erase(sql);
      impl->lite_fail(rc);
    }
  }
  int rc = sqlite_api::sqlite3_step(e.st);
  sqlite_api::sqlite3_reset(e.st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) impl->lite_fail(rc);
}

void StatementCache::copy_in(const std::string& copy_sql, const std::string& data) {
  PGconn* pg = impl->pg;
  auto fail = [](PGresult* r) {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    DbError err(pg_message(r), state ? state : "");
    PQclear(r);
    throw err;
  };
  PGresult* r = PQexec(pg, copy_sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) fail(r);
  PQclear(r);
  constexpr std::size_t kChunk = 1 << 20;
  bool sent = true;
  for (std::size_t at = 0; sent && at < data.size(); at += kChunk)
    sent = PQputCopyData(pg, data.data() + at, static_cast<int>(std::min(kChunk, data.size() - at))) == 1;
  const int end = PQputCopyEnd(pg, sent ? nullptr : "client failed to send");
  // The outcome of the COPY, then the end of results.
  r = PQgetResult(pg);
  if (!r || end != 1) throw DbError(std::string("postgresql: ") + PQerrorMessage(pg), "");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    while (PGresult* rest = PQgetResult(pg)) PQclear(rest);
    fail(r);
  }
  PQclear(r);
  while (PGresult* rest = PQgetResult(pg)) PQclear(rest);
}

void StatementCache::insert_rows(const std::string& insert_sql, const std::vector<Value>& values, std::size_t width) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite_api::sqlite3_prepare_v2(impl->lite, insert_sql.c_str(), -1, &st, nullptr);
  if (rc != SQLITE_OK) impl->lite_fail(rc);
  struct Finalize {
    sqlite3_stmt* st;
    ~Finalize() { sqlite_api::sqlite3_finalize(st); }
  } finalize{st};
  for (std::size_t row = 0; row + width <= values.size(); row += width) {
    for (std::size_t i = 0; i < width; ++i) {
      const int pos = static_cast<int>(i) + 1;
      const Value& v = values[row + i];
      if (const auto* n = std::get_if<long long>(&v))
        rc = sqlite_api::sqlite3_bind_int64(st, pos, *n);
      else if (const auto* d = std::get_if<double>(&v))
        rc = sqlite_api::sqlite3_bind_double(st, pos, *d);
      else if (const auto* t = std::get_if<std::string>(&v))
        rc = sqlite_api::sqlite3_bind_text(st, pos, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
      else
        rc = sqlite_api::sqlite3_bind_null(st, pos);
      if (rc != SQLITE_OK) impl->lite_fail(rc);
    }
    rc = sqlite_api::sqlite3_step(st);
    sqlite_api::sqlite3_reset(st);
    if (rc != SQLITE_DONE) impl->lite_fail(rc);
  }
}

struct Query::Impl {
  StatementCache::Impl* cache = nullptr;
  // SQLite
  sqlite3_stmt* st = nullptr;
  StatementCache::Impl::LiteEntry* entry = nullptr;  // null when owned
  bool has_columns = false;
  long long changes = 0;
  // PostgreSQL
  PGresult* res = nullptr;
  int row = 0, rows = 0;

  ~Impl() {
    if (st) {
      if (entry) {
        sqlite_api::sqlite3_reset(st);
        sqlite_api::sqlite3_clear_bindings(st);
        entry->busy = false;
      } else {
        sqlite_api::sqlite3_finalize(st);
      }
    }
    if (res) PQclear(res);
  }
};

Query::Query(Tx& tx) : tx_(tx) {
  if (!tx.cache) throw std::logic_error("Query needs a transaction of Db");
}

Query::~Query() { delete impl_; }

Query& Query::into(long long& v) {
  targets_.push_back({T::I64, &v});
  return *this;
}
Query& Query::into(int& v) {
  targets_.push_back({T::I32, &v});
  return *this;
}
Query& Query::into(double& v) {
  targets_.push_back({T::F64, &v});
  return *this;
}
Query& Query::into(std::string& v) {
  targets_.push_back({T::Str, &v});
  return *this;
}
Query& Query::into(std::string& v, soci::indicator& ind) {
  targets_.push_back({T::StrInd, &v, &ind});
  return *this;
}
Query& Query::into(long long& v, soci::indicator& ind) {
  targets_.push_back({T::I64Ind, &v, &ind});
  return *this;
}
Query& Query::into(std::optional<long long>& v) {
  targets_.push_back({T::OptI64, &v});
  return *this;
}
Query& Query::into(std::optional<int>& v) {
  targets_.push_back({T::OptI32, &v});
  return *this;
}
Query& Query::into(std::optional<double>& v) {
  targets_.push_back({T::OptF64, &v});
  return *this;
}
Query& Query::into(std::optional<std::string>& v) {
  targets_.push_back({T::OptStr, &v});
  return *this;
}

Query& Query::use(long long v) {
  Value x;
  x.kind = Value::Int;
  x.i = v;
  values_.push_back(std::move(x));
  return *this;
}
Query& Query::use(double v) {
  Value x;
  x.kind = Value::Real;
  x.d = v;
  values_.push_back(std::move(x));
  return *this;
}
Query& Query::use(const std::string& v) {
  Value x;
  x.kind = Value::Text;
  x.s = v;
  values_.push_back(std::move(x));
  return *this;
}
Query& Query::use_null() {
  values_.emplace_back();
  return *this;
}

void Query::run(Params& params, const std::string& sql, bool fetch_first) {
  named_.clear();
  for (std::size_t i = 0; i < params.order_.size(); ++i) {
    auto [is_int, idx] = params.order_[i];
    Value x;
    if (is_int) {
      x.kind = Value::Int;
      x.i = params.ints_[idx];
    } else {
      x.kind = Value::Text;
      x.s = params.strs_[idx];
    }
    named_.emplace_back(params.names_[i], std::move(x));
  }
  values_.clear();
  run(sql, fetch_first);
}

void Query::run(const std::string& sql, bool fetch_first) {
  if (impl_) throw std::logic_error("Query::run called twice");
  impl_ = new Impl;
  auto& c = *tx_.cache->impl;
  impl_->cache = &c;
  const bool named = !named_.empty();

  // Values in the order of the text's distinct names.
  auto value_for = [&](const std::vector<std::string>& names, std::size_t i) -> const Value& {
    if (!named) {
      if (i >= values_.size()) throw std::logic_error("Query: fewer values than placeholders in: " + sql.substr(0, 80));
      return values_[i];
    }
    for (auto& [n, v] : named_)
      if (n == names[i]) return v;
    throw std::logic_error("Query: no value for :" + names[i]);
  };

  if (c.backend == Backend::Sqlite) {
    auto it = c.lite_kept.find(sql);
    if (it != c.lite_kept.end() && !it->second.busy) {
      impl_->st = it->second.st;
      impl_->entry = &it->second;
    } else {
      sqlite3_stmt* st = nullptr;
      int rc = sqlite_api::sqlite3_prepare_v2(c.lite, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr);
      if (rc != SQLITE_OK) c.lite_fail(rc);
      impl_->st = st;
      if (it == c.lite_kept.end()) {  // kept unless the same text is already
                                      // running (nested use)
        if (c.lite_kept.size() >= kMaxKept) c.evict_idle();
        auto& e = c.lite_kept[sql];
        e.st = st;
        impl_->entry = &e;
      }
    }
    if (impl_->entry) impl_->entry->busy = true;
    sqlite3_stmt* st = impl_->st;
    const int n = sqlite_api::sqlite3_bind_parameter_count(st);
    std::vector<std::string> names;
    if (named)
      for (int i = 1; i <= n; ++i) {
        const char* nm = sqlite_api::sqlite3_bind_parameter_name(st, i);
        names.emplace_back(nm ? nm + 1 : "");
      }
    if (!named && static_cast<std::size_t>(n) != values_.size())
      throw std::logic_error("Query: " + std::to_string(values_.size()) + " values for " + std::to_string(n) +
                             " placeholders in: " + sql.substr(0, 80));
    for (int i = 1; i <= n; ++i) {
      const Value& v = value_for(names, static_cast<std::size_t>(i - 1));
      int rc = SQLITE_OK;
      switch (v.kind) {
        case Value::Null:
          rc = sqlite_api::sqlite3_bind_null(st, i);
          break;
        case Value::Int:
          rc = sqlite_api::sqlite3_bind_int64(st, i, v.i);
          break;
        case Value::Real:
          rc = sqlite_api::sqlite3_bind_double(st, i, v.d);
          break;
        case Value::Text:
          rc = sqlite_api::sqlite3_bind_text(
              st, i, v.s.data(), static_cast<int>(v.s.size()),
              reinterpret_cast<sqlite_api::sqlite3_destructor_type>(-1));  // SQLITE_TRANSIENT
          break;
      }
      if (rc != SQLITE_OK) c.lite_fail(rc);
    }
    impl_->has_columns = sqlite_api::sqlite3_column_count(st) > 0;
    if (!impl_->has_columns) {
      int rc = sqlite_api::sqlite3_step(st);
      if (rc != SQLITE_DONE && rc != SQLITE_ROW) c.lite_fail(rc);
      impl_->changes = sqlite_api::sqlite3_changes(c.lite);
      return;
    }
    if (fetch_first) fetch();
    return;
  }

  // PostgreSQL: a named prepared statement per text and connection.
  auto it = c.pg_kept.find(sql);
  if (it == c.pg_kept.end()) {
    if (c.pg_kept.size() >= kMaxKept) c.evict_idle();
    Placeholders ph = scan(sql, true);
    StatementCache::Impl::PgEntry e{"fq" + std::to_string(++c.next_name), ph.names};
    PGresult* r = PQprepare(c.pg, e.name.c_str(), ph.text.c_str(), static_cast<int>(ph.names.size()), nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      DbError err(pg_message(r), state ? state : "");
      PQclear(r);
      throw err;
    }
    PQclear(r);
    it = c.pg_kept.emplace(sql, std::move(e)).first;
  }
  const auto& names = it->second.names;
  if (!named && names.size() != values_.size())
    throw std::logic_error("Query: " + std::to_string(values_.size()) + " values for " + std::to_string(names.size()) +
                           " placeholders in: " + sql.substr(0, 80));
  std::vector<std::string> text(names.size());
  std::vector<const char*> ptrs(names.size(), nullptr);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Value& v = value_for(names, i);
    switch (v.kind) {
      case Value::Null:
        continue;
      case Value::Int:
        text[i] = std::to_string(v.i);
        break;
      case Value::Real: {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", v.d);
        text[i] = buf;
        break;
      }
      case Value::Text:
        text[i] = v.s;
        break;
    }
    ptrs[i] = text[i].c_str();
  }
  PGresult* r =
      PQexecPrepared(c.pg, it->second.name.c_str(), static_cast<int>(ptrs.size()), ptrs.data(), nullptr, nullptr, 0);
  auto status = PQresultStatus(r);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    DbError err(pg_message(r), state ? state : "");
    PQclear(r);
    throw err;
  }
  impl_->res = r;
  impl_->rows = status == PGRES_TUPLES_OK ? PQntuples(r) : 0;
  const char* tuples = PQcmdTuples(r);
  impl_->changes = tuples && *tuples ? std::atoll(tuples) : 0;
  if (fetch_first && status == PGRES_TUPLES_OK) fetch();
}

long long Query::affected() const { return impl_ ? impl_->changes : 0; }

long long Query::insert(const std::string& sql) {
  if (tx_.backend == Backend::Postgres) {
    long long id = 0;
    into(id);
    run(sql + " RETURNING id", true);
    if (!got_data_) throw std::runtime_error("INSERT returned no id");
    return id;
  }
  run(sql, false);
  return sqlite_api::sqlite3_last_insert_rowid(impl_->cache->lite);
}

namespace {
[[noreturn]] void null_into() { throw std::runtime_error("Null value fetched and no indicator defined."); }
}  // namespace

bool Query::fetch() {
  if (!impl_) throw std::logic_error("Query::fetch before run");
  auto& c = *impl_->cache;
  const bool lite = c.backend == Backend::Sqlite;
  if (lite) {
    if (!impl_->has_columns) return false;
    int rc = sqlite_api::sqlite3_step(impl_->st);
    if (rc == SQLITE_DONE) {
      impl_->has_columns = false;
      return false;
    }
    if (rc != SQLITE_ROW) c.lite_fail(rc);
  } else {
    if (impl_->row >= impl_->rows) return false;
  }
  const int row = impl_->row++;
  auto is_null = [&](int col) {
    return lite ? sqlite_api::sqlite3_column_type(impl_->st, col) == SQLITE_NULL
                : PQgetisnull(impl_->res, row, col) != 0;
  };
  auto as_i64 = [&](int col) -> long long {
    if (lite) return sqlite_api::sqlite3_column_int64(impl_->st, col);
    const char* v = PQgetvalue(impl_->res, row, col);
    if (v[0] == 't' && v[1] == 0) return 1;
    if (v[0] == 'f' && v[1] == 0) return 0;
    return std::strtoll(v, nullptr, 10);
  };
  auto as_f64 = [&](int col) -> double {
    if (lite) return sqlite_api::sqlite3_column_double(impl_->st, col);
    return std::strtod(PQgetvalue(impl_->res, row, col), nullptr);
  };
  auto as_str = [&](int col) -> std::string {
    if (lite) {
      auto* p = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(impl_->st, col));
      return p ? std::string(p, static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(impl_->st, col)))
               : std::string();
    }
    return std::string(PQgetvalue(impl_->res, row, col), static_cast<std::size_t>(PQgetlength(impl_->res, row, col)));
  };
  const int ncols = lite ? sqlite_api::sqlite3_column_count(impl_->st) : PQnfields(impl_->res);
  if (static_cast<int>(targets_.size()) > ncols) throw std::logic_error("Query: more targets than columns");
  for (int i = 0; i < static_cast<int>(targets_.size()); ++i) {
    auto& t = targets_[static_cast<std::size_t>(i)];
    const bool null = is_null(i);
    switch (t.type) {
      case T::I64:
        if (null) null_into();
        *static_cast<long long*>(t.ptr) = as_i64(i);
        break;
      case T::I32:
        if (null) null_into();
        *static_cast<int*>(t.ptr) = static_cast<int>(as_i64(i));
        break;
      case T::F64:
        if (null) null_into();
        *static_cast<double*>(t.ptr) = as_f64(i);
        break;
      case T::Str:
        if (null) null_into();
        *static_cast<std::string*>(t.ptr) = as_str(i);
        break;
      case T::StrInd:
        *t.ind = null ? soci::i_null : soci::i_ok;
        if (!null) *static_cast<std::string*>(t.ptr) = as_str(i);
        break;
      case T::I64Ind:
        *t.ind = null ? soci::i_null : soci::i_ok;
        if (!null) *static_cast<long long*>(t.ptr) = as_i64(i);
        break;
      case T::OptI64: {
        auto& o = *static_cast<std::optional<long long>*>(t.ptr);
        if (null)
          o.reset();
        else
          o = as_i64(i);
        break;
      }
      case T::OptI32: {
        auto& o = *static_cast<std::optional<int>*>(t.ptr);
        if (null)
          o.reset();
        else
          o = static_cast<int>(as_i64(i));
        break;
      }
      case T::OptF64: {
        auto& o = *static_cast<std::optional<double>*>(t.ptr);
        if (null)
          o.reset();
        else
          o = as_f64(i);
        break;
      }
      case T::OptStr: {
        auto& o = *static_cast<std::optional<std::string>*>(t.ptr);
        if (null)
          o.reset();
        else
          o = as_str(i);
        break;
      }
    }
  }
  got_data_ = true;
  return true;
}

}  // namespace funnel::store
