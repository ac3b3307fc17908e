// The CJK tokenizer as an SQLite FTS5 tokenizer "funnel_cjk", registered for
// every connection through sqlite3_auto_extension. Kept apart: SOCI's SQLite
// header cannot share a translation unit with <sqlite3.h>.
#include <sqlite3.h>

#include <mutex>

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

int tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n,
             int (*emit)(void*, int, const char*, int, int, int)) {
  std::string_view s(text, static_cast<std::size_t>(n));
  if (flags & FTS5_TOKENIZE_QUERY) {
    // A query phrase: bigrams at consecutive positions (or one unigram).
    for (const auto& group : search::query_groups(s))
      for (const auto& t : group)
        if (int rc = emit(ctx, 0, t.data(), static_cast<int>(t.size()), 0, n); rc != SQLITE_OK) return rc;
    return SQLITE_OK;
  }
  for (const auto& t : search::document_tokens(s)) {
    int rc = emit(ctx, t.colocated ? FTS5_TOKEN_COLOCATED : 0, t.text.data(), static_cast<int>(t.text.size()),
                  static_cast<int>(t.begin), static_cast<int>(t.end));
    if (rc != SQLITE_OK) return rc;
  }
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
