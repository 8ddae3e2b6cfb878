#include "sequences.hpp"

#include <charconv>

#include "cold.hpp"
#include "ssehub/json_scan.hpp"

namespace ssehub {

SSEHUB_COLD std::optional<Snapshot> Snapshot::read(std::string_view data, std::string& scratch) {
  std::optional<std::string_view> topic;
  std::optional<std::uint64_t> sequence;
  std::string_view items;
  const bool ok = json::for_each_member(data, [&](std::string_view key, std::string_view value) {
    if (json::key_is(key, "topic")) topic = json::string_value(value, scratch);
    if (json::key_is(key, "sequence")) sequence = read_sequence(value);
    if (json::key_is(key, "items")) items = value;
    return true;
  });
  if (!ok || !topic || !sequence || items.empty() || items.front() != '[') return std::nullopt;
  return Snapshot{*topic, *sequence, items};
}

SSEHUB_COLD std::string_view Snapshot::items_for(std::string_view resource,
                                                 std::string& out) const {
  if (resource.empty()) return items;
  out.clear();
  out += '[';
  std::string scratch;
  json::for_each_element(items, [&](std::string_view item) {
    bool mine = false;
    json::for_each_member(item, [&](std::string_view key, std::string_view value) {
      if (json::key_is(key, "resourceId")) {
        const auto id = json::string_value(value, scratch);
        mine = (id && *id == resource) || value == resource;  // numeric ids as text
      }
      return true;
    });
    if (mine) {
      if (out.size() > 1) out += ',';
      out.append(item);
    }
    return true;
  });
  out += ']';
  return out;
}

SSEHUB_COLD bool Sequences::accept_snapshot(std::string_view topic, std::uint64_t sequence) {
  std::uint64_t& seen = last_of(topic);
  if (sequence < seen) return false;
  seen = sequence;
  return true;
}

SSEHUB_COLD bool Sequences::restart_if_behind(double hub_sequence) {
  const bool behind = hub_sequence >= 0 && hub_sequence < static_cast<double>(last_);
  if (!behind) return false;
  topics_.clear();
  last_ = 0;
  return true;
}

std::string Sequences::resume_id() const {
  if (last_ == 0) return {};
  char text[20];
  const auto end = std::to_chars(text, text + sizeof text, last_).ptr;
  return std::string(text, end);
}

}  // namespace ssehub
