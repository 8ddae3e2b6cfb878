// What the seed products' handlers share: the parsed call with its caller, authorization by
// topic, the tenant guard on a loaded resource, input cleaning and precise JSON errors.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/acl.hpp"
#include "net/http.hpp"
#include "net/responses.hpp"
#include "net/router.hpp"

namespace hubd {

struct ApiCall {
  const Request& req;
  std::vector<std::string> segs;  // the path after "/api/", split on '/' and decoded
  std::map<std::string, std::string> query;
  std::optional<Principal> who;  // the authenticated caller
  Response auth_error;           // why `who` is empty
  std::int64_t now_ms = 0;

  http::verb method() const { return req.method(); }
  std::string query_value(const char* name) const;
};

using DomainRouter = Router<ApiCall>;

// The caller, or nullptr with `error` set: 401 without credentials, 403 when the role may
// not read (or write) the topic.
const Principal* need_read(const ApiCall& call, const Acl& acl, const std::string& topic,
                           Response& error);
const Principal* need_write(const ApiCall& call, const Acl& acl, const std::string& topic,
                            Response& error);

// Another tenant's resource is indistinguishable from a missing one.
Response not_found(const std::string& kind, const std::string& id);
Response bad_request(const std::string& code, const std::string& message);

// How owned() reaches a stored resource: the value itself, or what a shared_ptr holds.
template <class T>
struct Stored {
  using Resource = T;
  static T* get(T& value) { return &value; }
};
template <class T>
struct Stored<std::shared_ptr<T>> {
  using Resource = T;
  static T* get(const std::shared_ptr<T>& value) { return value.get(); }
};

// The resource stored under `key` when it belongs to the caller's workspace; else nullptr,
// and `error` is 404 "unknown <kind> <id>" (the tenant guard of every product).
template <class Map>
typename Stored<typename Map::mapped_type>::Resource* owned(
    Map& items, const typename Map::key_type& key, const Principal& who, const std::string& kind,
    const std::string& id, Response& error) {
  using S = Stored<typename Map::mapped_type>;
  auto it = items.find(key);
  auto* item = it == items.end() ? nullptr : S::get(it->second);
  if (item && item->workspace == who.workspace) return item;
  error = not_found(kind, id);
  return nullptr;
}

// The usual case: the resource is stored under its id.
template <class Map>
auto owned(Map& items, const std::string& id, const Principal& who, const std::string& kind,
           Response& error) {
  return owned(items, id, who, kind, id, error);
}

// Text from a client: control characters removed (except '\n' and '\t' when `multiline`),
// CRLF → LF, trimmed, at most `max_bytes` (cut on a UTF-8 boundary). nullopt when the
// member is missing, not a string or empty after cleaning.
std::optional<std::string> clean_text(const nlohmann::json& body, const char* field,
                                      std::size_t max_bytes, bool multiline = false);

// `?limit=`: default when absent, 400 unless an integer in [1, max].
std::optional<std::size_t> parse_limit(const ApiCall& call, std::size_t fallback, std::size_t max,
                                       Response& error);

// A short machine word such as a type: [a-z0-9._-]{1,32}.
bool is_word(std::string_view s);

}  // namespace hubd
