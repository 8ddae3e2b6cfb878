#include "ssehub/parser.hpp"

#include <cstring>
#include <limits>

#include "bytes.hpp"
#include "utf8.hpp"

namespace ssehub {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::uint64_t parse_saturating(std::string_view digits) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t v = 0;
  for (char c : digits) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (kMax - d) / 10) return kMax;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

Parser::Parser(ParserHandler& handler, ParserOptions options)
    : handler_(handler), options_(options) {}

void Parser::set_last_event_id(std::string_view id) {
  id_buffer_.assign(id);
  last_event_id_.assign(id);
}

void Parser::end() {
  line_.clear();
  data_.clear();
  data_in_view_ = false;
  type_.clear();
  id_buffer_ = last_event_id_;
  after_cr_ = false;
  stream_start_ = true;
  skipping_ = false;
  skipped_line_empty_ = true;
}

void Parser::feed(std::string_view bytes) {
  feed_lines(bytes);
  materialize_data();  // a view into `bytes` must not outlive this call
}

void Parser::feed_lines(std::string_view bytes) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  if (p == end) return;
  if (after_cr_) {
    after_cr_ = false;
    if (*p == '\n') ++p;
  }
  while (p < end) {
    const char* eol = bytes::find_eol(p, end);
    if (eol == end) {
      const auto rest = static_cast<std::size_t>(end - p);
      if (skipping_) {
        skipped_line_empty_ = false;
      } else if (const std::size_t carried = line_.size() + rest - bom_bytes({p, rest});
                 pending_event_bytes() + carried > options_.max_frame_bytes) {
        frame_too_large(pending_event_bytes() + carried);
        skipped_line_empty_ = false;
      } else {
        line_.append(p, rest);
      }
      return;
    }
    const auto len = static_cast<std::size_t>(eol - p);
    if (skipping_) {
      // Only a blank line ends the oversize frame; nothing of it is buffered.
      if (len == 0 && skipped_line_empty_) skipping_ = false;
      skipped_line_empty_ = true;
    } else if (line_.empty()) {
      line_in_input_ = true;
      process_line({p, len});
      line_in_input_ = false;
    } else {
      line_.append(p, len);
      process_line(line_);
      line_.clear();
    }
    if (*eol == '\r') {
      if (eol + 1 == end) {
        after_cr_ = true;
        return;
      }
      p = eol + (eol[1] == '\n' ? 2 : 1);
    } else {
      p = eol + 1;
    }
  }
}

// The leading BOM that process_line will strip, if the unfinished line starts the
// stream with one: the limit must not count it, or chunking would change the outcome.
std::size_t Parser::bom_bytes(std::string_view rest) const {
  if (!stream_start_) return 0;
  char head[3];
  std::size_t n = 0;
  for (std::string_view part : {std::string_view(line_), rest}) {
    for (std::size_t i = 0; i < part.size() && n < 3; ++i) head[n++] = part[i];
  }
  return std::string_view(head, n) == kBom ? kBom.size() : 0;
}

std::size_t Parser::pending_event_bytes() const {
  return data_.size() + type_.size() + (data_in_view_ ? data_view_.size() + 1 : 0);
}

void Parser::frame_too_large(std::size_t bytes) {
  line_.clear();
  data_.clear();
  data_in_view_ = false;
  type_.clear();
  skipping_ = true;
  stream_start_ = false;
  handler_.on_error({ParseErrorCode::FrameTooLarge, bytes});
}

// U+FFFD repair can make a line's value up to three times its bytes: the event is over
// the limit although the line was not. The line is complete, so skip to the blank line.
void Parser::frame_grew_too_large() {
  frame_too_large(pending_event_bytes());
  skipped_line_empty_ = true;
}

void Parser::process_line(std::string_view line) {
  if (stream_start_) {
    stream_start_ = false;
    if (line.starts_with(kBom)) line.remove_prefix(kBom.size());
  }
  if (line.empty()) {
    dispatch();
    return;
  }
  if (pending_event_bytes() + line.size() > options_.max_frame_bytes) {
    frame_too_large(pending_event_bytes() + line.size());
    // This line was complete: the frame ends at the next blank line.
    skipped_line_empty_ = true;
    return;
  }
  const char* const line_end = line.data() + line.size();
  const char* colon = bytes::find(line.data(), line_end, ':');
  if (colon == line_end) {
    process_field(line, {});
    return;
  }
  const auto at = static_cast<std::size_t>(colon - line.data());
  std::string_view value = line.substr(at + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (at == 0) {
    if (utf8::valid(value)) {
      handler_.on_comment(value);
    } else {
      scratch_.clear();
      utf8::repair_append(value, scratch_);
      handler_.on_comment(scratch_);
    }
    return;
  }
  process_field(line.substr(0, at), value);
}

void Parser::process_field(std::string_view name, std::string_view value) {
  // Field names are compared byte for byte: a name with invalid UTF-8 never matches.
  if (bytes::equal(name, "data")) {
    const bool valid = utf8::valid(value);
    // The common event has one data line, complete in this chunk: keep a view, no copy.
    if (valid && line_in_input_ && data_.empty() && !data_in_view_) {
      data_view_ = value;
      data_in_view_ = true;
      return;
    }
    materialize_data();
    if (valid) {
      data_.append(value);
    } else {
      utf8::repair_append(value, data_);
    }
    data_.push_back('\n');
    if (pending_event_bytes() > options_.max_frame_bytes) frame_grew_too_large();
  } else if (bytes::equal(name, "event")) {
    type_.clear();
    if (utf8::valid(value)) {
      type_.assign(value);
    } else {
      utf8::repair_append(value, type_);
    }
    if (pending_event_bytes() > options_.max_frame_bytes) frame_grew_too_large();
  } else if (bytes::equal(name, "id")) {
    if (bytes::find(value.data(), value.data() + value.size(), '\0') ==
        value.data() + value.size()) {
      id_buffer_.clear();
      if (utf8::valid(value)) {
        id_buffer_.assign(value);
      } else {
        utf8::repair_append(value, id_buffer_);
      }
    }
  } else if (bytes::equal(name, "retry")) {
    if (all_digits(value)) handler_.on_retry(parse_saturating(value));
  }
}

void Parser::materialize_data() {
  if (!data_in_view_) return;
  data_in_view_ = false;
  data_.assign(data_view_);
  data_.push_back('\n');
}

void Parser::dispatch() {
  if (!bytes::equal(last_event_id_, id_buffer_)) last_event_id_ = id_buffer_;
  if (data_in_view_) {
    data_in_view_ = false;
    const std::string_view type = type_.empty() ? std::string_view{"message"} : type_;
    handler_.on_event({type, data_view_, last_event_id_});
    type_.clear();
    return;
  }
  if (data_.empty()) {
    type_.clear();
    return;
  }
  data_.pop_back();
  const std::string_view type = type_.empty() ? std::string_view{"message"} : type_;
  handler_.on_event({type, data_, last_event_id_});
  data_.clear();
  type_.clear();
}

}  // namespace ssehub
