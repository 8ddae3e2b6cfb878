// Subscriptions and the topic index: exact topics by hash, `prefix.*` patterns in a list,
// `*` in another. Matching one event costs a hash lookup plus the pattern subscriptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cold.hpp"
#include "ssehub/hub.hpp"
#include "string_map.hpp"

namespace ssehub {

class Router {
 public:
  // 0 when the filter is not valid.
  SubId add(const Filter& filter);
  void remove(SubId id);
  bool empty() const { return count_ == 0; }

  // Appends, in subscription order, the ids whose filter matches to `out`; with
  // `any_resource`, whatever their resource filter (a topic-wide snapshot).
  void match(std::string_view topic, std::string_view resource_id, std::vector<SubId>& out,
             bool any_resource = false) const;
  // The subscription's resource filter ("" = every resource).
  std::string_view resource_of(SubId id) const { return subs_[id - 1].resource_id; }

 private:
  struct Sub {
    std::string topic;        // exact topic, or the prefix including its '.', or ""
    std::string resource_id;  // "" = any
    enum class Kind : std::uint8_t { Exact, Prefix, All, Removed } kind;
  };
  bool accepts(SubId id, std::string_view resource_id, bool any_resource) const;

  std::vector<Sub> subs_;  // index = id - 1
  StringMap<std::vector<SubId>> exact_;
  std::vector<SubId> patterns_;  // Prefix and All, in subscription order
  std::size_t count_ = 0;
};

}  // namespace ssehub
