#pragma once
// Messages between the handling cadres and a portal reporter (IN-6).
#include <boost/json/object.hpp>
#include <string>

#include "app/kernel.hpp"

namespace funnel::app {

class MessageService {
 public:
  explicit MessageService(Kernel& k) : k_(k) {}
  boost::json::object list_petition_messages(const Actor& a, long long petition_id);
  boost::json::object send_petition_message(const Actor& a, long long petition_id, const std::string& body);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
