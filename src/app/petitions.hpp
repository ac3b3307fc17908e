#pragma once
// Petitions (信访件, IN-1 … IN-8): registration with the jurisdiction
// proposal and the 重复件 check, the list and the detail, the steps of the
// closed loop, the reporter's identity, the person registry. Views are JSON
// objects built here because they need the calendar, the actor's
// permissions and today's date.
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kernel.hpp"
#include "app/persons.hpp"
#include "core/deadline.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

class ClueService;

struct PetitionInput {
  std::string channel, type;
  bool real_name = false;
  std::optional<ReporterInput> reporter;
  std::string summary, content, category;
  std::optional<std::string> subcategory, area, place_detail;
  std::optional<long long> place_org_id;
  std::string received_day;
  std::optional<std::string> postmark_day, reception_cadre, call_time, web_source;
  std::optional<int> visitors;
  std::optional<bool> identity_checked;
  bool from_higher = false, fast_track = false;
  std::vector<ReportedInput> persons;
  // The cadre's choice when it differs from the proposal, with the reason.
  std::optional<std::string> jurisdiction, jurisdiction_reason;
};
struct PetitionActionInput {
  std::string action;
  std::optional<std::string> reason, note, transfer_to;
  std::optional<long long> handler_org_id, merged_into;
};

class PetitionService {
 public:
  PetitionService(Kernel& k, ClueService& clues) : k_(k), clues_(clues) {}

  boost::json::object propose_jurisdiction(const Actor& a, const std::string& type,
                                           const std::vector<ReportedInput>& persons);
  // `within_tx` runs in the registering transaction (the portal stores its
  // receipt and evidence there); with `answer` false only id and number are
  // returned, without reading the record back.
  boost::json::object register_petition(
      const Actor& a, const PetitionInput& in,
      const std::function<void(store::Tx&, const core::Petition&)>& within_tx = nullptr, bool answer = true);
  boost::json::object list_petitions(const Actor& a, const store::PetitionFilter& f, bool overdue,
                                     const core::Page& page);
  boost::json::object get_petition(const Actor& a, long long id);
  boost::json::object act_on_petition(const Actor& a, long long id, const PetitionActionInput& in);
  boost::json::object reveal_reporter(const Actor& a, long long id, const std::string& reason);
  // 重复件 check before registration: content near-duplicates (MinHash) and
  // items naming the same person, within the caller's scope; near-duplicates
  // elsewhere in the county by unit, day and similarity only (`elsewhere`).
  boost::json::object check_duplicates(const Actor& a, const std::string& text,
                                       const std::vector<std::pair<std::string, std::string>>& persons);
  boost::json::object list_persons(const Actor& a, const std::optional<std::string>& q, const core::Page& page);

  // The clock (for the warnings, the ledger and funnel gen).
  void refresh_due(core::Petition& p) const;
  // The clock's status today and the working days left (negative when late).
  core::DeadlineReading deadline(const core::Petition& p, core::Day today) const;
  // Overdue, due soon, collective visit, risk terms: what holds today, each
  // with its occurrence key for acknowledgement.
  std::vector<boost::json::object> standing_warnings(const core::Petition& p, core::Day today) const;

 private:
  // page_acks: the acknowledgements of a list page, loaded once (else this item's).
  // analysis (with full): related items, near-duplicates and merged repeats.
  boost::json::object petition_json(store::Tx& tx, const Actor& a, const core::Petition& p, bool full,
                                    const std::vector<store::WarningAck>* page_acks = nullptr, bool analysis = true);
  Kernel& k_;
  ClueService& clues_;
};

}  // namespace funnel::app
