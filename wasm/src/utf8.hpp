// UTF-8 decoding as the WHATWG Encoding standard's "UTF-8 decode" does it, but kept in
// UTF-8: valid sequences are copied, each maximal invalid subpart becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace ssehub::utf8 {

// True when `bytes` is valid UTF-8 (the common case: nothing to repair).
bool valid(std::string_view bytes);

// Appends `bytes` to `out` with every invalid sequence replaced by U+FFFD (EF BF BD).
void repair_append(std::string_view bytes, std::string& out);

}  // namespace ssehub::utf8
