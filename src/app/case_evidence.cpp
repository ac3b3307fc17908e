#include "app/case_evidence.hpp"

#include "app/attachments.hpp"
#include "app/cases.hpp"
#include "app/workflow.hpp"
#include "core/access.hpp"
#include "core/case_evidence.hpp"
#include "core/case_rules.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/case_evidence_repo.hpp"
#include "store/cases_repo.hpp"
#include "store/portal_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {

constexpr const char* kNotFound = "案件不存在或不在本人数据范围内";
constexpr int kMaxItems = 500;

core::Case find(store::Tx& tx, const Actor& a, long long id) {
  auto c = store::find_case(tx, a.scope, id);
  if (!c) throw not_found(kNotFound);
  return *c;
}

std::optional<std::string> trimmed(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  auto t = core::trim(*s);
  if (t.empty()) return std::nullopt;
  return t;
}

bool in(const core::Case& c, std::initializer_list<core::CaseState> states) {
  auto st = core::kCaseStates.parse(c.state);
  for (auto s : states)
    if (st == s) return true;
  return false;
}

// Evidence and property are recorded while the case is investigated;
// property moves on afterwards too (returned after a dismissal, transferred
// with the case).
void require_open(const core::Case& c) {
  using S = core::CaseState;
  if (!in(c, {S::Filed, S::Investigating}))
    throw conflict("案件当前状态（" + c.state + "）不能登记证据和财物：立案后、移送审理前登记", "state");
}
void require_filed(const core::Case& c) {
  using S = core::CaseState;
  if (in(c, {S::FilingRequested, S::FilingRefused})) throw conflict("案件尚未立案", "state");
}

std::optional<core::CaseMeasure> measure_of(store::Tx& tx, long long case_id, long long measure_id) {
  for (auto& m : store::case_measures_of(tx, case_id))
    if (m.id == measure_id) return m;
  return std::nullopt;
}

CasePropertyView property_view(const store::CasePropertyRow& p, const std::vector<store::CasePropertyMoveRow>& moves,
                               bool may_keep) {
  CasePropertyView v;
  v.id = p.id;
  v.seq = p.seq;
  v.measure_id = p.measure_id;
  v.value = p.value;
  v.description = p.description;
  v.quantity = p.quantity;
  v.holder = p.holder;
  v.witness = p.witness;
  v.custody_place = p.custody_place;
  v.keeper = p.keeper;
  v.state = p.state;
  v.taken_day = p.taken_day;
  v.recorded_by_name = p.recorded_by_name;
  v.at = core::iso_utc(p.at);
  for (auto& m : moves)
    if (m.property_id == p.id) v.moves.push_back({m.move, m.day, m.to_whom, m.note, m.by_name, core::iso_utc(m.at)});
  const auto st = core::kPropertyStates.parse(p.state);
  if (may_keep && st)
    for (auto& [mv, code] : core::kPropertyMoves.rows)
      if (core::next_property_state(*st, mv)) v.moves_allowed.emplace_back(code);
  return v;
}

}  // namespace

// Those who take the measures keep the list and the register.
static bool may_keep(const Actor& a, const core::Case& c, const CaseService& cases) {
  const auto rel = core::case_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, cases.approval_chain(c));
  return core::may_perform(a.role, core::CaseAction::RecordMeasure, rel);
}

static void require_keeper(const Actor& a, const core::Case& c, const CaseService& cases) {
  if (!may_keep(a, c, cases)) throw forbidden("本人所在单位或角色不能登记本案的证据和财物");
}

static CaseEvidenceView evidence_view(const Kernel& k, const store::CaseEvidenceRow& e) {
  CaseEvidenceView v;
  v.id = e.id;
  v.seq = e.seq;
  v.kind = e.kind;
  v.title = e.title;
  v.obtained_day = e.obtained_day;
  v.source = e.source;
  v.measure_id = e.measure_id;
  v.note = e.note;
  v.added_by_name = e.added_by_name;
  v.at = core::iso_utc(e.at);
  if (e.file_id && e.file_digest && e.file_name_sealed) {
    auto name = k.keys().open_text(*e.file_name_sealed, "evidence.name:" + *e.file_digest);
    v.file = CaseEvidenceFileView{name ? *name : std::string("（无法解密）"), e.file_mime.value_or(""),
                                  e.file_size.value_or(0)};
  }
  return v;
}

ListOf<CaseEvidenceView> CaseEvidenceService::list_evidence(const Actor& a, long long case_id) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    find(tx, a, case_id);
    ListOf<CaseEvidenceView> out;
    for (auto& e : store::case_evidence_of(tx, case_id)) out.items.push_back(evidence_view(k_, e));
    return out;
  });
}

CaseEvidenceView CaseEvidenceService::add_evidence(const Actor& a, long long case_id, const CaseEvidenceInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  return k_.db().write([&](store::Tx& tx) {
    store::lock_case(tx, case_id);
    const auto c = find(tx, a, case_id);
    require_open(c);
    require_keeper(a, c, cases_);
    core::EvidenceEntry e{in.kind, in.title, in.obtained_day, in.source, in.measure_id, true};
    if (in.measure_id) e.measure_of_case = measure_of(tx, c.id, *in.measure_id).has_value();
    if (auto why = core::evidence_problem(e, core::day_of_ms(tx.now))) throw core::to_error(*why);
    auto rows = store::case_evidence_of(tx, c.id);
    if (rows.size() >= kMaxItems) throw invalid("title", "每案最多登记 " + std::to_string(kMaxItems) + " 项证据");
    store::CaseEvidenceRow r;
    r.case_id = c.id;
    r.kind = *in.kind;
    r.title = core::trim(*in.title);
    r.obtained_day = *in.obtained_day;
    r.source = core::trim(*in.source);
    r.measure_id = in.measure_id;
    r.note = trimmed(in.note);
    r.added_by = a.user.id;
    r.added_by_name = a.user.display_name;
    store::insert_case_evidence(tx, r);
    // The audit names the item, never what it is.
    k_.audit(tx, &a, "add_evidence", "case", c.id, {{"number", number_value(c.number)}, {"item", r.seq}, {"kind", r.kind}});
    return evidence_view(k_, r);
  });
}

CaseEvidenceView CaseEvidenceService::attach_file(const Actor& a, long long case_id, long long item_id,
                                                  const std::string& name, const std::string& bytes) {
  k_.require(a, core::Permission::CaseHandle);
  // Scope and the item before storing anything.
  k_.db().read([&](store::Tx& tx) {
    const auto c = find(tx, a, case_id);
    require_open(c);
    require_keeper(a, c, cases_);
    return 0;
  });
  auto f = files_.store_evidence_file(name, bytes, "case");
  return k_.db().write([&](store::Tx& tx) {
    store::lock_case(tx, case_id);
    const auto c = find(tx, a, case_id);
    require_open(c);
    require_keeper(a, c, cases_);
    std::optional<store::CaseEvidenceRow> item;
    for (auto& e : store::case_evidence_of(tx, c.id))
      if (e.id == item_id) item = e;
    if (!item) throw not_found("证据不存在");
    if (item->file_id) throw conflict("该证据已有文件；如需更正，另行登记一项", "file");
    f.uploaded_by = a.user.id;
    f.uploaded_by_name = a.user.display_name;
    f.id = store::insert_evidence(tx, f);
    store::set_case_evidence_file(tx, item->id, f.id);
    item->file_id = f.id;
    item->file_digest = f.digest;
    item->file_name_sealed = f.name_sealed;
    item->file_mime = f.mime;
    item->file_size = f.size;
    k_.audit(tx, &a, "add_evidence_file", "case", c.id,
             {{"number", number_value(c.number)}, {"item", item->seq}, {"type", f.mime}});
    return evidence_view(k_, *item);
  });
}

CaseEvidenceService::Download CaseEvidenceService::download_file(const Actor& a, long long case_id, long long item_id) {
  k_.require(a, core::Permission::CaseRead);
  auto item = k_.db().write([&](store::Tx& tx) {
    const auto c = find(tx, a, case_id);
    std::optional<store::CaseEvidenceRow> item;
    for (auto& e : store::case_evidence_of(tx, c.id))
      if (e.id == item_id) item = e;
    if (!item || !item->file_id) throw not_found("证据文件不存在");
    k_.audit(tx, &a, "download_evidence", "case", c.id, {{"number", number_value(c.number)}, {"item", item->seq}});
    return *item;
  });
  auto bytes = k_.evidence().get(*item.file_digest);
  if (!bytes) throw Error(500, "internal", "证据文件缺失或无法解密，请联系安全管理员");
  auto name = k_.keys().open_text(*item.file_name_sealed, "evidence.name:" + *item.file_digest);
  return Download{name ? *name : "evidence-" + std::to_string(item.seq), item.file_mime.value_or("application/octet-stream"),
                  std::move(*bytes)};
}

ListOf<CasePropertyView> CaseEvidenceService::list_property(const Actor& a, long long case_id) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    const auto c = find(tx, a, case_id);
    const bool keep = core::has_permission(a.role, core::Permission::CaseHandle) && may_keep(a, c, cases_);
    const auto moves = store::case_property_moves_of(tx, c.id);
    ListOf<CasePropertyView> out;
    for (auto& p : store::case_property_of(tx, c.id)) out.items.push_back(property_view(p, moves, keep));
    return out;
  });
}

CasePropertyView CaseEvidenceService::add_property(const Actor& a, long long case_id, const CasePropertyInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  return k_.db().write([&](store::Tx& tx) {
    store::lock_case(tx, case_id);
    const auto c = find(tx, a, case_id);
    require_open(c);
    require_keeper(a, c, cases_);
    core::PropertyEntry e;
    e.measure_id = in.measure_id;
    if (in.measure_id)
      if (auto m = measure_of(tx, c.id, *in.measure_id)) {
        e.measure = core::kMeasures.parse(m->measure);
        e.measure_day = m->day;
        if (m->ended_day) throw conflict("该措施已解除，不能再登记其财物", "measure_id");
      }
    e.description = in.description;
    e.quantity = in.quantity;
    e.holder = in.holder;
    e.witness = in.witness;
    e.custody_place = in.custody_place;
    e.keeper = in.keeper;
    e.value = in.value;
    e.day = in.day;
    if (auto why = core::property_problem(e, core::day_of_ms(tx.now))) throw core::to_error(*why);
    if (store::case_property_of(tx, c.id).size() >= kMaxItems)
      throw invalid("description", "每案最多登记 " + std::to_string(kMaxItems) + " 项财物");
    store::CasePropertyRow r;
    r.case_id = c.id;
    r.measure_id = in.measure_id;
    r.value = in.value;
    r.description = core::trim(*in.description);
    r.quantity = core::trim(*in.quantity);
    r.holder = core::trim(*in.holder);
    r.witness = trimmed(in.witness);
    r.custody_place = core::trim(*in.custody_place);
    r.keeper = core::trim(*in.keeper);
    r.state = std::string(core::kPropertyStates.code(core::PropertyState::Held));
    r.taken_day = *in.day;
    r.last_day = *in.day;
    r.recorded_by = a.user.id;
    r.recorded_by_name = a.user.display_name;
    store::insert_case_property(tx, r);
    k_.audit(tx, &a, "add_property", "case", c.id, {{"number", number_value(c.number)}, {"item", r.seq}});
    return property_view(r, {}, true);
  });
}

CasePropertyView CaseEvidenceService::move_property(const Actor& a, long long case_id, long long item_id,
                                                    const CasePropertyMoveInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  return k_.db().write([&](store::Tx& tx) {
    store::lock_case(tx, case_id);
    const auto c = find(tx, a, case_id);
    require_filed(c);
    require_keeper(a, c, cases_);
    auto items = store::case_property_of(tx, c.id);
    store::CasePropertyRow* p = nullptr;
    for (auto& x : items)
      if (x.id == item_id) p = &x;
    if (!p) throw not_found("财物不存在");
    std::optional<core::CaseMeasure> measure;
    if (p->measure_id) measure = measure_of(tx, c.id, *p->measure_id);
    core::PropertyMoveRequest r{in.move, in.day, in.to, in.note, !measure || measure->ended_day.has_value(), p->last_day};
    const auto state = *core::kPropertyStates.parse(p->state);
    if (auto why = core::property_move_problem(state, r, core::day_of_ms(tx.now))) throw core::to_error(*why);
    const auto move = *core::kPropertyMoves.parse(*in.move);
    if (move == core::PropertyMove::Return && measure && *in.day < *measure->ended_day)
      throw invalid("day", "退还日期不能早于措施解除的日期（" + *measure->ended_day + "）");
    store::CasePropertyMoveRow m;
    m.property_id = p->id;
    m.move = *in.move;
    m.day = *in.day;
    m.to_whom = core::trim(*in.to);
    m.note = trimmed(in.note);
    m.by_user = a.user.id;
    m.by_name = a.user.display_name;
    p->state = std::string(core::kPropertyStates.code(*core::next_property_state(state, move)));
    p->last_day = *in.day;
    if (move == core::PropertyMove::Handover) {
      p->keeper = m.to_whom;
      if (auto place = trimmed(in.custody_place)) p->custody_place = *place;
    }
    store::move_case_property(tx, *p, m);
    json::object detail{{"number", number_value(c.number)}, {"item", p->seq}, {"move", m.move}, {"day", m.day}};
    // The measure's last held item handed back: the measure's return is recorded (its warning ends).
    if (move == core::PropertyMove::Return && measure && !measure->returned_day) {
      bool held = false;
      for (auto& x : items)
        if (x.measure_id == measure->id && x.state == core::kPropertyStates.code(core::PropertyState::Held)) held = true;
      if (!held) {
        measure->returned_day = m.day;
        store::end_case_measure(tx, *measure);
        detail["measure_returned"] = measure->id;
      }
    }
    k_.audit(tx, &a, "move_property", "case", c.id, detail);
    m.at = tx.now;
    return property_view(*p, {m}, true);
  });
}

}  // namespace funnel::app
