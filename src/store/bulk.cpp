#include "store/bulk.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "store/query.hpp"
#include "store/statement_cache.hpp"

namespace funnel::store {

BulkTable::BulkTable(std::string table, std::vector<std::string> columns, std::optional<Computed> computed)
    : table_(std::move(table)), columns_(std::move(columns)), computed_(std::move(computed)) {}

BulkTable& BulkTable::use(long long v) {
  values_.emplace_back(v);
  return *this;
}
BulkTable& BulkTable::use(double v) {
  values_.emplace_back(v);
  return *this;
}
BulkTable& BulkTable::use(const std::string& v) {
  values_.emplace_back(v);
  return *this;
}
BulkTable& BulkTable::use(std::string&& v) {
  values_.emplace_back(std::move(v));
  return *this;
}
BulkTable& BulkTable::use_null() {
  values_.emplace_back(std::monostate{});
  return *this;
}

void BulkTable::write(Tx& tx) {
  if (values_.empty()) return;
  if (values_.size() % width() != 0)
    throw std::logic_error("BulkTable " + table_ + ": " + std::to_string(values_.size()) + " values for " +
                           std::to_string(width()) + " columns a row");
  if (tx.backend == Backend::Postgres)
    write_postgres(tx);
  else
    write_sqlite(tx);
}

void BulkTable::write_sqlite(Tx& tx) {
  if (computed_) throw std::logic_error("BulkTable " + table_ + ": computed columns are for PostgreSQL");
  std::string sql = "INSERT INTO " + table_ + " (", marks;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    sql += (i ? ", " : "") + columns_[i];
    marks += i ? ", ?" : "?";
  }
  tx.cache->insert_rows(sql + ") VALUES (" + marks + ")", values_, width());
}

namespace {
// COPY's text format: \N is NULL; backslash, tab, newline and CR escaped.
void put_text(std::string& out, const std::string& s) {
  for (char c : s) switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
}
}  // namespace

void BulkTable::write_postgres(Tx& tx) {
  std::string data;
  data.reserve(values_.size() * 16);
  const std::size_t w = width();
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const Value& v = values_[i];
    if (const auto* n = std::get_if<long long>(&v)) {
      data += std::to_string(*n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", *d);
      data += buf;
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      put_text(data, *s);
    } else {
      data += "\\N";
    }
    data += (i + 1) % w == 0 ? '\n' : '\t';
  }
  std::string cols;
  for (std::size_t i = 0; i < columns_.size(); ++i) cols += (i ? ", " : "") + columns_[i];
  if (!computed_) {
    tx.cache->copy_in("COPY " + table_ + " (" + cols + ") FROM STDIN", data);
    return;
  }
  // Names come from code, never from input.
  const std::string stage = "bulk_" + table_, src = "src_" + computed_->column;
  tx.sql << "CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + table_ + " INCLUDING DEFAULTS)";
  tx.sql << "ALTER TABLE " + stage + " ADD COLUMN IF NOT EXISTS " + src + " TEXT";
  tx.cache->copy_in("COPY " + stage + " (" + cols + ", " + src + ") FROM STDIN", data);
  std::string expr = computed_->expr;
  expr.replace(expr.find('$'), 1, src);
  tx.sql << "INSERT INTO " + table_ + " (" + cols + ", " + computed_->column + ") SELECT " + cols + ", " + expr +
                " FROM " + stage;
  tx.sql << "TRUNCATE " + stage;
}

long long IdSource::next() {
  if (db_.backend() == Backend::Sqlite) {
    if (last_ < 0)
      last_ = db_.read([&](Tx& tx) {
        long long max = 0;
        Query(tx).into(max).run("SELECT COALESCE(MAX(id), 0) FROM " + table_);
        return max;
      });
    return ++last_;
  }
  if (block_.empty()) {
    db_.write([&](Tx& tx) {
      long long id = 0;
      Query q(tx);
      q.into(id).run("SELECT nextval(pg_get_serial_sequence('" + table_ + "', 'id')) FROM generate_series(1, 10000)",
                     false);
      while (q.fetch()) block_.push_back(id);
    });
    std::reverse(block_.begin(), block_.end());
  }
  const long long id = block_.back();
  block_.pop_back();
  return id;
}

}  // namespace funnel::store
