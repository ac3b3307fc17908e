// /api/v1/ledgers/*.xlsx: the ledgers as Excel files
#include <boost/json.hpp>
#include <cctype>
#include "app/ledgers.hpp"
#include "core/calendar.hpp"
#include "core/clue.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_ledgers_routes(Router& r, app::LedgerService* s) {
  r.add("GET", "/api/v1/ledgers/clues.xlsx", "clue:read", Access::Session, [s](Ctx& c) {
    auto f = read_clue_filter(c);
    auto x = s->export_clue_ledger(c.who(), f, c.q_bool("overdue").value_or(false));
    return xlsx_response(std::move(x.bytes), "clues.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/clues.xlsx");
  r.add("GET", "/api/v1/ledgers/clue-reports.xlsx", "clue:read", Access::Session, [s](Ctx& c) {
    auto x = s->export_clue_report_ledger(c.who(), q_month(c));
    return xlsx_response(std::move(x.bytes), "clue-reports.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/clue-reports.xlsx");
  // 联系指导台账: the guidance list's rows with the same filters, all pages.
  r.add("GET", "/api/v1/ledgers/guidance.xlsx", "case:read", Access::Session, [s](Ctx& c) {
    auto x = s->export_guidance_ledger(c.who(), read_guidance_filter(c));
    return xlsx_response(std::move(x.bytes), "guidance.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/guidance.xlsx");
  // 处分决定执行台账: the decided cases with their execution tasks (打白条 named).
  r.add("GET", "/api/v1/ledgers/execution.xlsx", "case:read", Access::Session, [s](Ctx& c) {
    std::optional<int> year;
    if (auto y = c.q("year")) {
      if (y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos || *y < "2000")
        throw bad_request("年份须为四位数字", "year");
      year = std::stoi(*y);
    }
    auto x = s->export_execution_ledger(c.who(), year, c.q_id("unit_id"));
    return xlsx_response(std::move(x.bytes), "execution.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/execution.xlsx");
  // The ledger (信访举报台账) as .xlsx: exactly the list's rows, all pages.
  r.add("GET", "/api/v1/ledgers/petitions.xlsx", "petition:read", Access::Session, [s](Ctx& c) {
    auto f = read_petition_filter(c);
    bool overdue = c.q_bool("overdue").value_or(false);
    auto x = s->export_petition_ledger(c.who(), f, overdue);
    return xlsx_response(std::move(x.bytes), "petitions.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/petitions.xlsx");
}

}  // namespace funnel::http
