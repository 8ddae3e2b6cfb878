// Streaming text/event-stream parser: the WHATWG HTML "event stream interpretation",
// fed bytes in arbitrary chunks, with bounded memory and linear time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ssehub {

// A dispatched event. Views are valid UTF-8 and live until the handler returns.
struct SseEvent {
  std::string_view type;           // "message" when the stream named none
  std::string_view data;           // data lines joined with LF
  std::string_view last_event_id;  // persists across events, as the spec's last event ID
};

enum class ParseErrorCode : std::uint8_t {
  FrameTooLarge,  // a line or event passed max_frame_bytes; skipped to the next blank line
};

struct ParseError {
  ParseErrorCode code;
  std::size_t bytes;  // bytes seen of the offending frame when the limit was crossed
};

constexpr std::string_view to_string(ParseErrorCode code) {
  return code == ParseErrorCode::FrameTooLarge ? "frame_too_large" : "unknown";
}

class ParserHandler {
 public:
  virtual ~ParserHandler() = default;
  virtual void on_event(const SseEvent& event) = 0;
  virtual void on_comment(std::string_view /*text after ':' and one optional space*/) {}
  virtual void on_retry(std::uint64_t /*milliseconds*/) {}
  virtual void on_error(const ParseError& /*error*/) {}
};

struct ParserOptions {
  // Largest line, and largest event (data + type + id), in bytes.
  std::size_t max_frame_bytes = std::size_t{1} << 20;
};

// Handlers must not call feed() or end() of the parser that is calling them.
class Parser {
 public:
  explicit Parser(ParserHandler& handler, ParserOptions options = {});

  void feed(std::string_view bytes);

  // End of one stream: the partial line and undispatched event are discarded (the spec
  // never dispatches them) and the next feed() starts a new stream (BOM stripped again).
  // The last event ID survives, as it does for an EventSource reconnecting.
  void end();

  // The last event ID string, e.g. for a Last-Event-ID header on reconnect.
  const std::string& last_event_id() const { return last_event_id_; }
  void set_last_event_id(std::string_view id);

  // Bytes held for an unfinished line and event: never more than about max_frame_bytes.
  std::size_t buffered_bytes() const { return line_.size() + data_.size() + type_.size(); }

 private:
  void process_line(std::string_view line);
  void process_field(std::string_view name, std::string_view value);
  void feed_lines(std::string_view bytes);
  void dispatch();
  void materialize_data();
  void frame_too_large(std::size_t bytes);
  void frame_grew_too_large();
  std::size_t pending_event_bytes() const;
  std::size_t bom_bytes(std::string_view rest) const;

  ParserHandler& handler_;
  ParserOptions options_;

  std::string line_;                // bytes of an unterminated line carried across feeds
  std::string data_;                // data buffer
  std::string type_;                // event type buffer
  std::string id_buffer_;           // last event ID buffer
  std::string last_event_id_;       // last event ID string
  std::string scratch_;             // UTF-8 repair of a line with invalid sequences
  std::string_view data_view_;      // the only data line so far, still in the fed bytes
  bool data_in_view_ = false;       // data_view_ holds the data buffer (without its LF)
  bool line_in_input_ = false;      // the line being processed lives in the fed bytes
  bool after_cr_ = false;           // previous byte was CR: a following LF belongs to it
  bool stream_start_ = true;        // a leading BOM may still be stripped
  bool skipping_ = false;           // discarding an oversize frame until a blank line
  bool skipped_line_empty_ = true;  // the line being skipped has had no bytes yet
};

}  // namespace ssehub
