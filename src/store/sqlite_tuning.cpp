// Process-wide SQLite settings. Kept apart: SOCI's SQLite header cannot share
// a translation unit with <sqlite3.h>.
#include <sqlite3.h>

#include <mutex>

namespace funnel::store {

void tune_sqlite_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Each connection is used by one thread at a time (the pool leases it),
    // so SQLite's per-connection mutexes are not needed; the memory
    // statistics take a global mutex on every allocation, which every
    // request thread contended for. Both must be set before the library
    // initialises; if it already has, the calls fail harmlessly.
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // Statement and savepoint journals (one SAVEPOINT per job of a group
    // commit) spilled to a temporary file past 64 KiB, and their writes took
    // a third of registration's time; in memory up to 16 MiB instead
    // (temporary tables and sorts still go to files).
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 16 << 20);
  });
}

}  // namespace funnel::store
