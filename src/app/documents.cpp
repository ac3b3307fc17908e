#include "app/documents.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "core/case.hpp"
#include "core/case_rules.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "docs/docx.hpp"
#include "files/evidence.hpp"
#include "store/cases_repo.hpp"
#include "store/documents_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

namespace json = boost::json;
using core::CaseState;

namespace {

// The values the server computes; anything else in data/documents.json is refused at start.
const std::set<std::string> kSources = {
    "org.name",           "document.number",    "document.date",      "case.number",
    "case.person_name",   "case.person_unit",   "case.person_post",   "case.violations",
    "case.regime",        "case.filed_day",     "case.summary",       "case.report",
    "case.due_day",       "case.facts_shown_day", "case.team",        "case.lead_org",
    "input"};

std::string text_of(const json::object& o, const char* key, const std::string& where) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->as_string().empty())
    throw std::runtime_error("data/documents.json: " + where + ": " + key + " must be a non-empty string");
  return std::string(v->as_string());
}

DocumentField read_field(const json::value& v, const std::string& where, bool in_list) {
  if (!v.is_object()) throw std::runtime_error("data/documents.json: " + where + ": a field must be an object");
  const auto& o = v.as_object();
  DocumentField f;
  f.name = text_of(o, "name", where);
  f.label = text_of(o, "label", where);
  const std::string at = where + "." + f.name;
  for (char c : f.name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      throw std::runtime_error("data/documents.json: " + at + ": names are lower-case letters, digits and _");
  if (auto* s = o.if_contains("source")) {
    if (!s->is_string()) throw std::runtime_error("data/documents.json: " + at + ": source must be a string");
    f.source = std::string(s->as_string());
  } else {
    f.source = "input";
  }
  if (in_list ? (f.source != "input" && f.source != "serial") : !kSources.count(f.source))
    throw std::runtime_error("data/documents.json: " + at + ": unknown source " + f.source);
  if (auto* r = o.if_contains("required")) f.required = r->is_bool() && r->as_bool();
  if (auto* m = o.if_contains("max")) {
    if (!m->is_int64() || m->as_int64() < 1 || m->as_int64() > 20000)
      throw std::runtime_error("data/documents.json: " + at + ": max must be 1–20000");
    f.max = static_cast<std::size_t>(m->as_int64());
  }
  if (f.source == "input" && f.max == 0) throw std::runtime_error("data/documents.json: " + at + ": an input needs max");
  if (auto* c = o.if_contains("choices"))
    for (auto& x : c->as_array()) f.choices.emplace_back(x.as_string());
  return f;
}

std::string chinese_date(core::Day d) {
  std::chrono::year_month_day ymd{d};
  return std::to_string(static_cast<int>(ymd.year())) + "年" + std::to_string(static_cast<unsigned>(ymd.month())) +
         "月" + std::to_string(static_cast<unsigned>(ymd.day())) + "日";
}
std::string chinese_date(const std::optional<std::string>& day) {
  if (!day) return "";
  auto d = core::parse_day(*day);
  return d ? chinese_date(*d) : *day;
}

std::map<std::string, std::string> labels_of(const json::object& dicts, const char* list) {
  std::map<std::string, std::string> out;
  if (auto* v = dicts.if_contains(list))
    for (auto& e : v->as_array())
      out[std::string(e.at("code").as_string())] = std::string(e.at("label_zh").as_string());
  return out;
}

// File names: the kind's name without a path separator (查封/扣押通知书).
std::string file_name(const DocumentKind& k, const store::CaseDocument& d, const std::optional<std::string>& case_no) {
  std::string name = k.name;
  for (std::size_t p; (p = name.find('/')) != std::string::npos;) name.replace(p, 1, "、");
  const auto& ref = d.number ? d.number : case_no;
  return name + (ref ? "（" + *ref + "）" : "") + "第" + std::to_string(d.version) + "版.docx";
}

// The lead unit generates a case's documents; for a county case the
// county's leader and case supervision office too.
bool may_generate(const Actor& a, const core::Case& c) {
  const auto rel = core::case_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, {});
  if (rel.at_lead) return true;
  return rel.in_county && !rel.township_case &&
         (a.role == core::Role::CountyLeader || a.role == core::Role::CaseSupervision);
}

bool state_allows(const DocumentKind& k, const core::Case& c) {
  return std::find(k.states.begin(), k.states.end(), c.state) != k.states.end();
}

// A measure's documents only where the case may take the measure: a
// township case the township's measures, a 监察 power only under 监察.
bool measure_allows(const DocumentKind& k, const core::Case& c) {
  if (!k.measure) return true;
  auto m = core::kMeasures.parse(*k.measure);
  auto mode = core::kDispatchModes.parse(c.mode);
  auto regime = core::kRegimes.parse(c.regime);
  if (!m || !mode || !regime || !core::measure_approver(*m, *mode)) return false;
  return !core::measure_rule(*m).supervision_only || core::supervision_side(*regime);
}

DocumentFieldView field_view(const DocumentField& f) {
  return {f.name, f.label, f.required, static_cast<long long>(f.max), f.choices};
}

}  // namespace

const DocumentKind* DocumentCatalogue::find(std::string_view code) const {
  for (const auto& k : kinds)
    if (k.code == code) return &k;
  return nullptr;
}

std::set<std::string> DocumentCatalogue::placeholders(const DocumentKind& k) const {
  std::set<std::string> out;
  for (const auto& f : common) out.insert(f.name);
  for (const auto& f : k.fields) out.insert(f.name);
  for (const auto& l : k.lists)
    for (const auto& f : l.fields) out.insert(l.name + "." + f.name);
  return out;
}

DocumentCatalogue load_document_catalogue(const std::filesystem::path& resource_dir) {
  const auto path = resource_dir / "documents.json";
  json::value doc;
  try {
    doc = json::parse(read_file(path));
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
  DocumentCatalogue c;
  const auto& root = doc.as_object();
  for (auto& f : root.at("common").as_array()) c.common.push_back(read_field(f, "common", false));
  std::set<std::string> codes;
  for (auto& kv : root.at("kinds").as_array()) {
    const auto& o = kv.as_object();
    DocumentKind k;
    k.code = text_of(o, "code", "kinds");
    const std::string where = "kinds." + k.code;
    if (!codes.insert(k.code).second) throw std::runtime_error("data/documents.json: " + where + ": listed twice");
    k.name = text_of(o, "name", where);
    if (auto* p = o.if_contains("prefix"); p && !p->is_null()) k.prefix = std::string(p->as_string());
    k.step = text_of(o, "step", where);
    if (!core::kCaseActions.parse(k.step)) throw std::runtime_error("data/documents.json: " + where + ": unknown step");
    if (auto* m = o.if_contains("measure"); m && !m->is_null()) {
      k.measure = std::string(m->as_string());
      if (!core::kMeasures.parse(*k.measure))
        throw std::runtime_error("data/documents.json: " + where + ": unknown measure " + *k.measure);
    }
    for (auto& s : o.at("states").as_array()) {
      std::string st(s.as_string());
      if (!core::kCaseStates.parse(st))
        throw std::runtime_error("data/documents.json: " + where + ": unknown state " + st);
      k.states.push_back(st);
    }
    std::set<std::string> names;
    for (auto& f : c.common) names.insert(f.name);
    for (auto& f : o.at("fields").as_array()) {
      k.fields.push_back(read_field(f, where, false));
      if (!names.insert(k.fields.back().name).second)
        throw std::runtime_error("data/documents.json: " + where + ": field " + k.fields.back().name + " twice");
    }
    if (auto* ls = o.if_contains("lists")) {
      for (auto& lv : ls->as_array()) {
        const auto& lo = lv.as_object();
        DocumentList l;
        l.name = text_of(lo, "name", where);
        l.label = text_of(lo, "label", where);
        l.max_items = static_cast<std::size_t>(lo.at("max_items").as_int64());
        for (auto& f : lo.at("fields").as_array()) l.fields.push_back(read_field(f, where + "." + l.name, true));
        if (!names.insert(l.name).second)
          throw std::runtime_error("data/documents.json: " + where + ": list " + l.name + " twice");
        k.lists.push_back(std::move(l));
      }
    }
    c.kinds.push_back(std::move(k));
  }
  return c;
}

DocumentService::DocumentService(Kernel& k) : k_(k), catalogue_(load_document_catalogue(k.config().resource_dir)) {
  // A shipped template that does not fit its kind stops the server here,
  // not at the first generation.
  for (const auto& kind : catalogue_.kinds) {
    const auto path = k_.config().resource_dir / "templates" / (kind.code + ".docx");
    try {
      const auto allowed = catalogue_.placeholders(kind);
      for (const auto& p : docs::DocxTemplate(shipped_template(kind)).placeholders())
        if (!allowed.count(p)) throw std::runtime_error("unknown placeholder {{" + p + "}}");
    } catch (const std::exception& e) {
      throw std::runtime_error(path.string() + ": " + e.what());
    }
  }
}

std::string DocumentService::shipped_template(const DocumentKind& k) const {
  return read_file(k_.config().resource_dir / "templates" / (k.code + ".docx"));
}

std::string DocumentService::template_bytes(store::Tx& tx, const DocumentKind& k, std::optional<std::string>* digest) {
  if (auto t = store::find_document_template(tx, k.code)) {
    auto bytes = k_.evidence().get(t->digest);
    if (!bytes) throw Error(500, "internal", "文书模板文件缺失或无法解密，请联系系统管理员");
    if (digest) *digest = t->digest;
    return std::move(*bytes);
  }
  if (digest) digest->reset();
  return shipped_template(k);
}

CaseDocumentsView DocumentService::list_documents(const Actor& a, long long case_id) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    auto c = store::find_case(tx, a.scope, case_id);
    if (!c) throw not_found("案件不存在或不在本人数据范围内");
    CaseDocumentsView out;
    const bool may = core::has_permission(a.role, core::Permission::CaseHandle) && may_generate(a, *c);
    for (const auto& k : catalogue_.kinds) {
      DocumentKindView v{k.code, k.name, k.step, k.measure, k.prefix.has_value(),
                         may && state_allows(k, *c) && measure_allows(k, *c), {}, {}};
      for (const auto& f : k.fields)
        if (f.source == "input") v.inputs.push_back(field_view(f));
      for (const auto& l : k.lists) {
        DocumentListView lv{l.name, l.label, static_cast<long long>(l.max_items), {}};
        for (const auto& f : l.fields)
          if (f.source == "input") lv.fields.push_back(field_view(f));
        v.lists.push_back(std::move(lv));
      }
      out.kinds.push_back(std::move(v));
    }
    auto docs = store::case_documents_of(tx, c->id);
    for (std::size_t i = 0; i < docs.size(); ++i) {
      const auto& d = docs[i];
      const auto* k = catalogue_.find(d.kind);
      out.items.push_back({d.id, d.case_id, d.kind, k ? k->name : d.kind, d.version,
                           i + 1 == docs.size() || docs[i + 1].kind != d.kind, d.number, d.size,
                           d.template_digest.has_value(), d.generated_by_name, core::iso_utc(d.generated_at)});
    }
    return out;
  });
}

CaseDocumentView DocumentService::generate_document(const Actor& a, long long case_id, const DocumentInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  const auto* kind = catalogue_.find(in.kind);
  if (!kind) throw invalid("kind", "未知的文书种类");
  // The input checks need no database.
  for (const auto& f : kind->fields) {
    if (f.source != "input") continue;
    auto it = in.values.find(f.name);
    const bool empty = it == in.values.end() || core::trim(it->second).empty();
    if (empty && f.required) throw invalid("values." + f.name, "请填写" + f.label);
    if (!empty && !f.choices.empty() && std::find(f.choices.begin(), f.choices.end(), it->second) == f.choices.end())
      throw invalid("values." + f.name, "应为以下之一：" + [&] {
        std::string s;
        for (const auto& c : f.choices) s += (s.empty() ? "" : "、") + c;
        return s;
      }());
  }
  const auto dicts_violations = labels_of(k_.dictionaries(), "violations");
  const auto dicts_regimes = labels_of(k_.dictionaries(), "regimes");

  return k_.db().write([&](store::Tx& tx) {
    store::lock_case(tx, case_id);
    auto c = store::find_case(tx, a.scope, case_id);
    if (!c) throw not_found("案件不存在或不在本人数据范围内");
    if (!may_generate(a, *c)) throw forbidden("只有承办单位可以制作本案文书");
    if (!state_allows(*kind, *c)) throw conflict("案件当前阶段不能制作《" + kind->name + "》", "kind");
    if (!measure_allows(*kind, *c)) throw conflict("本案不能采取该措施，不能制作《" + kind->name + "》", "kind");
    auto org = store::find_org(tx, core::unrestricted_scope(), c->number_org_id);
    if (!org) throw Error(500, "internal", "案件的立案单位不存在");

    store::CaseDocument d;
    d.case_id = c->id;
    d.kind = kind->code;
    d.org_id = org->id;
    const core::Day today = core::day_of_ms(tx.now);
    // A new version keeps the number (and year) of the first.
    if (auto prev = store::latest_case_document(tx, c->id, kind->code)) {
      d.version = prev->version + 1;
      d.org_id = prev->org_id;
      d.year = prev->year;
      d.seq = prev->seq;
      d.number = prev->number;
    } else {
      d.version = 1;
      d.year = static_cast<int>(std::chrono::year_month_day{today}.year());
      if (kind->prefix) {
        d.seq = store::next_number(tx, org->id, d.year, "doc:" + kind->code);
        d.number = core::issued_number(org->short_name, *kind->prefix, d.year, *d.seq);
      }
    }

    // The values, each from the source data/documents.json names.
    std::string team;
    for (const auto& m : store::case_team_of(tx, c->id))
      team += (team.empty() ? "" : "、") + m.name + (m.role == "leader" ? "（组长）" : "");
    std::string violations;
    for (std::size_t p = 0, q; p <= c->violations.size(); p = q + 1) {
      q = c->violations.find(',', p);
      if (q == std::string::npos) q = c->violations.size();
      auto code = c->violations.substr(p, q - p);
      if (code.empty()) continue;
      auto l = dicts_violations.find(code);
      violations += (violations.empty() ? "" : "、") + (l == dicts_violations.end() ? code : l->second);
    }
    auto regime = dicts_regimes.count(c->regime) ? dicts_regimes.at(c->regime) : c->regime;
    auto source_value = [&](const DocumentField& f) -> std::string {
      const auto& s = f.source;
      if (s == "input") {
        auto it = in.values.find(f.name);
        return it == in.values.end() ? "" : it->second;
      }
      if (s == "org.name") return org->committee_name.value_or(org->name);
      if (s == "document.number") return d.number.value_or("");
      if (s == "document.date") return chinese_date(today);
      if (s == "case.number") return c->number.value_or("");
      if (s == "case.person_name") return c->person_name;
      if (s == "case.person_unit") return c->person_unit;
      if (s == "case.person_post") return c->person_post.value_or("");
      if (s == "case.violations") return violations;
      if (s == "case.regime") return regime;
      if (s == "case.filed_day") return chinese_date(c->filed_day);
      if (s == "case.summary") return c->summary;
      if (s == "case.report") return c->report.value_or("");
      if (s == "case.due_day") return chinese_date(c->due_day);
      if (s == "case.facts_shown_day") return chinese_date(c->facts_shown_day);
      if (s == "case.team") return team;
      if (s == "case.lead_org") return c->lead_org_name;
      return "";
    };
    docs::DocxData data;
    for (const auto& f : catalogue_.common) data.values[f.name] = source_value(f);
    for (const auto& f : kind->fields) data.values[f.name] = source_value(f);
    for (const auto& l : kind->lists) {
      auto& rows = data.lists[l.name];
      auto it = in.lists.find(l.name);
      if (it == in.lists.end()) continue;
      long long serial = 0;
      for (const auto& item : it->second) {
        docs::DocxRow row;
        ++serial;
        for (const auto& f : l.fields) {
          if (f.source == "serial") row[f.name] = std::to_string(serial);
          else if (auto v = item.find(f.name); v != item.end()) row[f.name] = v->second;
        }
        rows.push_back(std::move(row));
      }
    }

    std::string bytes;
    try {
      bytes = docs::DocxTemplate(template_bytes(tx, *kind, &d.template_digest)).fill(data);
    } catch (const docs::DocxError& e) {
      throw Error(500, "internal", "文书模板无法使用，请联系系统管理员");
    }
    d.digest = k_.evidence().put(bytes);
    d.size = static_cast<long long>(bytes.size());
    d.generated_by = a.user.id;
    d.id = store::insert_case_document(tx, d);
    k_.audit(tx, &a, "generate_document", "case", c->id,
             {{"number", c->number ? json::value(*c->number) : json::value(nullptr)},
              {"document_id", d.id},
              {"kind", d.kind},
              {"version", d.version},
              {"document_number", d.number ? json::value(*d.number) : json::value(nullptr)}});
    return CaseDocumentView{d.id,     d.case_id, d.kind, kind->name, d.version, true, d.number, d.size,
                            d.template_digest.has_value(), a.user.display_name, core::iso_utc(tx.now)};
  });
}

DocumentService::Download DocumentService::download_document(const Actor& a, long long case_id, long long document_id) {
  k_.require(a, core::Permission::CaseRead);
  // A write: the download is audited in the same transaction (SY-4).
  std::optional<std::string> case_no;
  auto d = k_.db().write([&](store::Tx& tx) {
    auto c = store::find_case(tx, a.scope, case_id);
    if (!c) throw not_found("案件不存在或不在本人数据范围内");
    auto d = store::find_case_document(tx, c->id, document_id);
    if (!d) throw not_found("文书不存在");
    case_no = c->number;
    k_.audit(tx, &a, "download_document", "case", c->id,
             {{"number", c->number ? json::value(*c->number) : json::value(nullptr)},
              {"document_id", d->id},
              {"kind", d->kind},
              {"version", d->version}});
    return *d;
  });
  auto bytes = k_.evidence().get(d.digest);
  if (!bytes) throw Error(500, "internal", "文书文件缺失或无法解密，请联系安全管理员");
  const auto* kind = catalogue_.find(d.kind);
  DocumentKind unknown{d.kind, d.kind, {}, {}, {}, {}, {}};
  return Download{file_name(kind ? *kind : unknown, d, case_no), std::move(*bytes)};
}

ListOf<DocumentTemplateView> DocumentService::list_templates(const Actor& a) {
  k_.require(a, core::Permission::TemplateWrite);
  return k_.db().read([&](store::Tx& tx) {
    std::map<std::string, store::DocumentTemplate> replaced;
    for (auto& t : store::document_templates(tx)) replaced[t.kind] = t;
    ListOf<DocumentTemplateView> out;
    for (const auto& k : catalogue_.kinds) {
      DocumentTemplateView v;
      v.kind = k.code;
      v.name = k.name;
      auto ph = catalogue_.placeholders(k);
      v.placeholders.assign(ph.begin(), ph.end());
      if (auto it = replaced.find(k.code); it != replaced.end()) {
        v.replaced = true;
        v.size = it->second.size;
        v.uploaded_by_name = it->second.uploaded_by_name;
        v.uploaded_at = core::iso_utc(it->second.uploaded_at);
      } else {
        v.size = static_cast<long long>(shipped_template(k).size());
      }
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

DocumentTemplateView DocumentService::replace_template(const Actor& a, const std::string& kind_code,
                                                       const std::string& bytes) {
  k_.require(a, core::Permission::TemplateWrite);
  const auto* kind = catalogue_.find(kind_code);
  if (!kind) throw not_found("未知的文书种类");
  std::set<std::string> found;
  try {
    found = docs::DocxTemplate(bytes).placeholders();
  } catch (const docs::DocxError&) {
    throw invalid("file", "不是有效的 Word 文档（.docx）");
  }
  const auto allowed = catalogue_.placeholders(*kind);
  for (const auto& p : found)
    if (!allowed.count(p)) throw invalid("file", "模板含有未知的占位符 {{" + p + "}}");
  const auto digest = k_.evidence().put(bytes);
  k_.db().write([&](store::Tx& tx) {
    store::save_document_template(tx, {kind->code, digest, static_cast<long long>(bytes.size()), a.user.id, 0, ""});
    k_.audit(tx, &a, "replace_template", "document_template", 0,
             {{"kind", kind->code}, {"size", static_cast<long long>(bytes.size())}});
    return 0;
  });
  for (auto& v : list_templates(a).items)
    if (v.kind == kind->code) return v;
  throw Error(500, "internal", "模板已保存但无法读取");
}

DocumentService::Download DocumentService::download_template(const Actor& a, const std::string& kind_code) {
  k_.require(a, core::Permission::TemplateWrite);
  const auto* kind = catalogue_.find(kind_code);
  if (!kind) throw not_found("未知的文书种类");
  auto bytes = k_.db().read([&](store::Tx& tx) { return template_bytes(tx, *kind, nullptr); });
  std::string name = kind->name;
  for (std::size_t p; (p = name.find('/')) != std::string::npos;) name.replace(p, 1, "、");
  return Download{name + "（模板）.docx", std::move(bytes)};
}

}  // namespace funnel::app
