// funnel templates: the documents' .docx templates from their text sources
// (data/templates/src), so that the committed files can be rebuilt and
// checked, and an administrator's edit starts from a known file.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "app/documents.hpp"
#include "docs/docx.hpp"
#include "tools/tools.hpp"

namespace funnel::tools {

namespace fs = std::filesystem;

namespace {

// XML comments document the sources; they are not part of a template.
std::string strip_comments(std::string s) {
  for (auto b = s.find("<!--"); b != std::string::npos; b = s.find("<!--", b)) {
    auto e = s.find("-->", b);
    if (e == std::string::npos) throw std::runtime_error("unclosed XML comment");
    auto end = e + 3;
    while (end < s.size() && (s[end] == '\n' || s[end] == '\r')) ++end;
    s.erase(b, end - b);
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

void replace_marker(std::string& s, const std::string& marker, const std::string& with, const fs::path& file) {
  auto p = s.find(marker);
  if (p == std::string::npos) throw std::runtime_error(file.string() + ": no " + marker);
  s.replace(p, marker.size(), with);
}

std::vector<std::pair<std::string, std::string>> entries_of(const fs::path& src, const app::DocumentKind& k) {
  const fs::path skel = src / "skeleton";
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::string> names;
  for (auto& e : fs::recursive_directory_iterator(skel)) {
    if (!e.is_regular_file()) continue;
    auto rel = fs::relative(e.path(), skel).generic_string();
    if (rel.rfind("header-", 0) == 0) continue;  // the header variants, inserted below
    names.push_back(rel);
  }
  // [Content_Types].xml first, as Word writes it; the rest in name order.
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    bool ca = a == "[Content_Types].xml", cb = b == "[Content_Types].xml";
    return ca != cb ? ca : a < b;
  });
  for (const auto& n : names) {
    auto text = app::read_file(skel / n);
    if (n == "word/document.xml") {  // the markers are comments: replaced before the comments go
      auto header = strip_comments(app::read_file(skel / (k.prefix ? "header-numbered.xml" : "header-plain.xml")));
      auto body_file = src / (k.code + ".xml");
      replace_marker(text, "<!--HEADER-->", header, skel / n);
      replace_marker(text, "<!--BODY-->", strip_comments(app::read_file(body_file)), skel / n);
    }
    out.emplace_back(n, strip_comments(std::move(text)));
  }
  return out;
}

}  // namespace

std::vector<std::string> build_templates(const fs::path& resource_dir, bool check) {
  const auto catalogue = app::load_document_catalogue(resource_dir);
  const fs::path dir = resource_dir / "templates";
  std::vector<std::string> out;
  for (const auto& k : catalogue.kinds) {
    auto entries = entries_of(dir / "src", k);
    const fs::path file = dir / (k.code + ".docx");
    if (check) {
      std::map<std::string, std::string> want(entries.begin(), entries.end());
      bool same = fs::exists(file);
      if (same) {
        try {
          same = docs::unzip_entries(app::read_file(file)) == want;
        } catch (const docs::DocxError&) {
          same = false;
        }
      }
      if (!same) out.push_back(file.string());
      continue;
    }
    auto bytes = docs::zip_entries(entries);
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error(file.string() + ": cannot write");
    out.push_back(file.string());
  }
  return out;
}

}  // namespace funnel::tools
