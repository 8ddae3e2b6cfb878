// Wall-clock time, read in one place. Units below take `now` as an argument where they can.
#pragma once

#include <cstdint>
#include <string>

namespace hubd {

// Milliseconds since the Unix epoch.
std::int64_t now_ms();

// ISO 8601 UTC with milliseconds, e.g. 2025-11-03T12:00:00.123Z.
std::string iso8601(std::int64_t epoch_ms);

}  // namespace hubd
