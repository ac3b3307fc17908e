#pragma once
// 分析研判 (IN-5): the year's petitions by month along one dimension.
#include <boost/json/object.hpp>
#include <string>

#include "app/kernel.hpp"

namespace funnel::app {

class PetitionStatsService {
 public:
  explicit PetitionStatsService(Kernel& k) : k_(k) {}
  boost::json::object petition_stats(const Actor& a, int year, const std::string& dimension);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
