#pragma once
// 预警 of the petition work (IN-7): level-triggered, computed from the
// records, acknowledged per occurrence.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/kernel.hpp"

namespace funnel::app {

class PetitionService;

class WarningService {
 public:
  WarningService(Kernel& k, PetitionService& petitions) : k_(k), petitions_(petitions) {}
  // Every warning that holds now in the caller's scope, without the
  // acknowledged ones unless asked; one page of them with the true total.
  boost::json::object list_warnings(const Actor& a, const std::optional<std::string>& code, bool include_acknowledged,
                                    const core::Page& page);
  // Acknowledges one occurrence; idempotent; 409 when it no longer holds.
  boost::json::object acknowledge_warning(const Actor& a, long long petition_id, const std::string& code,
                                          const std::string& occurrence, const std::optional<std::string>& note);

 private:
  Kernel& k_;
  PetitionService& petitions_;
};

}  // namespace funnel::app
