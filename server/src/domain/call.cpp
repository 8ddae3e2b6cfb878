#include "domain/call.hpp"

#include <charconv>

#include "net/sse.hpp"

namespace hubd {

std::string ApiCall::query_value(const char* name) const {
  auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

namespace {

const Principal* need(const ApiCall& call, bool allowed, const std::string& what, Response& error) {
  if (!call.who) {
    error = call.auth_error;
    return nullptr;
  }
  if (!allowed) {
    error = error_response(403, "forbidden", "role " + call.who->role + " may not " + what);
    return nullptr;
  }
  return &*call.who;
}

}  // namespace

const Principal* need_read(const ApiCall& call, const Acl& acl, const std::string& topic,
                           Response& error) {
  return need(call, call.who && acl.may_read(call.who->role, topic), "read " + topic, error);
}

const Principal* need_write(const ApiCall& call, const Acl& acl, const std::string& topic,
                            Response& error) {
  return need(call, call.who && acl.may_write(call.who->role, topic), "write " + topic, error);
}

Response not_found(const std::string& kind, const std::string& id) {
  return error_response(404, "not_found",
                        "unknown " + kind + (is_valid_id(id) ? " " + id : std::string()));
}

Response bad_request(const std::string& code, const std::string& message) {
  return error_response(400, code, message);
}

std::optional<std::string> clean_text(const nlohmann::json& body, const char* field,
                                      std::size_t max_bytes, bool multiline) {
  auto it = body.find(field);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  const auto& in = it->get_ref<const std::string&>();
  std::string out;
  out.reserve(std::min(in.size(), max_bytes));
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') continue;
    const bool keep = c >= 0x20 ? c != 0x7f : multiline && (c == '\n' || c == '\t' || c == '\r');
    if (keep) out.push_back(c == '\r' ? '\n' : static_cast<char>(c));
  }
  const auto first = out.find_first_not_of(" \t\n");
  if (first == std::string::npos) return std::nullopt;
  out.erase(0, first);
  out.erase(out.find_last_not_of(" \t\n") + 1);
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

std::optional<std::size_t> parse_limit(const ApiCall& call, std::size_t fallback, std::size_t max,
                                       Response& error) {
  const std::string text = call.query_value("limit");
  if (text.empty()) return fallback;
  std::size_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < 1 || v > max) {
    error = bad_request("invalid_limit",
                        "limit must be an integer in [1, " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return v;
}

bool is_word(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return false;
  }
  return true;
}

}  // namespace hubd
