#pragma once
// Transport-neutral request and response, so that only server.cpp sees Beast.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace funnel::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // raw request target (path + query)
  std::string content_type;
  std::string cookie;
  std::string csrf_header;
  std::string authorization;  // the portal's bearer token
  std::string user_agent;
  std::string remote_ip;
  std::string body;
  bool secure = false;  // arrived over TLS (or via a proxy the operator trusts)
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  long long actor_id = 0;  // for the access log only
};

}  // namespace funnel::http
