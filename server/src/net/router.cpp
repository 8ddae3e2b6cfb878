#include "net/router.hpp"

#include <algorithm>

namespace hubd {

std::vector<std::string> split_path(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::vector<std::string> segs;
  for (;;) {
    const auto slash = path.find('/');
    segs.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segs;
    path.remove_prefix(slash + 1);
  }
}

bool segments_match(const std::vector<std::string>& pattern, const std::vector<std::string>& segs) {
  if (pattern.size() != segs.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != "*" && pattern[i] != segs[i]) return false;
  }
  return true;
}

std::string allow_header(const std::vector<http::verb>& methods, const std::string& also) {
  std::vector<http::verb> listed;
  std::string allow;
  for (const auto method : methods) {
    if (std::find(listed.begin(), listed.end(), method) != listed.end()) continue;
    listed.push_back(method);
    if (!allow.empty()) allow += ", ";
    allow += http::to_string(method);
  }
  if (!also.empty()) allow += ", " + also;
  return allow;
}

}  // namespace hubd
