// Structured logs: one JSON object per line on stderr. Never pass credentials here.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace hubd {

// Writes {"ts":..., "level":..., "event":..., ...fields} and flushes.
void log_line(std::string_view level, std::string_view event, const nlohmann::json& fields = {});

}  // namespace hubd
