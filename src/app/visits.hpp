#pragma once
// 三访合一 (IN-4): the duty roster of a unit and the visit records.
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "store/visits_repo.hpp"

namespace funnel::app {

struct VisitInput {
  std::string kind, day, cadres, summary;
  std::optional<std::string> place, outcome;
  std::optional<long long> petition_id;
};

// A day on the duty roster (typed view, serialised by src/http).
struct RosterEntryView {
  long long id = 0;
  OrgRef org;
  std::string day;
  UserRef user;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(RosterEntryView, (), (id, org, day, user, note))
struct VisitView {
  long long id = 0;
  OrgRef org;
  std::string kind, day, cadres;
  std::optional<std::string> place;
  std::optional<PetitionRef> petition;
  std::string summary;
  std::optional<std::string> outcome;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(VisitView, (), (id, org, kind, day, cadres, place, petition, summary, outcome, created_at))

class VisitService {
 public:
  explicit VisitService(Kernel& k) : k_(k) {}
  // The roster of [from, to] (at most a year), all of it: total is the count.
  PageOf<RosterEntryView> list_roster(const Actor& a, const std::optional<long long>& org_id, const std::string& from,
                                      const std::string& to);
  RosterEntryView add_roster(const Actor& a, const std::string& day, long long user_id,
                             const std::optional<std::string>& note);
  void delete_roster(const Actor& a, long long id);
  PageOf<VisitView> list_visits(const Actor& a, const store::VisitFilter& f, const core::Page& page);
  VisitView add_visit(const Actor& a, const VisitInput& in);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
