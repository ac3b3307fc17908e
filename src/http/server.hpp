#pragma once
// The HTTP server. Only server.cpp includes Beast/Asio.
#include <cstddef>
#include <filesystem>
#include <string>

namespace funnel::http {

class Router;

struct ServerConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::filesystem::path web_root;  // built web UI (web/dist)
  std::size_t body_limit = 1 << 20;
  // Read handlers run on the I/O threads (database calls block one of them
  // briefly); writes and password hashing each have their own pool.
  int io_threads = 4;
  // SQLite commits the writes that wait together in one transaction; the
  // threads mostly sleep, and more of them make larger groups (registration
  // on 2 cores: 4 threads 1,470/s, 32 threads 2,063/s, docs/benchmarks.md).
  int write_threads = 32;
  // The hash gate lets 2 run and 6 wait, and answers 503 beyond: one
  // thread for each, so the gate, not a hidden queue, decides.
  int hash_threads = 8;
  int read_timeout_seconds = 30;
  int shutdown_grace_seconds = 10;
  bool trust_proxy = false;  // take X-Real-IP / X-Forwarded-Proto from a local reverse proxy
  bool secure_cookies = false;
  // The public portal's listener (port 0: none). It serves the portal's
  // router and page only (web_root/portal.html and /assets/).
  std::string portal_host = "127.0.0.1";
  unsigned short portal_port = 0;
  // File uploads hold their body in memory (up to the file limit each), so
  // only a few are read at once (503 `busy` beyond). The internal and the
  // portal listener have separate budgets: anonymous clients of the portal
  // cannot take the slots the cadres' uploads need.
  int max_uploads_in_flight = 4;         // internal listener
  int portal_uploads_in_flight = 8;      // portal listener
  // Portal uploads in flight from one client network (IPv4 /24, IPv6 /64),
  // 429 `too_many_uploads` beyond; the address is X-Real-IP with trust_proxy.
  int portal_uploads_per_network = 2;
  // An upload's body must start within this many seconds of its header and
  // then keep arriving at upload_min_kib_per_second on average; a slower
  // body is cut, so that a header without a body holds its slot briefly.
  int upload_timeout_seconds = 10;
  int upload_min_kib_per_second = 32;
};

// Serves until SIGTERM or SIGINT; returns after a graceful shutdown.
void serve(const ServerConfig& cfg, Router& router, Router* portal_router = nullptr);

}  // namespace funnel::http
