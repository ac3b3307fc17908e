#include "store/documents_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

namespace {
const char* const kDocCols =
    "d.id, d.case_id, d.kind, d.version, d.org_id, d.year, d.seq, d.number, d.digest, d.size, d.template_digest, "
    "d.generated_by, d.generated_at, u.display_name";
void into_document(Query& st, CaseDocument& d) {
  st.into(d.id).into(d.case_id).into(d.kind).into(d.version).into(d.org_id).into(d.year).into(d.seq);
  st.into(d.number).into(d.digest).into(d.size).into(d.template_digest).into(d.generated_by).into(d.generated_at);
  st.into(d.generated_by_name);
}
std::vector<CaseDocument> fetch_documents(Tx& tx, const std::string& where, long long case_id,
                                          const std::optional<std::string>& kind, const std::string& tail) {
  std::vector<CaseDocument> out;
  CaseDocument d;
  Query st(tx);
  into_document(st, d);
  st.use(case_id);
  if (kind) st.use(*kind);
  st.run(std::string("SELECT ") + kDocCols + " FROM case_documents d JOIN users u ON u.id = d.generated_by WHERE " +
             where + tail,
         false);
  while (st.fetch()) out.push_back(d);
  return out;
}
}  // namespace

long long insert_case_document(Tx& tx, const CaseDocument& d) {
  return Query(tx)
      .use(d.case_id)
      .use(d.kind)
      .use(d.version)
      .use(d.org_id)
      .use(d.year)
      .use(d.seq)
      .use(d.number)
      .use(d.digest)
      .use(d.size)
      .use(d.template_digest)
      .use(d.generated_by)
      .use(tx.now)
      .insert(
          "INSERT INTO case_documents (case_id, kind, version, org_id, year, seq, number, digest, size, "
          "template_digest, generated_by, generated_at) VALUES (:c, :k, :v, :o, :y, :s, :n, :d, :sz, :t, :g, :at)");
}

std::vector<CaseDocument> case_documents_of(Tx& tx, long long case_id) {
  return fetch_documents(tx, "d.case_id = :c", case_id, std::nullopt, " ORDER BY d.kind, d.version");
}

std::optional<CaseDocument> find_case_document(Tx& tx, long long case_id, long long id) {
  std::optional<CaseDocument> out;
  CaseDocument d;
  Query st(tx);
  into_document(st, d);
  st.use(case_id).use(id);
  st.run(std::string("SELECT ") + kDocCols +
         " FROM case_documents d JOIN users u ON u.id = d.generated_by WHERE d.case_id = :c AND d.id = :i");
  if (st.got_data()) out = d;
  return out;
}

std::optional<CaseDocument> latest_case_document(Tx& tx, long long case_id, const std::string& kind) {
  auto v = fetch_documents(tx, "d.case_id = :c AND d.kind = :k", case_id, kind, " ORDER BY d.version DESC LIMIT 1");
  if (v.empty()) return std::nullopt;
  return v.front();
}

namespace {
const char* const kTemplateSelect =
    "SELECT t.kind, t.digest, t.size, t.uploaded_by, t.uploaded_at, u.display_name FROM document_templates t "
    "JOIN users u ON u.id = t.uploaded_by";
}

std::optional<DocumentTemplate> find_document_template(Tx& tx, const std::string& kind) {
  std::optional<DocumentTemplate> out;
  DocumentTemplate t;
  Query st(tx);
  st.into(t.kind).into(t.digest).into(t.size).into(t.uploaded_by).into(t.uploaded_at).into(t.uploaded_by_name);
  st.use(kind);
  st.run(std::string(kTemplateSelect) + " WHERE t.kind = :k");
  if (st.got_data()) out = t;
  return out;
}

std::vector<DocumentTemplate> document_templates(Tx& tx) {
  std::vector<DocumentTemplate> out;
  DocumentTemplate t;
  Query st(tx);
  st.into(t.kind).into(t.digest).into(t.size).into(t.uploaded_by).into(t.uploaded_at).into(t.uploaded_by_name);
  st.run(std::string(kTemplateSelect) + " ORDER BY t.kind", false);
  while (st.fetch()) out.push_back(t);
  return out;
}

void save_document_template(Tx& tx, const DocumentTemplate& t) {
  Query(tx)
      .use(t.kind)
      .use(t.digest)
      .use(t.size)
      .use(t.uploaded_by)
      .use(tx.now)
      .run(
          "INSERT INTO document_templates (kind, digest, size, uploaded_by, uploaded_at) VALUES (:k, :d, :s, :u, :at) "
          "ON CONFLICT (kind) DO UPDATE SET digest = excluded.digest, size = excluded.size, "
          "uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at",
          false);
}

}  // namespace funnel::store
