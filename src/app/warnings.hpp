#pragma once
// 预警 of the petition work (IN-7): level-triggered, computed from the
// records, acknowledged per occurrence.
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

class PetitionService;

// The petition a warning is about (typed views, serialised by src/http).
struct WarningPetition {
  long long id = 0;
  std::string number, summary, state;
  std::optional<std::string> due_day;
  std::string intake_org;
  std::optional<std::string> handler_org;
};
BOOST_DESCRIBE_STRUCT(WarningPetition, (), (id, number, summary, state, due_day, intake_org, handler_org))
struct WarningItem : WarningView {
  WarningPetition petition;
};
BOOST_DESCRIBE_STRUCT(WarningItem, (WarningView), (petition))

class WarningService {
 public:
  WarningService(Kernel& k, PetitionService& petitions) : k_(k), petitions_(petitions) {}
  // Every warning that holds now in the caller's scope, without the
  // acknowledged ones unless asked; one page of them with the true total.
  PageOf<WarningItem> list_warnings(const Actor& a, const std::optional<std::string>& code, bool include_acknowledged,
                                    const core::Page& page);
  // Acknowledges one occurrence; idempotent; 409 when it no longer holds.
  WarningAckResult acknowledge_warning(const Actor& a, long long petition_id, const std::string& code,
                                       const std::string& occurrence, const std::optional<std::string>& note);

 private:
  Kernel& k_;
  PetitionService& petitions_;
};

}  // namespace funnel::app
