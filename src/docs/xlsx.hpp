#pragma once
// One-sheet ledgers as .xlsx (libxlsxwriter, constant-memory mode): a title
// row, a header row, then rows streamed in order, so a 100k-row ledger never
// sits in memory.
#include <filesystem>
#include <string>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace funnel::docs {

struct Column {
  std::string header;
  double width = 12;
};

class LedgerXlsx {
 public:
  // tmpdir: where libxlsxwriter keeps its row files (not /tmp, which may be RAM).
  LedgerXlsx(const std::filesystem::path& file, const std::string& sheet, const std::string& title,
             const std::vector<Column>& columns, const std::filesystem::path& tmpdir);
  ~LedgerXlsx();
  LedgerXlsx(const LedgerXlsx&) = delete;
  LedgerXlsx& operator=(const LedgerXlsx&) = delete;
  // The first cell is written as a number (序号), the others as text.
  void row(long long serial, const std::vector<std::string>& cells);
  void close();  // std::runtime_error when the file cannot be written
  long long rows() const { return rows_; }

 private:
  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* ws_ = nullptr;
  lxw_format* cell_ = nullptr;
  std::string tmpdir_;
  std::size_t ncols_ = 0;
  long long rows_ = 0;
};

}  // namespace funnel::docs
