#pragma once
// The one place where the services' typed views become JSON: every public
// member of a view (Boost.Describe, base classes included) under its own
// name; nested views, optionals (null; an empty Omitted left out) and
// vectors likewise, the rest through Boost.JSON's conversions. A view's shape
// is its struct, documented in docs/openapi.yaml and checked against real
// answers by tests/api/openapi.test.mjs.
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11.hpp>
#include <optional>
#include <type_traits>
#include <vector>

#include "app/views.hpp"
#include "http/json_io.hpp"

namespace funnel::http {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

template <class T>
struct is_omitted : std::false_type {};
template <class T>
struct is_omitted<app::Omitted<T>> : std::true_type {};

template <class T>
boost::json::value view_value(const T& v);

template <class T>
boost::json::object view_object(const T& v) {
  boost::json::object o;
  using Members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;
  boost::mp11::mp_for_each<Members>([&](auto m) {
    const auto& x = v.*m.pointer;
    if constexpr (is_omitted<std::remove_cvref_t<decltype(x)>>::value) {
      if (x) o[m.name] = view_value(*x);
    } else {
      o[m.name] = view_value(x);
    }
  });
  return o;
}

// Nested views go through view_object too: Boost.JSON 1.81's value_from
// leaves out the members of a described struct's bases.
template <class T>
boost::json::value view_value(const T& v) {
  if constexpr (boost::describe::has_describe_members<T>::value) {
    return view_object(v);
  } else if constexpr (is_optional<T>::value) {
    return v ? view_value(*v) : boost::json::value(nullptr);
  } else if constexpr (is_vector<T>::value) {
    boost::json::array out;
    out.reserve(v.size());
    for (const auto& x : v) out.push_back(view_value(x));
    return out;
  } else {
    return boost::json::value_from(v);
  }
}

template <class T>
Response view_response(int status, const T& v) {
  return json_response(status, view_object(v));
}

template <class T>
Response view_response(int status, const app::PageOf<T>& page) {
  return json_response(status, boost::json::object{{"items", view_value(page.items)}, {"total", page.total}});
}

template <class T>
Response view_response(int status, const app::ListOf<T>& list) {
  return json_response(status, boost::json::object{{"items", view_value(list.items)}});
}

}  // namespace funnel::http
