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
#include "store/guidance_repo.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::http {

store::ClueFilter read_clue_filter(Ctx& c);
store::PetitionFilter read_petition_filter(Ctx& c);
// township_id, kind, year (the guidance list and 联系指导台账).
store::GuidanceFilter read_guidance_filter(Ctx& c);
class JsonIn;
// A reported person (an object of "persons", a case's "person").
app::ReportedInput read_person(JsonIn& in);
// The reported persons of a petition or a clue ("persons": [...]).
std::vector<app::ReportedInput> read_persons(JsonIn& in);
std::string q_month(Ctx& c);  // YYYY-MM, required
std::optional<long long> q_date(Ctx& c, const char* name);  // YYYY-MM-DD as ms, optional

}  // namespace funnel::http
