#pragma once
// Records as the application sees them.
#include <cstdint>
#include <optional>
#include <string>

#include "core/enums.hpp"

namespace funnel::core {

struct OrgUnit {
  long long id = 0;
  std::optional<long long> parent_id;
  std::string kind;
  std::string category;
  std::string name;
  std::string short_name;
  std::optional<std::string> division_code;
  std::optional<long long> county_id;
  std::optional<long long> township_id;
  std::optional<std::string> committee_name;
  std::optional<std::string> office_name;
  std::optional<long long> linked_room_id;
  int sort = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

struct User {
  long long id = 0;
  std::string username;
  std::string display_name;
  std::optional<long long> org_unit_id;
  std::string org_unit_name;
  std::string role;
  std::string data_scope;
  std::string status;
  std::string password_hash;
  int must_change_password = 0;
  std::optional<long long> password_changed_at;
  std::optional<long long> last_login_at;
  long long created_at = 0;
  long long updated_at = 0;
  bool locked = false;  // derived from login attempts
};

struct Session {
  long long id = 0;
  long long user_id = 0;
  std::string csrf_token;
  std::string ip;
  std::string user_agent;
  long long created_at = 0;
  long long last_seen_at = 0;
  // joined for the online-users view
  std::string username;
  std::string display_name;
};

struct LoginAttempt {
  long long id = 0;
  long long at = 0;
  std::string username;
  std::optional<long long> user_id;
  std::string ip;
  std::string user_agent;
  int success = 0;
  std::string reason;
};

struct Page {
  int page = 1;
  int page_size = 20;
  int offset() const { return (page - 1) * page_size; }
};

}  // namespace funnel::core
