#pragma once
// Recusal (回避, SY-3): a cadre kept away from the records naming a person.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/kernel.hpp"

namespace funnel::app {

struct RecusalInput {
  long long user_id = 0, person_id = 0;
  std::string relation, reason;
};

class RecusalService {
 public:
  explicit RecusalService(Kernel& k) : k_(k) {}
  boost::json::object list_recusals(const Actor& a, const std::optional<long long>& user_id, const core::Page& page);
  boost::json::object add_recusal(const Actor& a, const RecusalInput& in);
  // The county's cadre accounts a recusal can name (name search).
  boost::json::object recusal_candidates(const Actor& a, const std::optional<std::string>& q);
  void delete_recusal(const Actor& a, long long id);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
