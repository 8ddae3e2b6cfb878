// text/event-stream frame writer and the names that may appear in a frame's fields.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hubd {

// A serialized frame, shared by every stream that sends it.
using Frame = std::shared_ptr<const std::string>;

// Topic names: [a-z0-9._:-]{1,128}. Nothing that could end a line or start a new field.
bool is_valid_topic(std::string_view topic);

// Resource and workspace ids: [A-Za-z0-9._:@-]{1,128}.
bool is_valid_id(std::string_view id);

// One event. `data` may hold any bytes: every CR, LF or CRLF starts a new `data:` line, so
// the event reaches the client whole. `id` and `event` are written only when non-empty and
// must already be valid (no CR/LF); the caller validates them.
std::string format_event(std::string_view id, std::string_view event, std::string_view data);

// A comment line (`: text`); line breaks in text are replaced by spaces.
std::string format_comment(std::string_view text);

// A `retry:` field in its own frame.
std::string format_retry(std::uint64_t milliseconds);

}  // namespace hubd
