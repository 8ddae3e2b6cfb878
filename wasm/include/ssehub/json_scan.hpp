// A strict, allocation-free JSON reader for the few objects the core must look into
// (envelopes, hub.ready, hub.snapshot, a JWT's claims, the configuration). Values are
// validated in full (RFC 8259 grammar, bounded nesting) and returned as raw text spans, so
// a payload is kept as text and parsed once, later, by whoever needs it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ssehub::json {

// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
inline constexpr int kMaxDepth = 64;

// The end of the valid JSON value that starts at `pos` (after whitespace); nullopt when
// there is none.
std::optional<std::size_t> value_end(std::string_view text, std::size_t pos = 0);

// True when `text` is one JSON value with optional surrounding whitespace.
bool valid(std::string_view text);

// Calls f(key_raw, value_raw) for each member of the object `text` (raw = still quoted or
// escaped). Returns false if `text` is not one valid object (f may have seen a prefix of
// its members: act on what f collected only when this returns true) or f returns false.
template <class F>
bool for_each_member(std::string_view text, F&& f);

// Calls f(element_raw) for each element of the array `text`; false as above.
template <class F>
bool for_each_element(std::string_view text, F&& f);

// The decoded value of a raw JSON string (with quotes) appended to `out`; false if `raw`
// is not a valid string.
bool decode_string(std::string_view raw, std::string& out);

// A valid raw JSON string (as for_each_member gives them) that needs no unescaping: its
// contents without quotes.
std::optional<std::string_view> simple_string(std::string_view raw);

// The number in `raw`, if it is a JSON number.
std::optional<double> number(std::string_view raw);

// A raw key's name: a view into it when it has no escapes, else decoded into `scratch`.
std::string_view key_name(std::string_view raw_key, std::string& scratch);

// A raw value's string as key_name gives a key's; nullopt when the value is not a string.
// Inline: envelopes call it twice per event.
inline std::optional<std::string_view> string_value(std::string_view raw, std::string& scratch) {
  if (auto simple = simple_string(raw)) return simple;
  scratch.clear();
  if (!decode_string(raw, scratch)) return std::nullopt;
  return std::string_view(scratch);
}

// Compares a raw key (quoted) with a plain name, without decoding in the common case.
bool key_is(std::string_view raw_key, std::string_view name);

namespace detail {
inline std::size_t skip_ws(std::string_view text, std::size_t pos) {
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (static_cast<unsigned char>(c) > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r'))
      break;
  }
  return pos;
}
}  // namespace detail

// One pass: each value is validated as it is reached, so a payload is scanned once.
template <class F>
bool for_each_member(std::string_view text, F&& f) {
  using detail::skip_ws;
  std::size_t pos = skip_ws(text, 0);
  if (pos >= text.size() || text[pos] != '{') return false;
  pos = skip_ws(text, pos + 1);
  if (pos < text.size() && text[pos] == '}') return skip_ws(text, pos + 1) == text.size();
  for (;;) {
    if (pos >= text.size() || text[pos] != '"') return false;
    const auto key_end = value_end(text, pos);
    if (!key_end) return false;
    const std::string_view key = text.substr(pos, *key_end - pos);
    pos = skip_ws(text, *key_end);
    if (pos >= text.size() || text[pos] != ':') return false;
    pos = skip_ws(text, pos + 1);
    const auto end = value_end(text, pos);
    if (!end || !f(key, text.substr(pos, *end - pos))) return false;
    pos = skip_ws(text, *end);
    if (pos >= text.size()) return false;
    if (text[pos] == '}') return skip_ws(text, pos + 1) == text.size();
    if (text[pos] != ',') return false;
    pos = skip_ws(text, pos + 1);
  }
}

template <class F>
bool for_each_element(std::string_view text, F&& f) {
  using detail::skip_ws;
  std::size_t pos = skip_ws(text, 0);
  if (pos >= text.size() || text[pos] != '[') return false;
  pos = skip_ws(text, pos + 1);
  if (pos < text.size() && text[pos] == ']') return skip_ws(text, pos + 1) == text.size();
  for (;;) {
    const auto end = value_end(text, pos);
    if (!end || !f(text.substr(pos, *end - pos))) return false;
    pos = skip_ws(text, *end);
    if (pos >= text.size()) return false;
    if (text[pos] == ']') return skip_ws(text, pos + 1) == text.size();
    if (text[pos] != ',') return false;
    pos = skip_ws(text, pos + 1);
  }
}

}  // namespace ssehub::json
