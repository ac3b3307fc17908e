#include "store/clue_reviews_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

long long insert_clue_review(Tx& tx, const ClueReview& r) {
  return Query(tx)
      .use(r.county_id)
      .use(r.org_id)
      .use(r.held_day)
      .use(r.title)
      .use(r.attendees)
      .use(r.note)
      .use(r.created_by)
      .use(r.created_by_name)
      .use(tx.now)
      .insert(
          "INSERT INTO clue_reviews (county_id, org_id, held_day, title, attendees, note, created_by, "
          "created_by_name, created_at) VALUES (:c, :o, :h, :t, :a, :n, :u, :un, :at)");
}

void insert_clue_review_item(Tx& tx, const ClueReviewItem& i) {
  Query(tx)
      .use(i.review_id)
      .use(i.clue_id)
      .use(i.decision)
      .use(i.note)
      .run("INSERT INTO clue_review_items (review_id, clue_id, decision, note) VALUES (:r, :c, :d, :n)", false);
}

namespace {
std::string review_scope(const core::Scope& s, Params& p) {
  using core::DataScope;
  if (s.unrestricted) return "";
  if (s.kind == DataScope::County) return " AND v.county_id = " + p.add(s.county_id);
  if (s.kind == DataScope::None) return " AND 1=0";
  return " AND v.county_id = " + p.add(s.county_id) + " AND v.org_id = " + p.add(s.org_id);
}
const char* kReviewCols =
    "v.id, v.county_id, v.org_id, v.held_day, v.title, v.attendees, v.note, v.created_by, v.created_by_name, "
    "v.created_at, o.name, (SELECT COUNT(*) FROM clue_review_items i WHERE i.review_id = v.id) "
    "FROM clue_reviews v JOIN org_units o ON o.id = v.org_id";

std::vector<ClueReview> select_reviews(Tx& tx, const std::string& sql, Params& p) {
  std::vector<ClueReview> out;
  ClueReview r;
  Query st(tx);
  st.into(r.id).into(r.county_id).into(r.org_id).into(r.held_day).into(r.title).into(r.attendees).into(r.note);
  st.into(r.created_by).into(r.created_by_name).into(r.created_at).into(r.org_name).into(r.item_count);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

std::vector<ClueReviewItem> select_items(Tx& tx, const std::string& where, long long id) {
  std::vector<ClueReviewItem> out;
  ClueReviewItem i;
  Query st(tx);
  st.into(i.review_id).into(i.clue_id).into(i.decision).into(i.note).into(i.number).into(i.summary);
  st.into(i.held_day);
  st.use(id);
  st.run(
      "SELECT i.review_id, i.clue_id, i.decision, i.note, c.number, c.summary, v.held_day FROM clue_review_items i "
      "JOIN clues c ON c.id = i.clue_id JOIN clue_reviews v ON v.id = i.review_id WHERE " +
          where + " ORDER BY v.held_day, i.review_id, c.id",
      false);
  while (st.fetch()) out.push_back(i);
  return out;
}
}  // namespace

std::vector<ClueReview> list_clue_reviews(Tx& tx, const core::Scope& scope, const core::Page& page, long long* total) {
  Params p;
  std::string where = " WHERE 1=1" + review_scope(scope, p);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM clue_reviews v" + where, pc);
  }
  return select_reviews(tx,
                        std::string("SELECT ") + kReviewCols + where + " ORDER BY v.held_day DESC, v.id DESC LIMIT " +
                            p.add(page.page_size) + " OFFSET " + p.add(page.offset()),
                        p);
}

std::optional<ClueReview> find_clue_review(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  auto rows = select_reviews(
      tx, std::string("SELECT ") + kReviewCols + " WHERE v.id = " + p.add(id) + review_scope(scope, p), p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ClueReviewItem> clue_review_items(Tx& tx, long long review_id) {
  return select_items(tx, "i.review_id = :r", review_id);
}

std::vector<ClueReviewItem> clue_reviews_of(Tx& tx, long long clue_id) {
  return select_items(tx, "i.clue_id = :c", clue_id);
}

}  // namespace funnel::store
