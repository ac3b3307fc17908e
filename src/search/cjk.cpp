#include "search/cjk.hpp"

namespace funnel::search {

namespace {

// Decodes one UTF-8 code point at s[i]; invalid bytes come back as U+FFFD, one byte long.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  if (c < 0x80) {
    len = 1;
    return c;
  }
  if ((c & 0xE0) == 0xC0 && cont(1)) {
    len = 2;
    return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    len = 3;
    return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    len = 4;
    return ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
  }
  len = 1;
  return 0xFFFD;
}

bool is_cjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

bool is_word(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Piece {
  bool cjk;
  std::vector<std::pair<std::size_t, std::size_t>> chars;  // byte [begin, end) of each character
};

// Splits text into Chinese runs and ASCII words; everything else separates.
std::vector<Piece> pieces(std::string_view s) {
  std::vector<Piece> out;
  std::size_t i = 0;
  int kind = 0;  // 0 none, 1 cjk, 2 word
  while (i < s.size()) {
    std::size_t len = 1;
    char32_t c = decode(s, i, len);
    int k = is_cjk(c) ? 1 : is_word(c) ? 2 : 0;
    if (k != 0) {
      if (k != kind) out.push_back({k == 1, {}});
      out.back().chars.push_back({i, i + len});
    }
    kind = k;
    i += len;
  }
  return out;
}

std::string word_text(std::string_view s, const Piece& p) {
  std::string w(s.substr(p.chars.front().first, p.chars.back().second - p.chars.front().first));
  for (auto& ch : w)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return w;
}

std::string sub(std::string_view s, std::size_t b, std::size_t e) { return std::string(s.substr(b, e - b)); }

}  // namespace

std::vector<Token> document_tokens(std::string_view s) {
  std::vector<Token> out;
  int pos = 0;
  for (const auto& p : pieces(s)) {
    if (!p.cjk) {
      auto b = p.chars.front().first, e = p.chars.back().second;
      out.push_back({word_text(s, p), pos++, false, b, e});
      continue;
    }
    for (std::size_t k = 0; k < p.chars.size(); ++k) {
      auto [b, e] = p.chars[k];
      if (k + 1 < p.chars.size()) {
        auto e2 = p.chars[k + 1].second;
        out.push_back({sub(s, b, e2), pos, false, b, e2});
        out.push_back({sub(s, b, e), pos, true, b, e});
      } else {
        out.push_back({sub(s, b, e), pos, false, b, e});
      }
      ++pos;
    }
  }
  return out;
}

std::vector<std::vector<std::string>> query_groups(std::string_view s) {
  std::vector<std::vector<std::string>> out;
  for (const auto& p : pieces(s)) {
    std::vector<std::string> g;
    if (!p.cjk) {
      g.push_back(word_text(s, p));
    } else if (p.chars.size() == 1) {
      g.push_back(sub(s, p.chars[0].first, p.chars[0].second));
    } else {
      for (std::size_t k = 0; k + 1 < p.chars.size(); ++k) g.push_back(sub(s, p.chars[k].first, p.chars[k + 1].second));
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::string pg_document(std::string_view s) {
  std::string bigrams, rest;
  for (const auto& t : document_tokens(s)) {
    bool bigram = !t.colocated && t.text.size() > 4 && !is_word(static_cast<unsigned char>(t.text[0]));
    // A unigram under a bigram, a run's last character, or a word.
    std::string& into = bigram ? bigrams : rest;
    if (!into.empty()) into += ' ';
    into += t.text;
  }
  if (bigrams.empty()) return rest;
  return rest.empty() ? bigrams : bigrams + " " + rest;
}

std::string pg_query(std::string_view s) {
  std::string out;
  for (const auto& g : query_groups(s)) {
    std::string phrase;
    for (const auto& t : g) phrase += (phrase.empty() ? "'" : " <-> '") + t + "'";
    out += (out.empty() ? "" : " & ") + (g.size() > 1 ? "(" + phrase + ")" : phrase);
  }
  return out;
}

std::string fts5_partition(long long county_id) { return "c" + std::to_string(county_id); }
std::string fts5_marked(std::string_view partition) { return "\x1F" + std::string(partition) + "\x1F"; }

std::string fts5_query(std::string_view s, std::string_view partition) {
  const std::string marker = partition.empty() ? "" : fts5_marked(partition);
  std::string out;
  for (const auto& p : pieces(s)) {
    // Each piece is a phrase that FTS5 re-tokenizes with our tokenizer in
    // query mode; pieces hold only letters, digits and Chinese, so no quotes.
    std::string text = p.cjk ? sub(s, p.chars.front().first, p.chars.back().second) : word_text(s, p);
    out += (out.empty() ? "\"" : " \"") + marker + text + "\"";
  }
  return out;
}

}  // namespace funnel::search
