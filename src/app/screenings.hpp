#pragma once
// 排查化解 (IN-5): the periodic screening of risky matters and their outcome.
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

struct ScreeningInput {
  std::string period, matter, risk_level, measures, responsible, outcome;
  std::optional<std::string> outcome_note;
  std::optional<long long> petition_id;
};

// A screened matter and its outcome (typed view, serialised by src/http).
struct ScreeningView {
  long long id = 0;
  OrgRef org;
  std::string period;
  std::optional<PetitionRef> petition;
  std::string matter, risk_level, measures, responsible, outcome;
  std::optional<std::string> outcome_note;
  std::string created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(ScreeningView, (),
                      (id, org, period, petition, matter, risk_level, measures, responsible, outcome, outcome_note,
                       created_at, updated_at))

class ScreeningService {
 public:
  explicit ScreeningService(Kernel& k) : k_(k) {}
  PageOf<ScreeningView> list_screenings(const Actor& a, const std::optional<std::string>& period,
                                        const std::optional<std::string>& outcome, const core::Page& page);
  ScreeningView add_screening(const Actor& a, const ScreeningInput& in);
  ScreeningView set_screening_outcome(const Actor& a, long long id, const std::string& outcome,
                                      const std::optional<std::string>& note);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
