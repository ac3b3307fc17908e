#include "app/guidance.hpp"

#include <algorithm>
#include "core/access.hpp"
#include "core/error.hpp"
#include "core/guidance.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/cases_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace {
GuidanceView record_view(const store::GuidanceRecord& r) {
  return {r.id,
          r.kind,
          r.day,
          r.subject,
          r.attendees,
          {r.org_id, r.org_name},
          {r.township_id, r.township_name},
          r.case_id,
          r.case_number,
          r.created_by_name,
          r.task_count,
          r.open_task_count};
}

// Writing needs the linkage itself (ORG-2), whatever data scope the room's
// account holds: a room with a county-wide view still guides only its own.
bool linked(store::Tx& tx, const Actor& a, long long township_id) {
  if (a.role != core::Role::DisciplineRoom || !a.user.org_unit_id) return false;
  const auto ids = store::linked_townships(tx, *a.user.org_unit_id);
  return std::find(ids.begin(), ids.end(), township_id) != ids.end();
}

std::string required(const std::string& field, const std::string& v, const char* msg) {
  auto t = core::trim(v);
  if (t.empty()) throw invalid(field, msg);
  return t;
}
}  // namespace

GuidanceDetail GuidanceService::detail(store::Tx& tx, const Actor& a, long long id) {
  auto r = store::find_guidance(tx, a.scope, id);
  if (!r) throw not_found("联系指导记录不存在或不在本人数据范围内");
  GuidanceDetail d;
  static_cast<GuidanceView&>(d) = record_view(*r);
  // The case it is about, only when the reader may see that case (recusal).
  if (r->case_id && !store::find_case(tx, a.scope, *r->case_id)) {
    d.case_id = std::nullopt;
    d.case_number = std::nullopt;
  }
  d.content = r->content;
  const auto today = core::day_of_ms(tx.now);
  for (auto& t : store::guidance_tasks_of(tx, id)) {
    GuidanceTaskView v{t.id, t.description, t.due_day, {t.owner_id, t.owner_name}, t.owner_org_name,
                       t.closed_day, t.closing_note, false, std::nullopt};
    auto dl = core::deadline_of(core::GuidanceTaskClock{r->day, t.due_day, t.closed_day}, k_.calendar(), today,
                                k_.catalogue().due_soon_working_days);
    v.overdue = dl && dl->status == core::DeadlineStatus::Overdue;
    v.deadline = deadline_view(k_, dl);
    d.tasks.push_back(std::move(v));
  }
  return d;
}

PageOf<GuidanceView> GuidanceService::list_guidance(const Actor& a, const store::GuidanceFilter& f,
                                                    const core::Page& page) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<GuidanceView> out;
    for (auto& r : store::list_guidance(tx, a.scope, f, page, &out.total)) {
      out.items.push_back(record_view(r));
      // A case outside the reader's scope (recusal, own records …): the record stays, its case goes.
      if (r.case_id && !store::find_case(tx, a.scope, *r.case_id)) {
        out.items.back().case_id = std::nullopt;
        out.items.back().case_number = std::nullopt;
      }
    }
    return out;
  });
}

GuidanceDetail GuidanceService::get_guidance(const Actor& a, long long id) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) { return detail(tx, a, id); });
}

GuidanceDetail GuidanceService::add_guidance(const Actor& a, const GuidanceInput& in) {
  k_.require(a, core::Permission::GuidanceWrite);
  const auto kind = core::kGuidanceKinds.parse(in.kind);
  if (!kind) throw invalid("kind", "未知的指导类型");
  const auto subject = required("subject", in.subject, "请填写主题");
  const auto content = required("content", in.content, "请填写会议纪要或指导内容");
  const auto attendees = required("attendees", in.attendees, "请填写参加人员");
  if (auto f = core::guidance_case_problem(*kind, in.case_id.has_value()); !f.empty())
    throw invalid(std::string(f), "案件反馈须指明所反馈的案件");
  const long long id = k_.db().write([&](store::Tx& tx) {
    checked_day("day", in.day, core::day_of_ms(tx.now));
    if (!linked(tx, a, in.township_id)) throw invalid("township_id", "不是本室联系指导的乡镇");
    if (in.case_id) {
      auto c = store::find_case(tx, a.scope, *in.case_id);
      if (!c || c->township_id != in.township_id) throw invalid("case_id", "案件不存在、不属于该乡镇或不在本人数据范围内");
    }
    store::GuidanceRecord r;
    r.county_id = a.scope.county_id;
    r.org_id = *a.user.org_unit_id;
    r.township_id = in.township_id;
    r.kind = in.kind;
    r.day = in.day;
    r.subject = subject;
    r.content = content;
    r.attendees = attendees;
    r.case_id = in.case_id;
    r.created_by = a.user.id;
    r.created_by_name = a.user.display_name;
    r.id = store::insert_guidance_record(tx, r);
    // Ids and codes only: the minutes stay out of the audit log.
    boost::json::object detail{{"kind", r.kind}, {"day", r.day}, {"township_id", r.township_id}};
    if (r.case_id) detail["case_id"] = *r.case_id;
    k_.audit(tx, &a, "create", "guidance", r.id, detail);
    return r.id;
  });
  return get_guidance(a, id);
}

GuidanceDetail GuidanceService::add_guidance_task(const Actor& a, long long record_id, const GuidanceTaskInput& in) {
  k_.require(a, core::Permission::GuidanceWrite);
  const auto description = required("description", in.description, "请填写任务内容");
  return k_.db().write([&](store::Tx& tx) {
    auto r = store::find_guidance(tx, a.scope, record_id);
    if (!r) throw not_found("联系指导记录不存在或不在本人数据范围内");
    if (!linked(tx, a, r->township_id)) throw forbidden("不是本室联系指导的乡镇");
    const auto due = checked_day("due_day", in.due_day, std::nullopt);
    if (due < *core::parse_day(r->day)) throw invalid("due_day", "完成期限不能早于指导日期");
    // The owner is a cadre of the guiding room or of the township guided.
    auto owner = store::find_user(tx, in.owner_id);
    if (!owner || owner->status != "active" || !owner->org_unit_id ||
        (*owner->org_unit_id != r->org_id && *owner->org_unit_id != r->township_id))
      throw invalid("owner_id", "责任人须为本室或该乡镇的在岗人员");
    store::GuidanceTask t;
    t.record_id = record_id;
    t.owner_id = owner->id;
    t.description = description;
    t.due_day = in.due_day;
    t.created_by = a.user.id;
    t.id = store::insert_guidance_task(tx, t);
    k_.audit(tx, &a, "create", "guidance_task", t.id,
             {{"record_id", record_id}, {"owner_id", t.owner_id}, {"due_day", t.due_day}});
    return detail(tx, a, record_id);
  });
}

GuidanceDetail GuidanceService::close_guidance_task(const Actor& a, long long record_id, long long task_id,
                                                    const GuidanceCloseInput& in) {
  k_.require(a, core::Permission::CaseRead);
  const auto note = required("closing_note", in.closing_note, "请填写办结情况");
  return k_.db().write([&](store::Tx& tx) {
    auto r = store::find_guidance(tx, a.scope, record_id);
    if (!r) throw not_found("联系指导记录不存在或不在本人数据范围内");
    auto t = store::find_guidance_task(tx, record_id, task_id);
    if (!t) throw not_found("任务不存在");
    // The owner closes it, or the linked room that set it.
    if (t->owner_id != a.user.id && !(core::has_permission(a.role, core::Permission::GuidanceWrite) &&
                                      linked(tx, a, r->township_id)))
      throw forbidden("只有任务责任人或联系指导的纪检监察室可以办结");
    const auto today = core::day_of_ms(tx.now);
    const auto day = checked_day("closed_day", in.closed_day, std::nullopt);
    core::GuidanceTaskClock clock{r->day, t->due_day, t->closed_day};
    if (t->closed_day) throw conflict("任务已办结", "closed_day");
    if (auto why = core::close_day_problem(clock, day, today); !why.empty()) throw invalid("closed_day", why);
    if (!store::close_guidance_task(tx, task_id, in.closed_day, note, a.user.id))
      throw conflict("任务已办结", "closed_day");
    const bool late = in.closed_day > t->due_day;
    k_.audit(tx, &a, "close", "guidance_task", task_id,
             {{"record_id", record_id}, {"closed_day", in.closed_day}, {"late", late}});
    return detail(tx, a, record_id);
  });
}

}  // namespace funnel::app
