// Small HTTP helpers: percent-decoding and query strings.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hubd {

// %XX sequences decoded; `plus_is_space` for query strings. nullopt on a broken escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space = false);

// The query part of a request target as name → value (the last value wins).
// nullopt when an escape is broken.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view target);

// The path part of a request target.
std::string_view target_path(std::string_view target);

}  // namespace hubd
