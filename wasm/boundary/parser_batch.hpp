// A ParserHandler that encodes everything one feed produced as one flat batch, so a
// JavaScript caller crosses the Wasm boundary once per chunk and decodes text once.
// The record layout is abi.hpp's (kParserWords uint32 per record, one UTF-8 text blob).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abi.hpp"
#include "ssehub/parser.hpp"

namespace ssehub {

class ParserBatch final : public ParserHandler {
 public:
  void clear();
  std::size_t record_count() const { return words_.size() / abi::kParserWords; }
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

}  // namespace ssehub
