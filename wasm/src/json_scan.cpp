#include "ssehub/json_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "bytes.hpp"

namespace ssehub::json {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes among eight at `p` that a string scan must stop at (a quote, a backslash, a
// control character), marked as bytes::equal_mask marks them.
std::uint64_t special_bytes(const char* p) {
  const std::uint64_t w = bytes::load(p);
  const std::uint64_t below_space = (w - bytes::kOnes * 0x20) & ~w & bytes::kHigh;
  return bytes::equal_mask(w, '"') | bytes::equal_mask(w, '\\') | below_space;
}

// Past the string whose opening quote is at `p`, or null when it is not a valid string.
const char* scan_string(const char* p, const char* end) {
  ++p;  // opening quote
  while (p < end) {
    if (end - p >= 8) {  // eight bytes at a time to the next byte that matters
      const std::uint64_t special = special_bytes(p);
      if (special == 0) {
        p += 8;
        continue;
      }
      p += bytes::first_marked(special);
    }
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') return p + 1;
    if (c < 0x20) return nullptr;
    if (c != '\\') {
      ++p;
      continue;
    }
    if (++p >= end) return nullptr;
    switch (*p) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        ++p;
        break;
      case 'u':
        if (end - p < 5) return nullptr;
        for (int i = 1; i <= 4; ++i) {
          if (hex_value(p[i]) < 0) return nullptr;
        }
        p += 5;
        break;
      default:
        return nullptr;
    }
  }
  return nullptr;
}

// Past the number at `p` (RFC 8259 grammar), or null.
const char* scan_number(const char* p, const char* end) {
  if (p < end && *p == '-') ++p;
  if (p == end || !is_digit(*p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && *p == '.') {
    if (++p == end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  return p;
}

const char* scan_literal(const char* p, const char* end, std::string_view word) {
  if (static_cast<std::size_t>(end - p) < word.size() ||
      std::memcmp(p, word.data(), word.size()) != 0)
    return nullptr;
  return p + word.size();
}

const char* skip_ws(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

// One value, iteratively: a bit per open container (1 = object) instead of recursion, so
// the cost is a loop over the bytes and hostile nesting cannot reach the stack.
const char* scan_value(const char* p, const char* end) {
  static_assert(kMaxDepth <= 64, "one bit per level in a 64-bit word");
  std::uint64_t objects = 0;
  int depth = 0;
  enum class Want : std::uint8_t { Value, Key, Next } want = Want::Value;
  for (;;) {
    p = skip_ws(p, end);
    if (p == end) return nullptr;
    if (want == Want::Key) {
      if (*p != '"' || !(p = scan_string(p, end))) return nullptr;
      p = skip_ws(p, end);
      if (p == end || *p != ':') return nullptr;
      ++p;
      want = Want::Value;
      continue;
    }
    if (want == Want::Next) {  // after a value inside a container
      const bool in_object = objects & 1;
      if (*p == ',') {
        ++p;
        want = in_object ? Want::Key : Want::Value;
        continue;
      }
      if (*p != (in_object ? '}' : ']')) return nullptr;
      ++p;
    } else {
      bool closed = false;  // an empty container opened and closed here
      switch (*p) {
        case '{':
        case '[': {
          if (depth == kMaxDepth) return nullptr;
          const bool object = *p == '{';
          objects = (objects << 1) | (object ? 1 : 0);
          ++depth;
          p = skip_ws(p + 1, end);
          if (p == end || *p != (object ? '}' : ']')) {
            want = object ? Want::Key : Want::Value;
            continue;
          }
          ++p;
          closed = true;
          break;
        }
        case '"':
          p = scan_string(p, end);
          break;
        case 't':
          p = scan_literal(p, end, "true");
          break;
        case 'f':
          p = scan_literal(p, end, "false");
          break;
        case 'n':
          p = scan_literal(p, end, "null");
          break;
        default:
          p = scan_number(p, end);
          break;
      }
      if (!p) return nullptr;
      if (!closed) {  // a scalar: the container it is in, if any, goes on
        if (depth == 0) return p;
        want = Want::Next;
        continue;
      }
    }
    // A container just closed.
    objects >>= 1;
    if (--depth == 0) return p;
    want = Want::Next;
  }
}

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::uint32_t hex4(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s.substr(0, 4)) v = v * 16 + static_cast<std::uint32_t>(hex_value(c));
  return v;
}

}  // namespace

std::optional<std::size_t> value_end(std::string_view text, std::size_t pos) {
  const char* const begin = text.data();
  const char* const end = scan_value(begin + pos, begin + text.size());
  if (!end) return std::nullopt;
  return static_cast<std::size_t>(end - begin);
}

bool valid(std::string_view text) {
  const auto end = value_end(text);
  return end && detail::skip_ws(text, *end) == text.size();
}

bool decode_string(std::string_view raw, std::string& out) {
  if (raw.size() < 2 || raw.front() != '"' ||
      scan_string(raw.data(), raw.data() + raw.size()) != raw.data() + raw.size()) {
    return false;
  }
  const std::string_view body = raw.substr(1, raw.size() - 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t cp = hex4(body.substr(i + 1));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < body.size() && body[i + 1] == '\\' &&
            body[i + 2] == 'u') {
          const std::uint32_t lo = hex4(body.substr(i + 3));
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate
        append_utf8(cp, out);
        break;
      }
      default:
        out += e;  // '"', '\\', '/'
    }
  }
  return true;
}

std::optional<std::string_view> simple_string(std::string_view raw) {
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return std::nullopt;
  const std::string_view body = raw.substr(1, raw.size() - 2);
  const char* const end = body.data() + body.size();
  if (bytes::find(body.data(), end, '\\') != end) return std::nullopt;
  return body;
}

std::optional<double> number(std::string_view raw) {
  // One pass over the grammar, keeping up to 19 significant digits and a power of ten:
  // exact for integers to 2^53 and short decimals (Clinger's fast path), close beyond.
  // No strtod: its long double arithmetic would triple the size of the Wasm module.
  const char* p = raw.data();
  const char* const end = p + raw.size();
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  if (p == end || !is_digit(*p)) return std::nullopt;
  std::uint64_t mantissa = 0;
  int digits = 0, exponent = 0;
  auto take = [&](char c, bool fraction) {
    if (digits < 19) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
      digits += mantissa != 0;
      exponent -= fraction;
    } else {
      exponent += !fraction;
    }
  };
  if (*p == '0') {
    ++p;
  } else {
    for (; p < end && is_digit(*p); ++p) take(*p, false);
  }
  if (p < end && *p == '.') {
    if (++p == end || !is_digit(*p)) return std::nullopt;
    for (; p < end && is_digit(*p); ++p) take(*p, true);
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative_exp = p < end && *p == '-';
    if (p < end && (*p == '-' || *p == '+')) ++p;
    if (p == end || !is_digit(*p)) return std::nullopt;
    int e = 0;
    for (; p < end && is_digit(*p); ++p) e = std::min(e * 10 + (*p - '0'), 100000);
    exponent += negative_exp ? -e : e;
  }
  if (p != end) return std::nullopt;
  double v = static_cast<double>(mantissa);
  if (v != 0) {
    for (; exponent > 22; exponent -= 22) v *= 1e22;
    for (; exponent < -22; exponent += 22) v /= 1e22;
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    v = exponent >= 0 ? v * kPow10[exponent] : v / kPow10[-exponent];
  }
  return negative ? -v : v;
}

std::string_view key_name(std::string_view raw_key, std::string& scratch) {
  if (auto simple = simple_string(raw_key)) return *simple;
  scratch.clear();
  decode_string(raw_key, scratch);
  return scratch;
}

bool key_is(std::string_view raw_key, std::string_view name) {
  if (raw_key.size() == name.size() + 2 && raw_key.substr(1, name.size()) == name) return true;
  if (raw_key.find('\\') == std::string_view::npos) return false;
  std::string decoded;
  return decode_string(raw_key, decoded) && decoded == name;
}

}  // namespace ssehub::json
