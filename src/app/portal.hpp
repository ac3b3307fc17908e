#pragma once
// The public portal (网上举报, IN-6): no actor, no session; the receipt code
// and its password are the key to one's own report.
#include <atomic>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/persons.hpp"

namespace funnel::app {

class PetitionService;
class AttachmentService;

struct PortalReportInput {
  std::string challenge, nonce;
  long long county_id = 0;
  std::optional<long long> township_id;
  bool anonymous = true;
  std::optional<std::string> name, id_number, phone;
  std::vector<ReportedInputLite> persons;
  std::string category, summary, content;
  std::optional<std::string> happened, place;
  std::vector<std::string> uploads;
};

// When a concluded report's portal access ends (nullopt while open).
std::optional<core::Day> portal_expiry(const Kernel& k, store::Tx& tx, const core::Petition& p);

class PortalService {
 public:
  PortalService(Kernel& k, PetitionService& petitions, AttachmentService& attachments)
      : k_(k), petitions_(petitions), attachments_(attachments) {}
  const Config& config() const { return k_.config(); }
  boost::json::object portal_info() const;
  boost::json::object portal_challenge() const;
  boost::json::object portal_stage_upload(const std::string& name, const std::string& bytes);
  boost::json::object portal_submit(const PortalReportInput& in);
  void portal_set_password(const std::string& code, const std::string& token, const std::string& password);
  boost::json::object portal_login(const std::string& code, const std::string& password);
  long long portal_receipt_of(const std::string& bearer) const;  // 401 unless valid
  boost::json::object portal_report(long long receipt_id);
  boost::json::object portal_post_message(long long receipt_id, const std::string& body);
  boost::json::object portal_add_evidence(long long receipt_id, const std::string& name, const std::string& bytes);

 private:
  Actor portal_actor(long long intake_org_id);
  Kernel& k_;
  PetitionService& petitions_;
  AttachmentService& attachments_;
  std::atomic<long long> portal_user_id_{0};  // the @portal account, looked up on first use
  std::atomic<long long> challenges_swept_at_{0};  // expired used challenges are deleted once a minute
};

}  // namespace funnel::app
