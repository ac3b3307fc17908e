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
  int io_threads = 2;
  int worker_threads = 8;  // handlers and database work run here, never on I/O threads
  int read_timeout_seconds = 30;
  int shutdown_grace_seconds = 10;
  bool trust_proxy = false;  // take X-Real-IP / X-Forwarded-Proto from a local reverse proxy
  bool secure_cookies = false;
};

// Serves until SIGTERM or SIGINT; returns after a graceful shutdown.
void serve(const ServerConfig& cfg, Router& router);

}  // namespace funnel::http
