#pragma once
// Reference data every page needs: dictionaries, petition categories, the
// working-day calendar and the statutory time limits (SY-8).
#include <string>
#include <vector>

#include "app/kernel.hpp"

namespace funnel::app {

class ReferenceService {
 public:
  explicit ReferenceService(Kernel& k) : k_(k) {}
  const boost::json::object& dictionaries() const { return k_.dictionaries(); }
  const PetitionCatalogue& catalogue() const { return k_.catalogue(); }
  const core::WorkCalendar& calendar() const { return k_.calendar(); }
  const std::vector<core::TimeLimit>& time_limits() const { return k_.time_limits(); }
  struct DueDate {
    core::TimeLimit limit;
    core::Day start, due;
    bool provisional = false;  // a year in the period has no holiday notice in data/
  };
  // 400 naming `limit` or `start` when unknown or malformed (they are query values).
  DueDate compute_due(const std::string& limit_code, const std::string& start) const;

 private:
  Kernel& k_;
};

}  // namespace funnel::app
