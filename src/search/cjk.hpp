#pragma once
// The one CJK tokenizer of both backends (engineering.md): Chinese runs are
// indexed as overlapping bigrams with their unigrams, so that 2-character
// words (扶贫, 低保) are found — FTS5's trigram and ICU word breaks miss them.
// ASCII letters and digits form lower-cased words. Pure: no I/O.
#include <string>
#include <string_view>
#include <vector>

namespace funnel::search {

struct Token {
  std::string text;
  int position = 0;
  bool colocated = false;  // same position as the previous token (a unigram under its bigram)
  std::size_t begin = 0, end = 0;  // byte offsets in the input
};

// Document side: for a run ABC → AB(0) A(0*) BC(1) B(1*) C(2); words as one token.
std::vector<Token> document_tokens(std::string_view text);

// Query side: one group per Chinese run or word. A run of n ≥ 2 characters
// becomes its n−1 bigrams, to be matched as a phrase; one character stays a unigram.
std::vector<std::vector<std::string>> query_groups(std::string_view query);

// PostgreSQL: the text for to_tsvector('simple', …): the bigrams of every run
// in order (phrases match with <->), then the unigrams and words.
std::string pg_document(std::string_view text);
// to_tsquery('simple', …) text, or empty when the query has no token.
std::string pg_query(std::string_view query);
// SQLite FTS5 MATCH text (phrases, AND-ed), or empty when no token. With a
// partition (fts5_partition), every phrase is that partition's: its tokens
// are matched only against text indexed under the same partition.
std::string fts5_query(std::string_view query, std::string_view partition = {});

// SQLite's search index is partitioned by county: each column's text starts
// with a marker "\x1F<partition>\x1F" and the tokenizer indexes every token as
// "<partition>:<token>", so a county's search reads that county's postings
// only (a common word's postings across a province are 100 times longer).
// A phrase starting with the marker is tokenized the same way.
std::string fts5_partition(long long county_id);      // "c12"
std::string fts5_marked(std::string_view partition);  // "\x1Fc12\x1F"

}  // namespace funnel::search
