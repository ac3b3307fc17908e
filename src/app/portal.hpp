#pragma once
// The public portal (网上举报, IN-6): no actor, no session; the receipt code
// and its password are the key to one's own report.
#include <atomic>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/persons.hpp"
#include "app/views.hpp"

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

// Typed views, serialised by src/http. What the report form offers.
struct PortalCounty {
  long long id = 0;
  std::string name;
  std::vector<OrgRef> townships;
};
BOOST_DESCRIBE_STRUCT(PortalCounty, (), (id, name, townships))
struct PortalChoice {
  std::string code;
  boost::json::value label, label_en;  // as the data file gives them
};
BOOST_DESCRIBE_STRUCT(PortalChoice, (), (code, label, label_en))
struct PortalFileType {
  std::string type, label;
};
BOOST_DESCRIBE_STRUCT(PortalFileType, (), (type, label))
struct PortalLimits {
  long long max_files = 0, max_file_bytes = 0;
  std::vector<PortalFileType> allowed_types;
};
BOOST_DESCRIBE_STRUCT(PortalLimits, (), (max_files, max_file_bytes, allowed_types))
struct PortalInfo {
  std::vector<PortalCounty> counties;
  std::vector<PortalChoice> categories, cadre_levels;
  PortalLimits limits;
  int pow_bits = 0;
  int retention_days = 0;
  boost::json::value notices, notices_en;  // data/portal.json's
};
BOOST_DESCRIBE_STRUCT(PortalInfo, (),
                      (counties, categories, cadre_levels, limits, pow_bits, retention_days, notices, notices_en))
struct PortalChallenge {
  std::string challenge;
  int bits = 0;
  long long expires_at = 0;  // ms
};
BOOST_DESCRIBE_STRUCT(PortalChallenge, (), (challenge, bits, expires_at))
// A file of the reporter's as the portal shows it: the added one with its
// label, a staged upload also with its time and token, a listed one with its time.
struct PortalFileBase {
  std::string name;
  long long size = 0;
  std::string type;
};
BOOST_DESCRIBE_STRUCT(PortalFileBase, (), (name, size, type))
struct PortalFile : PortalFileBase {
  std::string label;
};
BOOST_DESCRIBE_STRUCT(PortalFile, (PortalFileBase), (label))
struct PortalUpload : PortalFile {
  std::string at, token;
};
BOOST_DESCRIBE_STRUCT(PortalUpload, (PortalFile), (at, token))
struct PortalListedFile : PortalFileBase {
  std::string at;
};
BOOST_DESCRIBE_STRUCT(PortalListedFile, (PortalFileBase), (at))
struct PortalReceipt {
  std::string receipt_code, password_token, submitted_day;
};
BOOST_DESCRIBE_STRUCT(PortalReceipt, (), (receipt_code, password_token, submitted_day))
struct PortalToken {
  std::string token;
  long long expires_at = 0;  // ms
};
BOOST_DESCRIBE_STRUCT(PortalToken, (), (token, expires_at))
struct PortalMessage {
  long long id = 0;
  std::string from, body, at;  // from: reporter | cadre
};
BOOST_DESCRIBE_STRUCT(PortalMessage, (), (id, from, body, at))
struct PortalReport {
  std::string receipt_code, submitted_day, org_name, status, status_day;
  std::optional<std::string> access_expires_day;
  Omitted<std::string> transferred_to;  // only once transferred
  std::vector<PortalMessage> messages;
  std::vector<PortalListedFile> attachments;
  bool can_reply = false;
  long long files_left = 0;
};
BOOST_DESCRIBE_STRUCT(PortalReport, (),
                      (receipt_code, submitted_day, org_name, status, status_day, access_expires_day, transferred_to,
                       messages, attachments, can_reply, files_left))

// When a concluded report's portal access ends (nullopt while open).
std::optional<core::Day> portal_expiry(const Kernel& k, store::Tx& tx, const core::Petition& p);

class PortalService {
 public:
  PortalService(Kernel& k, PetitionService& petitions, AttachmentService& attachments)
      : k_(k), petitions_(petitions), attachments_(attachments) {}
  const Config& config() const { return k_.config(); }
  PortalInfo portal_info() const;
  PortalChallenge portal_challenge() const;
  PortalUpload portal_stage_upload(const std::string& name, const std::string& bytes);
  PortalReceipt portal_submit(const PortalReportInput& in);
  void portal_set_password(const std::string& code, const std::string& token, const std::string& password);
  PortalToken portal_login(const std::string& code, const std::string& password);
  long long portal_receipt_of(const std::string& bearer) const;  // 401 unless valid
  PortalReport portal_report(long long receipt_id);
  PortalMessage portal_post_message(long long receipt_id, const std::string& body);
  PortalFile portal_add_evidence(long long receipt_id, const std::string& name, const std::string& bytes);

 private:
  Actor portal_actor(long long intake_org_id);
  Kernel& k_;
  PetitionService& petitions_;
  AttachmentService& attachments_;
  std::atomic<long long> portal_user_id_{0};  // the @portal account, looked up on first use
  std::atomic<long long> challenges_swept_at_{0};  // expired used challenges are deleted once a minute
};

}  // namespace funnel::app
