#pragma once
// 排查化解 (IN-5): the periodic screening of risky matters and their outcome.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/kernel.hpp"

namespace funnel::app {

struct ScreeningInput {
  std::string period, matter, risk_level, measures, responsible, outcome;
  std::optional<std::string> outcome_note;
  std::optional<long long> petition_id;
};

class ScreeningService {
 public:
  explicit ScreeningService(Kernel& k) : k_(k) {}
  boost::json::object list_screenings(const Actor& a, const std::optional<std::string>& period,
                                      const std::optional<std::string>& outcome, const core::Page& page);
  boost::json::object add_screening(const Actor& a, const ScreeningInput& in);
  boost::json::object set_screening_outcome(const Actor& a, long long id, const std::string& outcome,
                                            const std::optional<std::string>& note);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
