#pragma once
// Query parameters shared by a list and its ledger (the same filters), and
// the month and date values several routes take; 400 naming the parameter.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/persons.hpp"
#include "app/views.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "store/clues_repo.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::http {

store::ClueFilter read_clue_filter(Ctx& c);
store::PetitionFilter read_petition_filter(Ctx& c);
class JsonIn;
// The reported persons of a petition or a clue ("persons": [...]).
std::vector<app::ReportedInput> read_persons(JsonIn& in);
std::string q_month(Ctx& c);  // YYYY-MM, required
std::optional<long long> q_date(Ctx& c, const char* name);  // YYYY-MM-DD as ms, optional

// {"items": [...], "total": n} of the views of v.
template <class T>
Response page_json(const std::vector<T>& v, long long total) {
  boost::json::array items;
  for (auto& x : v) items.push_back(app::to_json(x));
  return json_response(200, boost::json::object{{"items", items}, {"total", total}});
}

}  // namespace funnel::http
