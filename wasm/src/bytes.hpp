// Byte searches eight bytes at a time (SWAR) in portable C++: as fast as the C library's
// natively, and several times faster in WebAssembly, whose libc searches a byte at a time.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ssehub::bytes {

inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHigh = 0x8080808080808080ULL;

inline std::uint64_t load(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// High bit set in each byte of `w` that equals `c`; exact for the lowest such byte (the
// borrow can only mark bytes above a real match), which is all the searches use.
inline std::uint64_t equal_mask(std::uint64_t w, char c) {
  const std::uint64_t x = w ^ (kOnes * static_cast<unsigned char>(c));
  return (x - kOnes) & ~x & kHigh;
}

// The lowest marked byte's index in a little-endian load (Wasm and x86 are little-endian).
inline unsigned first_marked(std::uint64_t mask) {
  return static_cast<unsigned>(std::countr_zero(mask)) / 8;
}

// The first CR or LF in [p, end), or end.
inline const char* find_eol(const char* p, const char* end) {
  for (; end - p >= 8; p += 8) {
    const std::uint64_t w = load(p);
    const std::uint64_t m = equal_mask(w, '\n') | equal_mask(w, '\r');
    if (m != 0) return p + first_marked(m);
  }
  for (; p < end; ++p) {
    if (*p == '\n' || *p == '\r') return p;
  }
  return end;
}

// The first `c` in [p, end), or end.
inline const char* find(const char* p, const char* end, char c) {
  for (; end - p >= 8; p += 8) {
    const std::uint64_t m = equal_mask(load(p), c);
    if (m != 0) return p + first_marked(m);
  }
  for (; p < end; ++p) {
    if (*p == c) return p;
  }
  return end;
}

// a == b for the short strings of field names, keys and topics: inline, a word at a
// time, where Wasm's libc memcmp is a call and a byte loop.
inline bool equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  std::size_t n = a.size();
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    if (load(x) != load(y)) return false;
  }
  for (; n > 0; --n, ++x, ++y) {
    if (*x != *y) return false;
  }
  return true;
}

struct Equal {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return equal(a, b); }
};

}  // namespace ssehub::bytes
