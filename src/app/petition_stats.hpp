#pragma once
// 分析研判 (IN-5): the year's petitions by month along one dimension.
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

// Typed views, serialised by src/http: one series per key, a count per month.
struct PetitionSeries {
  std::string key;
  std::vector<long long> counts;
  long long total = 0;
};
BOOST_DESCRIBE_STRUCT(PetitionSeries, (), (key, counts, total))
struct PetitionStats {
  int year = 0;
  std::string dimension;
  std::vector<std::string> months;  // every month of the year, YYYY-MM
  std::vector<PetitionSeries> series;
  long long total = 0;
};
BOOST_DESCRIBE_STRUCT(PetitionStats, (), (year, dimension, months, series, total))

class PetitionStatsService {
 public:
  explicit PetitionStatsService(Kernel& k) : k_(k) {}
  PetitionStats petition_stats(const Actor& a, int year, const std::string& dimension);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
