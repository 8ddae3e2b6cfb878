#include "net/sse.hpp"

namespace hubd {
namespace {

bool valid_chars(std::string_view s, bool upper_ok, std::string_view extra) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    (upper_ok && c >= 'A' && c <= 'Z') || extra.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool is_valid_topic(std::string_view topic) { return valid_chars(topic, false, "._:-"); }

bool is_valid_id(std::string_view id) { return valid_chars(id, true, "._:@-"); }

std::string format_event(std::string_view id, std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(data.size() + id.size() + event.size() + 24);
  if (!id.empty()) out.append("id: ").append(id).push_back('\n');
  if (!event.empty()) out.append("event: ").append(event).push_back('\n');
  out.append("data: ");
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      out.append("\ndata: ");
    } else {
      out.push_back(c);
    }
  }
  out.append("\n\n");
  return out;
}

std::string format_comment(std::string_view text) {
  std::string out = ": ";
  for (char c : text) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  out.append("\n\n");
  return out;
}

std::string format_retry(std::uint64_t milliseconds) {
  return "retry: " + std::to_string(milliseconds) + "\n\n";
}

}  // namespace hubd
