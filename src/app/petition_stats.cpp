#include "app/petition_stats.hpp"

#include <boost/json.hpp>
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/petitions_repo.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"

namespace funnel::app {

namespace json = boost::json;

json::object PetitionStatsService::petition_stats(const Actor& a, int year, const std::string& dimension) {
  k_.require(a, core::Permission::PetitionRead);
  if (dimension != "channel" && dimension != "type" && dimension != "category" && dimension != "township")
    throw bad_request("应为 channel、type、category 或 township", "dimension");
  if (year < 2000 || year > 2100) throw bad_request("年份应在 2000–2100 之间", "year");
  return k_.db().read([&](store::Tx& tx) {
    // months × keys, every month present so a chart needs no gap filling.
    std::map<std::string, std::map<std::string, long long>> by_key;
    long long total = 0;
    for (auto& r : store::petition_month_counts(tx, a.scope, year, dimension)) {
      by_key[r.key][r.month] += r.count;
      total += r.count;
    }
    json::array months;
    for (int m = 1; m <= 12; ++m) months.push_back(json::value(std::to_string(year) + (m < 10 ? "-0" : "-") + std::to_string(m)));
    json::array series;
    for (auto& [key, counts] : by_key) {
      json::array values;
      long long sum = 0;
      for (auto& m : months) {
        auto it = counts.find(std::string(m.as_string()));
        long long n = it == counts.end() ? 0 : it->second;
        sum += n;
        values.push_back(n);
      }
      series.push_back(json::object{{"key", key}, {"counts", values}, {"total", sum}});
    }
    return json::object{{"year", year}, {"dimension", dimension}, {"months", months}, {"series", series}, {"total", total}};
  });
}

}  // namespace funnel::app
