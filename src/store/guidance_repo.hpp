#pragma once
// Guidance of the linked townships (联系指导, CA-8): a county room's records
// about one township and the tasks they set.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct GuidanceRecord {
  long long id = 0, county_id = 0, org_id = 0, township_id = 0;
  std::string kind, day, subject, content, attendees;
  std::optional<long long> case_id;
  long long created_by = 0;
  std::string created_by_name;
  long long created_at = 0;
  std::string org_name, township_name;  // joined
  std::optional<std::string> case_number;
  long long task_count = 0, open_task_count = 0;
};
struct GuidanceTask {
  long long id = 0, record_id = 0, owner_id = 0;
  std::string description, due_day;
  std::optional<std::string> closed_day, closing_note;
  std::optional<long long> closed_by;
  long long created_by = 0, created_at = 0;
  std::string owner_name;  // joined
  std::optional<std::string> owner_org_name;
};
struct GuidanceFilter {
  std::optional<long long> township_id;
  std::optional<std::string> kind;
  std::optional<int> year;
};

long long insert_guidance_record(Tx& tx, const GuidanceRecord& r);
// Records about the townships the scope reaches (a room: its linked ones; a
// township: itself; the county roles: the whole county), newest first.
std::vector<GuidanceRecord> list_guidance(Tx& tx, const core::Scope& scope, const GuidanceFilter& f,
                                          const core::Page& page, long long* total);
// Every matching record, oldest first (the ledger).
void scan_guidance(Tx& tx, const core::Scope& scope, const GuidanceFilter& f,
                   const std::function<void(const GuidanceRecord&)>& fn);
std::optional<GuidanceRecord> find_guidance(Tx& tx, const core::Scope& scope, long long id);

long long insert_guidance_task(Tx& tx, const GuidanceTask& t);
std::vector<GuidanceTask> guidance_tasks_of(Tx& tx, long long record_id);
std::optional<GuidanceTask> find_guidance_task(Tx& tx, long long record_id, long long task_id);
// False when the task was closed meanwhile.
bool close_guidance_task(Tx& tx, long long task_id, const std::string& day, const std::string& note, long long by);

}  // namespace funnel::store
