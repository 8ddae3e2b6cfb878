// Text crosses the boundary as one UTF-8 blob per batch that js/ decodes once; fields are
// (offset, length) in UTF-16 code units of the decoded string, ready for substring().
#pragma once

#include <cstdint>
#include <string_view>

namespace ssehub {

// UTF-16 code units of valid UTF-8 text.
std::uint32_t utf16_length(std::string_view utf8);

}  // namespace ssehub
