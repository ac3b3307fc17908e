#pragma once
// JSON views shared by the API and the audit details. Confidential fields
// (password hashes, tokens) are never part of a view.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/audit.hpp"
#include "core/deadline.hpp"
#include "core/model.hpp"

namespace funnel::app {

class Kernel;

boost::json::object to_json(const core::OrgUnit& o);
boost::json::object to_json(const core::User& u);
boost::json::object to_json(const core::Session& s);
boost::json::object to_json(const core::LoginAttempt& a);
boost::json::object to_json(const core::AuditRecord& r);
// null for an empty optional; times as ISO 8601 UTC.
boost::json::value opt(const std::optional<long long>& v);
boost::json::value opt(const std::optional<std::string>& v);
boost::json::value opt_time(const std::optional<long long>& v);
// The one deadline shape of every entity's view: null without a clock, else
// the limit (with its label and basis from data/time-limits.json), start,
// due day, working days left, extensions, status and whether it is provisional.
boost::json::value deadline_json(const Kernel& k, const std::optional<core::Deadline>& d);
// {"field": [before, after]} for the fields that differ (audit details).
boost::json::object diff_fields(const boost::json::object& before, const boost::json::object& after);

}  // namespace funnel::app
