#include "docs/xlsx.hpp"

#include <xlsxwriter.h>

#include <stdexcept>

namespace funnel::docs {

namespace {
constexpr lxw_row_t kHeaderRow = 1;
}

LedgerXlsx::LedgerXlsx(const std::filesystem::path& file, const std::string& sheet, const std::string& title,
                       const std::vector<Column>& columns, const std::filesystem::path& tmpdir)
    : tmpdir_(tmpdir.string()), ncols_(columns.size() + 1) {
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  opt.tmpdir = tmpdir_.data();
  opt.use_zip64 = LXW_FALSE;
  wb_ = workbook_new_opt(file.c_str(), &opt);
  if (!wb_) throw std::runtime_error("xlsx: cannot create workbook");
  ws_ = workbook_add_worksheet(wb_, sheet.c_str());
  if (!ws_) throw std::runtime_error("xlsx: cannot add worksheet");
  lxw_format* title_fmt = workbook_add_format(wb_);
  format_set_bold(title_fmt);
  format_set_font_size(title_fmt, 16);
  lxw_format* head = workbook_add_format(wb_);
  format_set_bold(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_text_wrap(head);
  cell_ = workbook_add_format(wb_);
  format_set_border(cell_, LXW_BORDER_THIN);
  format_set_text_wrap(cell_);
  format_set_align(cell_, LXW_ALIGN_VERTICAL_TOP);
  worksheet_set_column(ws_, 0, 0, 6, nullptr);
  for (std::size_t i = 0; i < columns.size(); ++i)
    worksheet_set_column(ws_, static_cast<lxw_col_t>(i + 1), static_cast<lxw_col_t>(i + 1), columns[i].width, nullptr);
  worksheet_freeze_panes(ws_, kHeaderRow + 1, 0);
  worksheet_write_string(ws_, 0, 0, title.c_str(), title_fmt);
  worksheet_write_string(ws_, kHeaderRow, 0, "序号", head);
  for (std::size_t i = 0; i < columns.size(); ++i)
    worksheet_write_string(ws_, kHeaderRow, static_cast<lxw_col_t>(i + 1), columns[i].header.c_str(), head);
}

LedgerXlsx::~LedgerXlsx() {
  if (wb_) workbook_close(wb_);  // only after a failure: frees the workbook
}

void LedgerXlsx::row(long long serial, const std::vector<std::string>& cells) {
  const lxw_row_t r = static_cast<lxw_row_t>(kHeaderRow + 1 + rows_);
  worksheet_write_number(ws_, r, 0, static_cast<double>(serial), cell_);
  for (std::size_t i = 0; i < cells.size() && i + 1 < ncols_; ++i)
    worksheet_write_string(ws_, r, static_cast<lxw_col_t>(i + 1), cells[i].c_str(), cell_);
  ++rows_;
}

void LedgerXlsx::close() {
  lxw_error e = workbook_close(wb_);
  wb_ = nullptr;
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + lxw_strerror(e));
}

}  // namespace funnel::docs
