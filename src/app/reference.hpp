#pragma once
// Reference data every page needs: dictionaries, petition categories, the
// working-day calendar and the statutory time limits (SY-8).
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

// Typed views, serialised by src/http (dictionaries and categories are the
// data files' own documents).
struct TimeLimitView {
  std::string code, label;
  int amount = 0;
  std::string unit;
  bool moves_to_working_day = false;  // never for working days
  std::string basis;
  bool local = false;
};
BOOST_DESCRIBE_STRUCT(TimeLimitView, (), (code, label, amount, unit, moves_to_working_day, basis, local))
struct DueDate {
  TimeLimitView limit;
  std::string start, due;
  bool provisional = false;  // a year in the period has no holiday notice in data/
};
BOOST_DESCRIBE_STRUCT(DueDate, (), (limit, start, due, provisional))
struct CalendarDay {
  std::string date, kind, name;  // kind: off | work (调休上班)
};
BOOST_DESCRIBE_STRUCT(CalendarDay, (), (date, kind, name))
struct CalendarYear {
  int year = 0;
  bool covered = false;  // data/ has the year's holiday notice
  std::vector<CalendarDay> days;
};
BOOST_DESCRIBE_STRUCT(CalendarYear, (), (year, covered, days))

class ReferenceService {
 public:
  explicit ReferenceService(Kernel& k) : k_(k) {}
  const boost::json::object& dictionaries() const { return k_.dictionaries(); }
  const PetitionCatalogue& catalogue() const { return k_.catalogue(); }
  // Every limit (total is the count).
  PageOf<TimeLimitView> time_limits() const;
  // 400 naming `limit` or `start` when unknown or malformed (they are query values).
  DueDate compute_due(const std::string& limit_code, const std::string& start) const;
  CalendarYear calendar_year(int year) const;

 private:
  Kernel& k_;
};

}  // namespace funnel::app
