#include "http/json_io.hpp"

#include <boost/json.hpp>
#include <cctype>

#include "core/error.hpp"
#include "core/text.hpp"

namespace funnel::http {

namespace json = boost::json;

JsonIn::JsonIn(const std::string& body) {
  if (!core::valid_utf8(body)) throw Error(400, "malformed_json", "请求内容不是有效的 UTF-8");
  json::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) throw Error(400, "malformed_json", "请求内容不是有效的 JSON");
  if (!v.is_object()) throw Error(400, "malformed_json", "请求内容必须是 JSON 对象");
  obj_ = std::move(v.as_object());
}

JsonIn::JsonIn(boost::json::object obj, std::string prefix) : obj_(std::move(obj)), prefix_(std::move(prefix)) {}

std::string JsonIn::name(const char* key) const { return prefix_ + key; }

std::optional<bool> JsonIn::opt_bool(const char* key) {
  auto* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) throw invalid(name(key), "应为 true 或 false");
  return v->as_bool();
}

bool JsonIn::bool_or(const char* key, bool dflt) { return opt_bool(key).value_or(dflt); }

std::optional<int> JsonIn::opt_int(const char* key, int min, int max) {
  auto* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max)
    throw invalid(name(key), "应为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
  return static_cast<int>(v->as_int64());
}

std::optional<JsonIn> JsonIn::opt_obj(const char* key) {
  auto* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) throw invalid(name(key), "应为对象");
  return JsonIn(v->as_object(), name(key) + ".");
}

std::vector<JsonIn> JsonIn::obj_list(const char* key, std::size_t max_items) {
  std::vector<JsonIn> out;
  auto* v = get(key);
  if (!v) return out;
  if (!v->is_array()) throw invalid(name(key), "应为数组");
  if (v->as_array().size() > max_items) throw invalid(name(key), "不能超过 " + std::to_string(max_items) + " 项");
  std::size_t i = 0;
  for (auto& e : v->as_array()) {
    std::string n = name(key) + "[" + std::to_string(i++) + "]";
    if (!e.is_object()) throw invalid(n, "应为对象");
    out.emplace_back(e.as_object(), n + ".");
  }
  return out;
}

const json::value* JsonIn::get(const char* key) {
  seen_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::optional<std::string> JsonIn::opt_str(const char* key, std::size_t max_chars) {
  auto* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw invalid(name(key), "应为字符串");
  std::string s(v->as_string());
  if (core::utf8_length(s) > max_chars) throw invalid(name(key), "长度不能超过 " + std::to_string(max_chars) + " 个字符");
  for (unsigned char c : s)
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') throw invalid(name(key), "含有不允许的控制字符");
  return s;
}

std::string JsonIn::str(const char* key, std::size_t max_chars) {
  auto s = opt_str(key, max_chars);
  if (!s || core::trim(*s).empty()) throw invalid(name(key), "不能为空");
  return *s;
}

std::optional<long long> JsonIn::opt_id(const char* key) {
  auto* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_int64() && v->as_int64() > 0) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() > 0 && v->as_uint64() < (1ULL << 62)) return static_cast<long long>(v->as_uint64());
  throw invalid(name(key), "应为正整数编号");
}

long long JsonIn::id(const char* key) {
  auto v = opt_id(key);
  if (!v) throw invalid(name(key), "不能为空");
  return *v;
}

int JsonIn::int_or(const char* key, int dflt, int min, int max) {
  auto* v = get(key);
  if (!v) return dflt;
  if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max)
    throw invalid(name(key), "应为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
  return static_cast<int>(v->as_int64());
}

std::vector<long long> JsonIn::id_list(const char* key, std::size_t max_items) {
  auto* v = get(key);
  if (!v) throw invalid(name(key), "不能为空");
  if (!v->is_array()) throw invalid(name(key), "应为编号数组");
  if (v->as_array().size() > max_items) throw invalid(name(key), "项目过多");
  std::vector<long long> out;
  for (auto& e : v->as_array()) {
    if (!e.is_int64() || e.as_int64() <= 0) throw invalid(name(key), "应为正整数编号数组");
    out.push_back(e.as_int64());
  }
  return out;
}

std::vector<long long> JsonIn::opt_id_list(const char* key, std::size_t max_items) {
  if (!get(key)) return {};
  return id_list(key, max_items);
}

std::vector<std::string> JsonIn::str_list(const char* key, std::size_t max_items, std::size_t max_chars) {
  auto* v = get(key);
  if (!v || v->is_null()) return {};
  if (!v->is_array()) throw invalid(name(key), "应为字符串数组");
  if (v->as_array().size() > max_items) throw invalid(name(key), "项目过多");
  std::vector<std::string> out;
  for (auto& e : v->as_array()) {
    if (!e.is_string() || e.as_string().size() > max_chars * 4) throw invalid(name(key), "应为字符串数组");
    out.emplace_back(e.as_string());
  }
  return out;
}

JsonIn& JsonIn::present(const char* key) {
  if (!obj_.contains(key)) throw invalid(name(key), "缺少该字段（可为 null）");
  return *this;
}

void JsonIn::done() const {
  for (auto& kv : obj_)
    if (!seen_.count(std::string(kv.key()))) throw invalid(prefix_ + std::string(kv.key()), "不支持的字段");
}

Response json_response(int status, const json::value& v) {
  Response r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

namespace {
// RFC 5987 value for filename*.
std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}
}  // namespace

std::string ascii_file_name(const std::string& name, const std::string& stem) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot);
  for (char ch : ext)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.') return stem;
  return stem + ext.substr(0, 10);
}

Response file_response(std::string bytes, const std::string& content_type, const std::string& ascii_name,
                       const std::string& utf8_name) {
  Response res;
  res.content_type = content_type;
  res.body = std::move(bytes);
  res.headers.push_back({"Content-Disposition",
                         "attachment; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + percent_encode(utf8_name)});
  res.headers.push_back({"Cache-Control", "no-store"});
  return res;
}

Response xlsx_response(std::string bytes, const std::string& ascii_name, const std::string& utf8_name, long long rows) {
  auto res = file_response(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           ascii_name, utf8_name);
  res.headers.push_back({"X-Row-Count", std::to_string(rows)});
  return res;
}

Response error_response(int status, const std::string& code, const std::string& message, const std::string& field) {
  json::object e{{"code", code}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  return json_response(status, json::object{{"error", e}});
}

}  // namespace funnel::http
