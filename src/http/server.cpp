// Boost.Beast + Asio with C++20 coroutines. The one translation unit that
// includes them (each costs ~15 s to compile).
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/url.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <thread>

#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::as_tuple(use_awaitable);

namespace {

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

template <class Msg>
void security_headers(Msg& m) {
  m.set("X-Content-Type-Options", "nosniff");
  m.set("X-Frame-Options", "DENY");
  m.set("Referrer-Policy", "no-referrer");
  m.set("Content-Security-Policy", kCsp);
  m.set("Cross-Origin-Opener-Policy", "same-origin");
  m.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

std::string mime_type(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The client network an upload is counted against: an IPv4 /24 or an IPv6
// /64 (what one household, office or mobile user usually holds), so that
// a client cannot multiply its share by changing addresses.
std::string network_of(const std::string& address) {
  beast::error_code ec;
  auto a = asio::ip::make_address(address, ec);
  if (ec) return "?" + address.substr(0, 64);
  if (a.is_v6() && a.to_v6().is_v4_mapped()) a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  std::string key;
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    key.assign("4:").append(reinterpret_cast<const char*>(b.data()), 3);
  } else {
    auto b = a.to_v6().to_bytes();
    key.assign("6:").append(reinterpret_cast<const char*>(b.data()), 8);
  }
  return key;
}

struct Shared {
  Shared(const ServerConfig& c, asio::thread_pool& h, asio::thread_pool& w) : cfg(c), hashers(h), writers(w) {}
  const ServerConfig& cfg;
  asio::thread_pool& hashers;
  asio::thread_pool& writers;
  std::atomic<int> active{0};
  std::atomic<bool> stopping{false};

  // Upload bodies being read or handled: a budget per listener, and on the
  // portal a share per client network. Entries exist only while an upload
  // runs, so the map holds at most portal_uploads_in_flight keys.
  std::mutex uploads_m;
  int uploads = 0, portal_uploads = 0;
  std::unordered_map<std::string, int> portal_networks;

  // 0 when admitted (release_upload must follow), else the status to answer.
  int admit_upload(bool portal, const std::string& network) {
    std::lock_guard lk(uploads_m);
    if (!portal) {
      if (uploads >= cfg.max_uploads_in_flight) return 503;
      ++uploads;
      return 0;
    }
    auto it = portal_networks.find(network);
    if (it != portal_networks.end() && it->second >= cfg.portal_uploads_per_network) return 429;
    if (portal_uploads >= cfg.portal_uploads_in_flight) return 503;
    ++portal_uploads;
    ++portal_networks[network];
    return 0;
  }
  void release_upload(bool portal, const std::string& network) {
    std::lock_guard lk(uploads_m);
    if (!portal) {
      --uploads;
      return;
    }
    --portal_uploads;
    if (auto it = portal_networks.find(network); it != portal_networks.end() && --it->second <= 0)
      portal_networks.erase(it);
  }
};

// The client's address: the peer's, or the one a trusted proxy names.
std::string client_ip(const bhttp::fields& h, const std::string& peer, const ServerConfig& cfg) {
  if (cfg.trust_proxy)
    if (auto ip = h["X-Real-IP"]; !ip.empty()) return std::string(ip).substr(0, 64);
  return peer;
}

// One listener: the internal UI and API, or the public portal.
struct Site {
  Router& router;
  const char* page;  // the SPA page every non-asset path falls back to
  bool portal;
};

using StrRequest = bhttp::request<bhttp::string_body>;

bhttp::message_generator json_reply(const StrRequest& req, const Response& r, bool keep_alive) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), req.version()};
  res.set(bhttp::field::content_type, r.content_type);
  res.set(bhttp::field::cache_control, "no-store");
  for (auto& [k, v] : r.headers) res.insert(k, v);
  security_headers(res);
  res.keep_alive(keep_alive);
  res.body() = r.body;
  res.prepare_payload();
  return res;
}

// Static web UI with SPA fallback. Hashed assets are immutable; index.html
// is revalidated so a new release is picked up at once.
bhttp::message_generator static_reply(const StrRequest& req, const ServerConfig& cfg, const Site& site, bool keep_alive,
                                      int& status) {
  auto fail = [&](int st, const char* code, const char* msg) {
    status = st;
    return json_reply(req, error_response(st, code, msg), keep_alive);
  };
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head)
    return fail(405, "method_not_allowed", "不支持的请求方法");
  auto parsed = boost::urls::parse_origin_form(req.target());
  if (!parsed) return fail(400, "bad_request", "请求地址无效");
  std::string path = parsed->path();
  if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos)
    return fail(400, "bad_request", "请求地址无效");
  std::filesystem::path file = cfg.web_root / std::filesystem::path(path).relative_path();
  std::error_code ec;
  bool is_asset = path.rfind("/assets/", 0) == 0;
  // The portal serves its own page and the assets, nothing else of web/dist.
  if (path == "/" || (site.portal && !is_asset) || !std::filesystem::is_regular_file(file, ec)) {
    if (is_asset) return fail(404, "not_found", "文件不存在");
    file = cfg.web_root / site.page;
    is_asset = false;
  }
  bhttp::file_body::value_type body;
  beast::error_code bec;
  body.open(file.c_str(), beast::file_mode::scan, bec);
  if (bec) return fail(404, "not_found", "页面不存在（未构建 web/dist？）");
  auto size = body.size();
  status = 200;
  if (req.method() == bhttp::verb::head) {
    bhttp::response<bhttp::empty_body> res{bhttp::status::ok, req.version()};
    res.set(bhttp::field::content_type, mime_type(file));
    res.content_length(size);
    security_headers(res);
    res.keep_alive(keep_alive);
    return res;
  }
  bhttp::response<bhttp::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(bhttp::status::ok, req.version())};
  res.set(bhttp::field::content_type, mime_type(file));
  res.set(bhttp::field::cache_control, is_asset ? "public, max-age=31536000, immutable" : "no-cache");
  security_headers(res);
  res.content_length(size);
  res.keep_alive(keep_alive);
  return res;
}

void access_log(const StrRequest& req, int status, long long actor, std::chrono::steady_clock::time_point t0) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  // Path only: query strings may carry search terms, which can be confidential.
  std::string_view target = req.target();
  auto q = target.find('?');
  std::string path(target.substr(0, q));
  for (auto& ch : path)
    if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) ch = '_';
  spdlog::info("{{\"event\":\"http\",\"method\":\"{}\",\"path\":\"{}\",\"status\":{},\"us\":{},\"user\":{}}}",
               std::string(req.method_string()), path.substr(0, 200), status, us, actor);
}

awaitable<void> session(beast::tcp_stream stream, std::shared_ptr<Shared> sh, const Site& site) {
  beast::flat_buffer buffer;
  std::string remote;
  {
    beast::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }
  for (;;) {
    stream.expires_after(std::chrono::seconds(sh->cfg.read_timeout_seconds));
    bhttp::request_parser<bhttp::string_body> parser;
    // The limit depends on the route, known once the header is in; the
    // parser would otherwise refuse a large Content-Length with the header.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.header_limit(16 * 1024);
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, as_tuple_awaitable);
    if (hec == bhttp::error::end_of_stream || hec == asio::error::eof) break;
    if (hec) break;
    bool too_large = false;
    // A file upload route takes a larger body; the bodies are held in
    // memory, so only a few may be read at once.
    int refused = 0;  // 429 or 503: the upload budgets are spent
    bool upload = false;
    struct UploadSlot {
      Shared* s = nullptr;
      bool portal = false;
      std::string network;
      void release() {
        if (s) s->release_upload(portal, network);
        s = nullptr;
      }
      ~UploadSlot() { release(); }
    } slot;
    bool expect_continue = false;
    {
      const auto& h = parser.get();
      const std::size_t upload_max = site.router.upload_limit(std::string(h.method_string()), h.target());
      const std::uint64_t limit = upload_max > 0 ? upload_max + 64 * 1024 : sh->cfg.body_limit;
      parser.body_limit(limit);
      const auto length = parser.content_length();
      too_large = length && *length > limit;
      // RFC 9110 10.1.1: a client that waits for 100 Continue (curl does
      // for large uploads) gets it once its body will be read, and the
      // refusals below before it sends anything.
      expect_continue = h.version() >= 11 && beast::iequals(h[bhttp::field::expect], "100-continue") &&
                        ((length && *length > 0) || h.chunked());
      if (upload_max > 0 && !too_large && (length || h.chunked())) {
        std::string network = site.portal ? network_of(client_ip(h, remote, sh->cfg)) : std::string();
        refused = sh->admit_upload(site.portal, network);
        if (!refused) {
          upload = true;
          slot.s = sh.get();
          slot.portal = site.portal;
          slot.network = std::move(network);
        }
      }
    }
    beast::error_code ec;
    if (expect_continue && !refused && !too_large && !parser.is_done()) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, cont, as_tuple_awaitable);
      if (ec) break;
    }
    if (upload) {
      // The body must start within the timeout and then keep a minimum
      // average rate: the deadline moves on with every byte received.
      const auto start = std::chrono::steady_clock::now();
      const double per_byte_us = 1e6 / (1024.0 * std::max(1, sh->cfg.upload_min_kib_per_second));
      std::uint64_t received = 0;
      while (!parser.is_done()) {
        stream.expires_at(start + std::chrono::seconds(sh->cfg.upload_timeout_seconds) +
                          std::chrono::microseconds(static_cast<long long>(static_cast<double>(received) * per_byte_us)));
        auto [rec, n] = co_await bhttp::async_read_some(stream, buffer, parser, as_tuple_awaitable);
        if (rec) {
          ec = rec;
          break;
        }
        received += n;
      }
      // Handling and answering get the ordinary time again.
      if (!ec) stream.expires_after(std::chrono::seconds(sh->cfg.read_timeout_seconds));
    } else if (!refused && !too_large) {
      std::tie(ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, as_tuple_awaitable);
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) break;
    if (ec == bhttp::error::body_limit || refused || too_large) {
      StrRequest req;
      req.version(11);
      auto msg = json_reply(req,
                            refused == 503   ? error_response(503, "busy", "服务器繁忙，请稍后再试")
                            : refused == 429 ? error_response(429, "too_many_uploads",
                                                              "同时上传的文件过多，请等其他文件传完后再试")
                                             : error_response(413, "payload_too_large", "请求内容过大"),
                            false);
      co_await beast::async_write(stream, std::move(msg), as_tuple_awaitable);
      // Lingering close: read and drop what the client is still sending (a
      // bounded amount, for a short time) so that closing with unread data
      // does not reset the connection before the client has read the 413.
      beast::error_code sec;
      stream.socket().shutdown(tcp::socket::shutdown_send, sec);
      stream.expires_after(std::chrono::seconds(2));
      std::array<char, 16384> sink;
      for (std::size_t drained = 0; drained < 16 * 1024 * 1024;) {
        auto [rec, got] = co_await stream.async_read_some(asio::buffer(sink), as_tuple_awaitable);
        if (rec) break;
        drained += got;
      }
      co_return;
    }
    if (ec) break;
    auto t0 = std::chrono::steady_clock::now();
    // Shutdown waits for requests in flight, not for idle keep-alive connections.
    sh->active++;
    struct InFlight {
      Shared& s;
      ~InFlight() { s.active--; }
    } in_flight{*sh};
    StrRequest req = parser.release();
    bool keep_alive = req.keep_alive() && !sh->stopping;
    int status = 0;
    long long actor = 0;
    std::optional<bhttp::message_generator> msg;
    std::string_view target = req.target();
    if (target.rfind("/api/", 0) == 0) {
      Request r;
      r.method = std::string(req.method_string());
      r.target = std::string(target);
      r.content_type = std::string(req[bhttp::field::content_type]);
      r.cookie = std::string(req[bhttp::field::cookie]);
      r.csrf_header = std::string(req["X-CSRF-Token"]);
      r.authorization = std::string(req[bhttp::field::authorization]).substr(0, 1024);
      r.user_agent = std::string(req[bhttp::field::user_agent]).substr(0, 256);
      r.remote_ip = client_ip(req, remote, sh->cfg);
      r.secure = sh->cfg.secure_cookies || (sh->cfg.trust_proxy && req["X-Forwarded-Proto"] == "https");
      r.body = std::move(req.body());
      Router& router = site.router;
      Response res;
      const Lane lane = router.lane(r.method, r.target);
      if (lane == Lane::Io) {
        // A thread hop per request cost more than a read handler itself
        // (futex wake-ups, measured in docs/benchmarks.md).
        res = router.handle(r);
      } else {
        asio::thread_pool& pool = lane == Lane::Hash ? sh->hashers : sh->writers;
        res = co_await asio::co_spawn(
            pool, [&router, &r]() -> awaitable<Response> { co_return router.handle(r); }, use_awaitable);
      }
      status = res.status;
      actor = res.actor_id;
      msg.emplace(json_reply(req, res, keep_alive));
    } else {
      msg.emplace(static_reply(req, sh->cfg, site, keep_alive, status));
    }
    access_log(req, status, actor, t0);
    // The body is handled and gone: give the slot back before answering, so
    // that a client who has its answer can start its next upload at once.
    slot.release();
    auto [wec, wn] = co_await beast::async_write(stream, std::move(*msg), as_tuple_awaitable);
    if (wec || !keep_alive) break;
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

awaitable<void> listen(tcp::acceptor& acceptor, std::shared_ptr<Shared> sh, const Site& site) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(as_tuple_awaitable);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      continue;  // e.g. too many open files: keep serving the others
    }
    // Responses go out as header and body writes; without TCP_NODELAY, Nagle
    // plus the peer's delayed ACK holds the second one ~40 ms.
    beast::error_code nec;
    socket.set_option(tcp::no_delay(true), nec);
    asio::co_spawn(acceptor.get_executor(), session(beast::tcp_stream(std::move(socket)), sh, site), asio::detached);
  }
}

}  // namespace

namespace {
void open_acceptor(tcp::acceptor& acceptor, const std::string& host, unsigned short port, const char* what) {
  tcp::endpoint ep(asio::ip::make_address(host), port);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen(asio::socket_base::max_listen_connections);
  spdlog::info("{{\"event\":\"listening\",\"site\":\"{}\",\"address\":\"{}:{}\"}}", what, host, port);
}
}  // namespace

void serve(const ServerConfig& cfg, Router& router, Router* portal_router) {
  asio::io_context ioc(cfg.io_threads);
  asio::thread_pool hashers(static_cast<std::size_t>(cfg.hash_threads));
  asio::thread_pool writers(static_cast<std::size_t>(cfg.write_threads));
  auto sh = std::make_shared<Shared>(cfg, hashers, writers);
  const Site internal{router, "index.html", false};

  tcp::acceptor acceptor(ioc);
  open_acceptor(acceptor, cfg.host, cfg.port, "internal");
  asio::co_spawn(ioc, listen(acceptor, sh, internal), asio::detached);

  std::optional<Site> portal;
  tcp::acceptor portal_acceptor(ioc);
  if (portal_router && cfg.portal_port != 0) {
    portal.emplace(Site{*portal_router, "portal.html", true});
    open_acceptor(portal_acceptor, cfg.portal_host, cfg.portal_port, "portal");
    asio::co_spawn(ioc, listen(portal_acceptor, sh, *portal), asio::detached);
  }

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  asio::steady_timer drain(ioc);
  auto deadline = std::make_shared<std::chrono::steady_clock::time_point>();
  std::function<void()> wait_drain = [&] {
    drain.expires_after(std::chrono::milliseconds(50));
    drain.async_wait([&](beast::error_code) {
      if (sh->active == 0 || std::chrono::steady_clock::now() > *deadline)
        ioc.stop();
      else
        wait_drain();
    });
  };
  signals.async_wait([&](beast::error_code ec, int sig) {
    if (ec) return;
    spdlog::info("{{\"event\":\"shutdown\",\"signal\":{}}}", sig);
    sh->stopping = true;
    beast::error_code ignore;
    acceptor.close(ignore);
    if (portal_acceptor.is_open()) portal_acceptor.close(ignore);
    *deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cfg.shutdown_grace_seconds);
    wait_drain();
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < cfg.io_threads; ++i) threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  hashers.join();
  writers.join();
  spdlog::info("{}", R"({"event":"stopped"})");  // no arguments: spdlog would not unescape {{ }}
}

}  // namespace funnel::http
