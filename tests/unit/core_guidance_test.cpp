// Guidance of the linked townships (联系指导, CA-8): feedback names its case,
// a task's clock is the shared deadline rule and stops at closing, and a
// task cannot be closed before its record's day, in the future or twice.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/guidance.hpp"

using namespace funnel::core;

namespace {
const WorkCalendar& cal() {
  static const WorkCalendar c = [] {
    std::ifstream f(std::string(FUNNEL_SOURCE_DIR) + "/data/cn-holidays.csv");
    std::stringstream ss;
    ss << f.rdbuf();
    return WorkCalendar::parse_csv(ss.str());
  }();
  return c;
}
Day D(const char* s) { return *parse_day(s); }
GuidanceTaskClock task(const char* due, std::optional<std::string> closed = std::nullopt) {
  return {"2026-11-02", due, closed};
}
}  // namespace

TEST(Guidance, KindsHaveTheirCodes) {
  EXPECT_EQ(kGuidanceKinds.parse("meeting"), GuidanceKind::Meeting);
  EXPECT_EQ(kGuidanceKinds.parse("case_feedback"), GuidanceKind::CaseFeedback);
  EXPECT_EQ(kGuidanceKinds.parse("on_site"), GuidanceKind::OnSite);
  EXPECT_FALSE(kGuidanceKinds.parse("lunch"));
}

TEST(Guidance, FeedbackNeedsItsCaseOthersMayNameOne) {
  EXPECT_EQ(guidance_case_problem(GuidanceKind::CaseFeedback, false), "case_id");
  EXPECT_EQ(guidance_case_problem(GuidanceKind::CaseFeedback, true), "");
  EXPECT_EQ(guidance_case_problem(GuidanceKind::Meeting, false), "");
  EXPECT_EQ(guidance_case_problem(GuidanceKind::OnSite, true), "");
}

TEST(Guidance, AnOpenTaskRunsToItsDueDay) {
  // Due Friday 2026-11-20; threshold 3 working days.
  auto d = deadline_of(task("2026-11-20"), cal(), D("2026-11-10"), 3);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, DeadlineStatus::Running);
  EXPECT_EQ(d->working_days_left, 8);
  EXPECT_EQ(d->start, "2026-11-02");
  EXPECT_EQ(d->limit, "");
  d = deadline_of(task("2026-11-20"), cal(), D("2026-11-18"), 3);
  EXPECT_EQ(d->status, DeadlineStatus::DueSoon);
  EXPECT_EQ(d->working_days_left, 2);
  d = deadline_of(task("2026-11-20"), cal(), D("2026-11-20"), 3);
  EXPECT_EQ(d->status, DeadlineStatus::DueSoon);
  EXPECT_EQ(d->working_days_left, 0);
  // Past the due day: overdue, the weekend not counted.
  d = deadline_of(task("2026-11-20"), cal(), D("2026-11-23"), 3);
  EXPECT_EQ(d->status, DeadlineStatus::Overdue);
  EXPECT_EQ(d->working_days_left, -1);
}

TEST(Guidance, AClosedTaskHasNoClock) {
  EXPECT_FALSE(deadline_of(task("2026-11-20", "2026-11-25"), cal(), D("2026-12-01"), 3));
}

TEST(Guidance, ClosingDay) {
  EXPECT_EQ(close_day_problem(task("2026-11-20"), D("2026-11-02"), D("2026-11-10")), "");
  EXPECT_EQ(close_day_problem(task("2026-11-20"), D("2026-11-10"), D("2026-11-10")), "");
  EXPECT_NE(close_day_problem(task("2026-11-20"), D("2026-11-01"), D("2026-11-10")), "");
  EXPECT_NE(close_day_problem(task("2026-11-20"), D("2026-11-11"), D("2026-11-10")), "");
  EXPECT_NE(close_day_problem(task("2026-11-20", "2026-11-05"), D("2026-11-06"), D("2026-11-10")), "");
}
