#pragma once
// Every service of src/app, built once over one Kernel in dependency order.
// Only the composition roots include this: src/cli (funnel serve and the
// tools) and src/http/routes.cpp, which hands each *_routes.cpp its own.
#include <memory>

#include "app/attachments.hpp"
#include "app/audit_log.hpp"
#include "app/auth.hpp"
#include "app/case_evidence.hpp"
#include "app/case_execution.hpp"
#include "app/cases.hpp"
#include "app/interview_rooms.hpp"
#include "app/clue_reports.hpp"
#include "app/clue_reviews.hpp"
#include "app/clues.hpp"
#include "app/documents.hpp"
#include "app/guidance.hpp"
#include "app/kernel.hpp"
#include "app/ledgers.hpp"
#include "app/messages.hpp"
#include "app/org_units.hpp"
#include "app/petition_stats.hpp"
#include "app/petitions.hpp"
#include "app/portal.hpp"
#include "app/recusals.hpp"
#include "app/reference.hpp"
#include "app/screenings.hpp"
#include "app/sessions.hpp"
#include "app/users.hpp"
#include "app/visits.hpp"
#include "app/warnings.hpp"

namespace funnel::app {

struct Services {
  Services(Config cfg, std::unique_ptr<store::Db> db)
      : kernel(std::move(cfg), std::move(db)),
        auth(kernel),
        users(kernel),
        sessions(kernel),
        audit_log(kernel),
        org_units(kernel),
        reference(kernel),
        clues(kernel),
        clue_reports(kernel),
        clue_reviews(kernel),
        cases(kernel),
        interview_rooms(kernel),
        documents(kernel),
        guidance(kernel),
        petitions(kernel, clues),
        warnings(kernel, petitions),
        visits(kernel),
        screenings(kernel),
        petition_stats(kernel),
        recusals(kernel),
        messages(kernel),
        attachments(kernel),
        ledgers(kernel, clue_reports),
        portal(kernel, petitions, attachments),
        case_evidence(kernel, cases, attachments),
        case_execution(kernel) {}
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  Kernel kernel;
  AuthService auth;
  UserService users;
  SessionService sessions;
  AuditLogService audit_log;
  OrgUnitService org_units;
  ReferenceService reference;
  ClueService clues;
  ClueReportService clue_reports;
  ClueReviewService clue_reviews;
  CaseService cases;
  InterviewRoomService interview_rooms;
  DocumentService documents;
  GuidanceService guidance;
  PetitionService petitions;
  WarningService warnings;
  VisitService visits;
  ScreeningService screenings;
  PetitionStatsService petition_stats;
  RecusalService recusals;
  MessageService messages;
  AttachmentService attachments;
  LedgerService ledgers;
  PortalService portal;
  CaseEvidenceService case_evidence;
  CaseExecutionService case_execution;
};

}  // namespace funnel::app
