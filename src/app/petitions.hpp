#pragma once
// Petitions (信访件, IN-1 … IN-8): registration with the jurisdiction
// proposal and the 重复件 check, the list and the detail, the steps of the
// closed loop, the reporter's identity, the person registry. Views are
// typed structs (serialised by src/http/views_json.hpp) built here because
// they need the calendar, the actor's permissions and today's date.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kernel.hpp"
#include "app/persons.hpp"
#include "app/views.hpp"
#include "core/deadline.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::core {
struct JurisdictionProposal;
}

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

// The jurisdiction proposal (IN-2) for a type and its reported persons.
struct JurisdictionProposalView {
  std::string jurisdiction;
  bool within_scope = false;
  std::string reason, basis;
};
BOOST_DESCRIBE_STRUCT(JurisdictionProposalView, (), (jurisdiction, within_scope, reason, basis))

// A warning on a petition's list item or detail: a standing one (a
// WarningView, with its occurrence and acknowledgement) or a note of the
// analysis (repeat, duplicate), which has neither and is not acknowledged.
struct PetitionWarning {
  std::string code, message;
  Omitted<std::string> occurrence, terms;
  Omitted<std::optional<WarningAckView>> acknowledged;
};
BOOST_DESCRIBE_STRUCT(PetitionWarning, (), (code, message, occurrence, terms, acknowledged))

// A petition as lists show it (PetitionSummary in docs/openapi.yaml).
struct PetitionView {
  long long id = 0;
  std::string number, channel, type, state;
  bool suspended = false, real_name = false;
  std::string summary, category;
  std::optional<std::string> subcategory, area;
  std::string received_day;
  OrgRef intake_org;
  std::optional<OrgRef> handler_org;
  std::string jurisdiction;
  bool fast_track = false, from_higher = false;
  std::optional<DeadlineView> deadline;
  std::vector<PetitionWarning> warnings;
};
BOOST_DESCRIBE_STRUCT(PetitionView, (),
                      (id, number, channel, type, state, suspended, real_name, summary, category, subcategory, area,
                       received_day, intake_org, handler_org, jurisdiction, fast_track, from_higher, deadline,
                       warnings))

// Only whether the reporter's particulars exist and whether this user may
// ask to see them: the particulars are never part of a view.
struct ReporterFlags {
  bool recorded = false, may_reveal = false;
};
BOOST_DESCRIBE_STRUCT(ReporterFlags, (), (recorded, may_reveal))
// A petition's reported person: a clue's shape and the registry's unit.
struct PetitionPersonView : PersonView {
  std::optional<long long> unit_org_id;
};
BOOST_DESCRIBE_STRUCT(PetitionPersonView, (PersonView), (unit_org_id))
struct PetitionStepView {
  long long id = 0;
  std::string action;
  std::optional<std::string> from_state;
  std::string to_state;
  UserRef actor;
  std::string at;
  std::optional<std::string> reason, note, limit, basis, due_day;
};
BOOST_DESCRIBE_STRUCT(PetitionStepView, (),
                      (id, action, from_state, to_state, actor, at, reason, note, limit, basis, due_day))
// A clue registered from the petition: {id, number, state}.
struct PetitionClueRef {
  long long id = 0;
  std::string number, state;
};
BOOST_DESCRIBE_STRUCT(PetitionClueRef, (), (id, number, state))
// Another petition as the 重复件 analysis names it (RelatedPetition).
struct RelatedPetitionView {
  long long id = 0;
  std::string number, summary, state, received_day;
};
BOOST_DESCRIBE_STRUCT(RelatedPetitionView, (), (id, number, summary, state, received_day))
// A near-duplicate, with its similarity and why it was found (DuplicateCandidate).
struct DuplicateCandidateView : RelatedPetitionView {
  double similarity = 0;
  std::string reason;          // similar_content | same_person
  Omitted<std::string> person;  // same_person: the name it shares
};
BOOST_DESCRIBE_STRUCT(DuplicateCandidateView, (RelatedPetitionView), (similarity, reason, person))

// The detail: the list's fields and the rest of the record, its persons,
// steps, clues and the actions the viewer may take now. related, duplicates
// and repeats are left out of the registration's answer, which has the
// proposal instead.
struct PetitionDetail : PetitionView {
  std::string content;
  std::optional<OrgRef> place;
  std::optional<std::string> place_detail, postmark_day;
  std::optional<int> visitors;
  std::optional<bool> identity_checked;
  std::optional<std::string> reception_cadre, call_time, web_source;
  ReporterFlags reporter;
  std::string proposed_jurisdiction;
  std::optional<std::string> jurisdiction_reason, transfer_to;
  std::optional<long long> merged_into;
  std::optional<std::string> handler_acknowledged_at;
  UserRef first_handler, registered_by;
  std::string created_at;
  std::vector<PetitionPersonView> persons;
  std::vector<PetitionStepView> steps;
  std::vector<PetitionClueRef> clues;
  Omitted<std::vector<RelatedPetitionView>> related;
  Omitted<std::vector<DuplicateCandidateView>> duplicates;
  Omitted<std::vector<RelatedPetitionView>> repeats;
  std::vector<std::string> actions;
  Omitted<JurisdictionProposalView> proposal;
};
BOOST_DESCRIBE_STRUCT(PetitionDetail, (PetitionView),
                      (content, place, place_detail, postmark_day, visitors, identity_checked, reception_cadre,
                       call_time, web_source, reporter, proposed_jurisdiction, jurisdiction_reason, transfer_to,
                       merged_into, handler_acknowledged_at, first_handler, registered_by, created_at, persons, steps,
                       clues, related, duplicates, repeats, actions, proposal))

// The reporter's particulars, decrypted for an audited reveal.
struct ReporterView {
  std::optional<std::string> name, id_number, phone, address, unit;
};
BOOST_DESCRIBE_STRUCT(ReporterView, (), (name, id_number, phone, address, unit))
struct RevealedReporter {
  bool real_name = false;
  ReporterView reporter;
};
BOOST_DESCRIBE_STRUCT(RevealedReporter, (), (real_name, reporter))

// The 重复件 check's answer: candidates in scope, and elsewhere in the
// county only the unit, the day and the similarity.
struct ElsewhereDuplicate {
  std::string org_name, received_day;
  double similarity = 0;
};
BOOST_DESCRIBE_STRUCT(ElsewhereDuplicate, (), (org_name, received_day, similarity))
struct DuplicateCheck {
  std::vector<DuplicateCandidateView> items;
  long long total = 0;
  std::vector<ElsewhereDuplicate> elsewhere;
};
BOOST_DESCRIBE_STRUCT(DuplicateCheck, (), (items, total, elsewhere))

// A person of the registry (人员库).
struct RegistryPersonView {
  long long id = 0;
  std::string name, unit_name;
  std::optional<std::string> post;
  std::optional<long long> unit_org_id;
  std::string cadre_level;
  bool party_member = false, public_official = false;
};
BOOST_DESCRIBE_STRUCT(RegistryPersonView, (),
                      (id, name, unit_name, post, unit_org_id, cadre_level, party_member, public_official))

class PetitionService {
 public:
  PetitionService(Kernel& k, ClueService& clues) : k_(k), clues_(clues) {}

  JurisdictionProposalView propose_jurisdiction(const Actor& a, const std::string& type,
                                                const std::vector<ReportedInput>& persons);
  // The registered record read back after commit (without the analyses).
  PetitionDetail register_petition(const Actor& a, const PetitionInput& in);
  // The registration alone, answering id and number: `within_tx` runs in
  // the registering transaction (the portal stores its receipt and evidence
  // there).
  PetitionRef record_petition(const Actor& a, const PetitionInput& in,
                              const std::function<void(store::Tx&, const core::Petition&)>& within_tx = nullptr);
  PageOf<PetitionView> list_petitions(const Actor& a, const store::PetitionFilter& f, bool overdue,
                                      const core::Page& page);
  PetitionDetail get_petition(const Actor& a, long long id);
  PetitionDetail act_on_petition(const Actor& a, long long id, const PetitionActionInput& in);
  RevealedReporter reveal_reporter(const Actor& a, long long id, const std::string& reason);
  // 重复件 check before registration: content near-duplicates (MinHash) and
  // items naming the same person, within the caller's scope; near-duplicates
  // elsewhere in the county by unit, day and similarity only (`elsewhere`).
  DuplicateCheck check_duplicates(const Actor& a, const std::string& text,
                                  const std::vector<std::pair<std::string, std::string>>& persons);
  PageOf<RegistryPersonView> list_persons(const Actor& a, const std::optional<std::string>& q, const core::Page& page);

  // The clock (for the warnings, the ledger and funnel gen).
  void refresh_due(core::Petition& p) const;
  // The clock's status today and the working days left (negative when late).
  core::DeadlineReading deadline(const core::Petition& p, core::Day today) const;
  // Overdue, due soon, collective visit, risk terms: what holds today, each
  // with its occurrence key for acknowledgement (not acknowledged here).
  std::vector<WarningView> standing_warnings(const core::Petition& p, core::Day today) const;

 private:
  // The registration; `proposal` receives the jurisdiction proposal.
  PetitionRef create(const Actor& a, const PetitionInput& in,
                     const std::function<void(store::Tx&, const core::Petition&)>& within_tx,
                     core::JurisdictionProposal& proposal);
  // page_acks: the acknowledgements of a list page, loaded once (else this item's).
  PetitionView petition_view(store::Tx& tx, const core::Petition& p,
                             const std::vector<store::WarningAck>* page_acks = nullptr);
  // analysis: related items, near-duplicates and merged repeats.
  PetitionDetail petition_detail(store::Tx& tx, const Actor& a, const core::Petition& p, bool analysis = true);
  Kernel& k_;
  ClueService& clues_;
};

}  // namespace funnel::app
