// A hash map keyed by std::string that finds by std::string_view: looking up a topic read
// from the stream costs no allocation.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "bytes.hpp"

namespace ssehub {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, bytes::Equal>;

}  // namespace ssehub
