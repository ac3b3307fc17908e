#pragma once
// Evidence files of a petition (IN-6): type-checked, encrypted at rest,
// downloaded with their own permission; unreferenced files swept.
#include <boost/json/object.hpp>
#include <chrono>
#include <string>

#include "app/kernel.hpp"
#include "store/portal_repo.hpp"

namespace funnel::app {

class AttachmentService {
 public:
  explicit AttachmentService(Kernel& k) : k_(k) {}
  const Config& config() const { return k_.config(); }
  boost::json::object list_evidence(const Actor& a, long long petition_id);
  boost::json::object add_evidence(const Actor& a, long long petition_id, const std::string& name,
                                   const std::string& bytes);
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
  boost::json::object evidence_json(const store::EvidenceFile& f) const;

 private:
  Kernel& k_;
};

}  // namespace funnel::app
