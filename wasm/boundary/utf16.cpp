#include "utf16.hpp"

#include <cstring>

namespace ssehub {

std::uint32_t utf16_length(std::string_view utf8) {
  // Every byte but a continuation byte starts a code point; 4-byte ones need two units.
  // ASCII, the common case, eight bytes at a time.
  std::size_t i = 0;
  for (std::uint64_t w; i + 8 <= utf8.size(); i += 8) {
    std::memcpy(&w, utf8.data() + i, sizeof w);
    if ((w & 0x8080808080808080ULL) != 0) break;
  }
  auto units = static_cast<std::uint32_t>(i);
  for (char c : utf8.substr(i)) {
    const auto b = static_cast<unsigned char>(c);
    units += (b & 0xC0) != 0x80 ? 1u : 0u;
    units += b >= 0xF0 ? 1u : 0u;
  }
  return units;
}

}  // namespace ssehub
