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
  // File uploads hold their body in memory: at most this many at once.
  int max_uploads_in_flight = 8;
};

// Serves until SIGTERM or SIGINT; returns after a graceful shutdown.
void serve(const ServerConfig& cfg, Router& router, Router* portal_router = nullptr);

}  // namespace funnel::http
