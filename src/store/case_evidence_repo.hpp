#pragma once
// A case's evidence list and its register of property taken (issue 18).
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace funnel::store {

struct CaseEvidenceRow {
  long long id = 0, case_id = 0;
  int seq = 0;  // its number in the case's list
  std::string kind, title, obtained_day, source;
  std::optional<long long> measure_id, file_id;
  std::optional<std::string> note;
  long long added_by = 0, at = 0;
  std::string added_by_name;
  // The file's, joined.
  std::optional<std::string> file_digest, file_name_sealed, file_mime;
  std::optional<long long> file_size;
};
long long insert_case_evidence(Tx& tx, CaseEvidenceRow& e);  // numbers it next in the case
void set_case_evidence_file(Tx& tx, long long id, long long file_id);
std::vector<CaseEvidenceRow> case_evidence_of(Tx& tx, long long case_id);

struct CasePropertyRow {
  long long id = 0, case_id = 0;
  int seq = 0;
  std::optional<long long> measure_id, value;
  std::string description, quantity, holder;
  std::optional<std::string> witness;
  std::string custody_place, keeper, state, taken_day, last_day;
  long long recorded_by = 0, at = 0;
  std::string recorded_by_name;
};
struct CasePropertyMoveRow {
  long long id = 0, property_id = 0;
  std::string move, day, to_whom;
  std::optional<std::string> note;
  long long by_user = 0, at = 0;
  std::string by_name;
};
long long insert_case_property(Tx& tx, CasePropertyRow& p);  // numbers it next in the case
// The move's row, and the item's new state, keeper or place and day.
void move_case_property(Tx& tx, const CasePropertyRow& p, const CasePropertyMoveRow& m);
std::vector<CasePropertyRow> case_property_of(Tx& tx, long long case_id);
std::vector<CasePropertyMoveRow> case_property_moves_of(Tx& tx, long long case_id);

}  // namespace funnel::store
