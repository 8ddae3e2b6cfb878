// A ParserHandler that encodes everything one feed produced as one flat batch, so a
// JavaScript caller crosses the Wasm boundary once per chunk and decodes text once.
//
// Layout: records of kRecordWords uint32 words, and one UTF-8 text blob. Text fields are
// (offset, length) in UTF-16 code units of the decoded blob, ready for String.substring.
//   event:   kind=1, type, data, lastEventId
//   comment: kind=2, text, 0, 0, 0, 0
//   retry:   kind=3, ms low 32 bits, ms high 32 bits, 0, 0, 0, 0
//   error:   kind=4, code, bytes (saturated to 32 bits), 0, 0, 0, 0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ssehub/parser.hpp"

namespace ssehub {

class ParserBatch final : public ParserHandler {
 public:
  static constexpr std::size_t kRecordWords = 7;
  enum Kind : std::uint32_t { kEvent = 1, kComment = 2, kRetry = 3, kError = 4 };

  void clear();
  std::size_t record_count() const { return words_.size() / kRecordWords; }
  const std::vector<std::uint32_t>& words() const { return words_; }
  const std::string& text() const { return text_; }

  void on_event(const SseEvent& event) override;
  void on_comment(std::string_view text) override;
  void on_retry(std::uint64_t ms) override;
  void on_error(const ParseError& error) override;

 private:
  // Appends valid UTF-8 to the blob; pushes its UTF-16 offset and length.
  void append_text(std::string_view s);

  std::vector<std::uint32_t> words_;
  std::string text_;
  std::uint32_t text_units_ = 0;  // UTF-16 length of text_
};

// UTF-16 code units of valid UTF-8 text.
std::uint32_t utf16_length(std::string_view utf8);

}  // namespace ssehub
