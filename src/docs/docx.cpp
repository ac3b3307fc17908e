#include "docs/docx.hpp"

#include <zip.h>

#include <cstring>
#include <memory>
#include <pugixml.hpp>
#include <sstream>

namespace funnel::docs {

namespace {

constexpr const char* kDocumentXml = "word/document.xml";
// 1980-01-01, the zip format's first day: a generated template's entries
// carry no build time.
constexpr time_t kFixedTime = 315532800;

struct ZipCloser {
  void operator()(zip_t* z) const {
    if (z) zip_discard(z);
  }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// Opens a zip held in memory; src must outlive the archive.
ZipPtr open_zip(zip_source_t* src) {
  zip_error_t err;
  zip_error_init(&err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (!z) throw DocxError("not a zip archive");
  return ZipPtr(z);
}

zip_source_t* buffer_source(const void* data, std::size_t size) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(data, size, 0, &err);
  zip_error_fini(&err);
  if (!src) throw std::runtime_error("zip: cannot create a buffer source");
  return src;
}

std::string read_entry(zip_t* z, zip_uint64_t index) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) throw DocxError("unreadable zip entry");
  if (st.size > (64u << 20)) throw DocxError("zip entry too large");
  zip_file_t* f = zip_fopen_index(z, index, 0);
  if (!f) throw DocxError("unreadable zip entry");
  std::string out(st.size, '\0');
  auto n = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) throw DocxError("unreadable zip entry");
  return out;
}

// The bytes a buffer source holds after its archive was closed.
std::string source_bytes(zip_source_t* src) {
  if (zip_source_open(src) != 0) throw std::runtime_error("zip: cannot reopen the result");
  zip_source_seek(src, 0, SEEK_END);
  auto size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(size < 0 ? 0 : static_cast<std::size_t>(size), '\0');
  auto n = out.empty() ? 0 : zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  if (n < 0 || static_cast<std::size_t>(n) != out.size()) throw std::runtime_error("zip: cannot read the result");
  return out;
}

// --- placeholders

bool is_name(char c) { return c != '{' && c != '}'; }

struct Match {
  std::size_t begin, end;  // [begin, end) of "{{…}}" in the text
  std::string name;        // trimmed inner text
};

std::string trim_ascii(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Every "{{…}}" without braces inside, left to right.
std::vector<Match> find_placeholders(std::string_view text) {
  std::vector<Match> out;
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    auto close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) break;
    auto inner = text.substr(pos + 2, close - pos - 2);
    bool plain = true;
    for (char c : inner) plain = plain && is_name(c);
    if (!plain) {  // "{{{x}}": start again one brace later
      ++pos;
      continue;
    }
    out.push_back({pos, close + 2, trim_ascii(inner)});
    pos = close + 2;
  }
  return out;
}

bool named(const pugi::xml_node& n, const char* name) { return std::strcmp(n.name(), name) == 0; }

// The w:t nodes of a paragraph in order, not those of paragraphs nested in
// text boxes (they are paragraphs of their own).
void collect_texts(pugi::xml_node n, std::vector<pugi::xml_node>& out) {
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (named(c, "w:t")) out.push_back(c);
    else if (!named(c, "w:txbxContent") && !named(c, "w:p")) collect_texts(c, out);
  }
}

template <class F>
void each_element(pugi::xml_node n, const char* name, F&& f) {
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    each_element(c, name, f);
    if (named(c, name)) f(c);
  }
}

// Moves every placeholder that spans several w:t into the first of them:
// the first run keeps the text before it and the whole placeholder (its
// formatting wins), the runs in between lose their text, the last keeps the
// text after it.
void merge_split_runs(pugi::xml_node paragraph) {
  std::vector<pugi::xml_node> ts;
  collect_texts(paragraph, ts);
  if (ts.size() < 2) return;
  for (bool changed = true; changed;) {
    changed = false;
    std::string full;
    std::vector<std::size_t> start;
    for (auto& t : ts) {
      start.push_back(full.size());
      full += t.text().get();
    }
    start.push_back(full.size());
    auto node_at = [&](std::size_t pos) {
      std::size_t i = 0;
      while (i + 1 < ts.size() && start[i + 1] <= pos) ++i;
      return i;
    };
    for (const auto& m : find_placeholders(full)) {
      auto i = node_at(m.begin), j = node_at(m.end - 1);
      if (i == j) continue;
      std::string first = full.substr(start[i], m.begin - start[i]) + full.substr(m.begin, m.end - m.begin);
      std::string last = full.substr(m.end, start[j + 1] - m.end);
      ts[i].text().set(first.c_str());
      for (auto k = i + 1; k < j; ++k) ts[k].text().set("");
      ts[j].text().set(last.c_str());
      for (auto k : {i, j})
        if (!ts[k].attribute("xml:space")) ts[k].append_attribute("xml:space") = "preserve";
      changed = true;
      break;
    }
  }
}

// XML 1.0 cannot carry most control characters: they are dropped (a value
// typed into a form is never worth a broken document).
std::string xml_safe(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 && c != '\t' && c != '\n') continue;
    // U+FFFE and U+FFFF (EF BF BE / EF BF BF)
    if (c == 0xEF && i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(v[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Replaces the placeholders of one w:t; lookup returns nullptr for a name
// it does not fill (left as is). A value's line breaks become w:br.
template <class Lookup>
void fill_text(pugi::xml_node t, Lookup&& lookup) {
  std::string text = t.text().get();
  auto ms = find_placeholders(text);
  if (ms.empty()) return;
  std::string out;
  std::size_t pos = 0;
  bool any = false;
  for (const auto& m : ms) {
    const std::string* v = lookup(m.name);
    if (!v) continue;
    out += text.substr(pos, m.begin - pos);
    out += xml_safe(*v);
    pos = m.end;
    any = true;
  }
  if (!any) return;
  out += text.substr(pos);
  if (!t.attribute("xml:space")) t.append_attribute("xml:space") = "preserve";
  auto nl = out.find('\n');
  if (nl == std::string::npos) {
    t.text().set(out.c_str());
    return;
  }
  t.text().set(out.substr(0, nl).c_str());
  auto run = t.parent();
  auto after = t;
  while (nl != std::string::npos) {
    auto next = out.find('\n', nl + 1);
    auto part = out.substr(nl + 1, next == std::string::npos ? std::string::npos : next - nl - 1);
    auto br = run.insert_child_after("w:br", after);
    auto nt = run.insert_child_after("w:t", br);
    nt.append_attribute("xml:space") = "preserve";
    nt.text().set(part.c_str());
    after = nt;
    nl = next;
  }
}

void parse(pugi::xml_document& doc, const std::string& name, const std::string& xml) {
  auto r = doc.load_buffer(xml.data(), xml.size(),
                           pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata_single,
                           pugi::encoding_utf8);
  if (!r) throw DocxError(name + ": " + r.description());
  if (name == kDocumentXml && !doc.child("w:document")) throw DocxError(name + ": no w:document");
}

// The parts that may hold placeholders: the body, the headers and footers.
bool filled_part(std::string_view name) {
  auto part = [&](std::string_view prefix) {
    return name.substr(0, prefix.size()) == prefix && name.size() > prefix.size() + 4 &&
           name.substr(name.size() - 4) == ".xml" && name.find('/', prefix.size()) == std::string_view::npos;
  };
  return name == kDocumentXml || part("word/header") || part("word/footer");
}

void merge_all(pugi::xml_document& doc) {
  each_element(doc.document_element(), "w:p", [](pugi::xml_node p) { merge_split_runs(p); });
}

// The list a table row repeats for: the first {{list.field}} in it.
std::string row_list(pugi::xml_node row) {
  std::vector<pugi::xml_node> ts;
  each_element(row, "w:t", [&](pugi::xml_node t) { ts.push_back(t); });
  for (auto& t : ts)
    for (const auto& m : find_placeholders(t.text().get()))
      if (auto dot = m.name.find('.'); dot != std::string::npos) return m.name.substr(0, dot);
  return "";
}

}  // namespace

DocxTemplate::DocxTemplate(std::string bytes) : bytes_(std::move(bytes)) {
  zip_source_t* src = buffer_source(bytes_.data(), bytes_.size());
  ZipPtr z;
  try {
    z = open_zip(src);
  } catch (...) {
    zip_source_free(src);
    throw;
  }
  if (zip_name_locate(z.get(), kDocumentXml, 0) < 0) throw DocxError("no word/document.xml");
  auto n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0);
    if (!name || !filled_part(name)) continue;
    parts_.emplace_back(name, read_entry(z.get(), static_cast<zip_uint64_t>(i)));
    pugi::xml_document doc;
    parse(doc, parts_.back().first, parts_.back().second);
  }
}

std::set<std::string> DocxTemplate::placeholders() const {
  std::set<std::string> out;
  for (const auto& [name, xml] : parts_) {
    pugi::xml_document doc;
    parse(doc, name, xml);
    merge_all(doc);
    each_element(doc.document_element(), "w:t", [&](pugi::xml_node t) {
      for (const auto& m : find_placeholders(t.text().get())) out.insert(m.name);
    });
  }
  return out;
}

namespace {

std::string fill_part(const std::string& name, const std::string& xml, const DocxData& data) {
  pugi::xml_document doc;
  parse(doc, name, xml);
  merge_all(doc);

  // A value is inserted once: a "{{…}}" it contains stays text.
  static const std::string kEmpty;
  auto plain = [&](const std::string& key) -> const std::string* {
    auto f = data.values.find(key);
    return f == data.values.end() ? &kEmpty : &f->second;
  };
  std::set<pugi::xml_node> done;

  // Repeated rows first: a copy per item, its {{list.field}} and plain
  // placeholders filled at once.
  std::vector<pugi::xml_node> rows;
  each_element(doc.document_element(), "w:tr", [&](pugi::xml_node r) { rows.push_back(r); });
  static const std::vector<DocxRow> kOneEmpty{DocxRow{}};
  for (auto row : rows) {
    auto list = row_list(row);
    if (list.empty()) continue;
    auto it = data.lists.find(list);
    const auto& items = it == data.lists.end() || it->second.empty() ? kOneEmpty : it->second;
    for (const auto& item : items) {
      auto copy = row.parent().insert_copy_before(row, row);
      std::vector<pugi::xml_node> ts;
      each_element(copy, "w:t", [&](pugi::xml_node t) { ts.push_back(t); });
      for (auto t : ts) {
        fill_text(t, [&](const std::string& key) -> const std::string* {
          auto dot = key.find('.');
          if (dot == std::string::npos) return plain(key);
          if (key.substr(0, dot) != list) return &kEmpty;
          auto f = item.find(key.substr(dot + 1));
          return f == item.end() ? &kEmpty : &f->second;
        });
      }
      each_element(copy, "w:t", [&](pugi::xml_node t) { done.insert(t); });
    }
    row.parent().remove_child(row);
  }

  std::vector<pugi::xml_node> ts;
  each_element(doc.document_element(), "w:t", [&](pugi::xml_node t) {
    if (!done.count(t)) ts.push_back(t);
  });
  for (auto t : ts) fill_text(t, plain);

  std::ostringstream os;
  doc.save(os, "", pugi::format_raw, pugi::encoding_utf8);
  return os.str();
}

}  // namespace

std::string DocxTemplate::fill(const DocxData& data) const {
  std::vector<std::pair<std::string, std::string>> filled;
  for (const auto& [name, xml] : parts_) filled.emplace_back(name, fill_part(name, xml, data));

  // Replace the parts inside a copy of the template, in memory; the filled
  // texts outlive zip_close, which reads them.
  std::string copy = bytes_;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(copy.data(), copy.size(), 0, &err);
  zip_error_fini(&err);
  if (!src) throw std::runtime_error("zip: cannot create a buffer source");
  zip_source_keep(src);
  zip_error_init(&err);
  zip_t* z = zip_open_from_source(src, 0, &err);
  zip_error_fini(&err);
  if (!z) {
    zip_source_free(src);
    zip_source_free(src);
    throw DocxError("not a zip archive");
  }
  for (const auto& [name, xml] : filled) {
    auto idx = zip_name_locate(z, name.c_str(), 0);
    zip_source_t* entry = zip_source_buffer(z, xml.data(), xml.size(), 0);
    if (idx < 0 || !entry || zip_file_replace(z, static_cast<zip_uint64_t>(idx), entry, 0) != 0) {
      if (entry) zip_source_free(entry);
      zip_discard(z);
      zip_source_free(src);
      throw std::runtime_error("zip: cannot replace " + name);
    }
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    zip_source_free(src);
    throw std::runtime_error("zip: cannot write the document");
  }
  std::string out;
  try {
    out = source_bytes(src);
  } catch (...) {
    zip_source_free(src);
    throw;
  }
  zip_source_free(src);
  return out;
}

std::string zip_entries(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_error_fini(&err);
  if (!src) throw std::runtime_error("zip: cannot create a buffer source");
  zip_source_keep(src);
  zip_error_init(&err);
  zip_t* z = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &err);
  zip_error_fini(&err);
  if (!z) {
    zip_source_free(src);
    zip_source_free(src);
    throw std::runtime_error("zip: cannot create an archive");
  }
  for (const auto& [name, content] : entries) {
    zip_source_t* e = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_int64_t idx = e ? zip_file_add(z, name.c_str(), e, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      if (e) zip_source_free(e);
      zip_discard(z);
      zip_source_free(src);
      throw std::runtime_error("zip: cannot add " + name);
    }
    zip_file_set_mtime(z, static_cast<zip_uint64_t>(idx), kFixedTime, 0);
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    zip_source_free(src);
    throw std::runtime_error("zip: cannot write the archive");
  }
  std::string out;
  try {
    out = source_bytes(src);
  } catch (...) {
    zip_source_free(src);
    throw;
  }
  zip_source_free(src);
  return out;
}

std::map<std::string, std::string> unzip_entries(std::string_view zip) {
  zip_source_t* src = buffer_source(zip.data(), zip.size());
  ZipPtr z;
  try {
    z = open_zip(src);
  } catch (...) {
    zip_source_free(src);
    throw;
  }
  std::map<std::string, std::string> out;
  auto n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0);
    if (!name) throw DocxError("unreadable zip entry");
    out[name] = read_entry(z.get(), static_cast<zip_uint64_t>(i));
  }
  return out;
}

}  // namespace funnel::docs
