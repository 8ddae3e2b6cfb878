#include "core/log.hpp"

#include <cstdio>

#include "core/clock.hpp"

namespace hubd {

void log_line(std::string_view level, std::string_view event, const nlohmann::json& fields) {
  nlohmann::ordered_json line = {{"ts", iso8601(now_ms())}, {"level", level}, {"event", event}};
  if (fields.is_object()) {
    for (const auto& [k, v] : fields.items()) line[k] = v;
  }
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace hubd
