// The CJK tokenizer (bigrams + unigrams) and full-text search of petitions on
// the backend chosen by FUNNEL_TEST_PG: 2-character words must be found.
#include <gtest/gtest.h>

#include "search/cjk.hpp"
#include "search/minhash.hpp"
#include "store/org_repo.hpp"
#include "store/petition_repo.hpp"
#include "store/user_repo.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;

TEST(SearchCjk, DocumentTokensAreBigramsWithColocatedUnigrams) {
  auto t = search::document_tokens("扶贫款, ABC12 低");
  std::vector<std::string> text;
  std::vector<int> pos;
  std::vector<bool> col;
  for (auto& x : t) {
    text.push_back(x.text);
    pos.push_back(x.position);
    col.push_back(x.colocated);
  }
  EXPECT_EQ(text, (std::vector<std::string>{"扶贫", "扶", "贫款", "贫", "款", "abc12", "低"}));
  EXPECT_EQ(pos, (std::vector<int>{0, 0, 1, 1, 2, 3, 4}));
  EXPECT_EQ(col, (std::vector<bool>{false, true, false, true, false, false, false}));
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 6u);  // two 3-byte characters
}

TEST(SearchCjk, QueriesArePhrasesOfBigrams) {
  EXPECT_EQ(search::query_groups("宅基地"), (std::vector<std::vector<std::string>>{{"宅基", "基地"}}));
  EXPECT_EQ(search::query_groups("低保"), (std::vector<std::vector<std::string>>{{"低保"}}));
  EXPECT_EQ(search::query_groups("贫 X9"), (std::vector<std::vector<std::string>>{{"贫"}, {"x9"}}));
  EXPECT_TRUE(search::query_groups("，。!?").empty());
  EXPECT_EQ(search::fts5_query("宅基地 低保"), "\"宅基地\" \"低保\"");
  EXPECT_EQ(search::fts5_query("\" OR *"), "\"or\"");  // no way to inject FTS5 syntax
  EXPECT_EQ(search::pg_query("宅基地 低保"), "('宅基' <-> '基地') & '低保'");
  EXPECT_EQ(search::pg_query("'; drop"), "'drop'");
  EXPECT_EQ(search::pg_document("扶贫款"), "扶贫 贫款 扶 贫 款");
  // Invalid UTF-8 separates, never crashes.
  EXPECT_EQ(search::query_groups(std::string("扶\xff贫")), (std::vector<std::vector<std::string>>{{"扶"}, {"贫"}}));
}

namespace {
long long petition(store::Tx& tx, long long county, long long user, int seq, const std::string& summary,
                   const std::string& content, const std::string& persons) {
  core::Petition p;
  p.county_id = county;
  p.intake_org_id = county;
  p.number_org_id = county;
  p.year = 2026;
  p.seq = seq;
  p.number = "测信〔2026〕" + std::to_string(1000 + seq) + "号";
  p.channel = "letter";
  p.type = "accusation";
  p.state = "registered";
  p.summary = summary;
  p.content = content;
  p.category = "mass";
  p.received_day = "2026-11-01";
  p.proposed_jurisdiction = p.jurisdiction = "township";
  p.first_handler_id = p.registered_by = user;
  long long id = store::insert_petition(tx, p);
  store::index_petition_text(tx, id, p.county_id, summary, content, persons);
  return id;
}
}  // namespace

TEST(StoreSearch, TwoCharacterWordsAreFoundOnThisBackend) {
  TestDb t;
  std::vector<long long> ids;
  core::Scope scope;
  t.db().write([&](store::Tx& tx) {
    core::OrgUnit c;
    c.kind = c.category = "county";
    c.name = "测试县纪委监委";
    c.short_name = "测";
    long long county = store::insert_org(tx, c);
    c.id = county;
    c.county_id = county;
    store::update_org(tx, c);
    core::User u;
    u.username = "search_user";
    u.display_name = "检索";
    u.role = "petition_office";
    u.data_scope = "county";
    u.status = "active";
    u.password_hash = "x";
    long long user = store::insert_user(tx, u);
    ids.push_back(petition(tx, county, user, 1, "反映扶贫资金被截留", "村干部截留扶贫款。", "张三 东关村"));
    ids.push_back(petition(tx, county, user, 2, "低保评定不公", "低保户名单优亲厚友。", "李四 西关村"));
    ids.push_back(petition(tx, county, user, 3, "宅基地审批违规", "违规审批宅基地给亲属。", "王五 南关村"));
    ids.push_back(petition(tx, county, user, 4, "基地建设", "产业基地宅院改造。", "赵六 北关村"));
    scope.kind = core::DataScope::County;
    scope.county_id = county;
  });
  auto find = [&](const std::string& q) {
    store::PetitionFilter f;
    f.q = q;
    std::vector<long long> out;
    t.db().read([&](store::Tx& tx) {
      for (auto& p : store::list_petitions(tx, scope, f, core::Page{1, 50}, nullptr)) out.push_back(p.id);
    });
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(find("扶贫"), (std::vector<long long>{ids[0]}));
  EXPECT_EQ(find("低保"), (std::vector<long long>{ids[1]}));
  // A phrase: 宅基地 is in #3 only; #4 holds 基地 and 宅 but not 宅基地.
  EXPECT_EQ(find("宅基地"), (std::vector<long long>{ids[2]}));
  EXPECT_EQ(find("基地"), (std::vector<long long>{ids[2], ids[3]}));
  EXPECT_EQ(find("李四"), (std::vector<long long>{ids[1]}));  // reported persons
  EXPECT_EQ(find("扶贫 张三"), (std::vector<long long>{ids[0]}));
  EXPECT_EQ(find("扶贫 李四"), (std::vector<long long>{}));
  EXPECT_EQ(find("1003"), (std::vector<long long>{ids[2]}));  // number substring
  EXPECT_EQ(find("\" OR 1=1 --"), (std::vector<long long>{}));
  // Outside the scope nothing is found.
  core::Scope other = scope;
  other.county_id = scope.county_id + 999;
  store::PetitionFilter f;
  f.q = "扶贫";
  t.db().read([&](store::Tx& tx) { EXPECT_TRUE(store::list_petitions(tx, other, f, core::Page{1, 50}, nullptr).empty()); });
}

TEST(SearchMinHash, NearDuplicatesScoreHighAndShareABand) {
  const std::string a = "反映东关社区主任王守田在2025年低保评定中优亲厚友，截留困难群众低保金，请求查处。";
  const std::string b = "反映东关社区主任王守田在2025年低保评定中优亲厚友，截留困难群众低保金，请求依法查处！";
  const std::string c = "举报某镇财政所长违规报销差旅费，并用公款购买烟酒送礼。";
  auto sa = search::minhash(a), sb = search::minhash(b), sc = search::minhash(c);
  ASSERT_EQ(sa.size(), static_cast<std::size_t>(search::kMinHashes));
  EXPECT_EQ(search::similarity(sa, search::minhash(a)), 1.0);
  EXPECT_GE(search::similarity(sa, sb), 0.7);
  EXPECT_LT(search::similarity(sa, sc), 0.2);
  // Punctuation and spacing do not matter.
  EXPECT_EQ(search::similarity(sa, search::minhash("反映 东关社区主任王守田在2025年低保评定中优亲厚友 截留困难群众低保金 请求查处")), 1.0);
  auto ka = search::band_keys(sa), kb = search::band_keys(sb), kc = search::band_keys(sc);
  ASSERT_EQ(ka.size(), static_cast<std::size_t>(search::kBands));
  int shared = 0, shared_c = 0;
  for (std::size_t i = 0; i < ka.size(); ++i) {
    shared += ka[i] == kb[i];
    shared_c += ka[i] == kc[i];
  }
  EXPECT_GE(shared, 1);
  EXPECT_EQ(shared_c, 0);
  EXPECT_EQ(search::decode(search::encode(sa)), sa);
  EXPECT_TRUE(search::decode("xyz").empty());
  // The encoded comparison agrees with the decoded one.
  const auto sb2 = search::minhash("反映东关社区主任在低保评定中优亲厚友，截留低保金");
  EXPECT_DOUBLE_EQ(search::similarity_encoded(search::encode(sa), search::encode(sb2)), search::similarity(sa, sb2));
  EXPECT_DOUBLE_EQ(search::similarity_encoded(search::encode(sa), search::encode(sa)), 1.0);
  EXPECT_EQ(search::similarity_encoded(search::encode(sa), ""), 0.0);
  EXPECT_EQ(search::similarity_encoded("", ""), 0.0);
  EXPECT_TRUE(search::minhash("，。！").empty());
  EXPECT_EQ(search::minhash("低保").size(), static_cast<std::size_t>(search::kMinHashes));  // shorter than a shingle
}

TEST(SearchMinHash, PairsFromHalfSimilarShareABand) {
  // A rewrite that keeps about 60 % of the shingles must still be a candidate.
  const std::string a = "反映汶上村会计孙某某长期挪用村集体土地流转收入，账目不公开，群众多次要求公示未果。";
  const std::string b = "反映汶上村会计孙某某挪用村集体土地流转收入，账目从不公开，群众多次要求公示一直没有结果。";
  auto sa = search::minhash(a), sb = search::minhash(b);
  double sim = search::similarity(sa, sb);
  EXPECT_GE(sim, 0.4);
  EXPECT_LE(sim, 0.8);
  auto ka = search::band_keys(sa), kb = search::band_keys(sb);
  int shared = 0;
  for (std::size_t i = 0; i < ka.size(); ++i) shared += ka[i] == kb[i];
  EXPECT_GE(shared, 1) << "similarity " << sim;
}
