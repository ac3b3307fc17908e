#include "http/router.hpp"

#include "app/auth.hpp"
#include "app/persons.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <boost/url.hpp>
#include <cctype>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "http/json_io.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace {
std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') {
      ++i;
      continue;
    }
    auto j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j;
  }
  return out;
}

bool match(const std::string& pattern, const std::vector<std::string>& segs, std::map<std::string, std::string>& params) {
  auto pat = split_path(pattern);
  if (pat.size() != segs.size()) return false;
  std::map<std::string, std::string> got;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat[i].size() > 2 && pat[i].front() == '{' && pat[i].back() == '}')
      got[pat[i].substr(1, pat[i].size() - 2)] = segs[i];
    else if (pat[i] != segs[i])
      return false;
  }
  params = std::move(got);
  return true;
}

std::string cookie_value(const std::string& header, const std::string& name) {
  std::size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    auto eq = header.find('=', i);
    auto end = header.find(';', i);
    if (end == std::string::npos) end = header.size();
    if (eq != std::string::npos && eq < end && header.compare(i, eq - i, name) == 0)
      return header.substr(eq + 1, end - eq - 1);
    i = end;
  }
  return {};
}

// "application/json" with optional parameters (charset), case-insensitive.
bool is_json_media_type(const std::string& ct) {
  auto semi = ct.find(';');
  std::string type = core::trim(ct.substr(0, semi));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/json";
}

// SOCI messages may quote statements and bound values; keep only the head.
std::string safe_what(const std::exception& e) {
  std::string w = e.what();
  for (const char* cut : {" while ", "\n"}) {
    auto p = w.find(cut);
    if (p != std::string::npos) w.resize(p);
  }
  return w.substr(0, 200);
}
}  // namespace

long long Ctx::id_param(const char* name) const {
  auto it = params.find(name);
  if (it == params.end() || !core::all_digits(it->second) || it->second.size() > 18) throw not_found();
  long long v = std::stoll(it->second);
  if (v <= 0) throw not_found();
  return v;
}

std::optional<std::string> Ctx::q(const char* name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  auto v = core::trim(it->second);
  if (v.empty()) return std::nullopt;
  if (!core::valid_utf8(v) || core::utf8_length(v) > 100) throw bad_request("查询参数无效", name);
  return v;
}

std::optional<long long> Ctx::q_id(const char* name) const {
  auto v = q(name);
  if (!v) return std::nullopt;
  if (!core::all_digits(*v) || v->size() > 18) throw bad_request("应为正整数", name);
  return std::stoll(*v);
}

std::optional<bool> Ctx::q_bool(const char* name) const {
  auto v = q(name);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw bad_request("应为 true 或 false", name);
}

std::optional<std::string> Ctx::q_day(const char* name) const {
  auto v = q(name);
  if (v && !core::parse_day(*v)) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", name);
  return v;
}

std::string upload_name(const Ctx& c) {
  auto it = c.query.find("name");
  if (it == c.query.end() || it->second.empty()) throw invalid("name", "请提供文件名");
  if (it->second.size() > 1000) throw invalid("name", "文件名过长");
  return it->second;
}

core::Page Ctx::page() const { return page(20, 200); }

core::Page Ctx::page(int default_size, int max_size) const {
  core::Page p;
  auto num = [&](const char* name, int dflt, int max) {
    auto v = q(name);
    if (!v) return dflt;
    if (!core::all_digits(*v) || v->size() > 6) throw bad_request("应为正整数", name);
    int n = std::stoi(*v);
    if (n < 1 || n > max) throw bad_request("应在 1 到 " + std::to_string(max) + " 之间", name);
    return n;
  };
  p.page = num("page", 1, 100000);
  p.page_size = num("page_size", default_size, max_size);
  return p;
}

Router::Router(app::AuthService* auth) : auth_(auth) {}

void Router::add(std::string method, std::string pattern, std::string permission, Access access,
                 std::function<Response(Ctx&)> handler) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(permission), access, std::move(handler)});
}

void Router::offload(const std::string& method, const std::string& pattern) {
  offloaded_.emplace_back(method, pattern);
}

void Router::uploads(const std::string& method, const std::string& pattern, std::size_t max_bytes) {
  uploads_.push_back({method, pattern, max_bytes});
}

std::size_t Router::upload_limit(const std::string& method, std::string_view target) const {
  std::vector<std::string> segs;
  std::map<std::string, std::string> params;
  for (const auto& u : uploads_) {
    if (u.method != method) continue;
    if (segs.empty()) segs = split_path(std::string(target.substr(0, target.find('?'))));
    if (match(u.pattern, segs, params)) return u.max_bytes;
  }
  return 0;
}

void Router::reads_only(const std::string& method, const std::string& pattern) {
  reads_only_.emplace_back(method, pattern);
}

void Router::audited_read(const std::string& method, const std::string& pattern) {
  audited_.emplace_back(method, pattern);
}

Lane Router::lane(const std::string& method, std::string_view target) const {
  // Every request asks: split the path only when the method could match.
  std::vector<std::string> segs;
  std::map<std::string, std::string> params;
  auto listed = [&](const std::vector<std::pair<std::string, std::string>>& list) {
    for (auto& [m, p] : list) {
      if (m != method) continue;
      if (segs.empty()) segs = split_path(std::string(target.substr(0, target.find('?'))));
      if (match(p, segs, params)) return true;
    }
    return false;
  };
  if (listed(offloaded_)) return Lane::Hash;
  if (listed(audited_)) return Lane::Write;
  if (method == "GET" || method == "HEAD" || listed(reads_only_)) return Lane::Io;
  return Lane::Write;
}

json::array Router::describe() const {
  json::array out;
  for (auto& r : routes_)
    out.push_back(json::object{{"method", r.method}, {"path", r.pattern}, {"permission", r.permission}});
  return out;
}

Response Router::handle(const Request& req) {
  long long actor_id = 0;
  try {
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed) throw bad_request("请求地址无效");
    if (!auth_) throw std::logic_error("router without services");
    Ctx ctx{req, std::string(parsed->path()), {}, {}, std::nullopt, {req.remote_ip, req.user_agent}};
    if (!core::valid_utf8(ctx.path)) throw bad_request("请求地址无效");
    for (auto param : parsed->params()) ctx.query[std::string(param.key)] = std::string(param.value);

    auto segs = split_path(ctx.path);
    const Route* found = nullptr;
    bool path_known = false;
    for (auto& r : routes_) {
      std::map<std::string, std::string> params;
      if (!match(r.pattern, segs, params)) continue;
      path_known = true;
      if (r.method != req.method) continue;
      found = &r;
      ctx.params = std::move(params);
      break;
    }
    if (!found) {
      if (path_known) return error_response(405, "method_not_allowed", "不支持的请求方法");
      return error_response(404, "not_found", "接口不存在");
    }
    bool changes_state = req.method != "GET" && req.method != "HEAD";
    if (changes_state && !req.body.empty() && !is_json_media_type(req.content_type) &&
        upload_limit(req.method, req.target) == 0)
      return error_response(415, "unsupported_media_type", "请求内容必须是 application/json");
    if (found->access == Access::Session) {
      ctx.actor = auth_->authenticate(cookie_value(req.cookie, "funnel_session"), ctx.client);
      actor_id = ctx.actor->user.id;
      if (changes_state) auth_->check_csrf(*ctx.actor, req.csrf_header);
      // Before the handler reads the body: a caller without the right learns
      // nothing from validation errors.
      auth_->require_route(*ctx.actor, found->permission);
    }
    Response res = found->handler(ctx);
    res.actor_id = actor_id;
    return res;
  } catch (const Error& e) {
    auto r = error_response(e.status(), e.code(), e.what(), e.field().substr(0, 64));
    r.actor_id = actor_id;
    return r;
  } catch (const std::exception& e) {
    spdlog::error("{{\"event\":\"internal_error\",\"method\":\"{}\",\"error\":\"{}\"}}", req.method, safe_what(e));
    auto r = error_response(500, "internal", "服务器内部错误");
    r.actor_id = actor_id;
    return r;
  }
}

std::string session_cookie(const std::string& token, bool secure) {
  return "funnel_session=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string clear_session_cookie(bool secure) {
  return std::string("funnel_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

}  // namespace funnel::http
