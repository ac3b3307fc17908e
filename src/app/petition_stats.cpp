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

PetitionStats PetitionStatsService::petition_stats(const Actor& a, int year, const std::string& dimension) {
  k_.require(a, core::Permission::PetitionRead);
  if (dimension != "channel" && dimension != "type" && dimension != "category" && dimension != "township")
    throw bad_request("应为 channel、type、category 或 township", "dimension");
  if (year < 2000 || year > 2100) throw bad_request("年份应在 2000–2100 之间", "year");
  return k_.db().read([&](store::Tx& tx) {
    // months × keys, every month present so a chart needs no gap filling.
    std::map<std::string, std::map<std::string, long long>> by_key;
    PetitionStats out{year, dimension, {}, {}, 0};
    for (auto& r : store::petition_month_counts(tx, a.scope, year, dimension)) {
      by_key[r.key][r.month] += r.count;
      out.total += r.count;
    }
    for (int m = 1; m <= 12; ++m) out.months.push_back(std::to_string(year) + (m < 10 ? "-0" : "-") + std::to_string(m));
    for (auto& [key, counts] : by_key) {
      PetitionSeries s{key, {}, 0};
      for (auto& m : out.months) {
        auto it = counts.find(m);
        s.counts.push_back(it == counts.end() ? 0 : it->second);
        s.total += s.counts.back();
      }
      out.series.push_back(std::move(s));
    }
    return out;
  });
}

}  // namespace funnel::app
