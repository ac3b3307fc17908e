#pragma once
// Messages between the handling cadres and a portal reporter (IN-6).
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

// A message of the thread (typed views, serialised by src/http).
struct PetitionMessageView {
  long long id = 0;
  std::string direction, body;  // direction: in (from the reporter) | out
  std::optional<std::string> author_name;
  std::string at;
};
BOOST_DESCRIBE_STRUCT(PetitionMessageView, (), (id, direction, body, author_name, at))
struct PetitionMessages {
  std::vector<PetitionMessageView> items;
  bool portal = false;  // came through the portal: messages can be sent
  bool open = false;    // the reporter can still write
  std::optional<std::string> access_expires_day;
};
BOOST_DESCRIBE_STRUCT(PetitionMessages, (), (items, portal, open, access_expires_day))

class MessageService {
 public:
  explicit MessageService(Kernel& k) : k_(k) {}
  PetitionMessages list_petition_messages(const Actor& a, long long petition_id);
  PetitionMessageView send_petition_message(const Actor& a, long long petition_id, const std::string& body);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
