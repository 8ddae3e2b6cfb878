#include "core/log.hpp"

#include <chrono>
#include <cstdio>

#include "hub/broker.hpp"

namespace hubd {

void log_line(std::string_view level, std::string_view event, const nlohmann::json& fields) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  nlohmann::ordered_json line = {{"ts", iso8601(now)}, {"level", level}, {"event", event}};
  if (fields.is_object()) {
    for (const auto& [k, v] : fields.items()) line[k] = v;
  }
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace hubd
