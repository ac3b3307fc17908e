#pragma once
// Records as the application sees them.
#include <cstdint>
#include <optional>
#include <string>

#include "core/enums.hpp"

namespace funnel::core {

struct OrgUnit {
  long long id = 0;
  std::optional<long long> parent_id;
  std::string kind;
  std::string category;
  std::string name;
  std::string short_name;
  std::optional<std::string> division_code;
  std::optional<long long> county_id;
  std::optional<long long> township_id;
  std::optional<std::string> committee_name;
  std::optional<std::string> office_name;
  std::optional<long long> linked_room_id;
  int sort = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

struct User {
  long long id = 0;
  std::string username;
  std::string display_name;
  std::optional<long long> org_unit_id;
  std::string org_unit_name;
  std::string role;
  std::string data_scope;
  std::string status;
  std::string password_hash;
  int must_change_password = 0;
  std::optional<long long> password_changed_at;
  std::optional<long long> last_login_at;
  long long created_at = 0;
  long long updated_at = 0;
  bool locked = false;  // derived from login attempts
  // Read with the user, so that a request's scope needs no statement of its
  // own for recusal unless there is one.
  bool has_recusals = false;
};

struct Session {
  long long id = 0;
  long long user_id = 0;
  std::string csrf_token;
  std::string ip;
  std::string user_agent;
  long long created_at = 0;
  long long last_seen_at = 0;
  // joined for the online-users view
  std::string username;
  std::string display_name;
};

struct LoginAttempt {
  long long id = 0;
  long long at = 0;
  std::string username;
  std::optional<long long> user_id;
  std::string ip;
  std::string user_agent;
  int success = 0;
  std::string reason;
};

struct Page {
  int page = 1;
  int page_size = 20;
  int offset() const { return (page - 1) * page_size; }
};

// --- petitions (信访举报)

// One entity per reported person of a county (被反映人).
struct Person {
  long long id = 0;
  long long county_id = 0;
  std::string name;
  std::string unit_name;
  std::optional<std::string> post;
  std::optional<long long> unit_org_id;
  std::string cadre_level;
  int party_member = 0;
  int public_official = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

// A person as reported in one petition, with the position facts that drive
// the jurisdiction proposal.
struct ReportedPerson {
  Person person;
  int county_department = 0;
  int township_discipline_staff = 0;
  int township_party_secretary = 0;
};

struct Petition {
  long long id = 0;
  long long county_id = 0;
  long long intake_org_id = 0;
  std::optional<long long> intake_township_id;
  long long number_org_id = 0;
  int year = 0;
  long long seq = 0;
  std::string number;
  std::string channel, type, state;
  int suspended = 0;
  int real_name = 0;
  std::optional<std::string> reporter_sealed;  // encrypted particulars, never shown as is
  std::optional<std::string> reporter_key;     // blind index for repeat detection
  std::string summary, content, category;
  std::optional<std::string> subcategory, area;
  std::optional<long long> place_org_id;
  std::optional<std::string> place_detail;
  std::string received_day;
  std::optional<std::string> postmark_day;
  std::optional<int> visitors, identity_checked;
  std::optional<std::string> reception_cadre, call_time, web_source;
  int from_higher = 0;
  int fast_track = 0;
  std::string proposed_jurisdiction, jurisdiction;
  std::optional<std::string> jurisdiction_reason;
  std::optional<long long> handler_org_id, handler_township_id, handler_acknowledged_at;
  std::optional<std::string> transfer_to;
  std::optional<long long> merged_into;
  long long first_handler_id = 0;
  long long registered_by = 0;
  std::optional<std::string> limit_code, clock_start, due_day;
  std::string pauses = "[]";  // [["from","to"], …] of the running clock
  std::optional<std::string> suspended_since;
  int extensions = 0;
  std::optional<std::string> risk_terms;  // comma-separated matches
  // Conflict of interest (domain.md §1): names the township's own discipline
  // staff or party secretary; outside every township's scope.
  int conflict = 0;
  long long created_at = 0;
  long long updated_at = 0;
  // joined for views
  std::string intake_org_name, handler_org_name, place_name, first_handler_name, registered_by_name;
};

// What every stored step of a workflow has (petition_steps, clue_steps,
// case_steps): who moved the record from which state to which, when, why.
struct StepFields {
  long long id = 0;
  std::string action;
  std::optional<std::string> from_state;
  std::string to_state;
  long long actor_id = 0;
  std::string actor_name;
  std::optional<long long> org_id;
  long long at = 0;
  std::optional<std::string> reason, note;
};

// A step of a clue's or a case's workflow: record_id is the clue's or the
// case's id.
struct StepRecord : StepFields {
  long long record_id = 0;
  std::optional<std::string> detail;  // JSON of the step's choices
};

// A step of a petition: the clock it left running.
struct PetitionStep : StepFields {
  long long petition_id = 0;
  std::optional<std::string> limit_code, due_day;
};

}  // namespace funnel::core
