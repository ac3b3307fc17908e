#pragma once
// Official documents as .docx (CA-3): a template (a Word file whose
// word/document.xml, headers and footers hold placeholders such as
// {{case_number}}) is filled in memory. Word often splits a placeholder across several runs (spelling
// marks, an edit in the middle): the runs' text is merged into the first
// run, keeping its formatting. A table row holding {{list.field}}
// placeholders repeats once per item of `list`. Values are escaped by the
// XML writer; characters XML cannot carry are dropped.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace funnel::docs {

// The bytes are not a .docx (not a zip, no word/document.xml, bad XML).
struct DocxError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using DocxRow = std::map<std::string, std::string>;
struct DocxData {
  std::map<std::string, std::string> values;         // {{name}}
  std::map<std::string, std::vector<DocxRow>> lists;  // {{list.field}} rows
};

class DocxTemplate {
 public:
  // DocxError when the bytes are not a usable .docx.
  explicit DocxTemplate(std::string bytes);
  // Every placeholder's name in the body, headers and footers ("name" or
  // "list.field"), split runs included.
  std::set<std::string> placeholders() const;
  // The filled document, as .docx bytes. A placeholder without a value
  // becomes empty; a list without items keeps one empty row.
  std::string fill(const DocxData& data) const;

 private:
  std::string bytes_;
  std::vector<std::pair<std::string, std::string>> parts_;  // word/document.xml, headers, footers
};

// A zip of the given entries (name → content) in the order given, with a
// fixed time stamp so the same entries give the same archive.
std::string zip_entries(const std::vector<std::pair<std::string, std::string>>& entries);
// The entries of a zip (name → content); DocxError when it is not one.
std::map<std::string, std::string> unzip_entries(std::string_view zip);

}  // namespace funnel::docs
