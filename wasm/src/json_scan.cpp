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

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  std::optional<std::size_t> value(std::size_t pos, int depth) {
    pos = detail::skip_ws(s_, pos);
    if (pos >= s_.size()) return std::nullopt;
    switch (s_[pos]) {
      case '{':
        return container(pos, depth, '}');
      case '[':
        return container(pos, depth, ']');
      case '"':
        return string(pos);
      case 't':
        return literal(pos, "true");
      case 'f':
        return literal(pos, "false");
      case 'n':
        return literal(pos, "null");
      default:
        return num(pos);
    }
  }

  std::optional<std::size_t> string(std::size_t pos) const {
    ++pos;  // opening quote
    while (pos < s_.size()) {
      if (pos + 8 <= s_.size()) {  // eight bytes at a time to the next byte that matters
        const std::uint64_t special = special_bytes(s_.data() + pos);
        if (special == 0) {
          pos += 8;
          continue;
        }
        pos += bytes::first_marked(special);
      }
      const auto c = static_cast<unsigned char>(s_[pos]);
      if (c == '"') return pos + 1;
      if (c < 0x20) return std::nullopt;
      if (c == '\\') {
        if (++pos >= s_.size()) return std::nullopt;
        switch (s_[pos]) {
          case '"':
          case '\\':
          case '/':
          case 'b':
          case 'f':
          case 'n':
          case 'r':
          case 't':
            ++pos;
            break;
          case 'u':
            for (int i = 1; i <= 4; ++i) {
              if (pos + i >= s_.size() || hex_value(s_[pos + i]) < 0) return std::nullopt;
            }
            pos += 5;
            break;
          default:
            return std::nullopt;
        }
        continue;
      }
      ++pos;
    }
    return std::nullopt;
  }

  std::optional<std::size_t> num(std::size_t pos) const {
    if (pos < s_.size() && s_[pos] == '-') ++pos;
    if (pos >= s_.size() || !is_digit(s_[pos])) return std::nullopt;
    if (s_[pos] == '0') {
      ++pos;
    } else {
      while (pos < s_.size() && is_digit(s_[pos])) ++pos;
    }
    if (pos < s_.size() && s_[pos] == '.') {
      if (++pos >= s_.size() || !is_digit(s_[pos])) return std::nullopt;
      while (pos < s_.size() && is_digit(s_[pos])) ++pos;
    }
    if (pos < s_.size() && (s_[pos] == 'e' || s_[pos] == 'E')) {
      ++pos;
      if (pos < s_.size() && (s_[pos] == '+' || s_[pos] == '-')) ++pos;
      if (pos >= s_.size() || !is_digit(s_[pos])) return std::nullopt;
      while (pos < s_.size() && is_digit(s_[pos])) ++pos;
    }
    return pos;
  }

 private:
  std::optional<std::size_t> literal(std::size_t pos, std::string_view word) const {
    if (s_.substr(pos, word.size()) != word) return std::nullopt;
    return pos + word.size();
  }

  std::optional<std::size_t> container(std::size_t pos, int depth, char close) {
    if (depth >= kMaxDepth) return std::nullopt;
    pos = detail::skip_ws(s_, pos + 1);
    if (pos < s_.size() && s_[pos] == close) return pos + 1;
    for (;;) {
      if (close == '}') {
        pos = detail::skip_ws(s_, pos);
        if (pos >= s_.size() || s_[pos] != '"') return std::nullopt;
        const auto key_end = string(pos);
        if (!key_end) return std::nullopt;
        pos = detail::skip_ws(s_, *key_end);
        if (pos >= s_.size() || s_[pos] != ':') return std::nullopt;
        ++pos;
      }
      const auto end = value(pos, depth + 1);
      if (!end) return std::nullopt;
      pos = detail::skip_ws(s_, *end);
      if (pos >= s_.size()) return std::nullopt;
      if (s_[pos] == close) return pos + 1;
      if (s_[pos] != ',') return std::nullopt;
      ++pos;
    }
  }

  std::string_view s_;
};

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
  return Reader(text).value(pos, 0);
}

bool valid(std::string_view text) {
  const auto end = value_end(text);
  return end && detail::skip_ws(text, *end) == text.size();
}

bool decode_string(std::string_view raw, std::string& out) {
  if (raw.size() < 2 || raw.front() != '"' || Reader(raw).string(0) != raw.size()) return false;
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
