#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace funnel::core {

// Password policy (SY-2): at least 8 characters, at least 3 of the 4 classes
// lower case, upper case, digit, other; not the username. Returns the reason
// when the password is refused.
std::optional<std::string> password_problem(std::string_view password, std::string_view username);

// Username shape: ^[a-z][a-z0-9_]{2,31}$
bool valid_username(std::string_view u);

}  // namespace funnel::core
