// A line diff (longest common subsequence) rendered in the unified format of `diff -u`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hubd {

// The unified diff turning `from` into `to`, with `context` lines around each change; empty
// when they are equal. Past ~1M compared line pairs (after the common head and tail are
// skipped) the changed middle becomes one replacement hunk: still correct, not minimal.
std::string unified_diff(std::string_view from, std::string_view to, std::string_view from_label,
                         std::string_view to_label, std::size_t context = 3);

}  // namespace hubd
