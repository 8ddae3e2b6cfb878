#include "ssehub/parser_batch.hpp"

#include <cstring>

#include <limits>

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

void ParserBatch::clear() {
  words_.clear();
  text_.clear();
  text_units_ = 0;
}

void ParserBatch::append_text(std::string_view s) {
  const std::uint32_t units = utf16_length(s);
  words_.push_back(text_units_);
  words_.push_back(units);
  text_.append(s);
  text_units_ += units;
}

void ParserBatch::on_event(const SseEvent& event) {
  words_.push_back(kEvent);
  append_text(event.type);
  append_text(event.data);
  append_text(event.last_event_id);
}

void ParserBatch::on_comment(std::string_view text) {
  words_.push_back(kComment);
  append_text(text);
  words_.insert(words_.end(), {0, 0, 0, 0});
}

void ParserBatch::on_retry(std::uint64_t ms) {
  words_.insert(words_.end(), {kRetry, static_cast<std::uint32_t>(ms),
                               static_cast<std::uint32_t>(ms >> 32), 0, 0, 0, 0});
}

void ParserBatch::on_error(const ParseError& error) {
  constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
  words_.insert(words_.end(),
                {kError, static_cast<std::uint32_t>(error.code),
                 static_cast<std::uint32_t>(error.bytes > kMax ? kMax : error.bytes), 0, 0, 0, 0});
}

}  // namespace ssehub
