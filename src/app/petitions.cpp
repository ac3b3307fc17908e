#include "app/petitions.hpp"
#include "app/workflow.hpp"
#include "core/petition_rules.hpp"
#include "core/deadline.hpp"
#include "app/clues.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <tuple>
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "search/minhash.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/clues_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

using core::PetitionAction;

using core::PetitionState;

namespace {

core::PetitionRelation relation_of(const Actor& a, const core::Petition& p) {
  core::PetitionRelation r;
  if (a.user.org_unit_id) {
    r.at_intake = *a.user.org_unit_id == p.intake_org_id;
    r.at_handler = p.handler_org_id && *a.user.org_unit_id == *p.handler_org_id;
  }
  return r;
}

std::vector<core::Pause> pauses_of(const std::string& text) {
  std::vector<core::Pause> out;
  const json::value doc = json::parse(text);  // outlives the loop
  for (auto& v : doc.as_array()) {
    auto& pair = v.as_array();
    auto from = core::parse_day(std::string(pair.at(0).as_string()));
    auto to = core::parse_day(std::string(pair.at(1).as_string()));
    if (from && to) out.push_back({*from, *to});
  }
  return out;
}

std::string add_pause(const std::string& text, const std::string& from, const std::string& to) {
  json::array a = json::parse(text).as_array();
  a.push_back(json::array{json::value(from), json::value(to)});
  return json::serialize(a);
}

// "YYYY-MM-DDTHH:MM", a real time of day.
std::optional<core::Day> parse_minute(const std::string& s) {
  if (s.size() != 16 || s[10] != 'T' || s[13] != ':') return std::nullopt;
  if (!core::all_digits(s.substr(11, 2)) || !core::all_digits(s.substr(14, 2))) return std::nullopt;
  if (std::stoi(s.substr(11, 2)) > 23 || std::stoi(s.substr(14, 2)) > 59) return std::nullopt;
  return core::parse_day(s.substr(0, 10));
}

void only_for(bool ok, const char* field, const char* channel_zh) {
  if (!ok) throw invalid(field, std::string("仅") + channel_zh + "填写此项");
}

constexpr double kDuplicateThreshold = 0.5;  // estimated Jaccard of 3-shingles

RelatedPetitionView related_view(const store::DuplicateCandidate& c) {
  return {c.id, c.number, c.summary, c.state, c.received_day};
}

double rounded(double similarity) { return std::round(similarity * 100) / 100; }

DuplicateCandidateView candidate_view(RelatedPetitionView c, double similarity, const char* reason) {
  DuplicateCandidateView v;
  static_cast<RelatedPetitionView&>(v) = std::move(c);
  v.similarity = rounded(similarity);
  v.reason = reason;
  return v;
}

// Content near-duplicates of a signature in the actor's scope, most similar first.
std::vector<DuplicateCandidateView> similar(store::Tx& tx, const core::Scope& scope, const search::Signature& sig,
                                            long long exclude_id) {
  std::vector<std::pair<double, store::DuplicateCandidate>> found;
  std::vector<long long> bands;
  for (auto b : search::band_keys(sig)) bands.push_back(b);
  const std::string mine = search::encode(sig);
  // The 50 sharing the most bands: at most 10 are shown, and more band
  // matches mean a closer text.
  for (auto& c : store::band_candidates(tx, scope, bands, exclude_id, 50)) {
    double sim = search::similarity_encoded(mine, c.signature);
    if (sim >= kDuplicateThreshold) found.push_back({sim, c});
  }
  std::stable_sort(found.begin(), found.end(), [](auto& x, auto& y) { return x.first > y.first; });
  std::vector<DuplicateCandidateView> out;
  for (std::size_t i = 0; i < found.size() && i < 10; ++i)
    out.push_back(candidate_view(related_view(found[i].second), found[i].first, "similar_content"));
  return out;
}

// Near-duplicates in the county outside the actor's scope (IN-8), most
// similar first: the unit holding each, its day and the similarity only, so
// a township can ask the county to merge without reading another's record.
std::vector<ElsewhereDuplicate> similar_elsewhere(store::Tx& tx, const core::Scope& scope,
                                                  const search::Signature& sig) {
  std::vector<long long> bands;
  for (auto b : search::band_keys(sig)) bands.push_back(b);
  const std::string mine = search::encode(sig);
  std::vector<std::pair<double, store::ElsewhereCandidate>> found;
  for (auto& c : store::band_candidates_elsewhere(tx, scope, bands, 50)) {
    double sim = search::similarity_encoded(mine, c.signature);
    if (sim >= kDuplicateThreshold) found.push_back({sim, c});
  }
  std::stable_sort(found.begin(), found.end(), [](auto& x, auto& y) { return x.first > y.first; });
  std::vector<ElsewhereDuplicate> out;
  for (std::size_t i = 0; i < found.size() && i < 10; ++i)
    out.push_back({found[i].second.org_name, found[i].second.received_day, rounded(found[i].first)});
  return out;
}

// 重复件: earlier items from the same reporter or about the same person, and
// near-identical text in scope with a similarity score; merged repeats.
void add_analysis(store::Tx& tx, const Actor& a, const core::Petition& p, PetitionDetail& d) {
  auto& related = d.related.emplace();
  for (auto& r : store::related_petitions(tx, a.scope, p, 20)) related.push_back(related_view(r));
  if (!related.empty())
    d.warnings.push_back(
        {"repeat", "重复反映（同一举报人或被反映人已有 " + std::to_string(related.size()) + " 件）", {}, {}, {}});

  // 重复件 by content: near-identical text in scope, with a similarity score
  // (the pairs kept since the petition was first opened, store::near_duplicates).
  auto& duplicates = d.duplicates.emplace();
  for (auto& n : store::near_duplicates(tx, a.scope, p.id, 10))
    duplicates.push_back(
        candidate_view({n.id, n.number, n.summary, n.state, n.received_day}, n.similarity, "similar_content"));
  if (!duplicates.empty())
    d.warnings.push_back(
        {"duplicate", "疑似重复件 " + std::to_string(duplicates.size()) + " 件（内容相近）", {}, {}, {}});
  auto& repeats = d.repeats.emplace();
  for (auto& r : store::repeats_of(tx, p.id)) repeats.push_back(related_view(r));
}

}  // namespace

core::DeadlineReading PetitionService::deadline(const core::Petition& p, core::Day today) const {
  return core::read_deadline(k_.calendar(), core::clock_of(p), today, k_.catalogue().due_soon_working_days);
}

std::vector<WarningView> PetitionService::standing_warnings(const core::Petition& p, core::Day today) const {
  std::vector<WarningView> out;
  const auto [status, left] = deadline(p, today);
  // An occurrence names one instance of a condition: acknowledging an overdue
  // step does not silence the next one (a new limit or due day).
  const std::string clock = p.limit_code.value_or("") + ":" + p.due_day.value_or("");
  if (status == core::DeadlineStatus::Overdue)
    out.push_back({"overdue", "已超期 " + std::to_string(-left) + " 个工作日", clock, {}, {}});
  if (status == core::DeadlineStatus::DueSoon)
    out.push_back({"due_soon", "即将到期（剩 " + std::to_string(left) + " 个工作日）", clock, {}, {}});
  const auto st = core::kPetitionStates.parse(p.state);
  const bool open = st && core::clock_runs(*st);
  if (open && core::kChannels.parse(p.channel) == core::Channel::Visit && p.visitors && core::is_collective_visit(*p.visitors))
    out.push_back({"collective_visit", "集体访（" + std::to_string(*p.visitors) + " 人）", "registration", {}, {}});
  if (open && p.risk_terms && !p.risk_terms->empty())
    out.push_back({"risk_terms", "含风险词：" + *p.risk_terms, "registration", *p.risk_terms, {}});
  return out;
}

void PetitionService::refresh_due(core::Petition& p) const {
  if (!p.limit_code || !p.clock_start) {
    p.due_day.reset();
    return;
  }
  const auto* t = k_.find_time_limit(*p.limit_code);
  auto start = core::parse_day(*p.clock_start);
  if (!t || !start) throw std::runtime_error("petition clock: unknown limit or start");
  core::Day due = core::due_day_with_pauses(k_.calendar(), *t, *start, pauses_of(p.pauses));
  if (p.extensions > 0) {
    const auto* ext = k_.find_time_limit(core::extension_limit(core::clock_facts_of(p)));
    if (!ext) throw std::runtime_error("petition clock: extension limit missing");
    for (int i = 0; i < p.extensions; ++i) due = core::due_day(k_.calendar(), *ext, due);
  }
  p.due_day = core::format_day(due);
}

PetitionView PetitionService::petition_view(store::Tx& tx, const core::Petition& p,
                                           const std::vector<store::WarningAck>* page_acks) {
  const core::Day today = core::day_of_ms(tx.now);
  PetitionView v;
  v.id = p.id;
  v.number = p.number;
  v.channel = p.channel;
  v.type = p.type;
  v.state = p.state;
  v.suspended = p.suspended != 0;
  v.real_name = p.real_name != 0;
  v.summary = p.summary;
  v.category = p.category;
  v.subcategory = p.subcategory;
  v.area = p.area;
  v.received_day = p.received_day;
  v.intake_org = {p.intake_org_id, p.intake_org_name};
  if (p.handler_org_id) v.handler_org = OrgRef{*p.handler_org_id, p.handler_org_name};
  v.jurisdiction = p.jurisdiction;
  v.fast_track = p.fast_track != 0;
  v.from_higher = p.from_higher != 0;

  // The clock and its warnings (预警), level-triggered: computed from the
  // record and today's date on every read, so no run can be missed.
  v.deadline = deadline_view(k_, core::deadline_of(p, k_.calendar(), today, k_.catalogue().due_soon_working_days));
  std::vector<store::WarningAck> acks = page_acks ? *page_acks : store::acks_for(tx, {p.id});
  for (auto& w : standing_warnings(p, today)) {
    PetitionWarning pw{w.code, w.message, w.occurrence, w.terms, std::optional<WarningAckView>()};
    for (auto& k : acks)
      if (k.code == w.code && k.occurrence == w.occurrence)
        pw.acknowledged = std::optional<WarningAckView>(WarningAckView{k.user_name, core::iso_utc(k.at), k.note});
    v.warnings.push_back(std::move(pw));
  }
  return v;
}

PetitionDetail PetitionService::petition_detail(store::Tx& tx, const Actor& a, const core::Petition& p,
                                                bool analysis) {
  PetitionDetail d;
  static_cast<PetitionView&>(d) = petition_view(tx, p);
  d.content = p.content;
  if (p.place_org_id) d.place = OrgRef{*p.place_org_id, p.place_name};
  d.place_detail = p.place_detail;
  d.postmark_day = p.postmark_day;
  d.visitors = p.visitors;
  if (p.identity_checked) d.identity_checked = *p.identity_checked != 0;
  d.reception_cadre = p.reception_cadre;
  d.call_time = p.call_time;
  d.web_source = p.web_source;
  d.reporter = {p.reporter_sealed.has_value(), core::has_permission(a.role, core::Permission::PetitionReveal)};
  d.proposed_jurisdiction = p.proposed_jurisdiction;
  d.jurisdiction_reason = p.jurisdiction_reason;
  d.transfer_to = p.transfer_to;
  d.merged_into = p.merged_into;
  if (p.handler_acknowledged_at) d.handler_acknowledged_at = core::iso_utc(*p.handler_acknowledged_at);
  d.first_handler = {p.first_handler_id, p.first_handler_name};
  d.registered_by = {p.registered_by, p.registered_by_name};
  d.created_at = core::iso_utc(p.created_at);

  for (auto& rp : store::reported_of(tx, p.id)) {
    PetitionPersonView pv;
    static_cast<PersonView&>(pv) = person_view(rp);
    pv.unit_org_id = rp.person.unit_org_id;
    d.persons.push_back(std::move(pv));
  }
  for (auto& s : store::steps_of(tx, p.id)) {
    const auto* t = s.limit_code ? k_.find_time_limit(*s.limit_code) : nullptr;
    d.steps.push_back({s.id, s.action, s.from_state, s.to_state, {s.actor_id, s.actor_name}, core::iso_utc(s.at),
                       s.reason, s.note, s.limit_code, t ? std::optional<std::string>(t->basis) : std::nullopt,
                       s.due_day});
  }
  // The clues registered from this petition (转为线索), within the caller's scope.
  store::ClueFilter cf;
  cf.petition_id = p.id;
  for (auto& c : store::list_clues(tx, a.scope, cf, core::Page{1, 20}, nullptr))
    d.clues.push_back({c.id, c.number, c.state});

  if (analysis) add_analysis(tx, a, p, d);

  if (core::has_permission(a.role, core::Permission::PetitionHandle)) {
    auto rel = relation_of(a, p);
    for (auto act : core::actions_from(*core::kPetitionStates.parse(p.state), p.suspended != 0)) {
      if (!core::may_perform(a.role, act, rel)) continue;
      if (act == PetitionAction::Extend && p.extensions >= core::kMaxExtensions) continue;
      d.actions.emplace_back(core::kPetitionActions.code(act));
    }
  }
  return d;
}

namespace {
JurisdictionProposalView proposal_view(const core::JurisdictionProposal& p) {
  return {std::string(core::kJurisdictions.code(p.where)), p.where != core::Jurisdiction::OutOfScope, p.reason,
          p.basis};
}
}  // namespace

JurisdictionProposalView PetitionService::propose_jurisdiction(const Actor& a, const std::string& type,
                                                               const std::vector<ReportedInput>& persons) {
  k_.require(a, core::Permission::PetitionRegister);
  auto t = core::kPetitionTypes.parse(type);
  if (!t) throw invalid("type", "未知的信访类型");
  std::vector<core::ReportedFacts> facts;
  for (std::size_t i = 0; i < persons.size(); ++i) {
    auto lvl = core::kCadreLevels.parse(persons[i].cadre_level);
    if (!lvl) throw invalid("persons[" + std::to_string(i) + "].cadre_level", "未知的干部级别");
    facts.push_back(reported_facts(persons[i], *lvl));
  }
  return proposal_view(core::propose_jurisdiction(*t, facts));
}

PetitionDetail PetitionService::register_petition(const Actor& a, const PetitionInput& in) {
  core::JurisdictionProposal proposal;
  const auto id = create(a, in, nullptr, proposal).id;
  // The answer is read after commit, so the writer lock is not held while
  // related items and near-duplicates are looked up.
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_petition(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("信访件");
    // The registered record without the analyses (related, near-duplicates):
    // the form checked duplicates before, and GET /petitions/{id} has them.
    auto d = petition_detail(tx, a, *saved, false);
    d.proposal = proposal_view(proposal);
    return d;
  });
}

PetitionRef PetitionService::record_petition(const Actor& a, const PetitionInput& in,
                                             const std::function<void(store::Tx&, const core::Petition&)>& within_tx) {
  core::JurisdictionProposal proposal;
  return create(a, in, within_tx, proposal);
}

PetitionRef PetitionService::create(const Actor& a, const PetitionInput& in,
                                    const std::function<void(store::Tx&, const core::Petition&)>& within_tx,
                                    core::JurisdictionProposal& proposal) {
  k_.require(a, core::Permission::PetitionRegister);
  auto channel = core::kChannels.parse(in.channel);
  if (!channel) throw invalid("channel", "未知的来源渠道");
  auto type = core::kPetitionTypes.parse(in.type);
  if (!type) throw invalid("type", "未知的信访类型");
  auto subs = k_.catalogue().subs.find(in.category);
  if (subs == k_.catalogue().subs.end()) throw invalid("category", "未知的问题类别");
  if (in.subcategory && !subs->second.count(*in.subcategory)) throw invalid("subcategory", "该问题类别下没有此细类");
  if (in.area && !k_.catalogue().areas.count(*in.area)) throw invalid("area", "未知的领域");
  auto received = core::parse_day(in.received_day);
  if (!received || *received < core::Day{std::chrono::year{2000} / 1 / 1})
    throw invalid("received_day", "应为 YYYY-MM-DD 格式的有效日期");
  const core::Day today = core::day_of_ms(store::now_ms());
  if (*received > today) throw invalid("received_day", "收件日期不能晚于今天");

  using core::Channel;
  only_for(*channel == Channel::Letter || !in.postmark_day, "postmark_day", "来信");
  only_for(*channel == Channel::Visit || !in.visitors, "visitors", "来访");
  only_for(*channel == Channel::Visit || !in.identity_checked, "identity_checked", "来访");
  only_for(*channel == Channel::Visit || !in.reception_cadre, "reception_cadre", "来访");
  only_for(*channel == Channel::Phone || !in.call_time, "call_time", "来电");
  only_for(*channel == Channel::Web || !in.web_source, "web_source", "网络举报");
  if (in.postmark_day) {
    auto pm = core::parse_day(*in.postmark_day);
    if (!pm) throw invalid("postmark_day", "应为 YYYY-MM-DD 格式的有效日期");
    if (*pm > *received) throw invalid("postmark_day", "邮戳日期不能晚于收件日期");
  }
  if (*channel == Channel::Visit) {
    if (!in.visitors) throw invalid("visitors", "请填写来访人数");
    if (!in.identity_checked) throw invalid("identity_checked", "请填写是否核验身份");
    if (!in.reception_cadre) throw invalid("reception_cadre", "请填写接待人");
  }
  if (*channel == Channel::Phone) {
    if (!in.call_time) throw invalid("call_time", "请填写来电时间");
    auto d = parse_minute(*in.call_time);
    if (!d) throw invalid("call_time", "应为 YYYY-MM-DDTHH:MM 格式的有效时间");
    if (*d > today) throw invalid("call_time", "来电时间不能晚于今天");
  }
  if (*channel == Channel::Web && !in.web_source) throw invalid("web_source", "请填写网络举报来源");

  // The reporter (JK 24: real name means a name or unit and a contact).
  ReporterInput rep = in.reporter.value_or(ReporterInput{});
  if (rep.id_number && !core::valid_resident_id(*rep.id_number))
    throw invalid("reporter.id_number", "身份证号码无效（长度、出生日期或校验位不正确）");
  if (rep.phone && !core::valid_phone(*rep.phone)) throw invalid("reporter.phone", "电话号码格式不正确");
  if (in.real_name) {
    if (!rep.name && !rep.unit) throw invalid("reporter.name", "实名举报须登记举报人姓名或单位");
    if (!rep.phone && !rep.address) throw invalid("reporter.phone", "实名举报须登记联系电话或地址");
  } else if (rep.name || rep.id_number) {
    throw invalid("reporter.name", "匿名举报不登记举报人姓名和身份证号");
  }

  // A post such as 镇纪委书记 marks the township's own discipline staff or
  // party secretary even when nobody ticked it (a portal reporter cannot).
  std::vector<ReportedInput> persons = in.persons;
  for (auto& r : persons) {
    auto lvl = core::kCadreLevels.parse(r.cadre_level);
    if (!r.post || !lvl) continue;
    const int mark = core::conflict_post(*r.post, r.unit_name, *lvl, k_.catalogue().conflict_posts);
    if (mark == 1) r.township_discipline_staff = true;
    if (mark == 2) r.township_party_secretary = true;
  }
  std::vector<core::ReportedFacts> facts;
  std::set<std::pair<std::string, std::string>> seen_persons;
  for (std::size_t i = 0; i < persons.size(); ++i) {
    const auto& r = persons[i];
    auto lvl = core::kCadreLevels.parse(r.cadre_level);
    if (!lvl) throw invalid("persons[" + std::to_string(i) + "].cadre_level", "未知的干部级别");
    if (!seen_persons.insert({core::trim(r.name), core::trim(r.unit_name)}).second)
      throw invalid("persons[" + std::to_string(i) + "].name", "同一被反映人重复填写");
    facts.push_back(reported_facts(r, *lvl));
  }
  std::optional<core::Jurisdiction> asked;
  if (in.jurisdiction) {
    asked = core::kJurisdictions.parse(*in.jurisdiction);
    if (!asked) throw invalid("jurisdiction", "未知的管辖");
  }
  core::Jurisdiction chosen = core::Jurisdiction::County;
  bool coi = false;  // conflict of interest
  // The proposal and the override rule, again inside the transaction once
  // the township's own accounts are known.
  auto decide = [&] {
    proposal = core::propose_jurisdiction(*type, facts);
    coi = core::conflict_of_interest(facts);
    chosen = asked.value_or(proposal.where);
    if (auto why = core::override_problem(proposal.where, chosen, coi); !why.empty())
      throw invalid("jurisdiction", why);
    if (chosen != proposal.where && !in.jurisdiction_reason)
      throw invalid("jurisdiction_reason", "改变系统建议的管辖须写明理由");
  };
  decide();

  // Pure work before the write lock: the signature and its band keys.
  const auto signature = search::minhash(core::trim(in.summary) + "\n" + in.content);
  std::string signature_hex;
  std::vector<long long> bands;
  if (!signature.empty()) {
    signature_hex = search::encode(signature);
    for (auto b : search::band_keys(signature)) bands.push_back(b);
  }

  std::string number;
  const long long id = k_.db().write([&](store::Tx& tx) {
    if (!a.user.org_unit_id) throw forbidden("账号未归属单位，不能登记");
    auto intake = store::find_org(tx, core::unrestricted_scope(), *a.user.org_unit_id);
    if (!intake || !intake->county_id) throw forbidden("账号未归属单位，不能登记");
    const long long county = *intake->county_id;
    // A reported person who holds an account of a township's discipline
    // committee (its secretary or staff) is that township's own staff.
    std::vector<long long> townships;
    if (intake->township_id) townships.push_back(*intake->township_id);
    for (const auto& r : persons)
      if (r.unit_org_id)
        if (auto o = store::find_org(tx, core::unrestricted_scope(), *r.unit_org_id); o && o->township_id)
          townships.push_back(*o->township_id);
    if (!townships.empty()) {
      const auto staff = store::discipline_staff_names(tx, townships);
      bool marked = false;
      for (std::size_t i = 0; i < persons.size(); ++i)
        if (!facts[i].township_discipline_staff && staff.count(core::trim(persons[i].name))) {
          persons[i].township_discipline_staff = facts[i].township_discipline_staff = marked = true;
        }
      if (marked) decide();
    }
    // A township item for the county or above goes up at once (JK 15, the
    // 5 working days met by construction): the county petition office is
    // its intake and numbers it. The township keeps seeing what it sent up,
    // except a conflict of interest, which is the county's alone.
    const std::optional<long long> registering_township = intake->township_id;
    const bool goes_up = chosen == core::Jurisdiction::County || chosen == core::Jurisdiction::Upward;
    if ((coi || goes_up) && intake->kind == "township") {
      store::OrgFilter f;
      f.kind = "department";
      f.parent_id = county;
      std::optional<core::OrgUnit> office;
      for (auto& d : store::list_orgs(tx, core::unrestricted_scope(), f, nullptr, nullptr))
        if (d.category == "petition_office" && !office) office = d;
      if (!office) throw conflict("本县未设信访室，属县纪委监委管辖的信访件无法报送", "jurisdiction");
      intake = office;
    }
    // Numbers are the township's own when a township registers, else the county
    // commission's; the prefix is the unit's short name for documents (成纪 → 成纪信〔2026〕0001号).
    auto number_org = intake->kind == "township" ? *intake : *store::find_org(tx, core::unrestricted_scope(), county);
    auto check_local_org = [&](long long id, const std::string& field) {
      auto o = store::find_org(tx, core::unrestricted_scope(), id);
      if (!o || o->county_id != county || (o->kind != "township" && o->kind != "village"))
        throw invalid(field, "应为本县的乡镇（街道）或村（社区）");
      return *o;
    };
    if (in.place_org_id) check_local_org(*in.place_org_id, "place_org_id");
    for (std::size_t i = 0; i < persons.size(); ++i)
      if (persons[i].unit_org_id)
        check_local_org(*persons[i].unit_org_id, "persons[" + std::to_string(i) + "].unit_org_id");

    core::Petition p;
    p.county_id = county;
    p.intake_org_id = intake->id;
    p.intake_township_id = coi ? std::nullopt : registering_township;
    p.number_org_id = number_org.id;
    p.year = static_cast<int>(std::chrono::year_month_day{core::day_of_ms(tx.now)}.year());
    p.seq = store::next_number(tx, number_org.id, p.year, "petition");
    p.number = core::petition_number(number_org.short_name, p.year, p.seq);
    p.channel = in.channel;
    p.type = in.type;
    p.state = core::kPetitionStates.code(PetitionState::Registered);
    p.real_name = in.real_name ? 1 : 0;
    if (rep.name || rep.id_number || rep.phone || rep.address || rep.unit) {
      json::object r{{"name", opt(rep.name)},
                     {"id_number", opt(rep.id_number)},
                     {"phone", opt(rep.phone)},
                     {"address", opt(rep.address)},
                     {"unit", opt(rep.unit)}};
      p.reporter_sealed = k_.keys().seal_text(json::serialize(r), "petitions.reporter:" + p.number);
      if (rep.id_number) {
        std::string id = *rep.id_number;
        if (id.back() == 'x') id.back() = 'X';
        p.reporter_key = k_.keys().blind_index(id, "petition.reporter.id_number");
      } else if (rep.phone && in.real_name) {
        p.reporter_key = k_.keys().blind_index(*rep.phone, "petition.reporter.phone");
      }
    }
    p.summary = core::trim(in.summary);
    p.content = in.content;
    p.category = in.category;
    p.subcategory = in.subcategory;
    p.area = in.area;
    p.place_org_id = in.place_org_id;
    p.place_detail = in.place_detail;
    p.received_day = in.received_day;
    p.postmark_day = in.postmark_day;
    p.visitors = in.visitors;
    if (in.identity_checked) p.identity_checked = *in.identity_checked ? 1 : 0;
    p.reception_cadre = in.reception_cadre;
    p.call_time = in.call_time;
    p.web_source = in.web_source;
    p.from_higher = in.from_higher ? 1 : 0;
    p.fast_track = in.fast_track ? 1 : 0;
    p.proposed_jurisdiction = std::string(core::kJurisdictions.code(proposal.where));
    p.jurisdiction = std::string(core::kJurisdictions.code(chosen));
    if (chosen != proposal.where) p.jurisdiction_reason = in.jurisdiction_reason;
    p.conflict = coi ? 1 : 0;
    p.first_handler_id = a.user.id;
    p.registered_by = a.user.id;
    auto terms = core::matched_terms(p.summary + "\n" + p.content, k_.catalogue().risk_terms);
    if (!terms.empty()) {
      std::string joined;
      for (auto& t : terms) joined += (joined.empty() ? "" : "、") + t;
      p.risk_terms = joined;
    }
    // Registration starts the acceptance clock on the day of receipt.
    p.limit_code = std::string(core::limit_in_state(PetitionState::Registered, core::clock_facts_of(p)));
    p.clock_start = p.received_day;
    refresh_due(p);
    p.id = store::insert_petition(tx, p);

    for (std::size_t i = 0; i < persons.size(); ++i)
      store::insert_reported(tx, p.id, save_reported(tx, county, persons[i]), static_cast<int>(i));

    std::string names;
    for (const auto& r : persons)
      names += (names.empty() ? "" : " ") + core::trim(r.name) + " " + core::trim(r.unit_name);
    store::index_petition_text(tx, p.id, county, p.summary, p.content, names);
    if (!signature.empty()) store::index_petition_signature(tx, p.id, county, signature_hex, bands);

    core::PetitionStep st;
    st.petition_id = p.id;
    st.action = "register";
    st.to_state = p.state;
    st.actor_id = a.user.id;
    st.actor_name = a.user.display_name;
    st.org_id = intake->id;
    st.limit_code = p.limit_code;
    st.due_day = p.due_day;
    if (p.jurisdiction_reason) st.reason = p.jurisdiction_reason;
    store::insert_step(tx, st);

    // The audit holds what happened, never the content or the reporter.
    json::object detail{{"number", p.number},
                        {"channel", p.channel},
                        {"type", p.type},
                        {"proposed_jurisdiction", p.proposed_jurisdiction},
                        {"jurisdiction", p.jurisdiction}};
    if (p.jurisdiction_reason) detail["jurisdiction_override_reason"] = *p.jurisdiction_reason;
    if (p.conflict) detail["conflict_of_interest"] = true;
    if (intake->id != *a.user.org_unit_id) detail["routed_to_org_id"] = intake->id;
    k_.audit(tx, &a, "create", "petition", p.id, detail);
    if (within_tx) within_tx(tx, p);
    number = p.number;
    return p.id;
  });
  return PetitionRef{id, number};
}

PageOf<PetitionView> PetitionService::list_petitions(const Actor& a, const store::PetitionFilter& filter,
                                                    bool overdue, const core::Page& page) {
  k_.require(a, core::Permission::PetitionRead);
  return k_.db().read([&](store::Tx& tx) {
    auto f = filter;
    if (overdue) f.overdue_before = core::format_day(core::day_of_ms(tx.now));
    PageOf<PetitionView> out;
    auto rows = store::list_petitions(tx, a.scope, f, page, &out.total);
    std::vector<long long> ids;
    for (auto& p : rows) ids.push_back(p.id);
    const auto acks = store::acks_for(tx, ids);  // one query for the page
    for (auto& p : rows) out.items.push_back(petition_view(tx, p, &acks));
    return out;
  });
}

PetitionDetail PetitionService::get_petition(const Actor& a, long long id) {
  k_.require(a, core::Permission::PetitionRead);
  // The near-duplicates are kept once found (store::pair_state): a read that
  // finds them stale adds what is new in the write below, then reads again.
  std::optional<core::Petition> p;
  store::PairState pairs;
  std::vector<std::pair<long long, int>> add;
  auto j = k_.db().read([&](store::Tx& tx) {
    p = store::find_petition(tx, a.scope, id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    pairs = store::pair_state(tx, p->id, p->county_id);
    if (!pairs.fresh()) {
      add = store::pairs_to_add(tx, p->id, p->county_id, pairs);
      return PetitionDetail{};
    }
    return petition_detail(tx, a, *p);
  });
  // SY-4: opening a petition's content is a sensitive read (the audit names
  // the record, never its content).
  k_.db().append([&](store::Tx& tx) {
    if (!pairs.fresh()) store::keep_pairs(tx, p->id, add, pairs.current);
    k_.audit(tx, &a, "read", "petition", id, {{"number", p->number}});
  });
  if (!pairs.fresh())
    j = k_.db().read([&](store::Tx& tx) {
      auto now = store::find_petition(tx, a.scope, id);
      if (!now) throw not_found("信访件不存在或不在本人数据范围内");
      return petition_detail(tx, a, *now);
    });
  return j;
}

namespace {
// A petition as the workflow skeleton sees it (app/workflow.hpp).
struct PetitionSteps {
  using Record = core::Petition;
  using State = PetitionState;
  static constexpr const char* kEntity = "petition";
  static constexpr const char* kNotFound = "信访件不存在或不在本人数据范围内";
  PetitionService& svc;
  ClueService& clues;
  const PetitionActionInput& in;
  PetitionAction action;
  using S = Step<Record, State>;

  void lock(store::Tx& tx, long long id) { store::lock_petition(tx, id); }
  std::optional<Record> find(store::Tx& tx, const core::Scope& scope, long long id) {
    return store::find_petition(tx, scope, id);
  }
  State state_of(const Record& p) const { return *core::kPetitionStates.parse(p.state); }
  std::string code(State st) const { return std::string(core::kPetitionStates.code(st)); }

  State transition(S& s) {
    const auto& p = s.record;
    if (auto why = core::petition_transition_problem(s.from, action, p.suspended != 0)) throw core::to_error(*why);
    if (!core::may_perform(s.actor.role, action, relation_of(s.actor, p)))
      throw forbidden("本人所在单位或角色不能对本件执行此操作");
    return *core::next_state(s.from, action, p.suspended != 0);
  }

  void apply(S& s) {
    auto& p = s.record;
    auto& tx = s.tx;
    const auto& a = s.actor;
    if (action == PetitionAction::Accept) {
      auto at = a.user.org_unit_id ? store::find_org(tx, core::unrestricted_scope(), *a.user.org_unit_id) : std::nullopt;
      if (auto why = core::accept_problem(p, at && at->kind == "township")) throw core::to_error(*why);
    }
    switch (action) {
      case PetitionAction::Assign: {
        auto o = in.handler_org_id ? store::find_org(tx, core::unrestricted_scope(), *in.handler_org_id) : std::nullopt;
        if (auto why = core::handler_problem(p, in.handler_org_id, o ? &*o : nullptr)) throw core::to_error(*why);
        p.handler_org_id = o->id;
        p.handler_township_id = o->kind == "township" ? std::optional<long long>(o->id) : std::nullopt;
        p.handler_acknowledged_at.reset();
        s.detail["handler_org_id"] = o->id;
        break;
      }
      case PetitionAction::Acknowledge:
        // 首办责任 passes with an acknowledged handover (双向移送).
        p.handler_acknowledged_at = tx.now;
        p.first_handler_id = a.user.id;
        break;
      case PetitionAction::TransferOut:
        if (auto why = core::transfer_problem(in.transfer_to)) throw core::to_error(*why);
        p.transfer_to = core::trim(*in.transfer_to);
        s.detail["transfer_to"] = *p.transfer_to;
        break;
      case PetitionAction::Merge: {
        auto target = in.merged_into ? store::find_petition(tx, a.scope, *in.merged_into) : std::nullopt;
        if (auto why = core::merge_problem(p, in.merged_into, target ? &*target : nullptr)) throw core::to_error(*why);
        p.merged_into = target->id;
        s.detail["merged_into"] = target->number;
        break;
      }
      case PetitionAction::Suspend:
        p.suspended = 1;
        p.suspended_since = s.today_s;
        break;
      case PetitionAction::Resume:
        p.pauses = add_pause(p.pauses, p.suspended_since.value_or(s.today_s), s.today_s);
        p.suspended = 0;
        p.suspended_since.reset();
        break;
      case PetitionAction::Extend:
        if (auto why = core::extension_problem(p.extensions)) throw core::to_error(*why);
        ++p.extensions;
        break;
      default: break;
    }
  }

  void save(S& s) {
    auto& p = s.record;
    auto& tx = s.tx;
    p.state = code(s.to);
    core::restart_clock(p, s.from, s.to, s.today_s);
    svc.refresh_due(p);
    store::update_petition(tx, p);

    core::PetitionStep st;
    st.petition_id = p.id;
    fill_step_row(st, s, code(s.from), p.state, in.action, in.reason, in.note);
    st.limit_code = p.limit_code;
    st.due_day = p.due_day;
    store::insert_step(tx, st);
    if (action == PetitionAction::ConvertToClue) s.detail["clue_id"] = clues.create_clue(tx, s.actor, clue_of(tx, p, s.today_s));
  }

  // 转为线索 registers the clue in the county's one registry, linked both ways.
  static ClueInput clue_of(store::Tx& tx, const core::Petition& p, const std::string& today) {
    ClueInput ci;
    ci.source = "petition";
    ci.petition_id = p.id;
    ci.summary = p.summary;
    ci.content = p.content;
    ci.category = p.category;
    ci.received_day = today;
    ci.township_id = p.handler_township_id ? p.handler_township_id : p.intake_township_id;
    for (auto& rp : store::reported_of(tx, p.id)) {
      ReportedInput r;
      r.name = rp.person.name;
      r.unit_name = rp.person.unit_name;
      r.post = rp.person.post;
      r.unit_org_id = rp.person.unit_org_id;
      r.cadre_level = rp.person.cadre_level;
      r.party_member = rp.person.party_member != 0;
      r.public_official = rp.person.public_official != 0;
      r.county_department = rp.county_department != 0;
      r.township_discipline_staff = rp.township_discipline_staff != 0;
      r.township_party_secretary = rp.township_party_secretary != 0;
      ci.persons.push_back(r);
    }
    return ci;
  }
};
}  // namespace

PetitionDetail PetitionService::act_on_petition(const Actor& a, long long id, const PetitionActionInput& in) {
  k_.require(a, core::Permission::PetitionHandle);
  auto action = core::kPetitionActions.parse(in.action);
  if (!action) throw invalid("action", "未知的操作");
  if (auto why = core::petition_request_problem(
          *action, {in.reason, in.note, in.handler_org_id.has_value(), in.transfer_to.has_value(), in.merged_into.has_value()}))
    throw core::to_error(*why);
  PetitionSteps steps{*this, clues_, in, *action};
  run_step(k_, a, id, in.action, in.reason, steps);
  // As after registration: the answer is read after commit, outside the writer lock.
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_petition(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("信访件");
    return petition_detail(tx, a, *saved);
  });
}

RevealedReporter PetitionService::reveal_reporter(const Actor& a, long long id, const std::string& reason) {
  k_.require(a, core::Permission::PetitionReveal);
  if (core::utf8_length(core::trim(reason)) < 4) throw invalid("reason", "请写明查看举报人身份的理由（至少 4 个字）");
  return k_.db().write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    if (!p->reporter_sealed) throw conflict("本件未登记举报人信息");
    auto plain = k_.keys().open_text(*p->reporter_sealed, "petitions.reporter:" + p->number);
    if (!plain) throw Error(500, "internal", "举报人信息无法解密，请联系安全管理员");
    k_.audit(tx, &a, "reveal_reporter", "petition", p->id, {{"number", p->number}, {"reason", core::trim(reason)}});
    // As sealed at registration: the five particulars, each null when not given.
    const auto r = json::parse(*plain).as_object();
    auto field = [&](const char* k) -> std::optional<std::string> {
      const auto* v = r.if_contains(k);
      return v && v->is_string() ? std::optional<std::string>(std::string(v->as_string())) : std::nullopt;
    };
    return RevealedReporter{p->real_name != 0,
                            {field("name"), field("id_number"), field("phone"), field("address"), field("unit")}};
  });
}

DuplicateCheck PetitionService::check_duplicates(const Actor& a, const std::string& text,
                                                const std::vector<std::pair<std::string, std::string>>& persons) {
  k_.require(a, core::Permission::PetitionRegister);
  auto sig = search::minhash(text);
  return k_.db().read([&](store::Tx& tx) {
    DuplicateCheck out;
    out.items = similar(tx, a.scope, sig, 0);
    std::set<long long> seen;
    for (auto& v : out.items) seen.insert(v.id);
    for (auto& [name, unit] : persons)
      for (auto& c : store::petitions_naming(tx, a.scope, core::trim(name), core::trim(unit), 10)) {
        if (!seen.insert(c.id).second) continue;
        const double sim =
            c.signature.empty() || sig.empty() ? 0.0 : search::similarity(sig, search::decode(c.signature));
        auto v = candidate_view(related_view(c), sim, "same_person");
        v.person = core::trim(name);
        out.items.push_back(std::move(v));
      }
    out.total = static_cast<long long>(out.items.size());
    out.elsewhere = similar_elsewhere(tx, a.scope, sig);
    return out;
  });
}

PageOf<RegistryPersonView> PetitionService::list_persons(const Actor& a, const std::optional<std::string>& q,
                                                         const core::Page& page) {
  k_.require(a, core::Permission::PetitionRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<RegistryPersonView> out;
    for (auto& p : store::list_persons(tx, a.scope, q, page, &out.total))
      out.items.push_back({p.id, p.name, p.unit_name, p.post, p.unit_org_id, p.cadre_level, p.party_member != 0,
                           p.public_official != 0});
    return out;
  });
}

}  // namespace funnel::app
