#include "parser_batch.hpp"

#include <limits>

#include "utf16.hpp"

namespace ssehub {

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
  words_.push_back(abi::kParserEvent);
  append_text(event.type);
  append_text(event.data);
  append_text(event.last_event_id);
}

void ParserBatch::on_comment(std::string_view text) {
  words_.push_back(abi::kParserComment);
  append_text(text);
  words_.insert(words_.end(), {0, 0, 0, 0});
}

void ParserBatch::on_retry(std::uint64_t ms) {
  words_.insert(words_.end(), {abi::kParserRetry, static_cast<std::uint32_t>(ms),
                               static_cast<std::uint32_t>(ms >> 32), 0, 0, 0, 0});
}

void ParserBatch::on_error(const ParseError& error) {
  constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
  words_.insert(words_.end(),
                {abi::kParserError, static_cast<std::uint32_t>(error.code),
                 static_cast<std::uint32_t>(error.bytes > kMax ? kMax : error.bytes), 0, 0, 0, 0});
}

}  // namespace ssehub
