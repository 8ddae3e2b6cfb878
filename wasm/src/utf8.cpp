#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace ssehub::utf8 {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

struct Lead {
  unsigned needed;  // continuation bytes that follow
  unsigned char lower;
  unsigned char upper;  // allowed range of the first continuation byte
};

// The WHATWG decoder's table: which lead bytes start a sequence, and the narrowed range
// of the byte after E0/ED/F0/F4 that rules out overlongs, surrogates and > U+10FFFF.
bool lead(unsigned char b, Lead& out) {
  if (b >= 0xC2 && b <= 0xDF) {
    out = {1, 0x80, 0xBF};
  } else if (b >= 0xE0 && b <= 0xEF) {
    out = {2, b == 0xE0 ? std::uint8_t{0xA0} : std::uint8_t{0x80},
           b == 0xED ? std::uint8_t{0x9F} : std::uint8_t{0xBF}};
  } else if (b >= 0xF0 && b <= 0xF4) {
    out = {3, b == 0xF0 ? std::uint8_t{0x90} : std::uint8_t{0x80},
           b == 0xF4 ? std::uint8_t{0x8F} : std::uint8_t{0xBF}};
  } else {
    return false;
  }
  return true;
}

// Length of the valid sequence at `i`, or 0 when it is invalid; `consumed` is then the
// maximal subpart to replace with one U+FFFD.
std::size_t sequence(std::string_view s, std::size_t i, std::size_t& consumed) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return consumed = 1;
  Lead l{};
  if (!lead(b, l)) {
    consumed = 1;
    return 0;
  }
  std::size_t j = i + 1;
  for (unsigned k = 0; k < l.needed; ++k, ++j) {
    const unsigned char lo = k == 0 ? l.lower : 0x80;
    const unsigned char hi = k == 0 ? l.upper : 0xBF;
    if (j >= s.size() || static_cast<unsigned char>(s[j]) < lo ||
        static_cast<unsigned char>(s[j]) > hi) {
      consumed = j - i;  // the offending byte is not consumed: it starts over
      return 0;
    }
  }
  return consumed = j - i;
}

bool ascii_word(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return (w & 0x8080808080808080ULL) == 0;
}

}  // namespace

bool valid(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    if (i + 8 <= n && ascii_word(bytes.data() + i)) {
      i += 8;
      continue;
    }
    std::size_t consumed = 0;
    if (sequence(bytes, i, consumed) == 0) return false;
    i += consumed;
  }
  return true;
}

void repair_append(std::string_view bytes, std::string& out) {
  std::size_t i = 0;
  std::size_t run = 0;  // start of the pending run of valid bytes
  while (i < bytes.size()) {
    std::size_t consumed = 0;
    if (sequence(bytes, i, consumed) == 0) {
      out.append(bytes.substr(run, i - run));
      out.append(kReplacement);
      i += consumed;
      run = i;
    } else {
      i += consumed;
    }
  }
  out.append(bytes.substr(run));
}

}  // namespace ssehub::utf8
