#pragma once
// The bulk-load counterpart of the repositories' inserts (funnel gen): every
// row a registration, a handling step or an audit append would write, with
// ids the loader assigns, collected per table and written in one go per
// batch (see BulkTable). Indexes, triggers and constraints apply as usual.
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "core/audit.hpp"
#include "core/case.hpp"
#include "core/clue.hpp"
#include "core/model.hpp"
#include "store/bulk.hpp"
#include "store/case_execution_repo.hpp"
#include "store/documents_repo.hpp"
#include "store/interview_rooms_repo.hpp"

namespace funnel::store {

class Load {
 public:
  explicit Load(Backend backend);
  ~Load();

  // Rows carry their id; `persons_text` is the reported persons' search text.
  void petition(const core::Petition& p, long long now, const std::string& persons_text);
  void petition_signature(long long petition_id, long long county_id, const std::string& signature,
                          const std::vector<long long>& bands);
  void petition_person(long long petition_id, const core::ReportedPerson& rp, int sort);
  void petition_step(const core::PetitionStep& s);  // s.at is the time
  void person(const core::Person& p, long long now);
  void clue(const core::Clue& c, long long now);
  void clue_person(long long clue_id, const core::ReportedPerson& rp, int sort);
  void clue_step(const core::ClueStep& s);
  // A case with every column a case's steps leave set (number, clock …);
  // its measures and bookings carry their ids (the measures' extensions and
  // the bookings refer to them).
  void case_row(const core::Case& c);
  void case_step(const core::CaseStep& s);
  void case_team(long long case_id, const std::vector<long long>& user_ids);
  void case_triers(long long case_id, const std::vector<long long>& user_ids);
  void case_measure(const core::CaseMeasure& m);
  void case_extension(const core::CaseExtension& e);
  void case_decision(const core::CaseDecision& d);
  void execution_task(const ExecutionTaskRow& t);  // t.created_at is the time
  void interview_booking(const InterviewBooking& b);
  void case_document(const CaseDocument& d);
  void login_attempt(const core::LoginAttempt& a);
  // Records that continue the chain from the head; write() checks the head
  // is still where the first record's prev_hash says and moves it on.
  void audit(core::AuditRecord&& r);
  // The yearly number counter of (org, year, kind) is raised to last_seq.
  void number(long long org_id, int year, const std::string& kind, long long last_seq);

  std::size_t rows() const;
  // Writes what was collected, parents before children; a Load is one
  // batch, written once. The audit records and login attempts reference
  // nothing else of the batch: on PostgreSQL they can be written on another
  // connection at the same time as the rest (Part::Audit, Part::Records).
  enum class Part { All, Records, Audit };
  void write(Tx& tx, Part part = Part::All);

 private:
  Backend backend_;
  struct Tables;
  std::unique_ptr<Tables> t_;
  std::map<std::tuple<long long, int, std::string>, long long> numbers_;
  std::size_t audit_rows_ = 0;
  long long first_seq_ = 0, last_seq_ = 0;
  std::string first_prev_hash_, last_hash_;
};

}  // namespace funnel::store
