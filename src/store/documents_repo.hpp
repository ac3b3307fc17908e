#pragma once
// Official documents of a case (CA-3): each generated version, numbered per
// issuing organisation, kind and year; templates an administrator replaced.
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace funnel::store {

struct CaseDocument {
  long long id = 0, case_id = 0;
  std::string kind;
  int version = 0;
  long long org_id = 0;
  int year = 0;
  std::optional<long long> seq;
  std::optional<std::string> number;
  std::string digest;  // the evidence store's address of the encrypted file
  long long size = 0;
  std::optional<std::string> template_digest;  // a replaced template's; null: the shipped one
  long long generated_by = 0, generated_at = 0;
  std::string generated_by_name;  // joined
};

long long insert_case_document(Tx& tx, const CaseDocument& d);
// Oldest first (kind, then version).
std::vector<CaseDocument> case_documents_of(Tx& tx, long long case_id);
std::optional<CaseDocument> find_case_document(Tx& tx, long long case_id, long long id);
// The newest version of a kind for a case (its number is every version's).
std::optional<CaseDocument> latest_case_document(Tx& tx, long long case_id, const std::string& kind);

struct DocumentTemplate {
  std::string kind, digest;
  long long size = 0, uploaded_by = 0, uploaded_at = 0;
  std::string uploaded_by_name;  // joined
};
std::optional<DocumentTemplate> find_document_template(Tx& tx, const std::string& kind);
std::vector<DocumentTemplate> document_templates(Tx& tx);
void save_document_template(Tx& tx, const DocumentTemplate& t);

}  // namespace funnel::store
