#pragma once
// Evidence files of a petition (IN-6): type-checked, encrypted at rest,
// downloaded with their own permission; unreferenced files swept.
#include <chrono>
#include <optional>
#include <string>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "store/portal_repo.hpp"

namespace funnel::app {

// An evidence file of a petition (typed view, serialised by src/http).
struct EvidenceView {
  long long id = 0;
  std::string name;
  long long size = 0;
  std::string type, label, source;  // type: MIME from the content
  std::optional<std::string> uploaded_by_name;
  std::string at;
};
BOOST_DESCRIBE_STRUCT(EvidenceView, (), (id, name, size, type, label, source, uploaded_by_name, at))

class AttachmentService {
 public:
  explicit AttachmentService(Kernel& k) : k_(k) {}
  const Config& config() const { return k_.config(); }
  ListOf<EvidenceView> list_evidence(const Actor& a, long long petition_id);
  EvidenceView add_evidence(const Actor& a, long long petition_id, const std::string& name, const std::string& bytes);
  struct Download {
    std::string filename, mime, bytes;
  };
  Download download_evidence(const Actor& a, long long petition_id, long long file_id);
  // Removes evidence files no row names any more, older than min_age (a
  // background job of `funnel serve`).
  long long sweep_evidence(std::chrono::seconds min_age);

  // Type check, encryption and storage of one evidence file (no row yet);
  // also the portal's uploads.
  store::EvidenceFile store_evidence_file(const std::string& name, const std::string& bytes, const char* source);
  EvidenceView evidence_view(const store::EvidenceFile& f) const;

 private:
  Kernel& k_;
};

}  // namespace funnel::app
