// /api/v1/cases/{id}/documents and /api/v1/document-templates: official documents (文书, CA-3)
#include "app/documents.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace {
constexpr const char* kDocxMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::size_t kMaxTemplateBytes = 5u << 20;

// The body's values and list rows: only the kind's input fields (others → 422 naming them).
app::DocumentInput read_input(Ctx& c, app::DocumentService* s) {
  JsonIn in(c.req.body);
  app::DocumentInput out;
  out.kind = in.str("kind", 40);
  const auto* kind = s->kind(out.kind);
  if (!kind) throw invalid("kind", "未知的文书种类");
  if (auto values = in.opt_obj("values")) {
    for (const auto& f : kind->fields)
      if (f.source == "input")
        if (auto v = values->opt_str(f.name.c_str(), f.max)) out.values[f.name] = *v;
    values->done();
  }
  if (auto lists = in.opt_obj("lists")) {
    for (const auto& l : kind->lists) {
      auto& rows = out.lists[l.name];
      for (auto& item : lists->obj_list(l.name.c_str(), l.max_items)) {
        std::map<std::string, std::string> row;
        for (const auto& f : l.fields)
          if (f.source == "input")
            if (auto v = item.opt_str(f.name.c_str(), f.max)) row[f.name] = *v;
        item.done();
        rows.push_back(std::move(row));
      }
    }
    lists->done();
  }
  in.done();
  return out;
}
}  // namespace

void add_documents_routes(Router& r, app::DocumentService* s) {
  r.add("GET", "/api/v1/cases/{id}/documents", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_documents(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/cases/{id}/documents", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    return view_response(201, s->generate_document(c.who(), id, read_input(c, s)));
  });
  r.add("GET", "/api/v1/cases/{id}/documents/{doc}", "case:read", Access::Session, [s](Ctx& c) {
    auto doc = c.id_param("doc");
    auto d = s->download_document(c.who(), c.id_param(), doc);
    return file_response(std::move(d.bytes), kDocxMime, "document-" + std::to_string(doc) + ".docx", d.filename);
  });
  r.audited_read("GET", "/api/v1/cases/{id}/documents/{doc}");
  r.add("GET", "/api/v1/document-templates", "template:write", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_templates(c.who())); });
  r.add("GET", "/api/v1/document-templates/{kind}", "template:write", Access::Session, [s](Ctx& c) {
    const auto& kind = c.params.at("kind");
    auto d = s->download_template(c.who(), kind);
    return file_response(std::move(d.bytes), kDocxMime, "template.docx", d.filename);
  });
  r.add("PUT", "/api/v1/document-templates/{kind}", "template:write", Access::Session, [s](Ctx& c) {
    const auto& kind = c.params.at("kind");
    return view_response(200, s->replace_template(c.who(), kind, c.req.body));
  });
  r.uploads("PUT", "/api/v1/document-templates/{kind}", kMaxTemplateBytes);
}

}  // namespace funnel::http
