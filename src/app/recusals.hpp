#pragma once
// Recusal (回避, SY-3): a cadre kept away from the records naming a person.
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

struct RecusalInput {
  long long user_id = 0, person_id = 0;
  std::string relation, reason;
};

// A cadre account a recusal can name, with its unit (typed views, serialised by src/http).
struct RecusalCandidate : AccountRef {
  std::string org_name;
};
BOOST_DESCRIBE_STRUCT(RecusalCandidate, (AccountRef), (org_name))
struct RecusalPerson {
  long long id = 0;
  std::string name, unit_name;
};
BOOST_DESCRIBE_STRUCT(RecusalPerson, (), (id, name, unit_name))
struct RecusalView {
  long long id = 0;
  AccountRef user;
  RecusalPerson person;
  std::string relation, reason, created_by_name, created_at;
};
BOOST_DESCRIBE_STRUCT(RecusalView, (), (id, user, person, relation, reason, created_by_name, created_at))

class RecusalService {
 public:
  explicit RecusalService(Kernel& k) : k_(k) {}
  PageOf<RecusalView> list_recusals(const Actor& a, const std::optional<long long>& user_id, const core::Page& page);
  RecusalView add_recusal(const Actor& a, const RecusalInput& in);
  // The county's cadre accounts a recusal can name (name search).
  ListOf<RecusalCandidate> recusal_candidates(const Actor& a, const std::optional<std::string>& q);
  void delete_recusal(const Actor& a, long long id);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
