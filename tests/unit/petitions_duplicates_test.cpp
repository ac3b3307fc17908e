// Issue 26: the petition detail reads near-duplicates from the pairs kept
// since registration (store::near_duplicates) instead of an LSH lookup over
// the reader's scope on every read. On the demo county (funnel demo), for
// every account and every petition it may open, the detail is compared with
// that lookup (band_candidates in the scope: each band's newest 40, the 50
// sharing the most bands, kept from the threshold on, most similar first
// then newest, ten at most) and with the truth: the ten most similar of all
// the petitions in the scope, by brute force.
//
// The demo is crowded (2,000 petitions from a few templates): the lookup's
// caps drop older close items for newer ones, so it is not the truth in
// about one detail in ten, and no bounded store of pairs can reproduce its
// misses (they depend on the band postings of items that are no duplicate).
// The stored pairs are compared with the truth instead and must be at least
// as right as the lookup. Measured 2026-12-07: 13,873 details; stored =
// truth in 13,837, lookup = truth in 12,412; stored = lookup in 12,442
// (every petition; the test reads every third).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "search/minhash.hpp"
#include "store/petitions_repo.hpp"
#include "tools/tools.hpp"
#include "store/query.hpp"
#include "test_db.hpp"

using namespace funnel;
using funnel::testing::TestDb;
namespace json = boost::json;

namespace {
std::vector<long long> ids_of(store::Db& db, const char* sql) {
  return db.read([&](store::Tx& tx) {
    std::vector<long long> out;
    long long id = 0;
    store::Query st(tx);
    st.into(id);
    st.run(sql, false);
    while (st.fetch()) out.push_back(id);
    return out;
  });
}

// The detail's duplicates before issue 26 (similar_json): (id, similarity
// rounded as shown).
std::vector<std::pair<long long, double>> lookup(store::Db& db, const core::Scope& scope, long long id) {
  return db.read([&](store::Tx& tx) {
    std::vector<std::pair<long long, double>> out;
    auto mine = store::signature_of(tx, id);
    if (!mine) return out;
    std::vector<long long> bands;
    for (auto b : search::band_keys(search::decode(*mine))) bands.push_back(b);
    std::vector<std::pair<double, long long>> found;
    for (auto& c : store::band_candidates(tx, scope, bands, id, 50))
      if (double s = search::similarity_encoded(*mine, c.signature); s >= search::kNearDuplicate) found.push_back({s, c.id});
    std::stable_sort(found.begin(), found.end(), [](auto& x, auto& y) { return x.first > y.first; });
    for (std::size_t i = 0; i < found.size() && i < 10; ++i)
      out.emplace_back(found[i].second, std::round(found[i].first * 100) / 100);
    return out;
  });
}
// The truth: the ten most similar of every petition in the scope's county
// the scope shows, from the threshold on (most similar first, then newest).
std::vector<std::pair<long long, double>> brute_force(store::Db& db, const core::Scope& scope, long long id) {
  return db.read([&](store::Tx& tx) {
    std::vector<std::pair<long long, double>> out;
    auto mine = store::signature_of(tx, id);
    if (!mine) return out;
    store::Params p;
    const std::string sql =
        "SELECT p.id, s.signature FROM petitions p JOIN petition_signatures s ON s.petition_id = p.id WHERE p.id <> " +
        p.add(id) + " AND p.county_id = " + p.add(scope.county_id) + store::petition_scope(scope, p);
    std::vector<std::pair<double, long long>> all;
    long long other = 0;
    std::string sig;
    store::Query st(tx);
    st.into(other).into(sig);
    st.run(p, sql, false);
    while (st.fetch())
      if (double s = search::similarity_encoded(*mine, sig); s >= search::kNearDuplicate) all.push_back({s, other});
    std::sort(all.begin(), all.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second > y.second; });
    for (std::size_t i = 0; i < all.size() && i < 10; ++i) out.emplace_back(all[i].second, std::round(all[i].first * 100) / 100);
    return out;
  });
}

int common(const std::vector<std::pair<long long, double>>& a, const std::vector<std::pair<long long, double>>& b) {
  int n = 0;
  for (auto& x : a)
    for (auto& y : b) n += x.first == y.first;
  return n;
}
}  // namespace

TEST(PetitionDuplicates, DemoReadersSeeTheClosestInScopeAtLeastAsOftenAsWithTheLookup) {
  TestDb t;
  t.app().auth.create_initial_admins(std::string("Init-Pass-2026"));
  tools::load_demo(t.app(), std::string("Demo-Pass-2026!"));
  const auto users = ids_of(t.db(), "SELECT id FROM users ORDER BY id");
  const auto petitions = ids_of(t.db(), "SELECT id FROM petitions ORDER BY id");
  ASSERT_GT(petitions.size(), 20u);
  int compared = 0, with_duplicates = 0, same = 0, stored_truth = 0, old_truth = 0, truth_n = 0, stored_exact = 0, old_exact = 0;
  for (long long uid : users) {
    const auto actor = t.app().auth.actor_for(uid);
    for (std::size_t n = 0; n < petitions.size(); n += 3) {  // a third keeps the suite short
      const long long pid = petitions[n];
      app::PetitionDetail detail;
      try {
        detail = t.app().petitions.get_petition(actor, pid);
      } catch (const Error& e) {
        ASSERT_TRUE(e.status() == 403 || e.status() == 404) << e.what();
        continue;  // not the reader's to open: nothing to compare
      }
      std::vector<std::pair<long long, double>> shown;
      for (auto& d : detail.duplicates.value_or(std::vector<app::DuplicateCandidateView>{}))
        shown.emplace_back(d.id, d.similarity);
      auto old = lookup(t.db(), actor.scope, pid);
      auto truth = brute_force(t.db(), actor.scope, pid);
      same += shown == old;
      stored_exact += shown == truth;
      old_exact += old == truth;
      stored_truth += common(shown, truth);
      old_truth += common(old, truth);
      truth_n += static_cast<int>(truth.size());
      ++compared;
      with_duplicates += !shown.empty();
    }
  }
  // The demo has near-duplicates to show, to several readers.
  EXPECT_GT(compared, 100);
  EXPECT_GT(with_duplicates, 5);
  std::cout << compared << " details compared, " << with_duplicates << " with near-duplicates; same as lookup " << same
            << "; of the true top-10 entries (" << truth_n << ") stored has " << stored_truth << ", lookup has " << old_truth
            << "; exactly the true top 10: stored " << stored_exact << ", lookup " << old_exact << "\n";
  // At least as right as the lookup, and right in 99.5 % of the details.
  EXPECT_GE(stored_exact, old_exact);
  EXPECT_GE(stored_truth, old_truth);
  EXPECT_GE(stored_exact * 1000, compared * 995);
}
