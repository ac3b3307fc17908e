#pragma once
// The one place where the services' typed views become JSON: every public
// member of a view (Boost.Describe, base classes included) under its own
// name; nested views, optionals (null) and vectors through Boost.JSON's
// conversions. A view's shape is its struct, documented in docs/openapi.yaml
// and checked against real answers by tests/api/openapi.test.mjs.
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11.hpp>

#include "app/views.hpp"
#include "http/json_io.hpp"

namespace funnel::http {

template <class T>
boost::json::object view_object(const T& v) {
  boost::json::object o;
  using Members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;
  boost::mp11::mp_for_each<Members>([&](auto m) { o[m.name] = boost::json::value_from(v.*m.pointer); });
  return o;
}

template <class T>
Response view_response(int status, const T& v) {
  return json_response(status, view_object(v));
}

template <class T>
Response view_response(int status, const app::PageOf<T>& page) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& v : page.items) items.push_back(view_object(v));
  return json_response(status, boost::json::object{{"items", std::move(items)}, {"total", page.total}});
}

}  // namespace funnel::http
