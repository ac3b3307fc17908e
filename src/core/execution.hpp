#pragma once
// Executing a decision (处分决定执行, CA-7; domain.md §4, regulations.md §7):
// the tasks a decision creates, each with its limit from
// data/time-limits.json and the evidence that closes it. An open task past
// its day is 打白条 (the seed's word for a decision not carried out).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/enums.hpp"
#include "core/problem.hpp"
#include "core/sanction.hpp"

namespace funnel::core {

enum class ExecutionKind {
  PartyAnnounce,  // 宣布并归档 (CF 44; GZ 56)
  PartyPostPay,   // 撤销党内职务以上: 职务、工资、待遇变更 (CF 44)
  PartyReport,    // 执行情况报告 (CF 45)
  GovDelivery,    // 政务处分决定书送达、宣布 (SL 203; ZW 46)
  GovExecute,     // 政务处分执行 (SL 203; ZW 54)
  OrgAdjust,      // 组织处理: 职务、职级、待遇调整 (组织处理规定 2021 art 10)
  Recovery,       // 追缴违纪违法所得、责令退赔 (SL 209)
  FollowUpVisit   // 回访教育 inside the influence period (监督执法工作规定 art 60)
};
inline constexpr EnumTable<ExecutionKind, 8> kExecutionKinds{{{
    {ExecutionKind::PartyAnnounce, "party_announce"},
    {ExecutionKind::PartyPostPay, "party_post_pay"},
    {ExecutionKind::PartyReport, "party_report"},
    {ExecutionKind::GovDelivery, "gov_delivery"},
    {ExecutionKind::GovExecute, "gov_execute"},
    {ExecutionKind::OrgAdjust, "org_adjust"},
    {ExecutionKind::Recovery, "recovery"},
    {ExecutionKind::FollowUpVisit, "follow_up_visit"},
}}};

// What closes a task: the records a cadre files as proof.
enum class ExecutionEvidence {
  AnnounceRecord,   // 宣布记录（本人签字或拒签说明）
  FileReceipt,      // 归档回执（处分决定材料归入档案）
  PostPayChange,    // 职务、工资、待遇变更手续
  ExecutionReport,  // 执行情况报告
  DeliveryReceipt,  // 送达回证
  RecoveryReceipt,  // 收缴或退赔凭证
  VisitRecord       // 回访教育记录
};
inline constexpr EnumTable<ExecutionEvidence, 7> kExecutionEvidence{{{
    {ExecutionEvidence::AnnounceRecord, "announce_record"},
    {ExecutionEvidence::FileReceipt, "file_receipt"},
    {ExecutionEvidence::PostPayChange, "post_pay_change"},
    {ExecutionEvidence::ExecutionReport, "execution_report"},
    {ExecutionEvidence::DeliveryReceipt, "delivery_receipt"},
    {ExecutionEvidence::RecoveryReceipt, "recovery_receipt"},
    {ExecutionEvidence::VisitRecord, "visit_record"},
}}};
std::string_view evidence_label(ExecutionEvidence e);  // Chinese, for messages

struct ExecutionRule {
  ExecutionKind kind = ExecutionKind::PartyAnnounce;
  std::string_view limit;      // the time-limits.json code counted from the decision
  std::string_view max_limit;  // the longest with approval, "" when it cannot be extended
  std::vector<ExecutionEvidence> evidence;  // every one needed to close the task
  std::string_view label;                   // Chinese
};
const ExecutionRule& execution_rule(ExecutionKind k);
// Every limit code the rules name (the kernel checks the data file has them).
std::vector<std::string_view> execution_limit_codes();

struct ExecutionPlanInput {
  std::vector<Outcome> outcomes;
  Day decided;
  std::optional<Day> influence_until;  // the decision's longest influence
  bool recovery = false;               // 追缴 or 退赔 ordered
};
struct PlannedTask {
  ExecutionKind kind = ExecutionKind::PartyAnnounce;
  std::string limit_code;
  Day due;
  std::optional<Day> max_due;  // how far an approved extension may go
  friend bool operator==(const PlannedTask&, const PlannedTask&) = default;
};
using LimitLookup = std::function<const TimeLimit*(std::string_view)>;
// The tasks a decision creates, in execution order: a party sanction is
// announced and filed, its post and pay changed for 撤销党内职务 and heavier,
// and reported on; a government sanction delivered and executed;
// organisational handling carried out; 追缴/退赔 when ordered; a follow-up
// visit (回访教育) when a sanction or organisational handling has an
// influence period, due within it.
// First-form measures, 免予处分 and 移送司法机关 create none (no limit in
// any text read). Throws std::runtime_error when a limit is missing.
std::vector<PlannedTask> plan_execution(const ExecutionPlanInput& in,
                                        const WorkCalendar& cal, const LimitLookup& limits);

// One record filed to close a task.
struct EvidenceInput {
  std::optional<std::string> kind, ref, note;
};
// Closing: done on a day between the decision and today, with every record
// the task needs, each with its document number or description (ref).
Check execution_close_problem(ExecutionKind k, const std::optional<Day>& done_on, Day decided, Day today,
                              const std::vector<EvidenceInput>& evidence);
// An approved extension: only where the rule allows one, to a later day no
// later than max_due, with the approving document's number.
Check execution_extension_problem(ExecutionKind k, Day due, const std::optional<Day>& max_due,
                                  const std::optional<Day>& new_due, const std::optional<std::string>& approval_ref);

enum class ExecutionStatus { Open, DueSoon, Overdue, Done, DoneLate };
inline constexpr EnumTable<ExecutionStatus, 5> kExecutionStatuses{{{
    {ExecutionStatus::Open, "open"},
    {ExecutionStatus::DueSoon, "due_soon"},
    {ExecutionStatus::Overdue, "overdue"},  // 打白条
    {ExecutionStatus::Done, "done"},
    {ExecutionStatus::DoneLate, "done_late"},
}}};
// soon_until: the last day counted as due soon (today + the warning threshold).
ExecutionStatus execution_status(const std::optional<Day>& closed_on, Day due, Day today, Day soon_until);

// The executing unit's own staff close and extend its tasks: a township's
// secretary and staff for a township unit; for the county, 案管, the leader
// and the room that led the case.
bool may_record_execution(Role r, const std::optional<long long>& actor_org, long long unit_org, bool unit_is_township,
                          long long lead_org);

}  // namespace funnel::core
