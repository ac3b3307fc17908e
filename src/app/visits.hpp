#pragma once
// 三访合一 (IN-4): the duty roster of a unit and the visit records.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "store/visits_repo.hpp"

namespace funnel::app {

struct VisitInput {
  std::string kind, day, cadres, summary;
  std::optional<std::string> place, outcome;
  std::optional<long long> petition_id;
};

class VisitService {
 public:
  explicit VisitService(Kernel& k) : k_(k) {}
  boost::json::object list_roster(const Actor& a, const std::optional<long long>& org_id, const std::string& from,
                                  const std::string& to);
  boost::json::object add_roster(const Actor& a, const std::string& day, long long user_id,
                                 const std::optional<std::string>& note);
  void delete_roster(const Actor& a, long long id);
  boost::json::object list_visits(const Actor& a, const store::VisitFilter& f, const core::Page& page);
  boost::json::object add_visit(const Actor& a, const VisitInput& in);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
