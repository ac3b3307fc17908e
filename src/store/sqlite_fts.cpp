// The CJK tokenizer as an SQLite FTS5 tokenizer "funnel_cjk", registered for
// every connection through sqlite3_auto_extension. Kept apart: SOCI's SQLite
// header cannot share a translation unit with <sqlite3.h>.
#include <sqlite3.h>

#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "search/cjk.hpp"

namespace funnel::store {

namespace {

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

int create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance = 0;  // stateless
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer*) {}

// "\x1F<partition>\x1F" at the start (search::fts5_marked): the partition
// and where the text proper begins; none → empty partition, 0.
std::pair<std::string_view, std::size_t> partition_of(std::string_view s) {
  if (s.empty() || s[0] != '\x1F') return {{}, 0};
  auto end = s.find('\x1F', 1);
  if (end == std::string_view::npos) return {{}, 0};
  return {s.substr(1, end - 1), end + 1};
}

int tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n,
             int (*emit)(void*, int, const char*, int, int, int)) {
  std::string_view all(text, static_cast<std::size_t>(n));
  auto [partition, from] = partition_of(all);
  std::string_view s = all.substr(from);
  std::string token;
  auto put = [&](int tflags, const std::string& t, std::size_t b, std::size_t e) {
    const std::string* out = &t;
    if (!partition.empty()) {
      token.assign(partition).append(":").append(t);
      out = &token;
    }
    return emit(ctx, tflags, out->data(), static_cast<int>(out->size()), static_cast<int>(from + b),
                static_cast<int>(from + e));
  };
  if (flags & FTS5_TOKENIZE_QUERY) {
    // A query phrase: bigrams at consecutive positions (or one unigram).
    for (const auto& group : search::query_groups(s))
      for (const auto& t : group)
        if (int rc = put(0, t, 0, s.size()); rc != SQLITE_OK) return rc;
    return SQLITE_OK;
  }
  for (const auto& t : search::document_tokens(s))
    if (int rc = put(t.colocated ? FTS5_TOKEN_COLOCATED : 0, t.text, t.begin, t.end); rc != SQLITE_OK) return rc;
  return SQLITE_OK;
}

int register_tokenizer(sqlite3* db, char**, const sqlite3_api_routines*) {
  fts5_api* api = fts5_of(db);
  if (!api) return SQLITE_OK;  // no FTS5 in this build: the migration will say so
  static fts5_tokenizer tok{create, destroy, tokenize};
  return api->xCreateTokenizer(api, "funnel_cjk", nullptr, &tok, nullptr);
}

}  // namespace

void register_sqlite_fts() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_auto_extension(reinterpret_cast<void (*)(void)>(register_tokenizer));
  });
}

}  // namespace funnel::store
