#pragma once
// Strict JSON input: every field is read through JsonIn, and done() refuses
// fields nobody read (unknown fields → 422). Errors name the field.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace funnel::http {

class JsonIn {
 public:
  explicit JsonIn(const std::string& body);
  // A nested object; errors name the field with its path ("persons[0].name").
  JsonIn(boost::json::object obj, std::string prefix);
  std::string str(const char* key, std::size_t max_chars);  // required, non-empty after trim
  std::optional<std::string> opt_str(const char* key, std::size_t max_chars);  // absent or null → nullopt
  std::optional<long long> opt_id(const char* key);
  long long id(const char* key);
  int int_or(const char* key, int dflt, int min, int max);
  std::vector<long long> id_list(const char* key, std::size_t max_items);
  std::vector<long long> opt_id_list(const char* key, std::size_t max_items);  // absent or null → empty
  std::vector<std::string> str_list(const char* key, std::size_t max_items, std::size_t max_chars);  // absent → empty
  // The key must be present (its value may be null): PUT replaces the whole
  // record, so an absent nullable field is a client error, not a clear.
  JsonIn& present(const char* key);
  std::optional<bool> opt_bool(const char* key);
  bool bool_or(const char* key, bool dflt);
  std::optional<int> opt_int(const char* key, int min, int max);
  std::optional<JsonIn> opt_obj(const char* key);
  std::vector<JsonIn> obj_list(const char* key, std::size_t max_items);  // absent → empty
  void done() const;

 private:
  const boost::json::value* get(const char* key);
  std::string name(const char* key) const;
  boost::json::object obj_;
  std::string prefix_;
  std::set<std::string> seen_;
};

Response json_response(int status, const boost::json::value& v);
// A download: ascii_name for old clients, the UTF-8 name in filename*.
Response file_response(std::string bytes, const std::string& content_type, const std::string& ascii_name,
                       const std::string& utf8_name);
// The ASCII name of a download for old clients: `stem` and the name's
// extension when it is plain ASCII.
std::string ascii_file_name(const std::string& name, const std::string& stem);
Response xlsx_response(std::string bytes, const std::string& ascii_name, const std::string& utf8_name, long long rows);
Response error_response(int status, const std::string& code, const std::string& message,
                        const std::string& field = {});

}  // namespace funnel::http
