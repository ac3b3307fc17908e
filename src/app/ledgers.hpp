#pragma once
// The ledgers (台账) as .xlsx files: the rows of a list (all pages) with the
// same filters, the caller's organisation in the title, the export audited.
#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "app/kernel.hpp"
#include "store/clues_repo.hpp"
#include "store/guidance_repo.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

class ClueReportService;

struct Export {
  std::string filename;  // UTF-8, for Content-Disposition
  std::string bytes;
  long long rows = 0;
};

class LedgerService {
 public:
  LedgerService(Kernel& k, ClueReportService& reports) : k_(k), reports_(reports) {}
  // GET /ledgers/petitions.xlsx
  Export export_petition_ledger(const Actor& a, const store::PetitionFilter& f, bool overdue);
  // GET /ledgers/clues.xlsx
  Export export_clue_ledger(const Actor& a, const store::ClueFilter& f, bool overdue);
  // GET /ledgers/clue-reports.xlsx
  Export export_clue_report_ledger(const Actor& a, const std::string& month);
  // GET /ledgers/guidance.xlsx (联系指导台账, CA-8): one row per record, its tasks in it
  Export export_guidance_ledger(const Actor& a, const store::GuidanceFilter& f);
  // GET /ledgers/execution.xlsx (处分决定执行台账, CA-7): one row per decided
  // case of the scope, its outcomes and each execution task's state (打白条 named)
  Export export_execution_ledger(const Actor& a, const std::optional<int>& year,
                                 const std::optional<long long>& unit_id);

 private:
  Export write_ledger(const Actor& a, const std::string& code, const std::string& name, const std::string& period,
                      const std::vector<std::pair<std::string, double>>& columns,
                      const std::function<long long(
                          store::Tx&, const std::function<void(long long, const std::vector<std::string>&)>&)>& rows,
                      boost::json::object audit_detail);
  Kernel& k_;
  ClueReportService& reports_;
};

}  // namespace funnel::app
