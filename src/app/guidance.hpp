#pragma once
// Guidance of the linked townships (联系指导, CA-8, ORG-2): a county
// discipline room records its regular meetings (例会), feedback on a
// township's case and on-site guidance about one township it is linked to,
// and sets tasks with an owner, a due day and a closing. Read by whoever
// reads cases within scope (the township sees what is about itself); the
// ledger is LedgerService's.
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "store/guidance_repo.hpp"

namespace funnel::app {

struct GuidanceInput {
  long long township_id = 0;
  std::string kind, day, subject, content, attendees;
  std::optional<long long> case_id;
};
struct GuidanceTaskInput {
  long long owner_id = 0;
  std::string description, due_day;
};
struct GuidanceCloseInput {
  std::string closed_day, closing_note;
};

struct GuidanceTaskView {
  long long id = 0;
  std::string description, due_day;
  UserRef owner;
  std::optional<std::string> owner_org_name, closed_day, closing_note;
  bool overdue = false;
  std::optional<DeadlineView> deadline;  // null once closed
};
BOOST_DESCRIBE_STRUCT(GuidanceTaskView, (),
                      (id, description, due_day, owner, owner_org_name, closed_day, closing_note, overdue, deadline))
struct GuidanceView {
  long long id = 0;
  std::string kind, day, subject, attendees;
  OrgRef org, township;
  std::optional<long long> case_id;
  std::optional<std::string> case_number;
  std::string created_by_name;
  long long task_count = 0, open_task_count = 0;
};
BOOST_DESCRIBE_STRUCT(GuidanceView, (),
                      (id, kind, day, subject, attendees, org, township, case_id, case_number, created_by_name,
                       task_count, open_task_count))
struct GuidanceDetail : GuidanceView {
  std::string content;
  std::vector<GuidanceTaskView> tasks;
};
BOOST_DESCRIBE_STRUCT(GuidanceDetail, (GuidanceView), (content, tasks))

class GuidanceService {
 public:
  explicit GuidanceService(Kernel& k) : k_(k) {}
  PageOf<GuidanceView> list_guidance(const Actor& a, const store::GuidanceFilter& f, const core::Page& page);
  GuidanceDetail get_guidance(const Actor& a, long long id);
  GuidanceDetail add_guidance(const Actor& a, const GuidanceInput& in);
  GuidanceDetail add_guidance_task(const Actor& a, long long record_id, const GuidanceTaskInput& in);
  GuidanceDetail close_guidance_task(const Actor& a, long long record_id, long long task_id,
                                     const GuidanceCloseInput& in);

 private:
  GuidanceDetail detail(store::Tx& tx, const Actor& a, long long id);
  Kernel& k_;
};

}  // namespace funnel::app
