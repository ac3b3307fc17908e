#pragma once
// Official documents of a case (文书, CA-3): the kinds and their fields
// (data/documents.json), generated as .docx from data/templates/<kind>.docx
// (or the template an administrator uploaded instead), numbered per issuing
// organisation, kind and year, filed with the case as encrypted files;
// regenerating makes a new version with the same number.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

struct DocumentField {
  std::string name, label, source;  // source: case.*, org.*, document.*, input, serial (a list's row number)
  bool required = false;
  std::size_t max = 0;  // input: characters
  std::vector<std::string> choices;
};
struct DocumentList {
  std::string name, label;
  std::size_t max_items = 0;
  std::vector<DocumentField> fields;
};
struct DocumentKind {
  std::string code, name;
  std::optional<std::string> prefix;  // the 文号's kind letter; nullopt: no number
  std::string step;                   // the case action it belongs to
  std::optional<std::string> measure;  // the investigation measure it serves
  std::vector<std::string> states;    // case states it may be generated in
  std::vector<DocumentField> fields;
  std::vector<DocumentList> lists;
};
struct DocumentCatalogue {
  std::vector<DocumentField> common;
  std::vector<DocumentKind> kinds;
  const DocumentKind* find(std::string_view code) const;
  // What a template of the kind may hold: "name" and "list.field".
  std::set<std::string> placeholders(const DocumentKind& k) const;
};
// data/documents.json, checked (sources, states, steps); std::runtime_error naming the problem.
DocumentCatalogue load_document_catalogue(const std::filesystem::path& resource_dir);

// What a user typed for a generation: input fields and list rows.
struct DocumentInput {
  std::string kind;
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::map<std::string, std::string>>> lists;
};

struct DocumentFieldView {
  std::string name, label;
  bool required = false;
  long long max = 0;
  std::vector<std::string> choices;
};
BOOST_DESCRIBE_STRUCT(DocumentFieldView, (), (name, label, required, max, choices))
struct DocumentListView {
  std::string name, label;
  long long max_items = 0;
  std::vector<DocumentFieldView> fields;
};
BOOST_DESCRIBE_STRUCT(DocumentListView, (), (name, label, max_items, fields))
// A kind as a case offers it: available when the case's state allows it and
// the viewer may generate it; inputs are what the user types.
struct DocumentKindView {
  std::string code, name, step;
  std::optional<std::string> measure;
  bool numbered = false, available = false;
  std::vector<DocumentFieldView> inputs;
  std::vector<DocumentListView> lists;
};
BOOST_DESCRIBE_STRUCT(DocumentKindView, (), (code, name, step, measure, numbered, available, inputs, lists))
struct CaseDocumentView {
  long long id = 0, case_id = 0;
  std::string kind, kind_name;
  int version = 0;
  bool current = false;  // the newest version of its kind
  std::optional<std::string> number;
  long long size = 0;
  bool custom_template = false;  // generated from an uploaded template
  std::string generated_by_name, generated_at;
};
BOOST_DESCRIBE_STRUCT(CaseDocumentView, (),
                      (id, case_id, kind, kind_name, version, current, number, size, custom_template,
                       generated_by_name, generated_at))
struct CaseDocumentsView {
  std::vector<DocumentKindView> kinds;
  std::vector<CaseDocumentView> items;  // by kind, then version
};
BOOST_DESCRIBE_STRUCT(CaseDocumentsView, (), (kinds, items))
struct DocumentTemplateView {
  std::string kind, name;
  bool replaced = false;  // an uploaded template is in use
  long long size = 0;
  std::optional<std::string> uploaded_by_name, uploaded_at;
  std::vector<std::string> placeholders;  // what the template may hold
};
BOOST_DESCRIBE_STRUCT(DocumentTemplateView, (), (kind, name, replaced, size, uploaded_by_name, uploaded_at, placeholders))

class DocumentService {
 public:
  // Loads data/documents.json and checks every shipped template against it.
  explicit DocumentService(Kernel& k);
  const DocumentKind* kind(std::string_view code) const { return catalogue_.find(code); }

  CaseDocumentsView list_documents(const Actor& a, long long case_id);
  // A new version (1 with a new number, else the number of version 1).
  CaseDocumentView generate_document(const Actor& a, long long case_id, const DocumentInput& in);
  struct Download {
    std::string filename, bytes;
  };
  // An audited read (SY-4), as evidence downloads are.
  Download download_document(const Actor& a, long long case_id, long long document_id);

  ListOf<DocumentTemplateView> list_templates(const Actor& a);
  // 422 naming `file` when not a .docx or holding a placeholder the kind has not.
  DocumentTemplateView replace_template(const Actor& a, const std::string& kind, const std::string& bytes);
  Download download_template(const Actor& a, const std::string& kind);

 private:
  std::string template_bytes(store::Tx& tx, const DocumentKind& k, std::optional<std::string>* digest);
  std::string shipped_template(const DocumentKind& k) const;
  Kernel& k_;
  DocumentCatalogue catalogue_;
};

}  // namespace funnel::app
