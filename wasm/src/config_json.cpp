#include "ssehub/config_json.hpp"

#include "cold.hpp"
#include "ssehub/json_scan.hpp"

namespace ssehub {
namespace {

class Reader {
 public:
  explicit Reader(std::string& error) : error_(error) {}

  bool fail(std::string_view what, std::string_view key) {
    if (error_.empty()) {
      error_.assign(what);
      error_ += ": ";
      error_.append(key);
    }
    return false;
  }

  bool text(std::string_view key, std::string_view value, std::string& out) {
    out.clear();
    return json::decode_string(value, out) || fail("expected a string", key);
  }

  template <class T>
  bool num(std::string_view key, std::string_view value, T& out, double lo, double hi) {
    const auto n = json::number(value);
    if (!n || *n < lo || *n > hi) return fail("expected a number in range", key);
    out = static_cast<T>(*n);
    return true;
  }

  bool flag(std::string_view key, std::string_view value, bool& out) {
    if (value == "true" || value == "false") {
      out = value == "true";
      return true;
    }
    return fail("expected true or false", key);
  }

  bool retry(std::string_view object, RetryConfig& r) {
    return json::for_each_member(object,
                                 [&](std::string_view k, std::string_view v) {
                                   if (json::key_is(k, "initialMs"))
                                     return num(k, v, r.initial_ms, 0, 86400000);
                                   if (json::key_is(k, "factor"))
                                     return num(k, v, r.factor, 1, 100);
                                   if (json::key_is(k, "maxMs"))
                                     return num(k, v, r.max_ms, 0, 86400000);
                                   if (json::key_is(k, "attemptsBeforeDegraded")) {
                                     return num(k, v, r.attempts_before_degraded, 1, 1000000);
                                   }
                                   if (json::key_is(k, "jitter")) {
                                     std::string s;
                                     if (!text(k, v, s)) return false;
                                     if (s == "full")
                                       r.jitter = Jitter::Full;
                                     else if (s == "equal")
                                       r.jitter = Jitter::Equal;
                                     else if (s == "decorrelated")
                                       r.jitter = Jitter::Decorrelated;
                                     else if (s == "none")
                                       r.jitter = Jitter::None;
                                     else
                                       return fail(
                                           "jitter must be full, equal, decorrelated or none", k);
                                     return true;
                                   }
                                   return fail("unknown retry option", k);
                                 }) ||
           fail("expected an object", "retry");
  }

  bool heartbeat(std::string_view object, HeartbeatConfig& h) {
    return json::for_each_member(object,
                                 [&](std::string_view k, std::string_view v) {
                                   if (json::key_is(k, "intervalMs"))
                                     return num(k, v, h.interval_ms, 0, 86400000);
                                   if (json::key_is(k, "staleFactor"))
                                     return num(k, v, h.stale_factor, 1, 100);
                                   if (json::key_is(k, "graceMs"))
                                     return num(k, v, h.grace_ms, 0, 86400000);
                                   if (json::key_is(k, "events")) {
                                     h.event_names.clear();
                                     return json::for_each_element(
                                                v,
                                                [&](std::string_view e) {
                                                  return text(k, e, h.event_names.emplace_back());
                                                }) ||
                                            fail("expected an array of strings", k);
                                   }
                                   return fail("unknown heartbeat option", k);
                                 }) ||
           fail("expected an object", "heartbeat");
  }

  bool scope(std::string_view object, Config& c) {
    return json::for_each_member(object,
                                 [&](std::string_view k, std::string_view v) {
                                   auto& [name, value] = c.scope.emplace_back();
                                   if (!json::decode_string(k, name))
                                     return fail("bad key", "scope");
                                   if (v.front() == '"') return text(k, v, value);
                                   if (!json::number(v))
                                     return fail("expected a string or number", k);
                                   value.assign(v);
                                   return true;
                                 }) ||
           fail("expected an object", "scope");
  }

 private:
  std::string& error_;
};

}  // namespace

SSEHUB_COLD std::optional<Config> config_from_json(std::string_view json_text, std::string& error) {
  error.clear();
  Config c;
  Reader r(error);
  bool has_url = false;
  const bool ok = json::for_each_member(json_text, [&](std::string_view k, std::string_view v) {
    if (json::key_is(k, "url")) return has_url = r.text(k, v, c.url);
    if (json::key_is(k, "scope")) return r.scope(v, c);
    if (json::key_is(k, "retry")) return r.retry(v, c.retry);
    if (json::key_is(k, "heartbeat")) return r.heartbeat(v, c.heartbeat);
    if (json::key_is(k, "enabled")) return r.flag(k, v, c.enabled);
    if (json::key_is(k, "useCredentials")) return r.flag(k, v, c.use_credentials);
    if (json::key_is(k, "pauseWhenHidden")) return r.flag(k, v, c.pause_when_hidden);
    if (json::key_is(k, "refreshBeforeExpiryMs")) {
      return r.num(k, v, c.refresh_before_expiry_ms, 0, 86400000);
    }
    if (json::key_is(k, "connectTimeoutMs")) return r.num(k, v, c.connect_timeout_ms, 1, 86400000);
    if (json::key_is(k, "maxFrameBytes")) return r.num(k, v, c.max_frame_bytes, 64, 1 << 30);
    if (json::key_is(k, "lastEventIdQuery")) return r.text(k, v, c.last_event_id_query);
    if (json::key_is(k, "seed")) return r.num(k, v, c.seed, 0, 9007199254740991.0);
    if (json::key_is(k, "protocol")) {
      std::string p;
      if (!r.text(k, v, p)) return false;
      if (p == "envelope")
        c.protocol = Protocol::Envelope;
      else if (p == "plain")
        c.protocol = Protocol::Plain;
      else
        return r.fail("protocol must be envelope or plain", k);
      return true;
    }
    return r.fail("unknown option", k);
  });
  if (!ok) {
    if (error.empty()) error = "configuration is not a JSON object";
    return std::nullopt;
  }
  if (!has_url || c.url.empty()) {
    error = "url is required";
    return std::nullopt;
  }
  return c;
}

}  // namespace ssehub
