// POST /api/v1/test/faults (test mode): the failures end-to-end tests need on demand; and
// GET /api/v1/test/requests: the requests served since the last reset.
#include <set>

#include "log.hpp"
#include "responses.hpp"
#include "stream_session.hpp"

namespace hubd {

Response App::faults(const Request& req) {
  Response error;
  auto body = json_body(req, error);
  if (!body) return error;
  static const std::set<std::string> kKnown = {"dropStreams",   "stopHeartbeats", "refuseStatus",
                                               "refuseSeconds", "stallWrites",    "revokeUser",
                                               "failMutations", "reset"};
  for (const auto& [key, value] : body->items()) {
    if (!kKnown.count(key)) return error_response(400, "unknown_fault", "unknown fault " + key);
  }
  auto flag = [&body](const char* name, bool& out) {
    auto it = body->find(name);
    if (it == body->end()) return true;
    if (!it->is_boolean()) return false;
    out = it->get<bool>();
    return true;
  };
  bool drop = false, reset = false;
  Faults next = faults_;
  if (!flag("dropStreams", drop) || !flag("stopHeartbeats", next.stop_heartbeats) ||
      !flag("stallWrites", next.stall_writes) || !flag("failMutations", next.fail_mutations) ||
      !flag("reset", reset)) {
    return error_response(400, "invalid_fault", "fault flags are booleans");
  }
  if (body->contains("refuseStatus")) {
    const auto& status = (*body)["refuseStatus"];
    const auto& seconds = body->value("refuseSeconds", nlohmann::json(10));
    if (!status.is_number_integer() || status.get<int>() < 400 || status.get<int>() > 599 ||
        !seconds.is_number() || seconds.get<double>() < 0 || seconds.get<double>() > 3600) {
      return error_response(400, "invalid_fault",
                            "refuseStatus in [400, 599], refuseSeconds in [0, 3600]");
    }
    next.refuse_status = status.get<int>();
    next.refuse_until =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<std::int64_t>(seconds.get<double>() * 1000));
  }
  if (reset) next = Faults{};
  const bool unstall = faults_.stall_writes && !next.stall_writes;
  faults_ = next;
  log_line("warn", "fault_injected", *body);
  if (reset) {
    reset_domain();
    request_log_.clear();
    request_log_dropped_ = 0;
  }

  std::size_t affected = 0;
  if (drop) {
    for_each_stream([&affected](StreamSession& s) {
      ++affected;
      s.abort("fault_drop");
    });
  }
  if (auto it = body->find("revokeUser"); it != body->end() && it->is_string()) {
    const std::string user = *it;
    for_each_stream([&](StreamSession& s) {
      if (s.principal().user != user) return;
      ++affected;
      s.finish("access_revoked",
               s.error_frame("access_revoked", "access to this stream was revoked"));
    });
  }
  if (unstall) for_each_stream([](StreamSession& s) { s.kick(); });
  return json_response(http::status::ok, {{"streamsAffected", affected},
                                          {"stopHeartbeats", faults_.stop_heartbeats},
                                          {"stallWrites", faults_.stall_writes},
                                          {"failMutations", faults_.fail_mutations},
                                          {"refuseStatus", faults_.refuse_status}});
}

Response App::requests_seen() const {
  return json_response(http::status::ok,
                       {{"requests", request_log_}, {"dropped", request_log_dropped_}});
}

}  // namespace hubd
