#include "app/attachments.hpp"
#include "app/portal.hpp"

#include "core/portal.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/petitions_repo.hpp"
#include "store/portal_repo.hpp"

namespace funnel::app {

store::EvidenceFile AttachmentService::store_evidence_file(const std::string& raw_name, const std::string& bytes,
                                             const char* source) {
  auto name = core::clean_file_name(raw_name);
  if (name.empty()) throw invalid("name", "请提供文件名");
  if (bytes.empty()) throw invalid("file", "文件是空的");
  if (static_cast<long long>(bytes.size()) > k_.config().portal.max_file_bytes)
    throw Error(413, "payload_too_large", "文件超过 " + std::to_string(k_.config().portal.max_file_bytes >> 20) + " MB 的上限",
                "file");
  const auto mime = files::sniff_type(bytes);
  if (!core::evidence_label(mime))
    throw invalid("file", "不支持的文件类型（按文件内容识别为 " + mime.substr(0, 80) +
                              "）。可上传图片、PDF、音频、视频、Office 文档和纯文本");
  store::EvidenceFile f;
  f.digest = k_.evidence().put(bytes);
  f.name_sealed = k_.keys().seal_text(name, "evidence.name:" + f.digest);
  f.mime = mime;
  f.size = static_cast<long long>(bytes.size());
  f.source = source;
  return f;
}

EvidenceView AttachmentService::evidence_view(const store::EvidenceFile& f) const {
  auto name = k_.keys().open_text(f.name_sealed, "evidence.name:" + f.digest);
  return {f.id,
          name ? *name : std::string("（无法解密）"),
          f.size,
          f.mime,
          std::string(core::evidence_label(f.mime).value_or("其他")),
          f.source,
          f.uploaded_by_name,
          core::iso_utc(f.created_at)};
}

namespace {
constexpr int kMaxInternalFiles = 50;

}  // namespace

long long AttachmentService::sweep_evidence(std::chrono::seconds min_age) {
  // A database error stops the sweep (the predicate throws): nothing is
  // deleted on a guess.
  return k_.evidence().sweep(
      [&](const std::string& digest) {
        return k_.db().read([&](store::Tx& tx) { return store::evidence_digest_used(tx, digest); });
      },
      min_age);
}

ListOf<EvidenceView> AttachmentService::list_evidence(const Actor& a, long long petition_id) {
  k_.require(a, core::Permission::PetitionRead);
  return k_.db().read([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    ListOf<EvidenceView> out;
    for (const auto& f : store::evidence_of(tx, p->id)) out.items.push_back(evidence_view(f));
    return out;
  });
}

EvidenceView AttachmentService::add_evidence(const Actor& a, long long petition_id, const std::string& name,
                                           const std::string& bytes) {
  k_.require(a, core::Permission::PetitionHandle);
  // Scope before storing anything.
  k_.db().read([&](store::Tx& tx) {
    if (!store::find_petition(tx, a.scope, petition_id)) throw not_found("信访件不存在或不在本人数据范围内");
    return 0;
  });
  auto f = store_evidence_file(name, bytes, "internal");
  return k_.db().write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    if (store::count_evidence(tx, p->id) >= kMaxInternalFiles)
      throw invalid("file", "每件最多 " + std::to_string(kMaxInternalFiles) + " 个材料");
    f.petition_id = p->id;
    f.uploaded_by = a.user.id;
    f.uploaded_by_name = a.user.display_name;
    f.id = store::insert_evidence(tx, f);
    k_.audit(tx, &a, "add_evidence", "petition", p->id, {{"number", p->number}, {"file_id", f.id}, {"type", f.mime}});
    return evidence_view(f);
  });
}

AttachmentService::Download AttachmentService::download_evidence(const Actor& a, long long petition_id, long long file_id) {
  k_.require(a, core::Permission::PetitionEvidence);
  // A write: the download is audited in the same transaction (SY-4).
  auto f = k_.db().write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    auto f = store::find_evidence(tx, p->id, file_id);
    if (!f) throw not_found("材料不存在");
    k_.audit(tx, &a, "download_evidence", "petition", p->id, {{"number", p->number}, {"file_id", f->id}});
    return *f;
  });
  auto bytes = k_.evidence().get(f.digest);
  if (!bytes) throw Error(500, "internal", "材料文件缺失或无法解密，请联系安全管理员");
  auto name = k_.keys().open_text(f.name_sealed, "evidence.name:" + f.digest);
  return Download{name ? *name : "evidence-" + std::to_string(f.id), f.mime, std::move(*bytes)};
}

}  // namespace funnel::app
