#include "router.hpp"

#include <algorithm>

namespace ssehub {

bool valid_filter(std::string_view topic) {
  if (topic == "*") return true;
  if (topic.empty() || topic.size() > 256) return false;
  std::string_view name = topic;
  if (topic.size() >= 2 && topic.substr(topic.size() - 2) == ".*") name.remove_suffix(2);
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == ':' || c == '/';
    if (!ok) return false;
  }
  return true;
}

SSEHUB_COLD SubId Router::add(const Filter& filter) {
  if (!valid_filter(filter.topic)) return 0;
  const auto id = static_cast<SubId>(subs_.size() + 1);
  const std::string_view t = filter.topic;
  if (t == "*") {
    subs_.push_back({"", filter.resource_id, Sub::Kind::All});
    patterns_.push_back(id);
  } else if (t.size() >= 2 && t.substr(t.size() - 2) == ".*") {
    subs_.push_back(
        {std::string(t.substr(0, t.size() - 1)), filter.resource_id, Sub::Kind::Prefix});
    patterns_.push_back(id);
  } else {
    subs_.push_back({filter.topic, filter.resource_id, Sub::Kind::Exact});
    exact_[filter.topic].push_back(id);
  }
  ++count_;
  return id;
}

SSEHUB_COLD void Router::remove(SubId id) {
  if (id == 0 || id > subs_.size()) return;
  Sub& sub = subs_[id - 1];
  if (sub.kind == Sub::Kind::Removed) return;
  if (sub.kind == Sub::Kind::Exact) {
    auto it = exact_.find(sub.topic);
    std::erase(it->second, id);
    if (it->second.empty()) exact_.erase(it);
  } else {
    std::erase(patterns_, id);
  }
  sub.kind = Sub::Kind::Removed;
  sub.topic.clear();
  sub.topic.shrink_to_fit();
  sub.resource_id.clear();
  sub.resource_id.shrink_to_fit();
  --count_;
}

bool Router::accepts(SubId id, std::string_view resource_id, bool any_resource) const {
  const std::string& want = subs_[id - 1].resource_id;
  return any_resource || want.empty() || want == resource_id;
}

void Router::match(std::string_view topic, std::string_view resource_id, std::vector<SubId>& out,
                   bool any_resource) const {
  const std::size_t first = out.size();
  if (auto it = exact_.find(topic); it != exact_.end()) {
    for (SubId id : it->second) {
      if (accepts(id, resource_id, any_resource)) out.push_back(id);
    }
  }
  const std::size_t exact_end = out.size();
  for (SubId id : patterns_) {
    const Sub& sub = subs_[id - 1];
    if (sub.kind == Sub::Kind::Prefix && !topic.starts_with(sub.topic)) continue;
    if (accepts(id, resource_id, any_resource)) out.push_back(id);
  }
  if (exact_end != first && exact_end != out.size()) {
    std::inplace_merge(out.begin() + static_cast<std::ptrdiff_t>(first),
                       out.begin() + static_cast<std::ptrdiff_t>(exact_end), out.end());
  }
}

}  // namespace ssehub
