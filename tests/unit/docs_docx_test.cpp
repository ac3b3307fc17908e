// The .docx filler (src/docs/docx): split runs, escaping, repeated rows,
// placeholder discovery, and what is not a .docx.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "core/text.hpp"
#include "docs/docx.hpp"

using namespace funnel::docs;

namespace {

const char* kHead =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
const char* kTail = "</w:body></w:document>";

std::string docx_with(const std::string& body) {
  return zip_entries({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", std::string(kHead) + body + kTail}});
}

std::string document_of(const std::string& docx) { return unzip_entries(docx).at("word/document.xml"); }

// The text of each paragraph of the filled document (w:br as a newline).
std::vector<std::string> paragraphs(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single));
  std::vector<std::string> out;
  for (auto p : doc.select_nodes("//w:p")) {
    std::string text;
    for (auto n : p.node().select_nodes(".//*")) {
      std::string name = n.node().name();
      if (name == "w:t") text += n.node().text().get();
      if (name == "w:br") text += "\n";
    }
    out.push_back(text);
  }
  return out;
}

}  // namespace

TEST(Docx, FillsAPlaceholderInOneRun) {
  DocxTemplate t(docx_with("<w:p><w:r><w:t>案件编号：{{case_number}}。</w:t></w:r></w:p>"));
  auto out = t.fill({{{"case_number", "成纪案〔2026〕0001号"}}, {}});
  EXPECT_EQ(paragraphs(document_of(out)), std::vector<std::string>{"案件编号：成纪案〔2026〕0001号。"});
}

TEST(Docx, FillsAPlaceholderWordSplitAcrossRunsKeepingTheFirstRunsFormatting) {
  // As Word writes it after an edit: "{{", "person_" and "name}}" in three
  // runs, the first bold, a proofing mark between them.
  DocxTemplate t(docx_with(
      "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">被调查人 {{</w:t></w:r>"
      "<w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:i/></w:rPr><w:t>person_</w:t></w:r>"
      "<w:proofErr w:type=\"spellEnd\"/><w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t>name}}，男</w:t></w:r></w:p>"));
  EXPECT_EQ(t.placeholders(), (std::set<std::string>{"person_name"}));
  auto xml = document_of(t.fill({{{"person_name", "张三"}}, {}}));
  EXPECT_EQ(paragraphs(xml), std::vector<std::string>{"被调查人 张三，男"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto runs = doc.select_nodes("//w:r");
  ASSERT_EQ(runs.size(), 3u);
  // The value sits in the first (bold) run; the last run keeps its own tail.
  EXPECT_TRUE(runs[0].node().child("w:rPr").child("w:b"));
  EXPECT_STREQ(runs[0].node().child("w:t").text().get(), "被调查人 张三");
  EXPECT_STREQ(runs[1].node().child("w:t").text().get(), "");
  EXPECT_STREQ(runs[2].node().child("w:t").text().get(), "，男");
}

TEST(Docx, TwoSplitPlaceholdersInOneParagraph) {
  DocxTemplate t(docx_with("<w:p><w:r><w:t>{{a</w:t></w:r><w:r><w:t>}}与{</w:t></w:r><w:r><w:t>{b}</w:t></w:r>"
                           "<w:r><w:t>}</w:t></w:r></w:p>"));
  EXPECT_EQ(t.placeholders(), (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(paragraphs(document_of(t.fill({{{"a", "甲"}, {"b", "乙"}}, {}}))), std::vector<std::string>{"甲与乙"});
}

TEST(Docx, EscapesValuesAndDropsCharactersXmlCannotCarry) {
  DocxTemplate t(docx_with("<w:p><w:r><w:t>{{v}}</w:t></w:r></w:p>"));
  const std::string v = "<w:t>&\"'</w:t>]]>\x01\x0b";
  auto xml = document_of(t.fill({{{"v", v}}, {}}));
  EXPECT_EQ(xml.find("<w:t>&\""), std::string::npos);
  EXPECT_NE(xml.find("&lt;w:t&gt;&amp;"), std::string::npos);
  EXPECT_EQ(paragraphs(xml), std::vector<std::string>{"<w:t>&\"'</w:t>]]>"});
}

TEST(Docx, AValueIsInsertedOnceNeverExpandedAgain) {
  DocxTemplate t(docx_with("<w:p><w:r><w:t>{{a}}/{{b}}</w:t></w:r></w:p>"));
  EXPECT_EQ(paragraphs(document_of(t.fill({{{"a", "{{b}}"}, {"b", "x"}}, {}}))), std::vector<std::string>{"{{b}}/x"});
}

TEST(Docx, LineBreaksInAValueBecomeBreaks) {
  DocxTemplate t(docx_with("<w:p><w:r><w:t>{{facts}}</w:t></w:r></w:p>"));
  auto xml = document_of(t.fill({{{"facts", "第一行\n第二行"}}, {}}));
  EXPECT_NE(xml.find("<w:br"), std::string::npos);
  EXPECT_EQ(paragraphs(xml), std::vector<std::string>{"第一行\n第二行"});
}

TEST(Docx, RepeatsATableRowPerItem) {
  DocxTemplate t(docx_with(
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>名称</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>"
      "<w:tr><w:tc><w:p><w:r><w:t>{{items.</w:t></w:r><w:r><w:t>name}}</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>{{items.quantity}}（{{case_number}}）</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
      "<w:p><w:r><w:t>共 {{count}} 项</w:t></w:r></w:p>"));
  EXPECT_EQ(t.placeholders(), (std::set<std::string>{"items.name", "items.quantity", "case_number", "count"}));
  DocxData d;
  d.values = {{"case_number", "C1"}, {"count", "3"}};
  d.lists["items"] = {{{"name", "轿车"}, {"quantity", "1辆"}}, {{"name", "现金<5万>"}, {"quantity", "1笔"}},
                      {{"name", "账册"}}};
  auto xml = document_of(t.fill(d));
  EXPECT_EQ(paragraphs(xml), (std::vector<std::string>{"名称", "数量", "轿车", "1辆（C1）", "现金<5万>", "1笔（C1）",
                                                       "账册", "（C1）", "共 3 项"}));
}

TEST(Docx, AnEmptyListKeepsOneEmptyRow) {
  DocxTemplate t(docx_with("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{items.name}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"));
  auto xml = document_of(t.fill({}));
  EXPECT_EQ(paragraphs(xml), std::vector<std::string>{""});
}

TEST(Docx, FindsUnknownAndMalformedPlaceholders) {
  DocxTemplate t(docx_with("<w:p><w:r><w:t>{{ case_number }} {{bogus_</w:t></w:r><w:r><w:t>field}} {{两 个}}</w:t>"
                           "</w:r></w:p><w:p><w:r><w:t>{{not closed</w:t></w:r></w:p>"));
  EXPECT_EQ(t.placeholders(), (std::set<std::string>{"case_number", "bogus_field", "两 个"}));
}

TEST(Docx, KeepsTheOtherEntriesOfTheArchive) {
  auto src = zip_entries({{"[Content_Types].xml", "<Types/>"},
                          {"word/styles.xml", "<w:styles/>"},
                          {"word/document.xml", std::string(kHead) + "<w:p/>" + kTail}});
  auto out = unzip_entries(DocxTemplate(src).fill({}));
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(out.at("word/styles.xml"), "<w:styles/>");
}

TEST(Docx, RefusesWhatIsNotADocx) {
  EXPECT_THROW(DocxTemplate("plain text, not a zip"), DocxError);
  EXPECT_THROW(DocxTemplate(zip_entries({{"a.txt", "x"}})), DocxError);
  EXPECT_THROW(DocxTemplate(zip_entries({{"word/document.xml", "<w:document><unclosed>"}})), DocxError);
  EXPECT_THROW(DocxTemplate(""), DocxError);
}

TEST(Docx, SameEntriesGiveTheSameArchive) {
  std::vector<std::pair<std::string, std::string>> e{{"a.xml", "<a/>"}, {"b/c.xml", "<c/>"}};
  EXPECT_EQ(zip_entries(e), zip_entries(e));
}

TEST(Docx, IssuedNumbersHaveNoLeadingZeros) {
  EXPECT_EQ(funnel::core::issued_number("成纪", "立", 2026, 3), "成纪立〔2026〕3号");
  EXPECT_EQ(funnel::core::issued_number("文亭", "扣", 2027, 120), "文亭扣〔2027〕120号");
}

TEST(Docx, FillsHeadersAndFootersToo) {
  auto src = zip_entries({{"[Content_Types].xml", "<Types/>"},
                          {"word/document.xml", std::string(kHead) + "<w:p><w:r><w:t>{{a}}</w:t></w:r></w:p>" + kTail},
                          {"word/header1.xml",
                           R"(<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
                           "<w:p><w:r><w:t>{{doc_</w:t></w:r><w:r><w:t>number}}</w:t></w:r></w:p></w:hdr>"},
                          {"word/footer2.xml",
                           R"(<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
                           "<w:p><w:r><w:t>{{b}}</w:t></w:r></w:p></w:ftr>"},
                          {"word/styles.xml", "<w:styles>{{not_a_part}}</w:styles>"}});
  DocxTemplate t(src);
  EXPECT_EQ(t.placeholders(), (std::set<std::string>{"a", "doc_number", "b"}));
  auto out = unzip_entries(t.fill({{{"a", "甲"}, {"doc_number", "成纪立〔2026〕3号"}, {"b", "乙"}}, {}}));
  EXPECT_EQ(paragraphs(out.at("word/header1.xml")), std::vector<std::string>{"成纪立〔2026〕3号"});
  EXPECT_EQ(paragraphs(out.at("word/footer2.xml")), std::vector<std::string>{"乙"});
  EXPECT_EQ(paragraphs(out.at("word/document.xml")), std::vector<std::string>{"甲"});
  EXPECT_EQ(out.at("word/styles.xml"), "<w:styles>{{not_a_part}}</w:styles>");
  EXPECT_THROW(DocxTemplate(zip_entries({{"word/document.xml", std::string(kHead) + kTail}, {"word/footer1.xml", "<bad"}})),
               DocxError);
}
