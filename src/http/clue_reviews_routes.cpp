// /api/v1/clue-reviews: 集体排查 (CL-5)
#include <boost/json.hpp>
#include "app/clue_reviews.hpp"
#include "core/clue.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

void add_clue_reviews_routes(Router& r, app::ClueReviewService* s) {
  r.add("GET", "/api/v1/clue-reviews", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_clue_reviews(c.who(), c.page())); });
  r.add("POST", "/api/v1/clue-reviews", "clue:dispatch|clue:handle", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::ClueReviewInput v;
    v.held_day = in.str("held_day", 10);
    v.title = in.str("title", 100);
    v.attendees = in.str("attendees", 1000);
    v.note = in.opt_str("note", 5000);
    for (auto& i : in.obj_list("items", 200)) {
      app::ClueReviewInput::Item item;
      item.clue_id = i.id("clue_id");
      item.decision = i.str("decision", 32);
      item.note = i.opt_str("note", 1000);
      i.done();
      v.items.push_back(item);
    }
    in.done();
    return view_response(201, s->add_clue_review(c.who(), v));
  });
  r.add("GET", "/api/v1/clue-reviews/{id}", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_clue_review(c.who(), c.id_param())); });

}

}  // namespace funnel::http
