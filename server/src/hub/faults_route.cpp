#include <set>

#include "core/log.hpp"
#include "hub/faults.hpp"
#include "hub/hub_stream.hpp"
#include "hub/streams.hpp"
#include "net/responses.hpp"

namespace hubd {
namespace {

Response set_faults(const Request& req, Faults& faults, Streams& streams, RequestLog& requests,
                    const std::function<void()>& reset_domain) {
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
  Faults next = faults;
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
  const bool unstall = faults.stall_writes && !next.stall_writes;
  faults = next;
  log_line("warn", "fault_injected", *body);
  if (reset) {
    reset_domain();
    requests.clear();
  }

  std::size_t affected = 0;
  if (drop) {
    streams.for_each([&affected](HubStream& s) {
      ++affected;
      s.abort("fault_drop");
    });
  }
  if (auto it = body->find("revokeUser"); it != body->end() && it->is_string()) {
    const std::string user = *it;
    streams.for_each([&](HubStream& s) {
      if (s.info().principal.user != user) return;
      ++affected;
      s.finish("access_revoked",
               s.error_frame("access_revoked", "access to this stream was revoked"));
    });
  }
  if (unstall) streams.for_each([](HubStream& s) { s.kick(); });
  return json_response(http::status::ok, {{"streamsAffected", affected},
                                          {"stopHeartbeats", faults.stop_heartbeats},
                                          {"stallWrites", faults.stall_writes},
                                          {"failMutations", faults.fail_mutations},
                                          {"refuseStatus", faults.refuse_status}});
}

}  // namespace

void add_faults_route(Router<HttpCall>& routes, bool enabled, Faults& faults, Streams& streams,
                      RequestLog& requests, std::function<void()> reset) {
  if (!enabled) {
    for (const char* path : {"/api/v1/test/faults", "/api/v1/test/requests"}) {
      routes.add(Router<HttpCall>::kAnyMethod, path, [](const HttpCall&) {
        return error_response(404, "not_found", "test mode is off");
      });
    }
    return;
  }
  routes.add(http::verb::post, "/api/v1/test/faults",
             [&faults, &streams, &requests, reset = std::move(reset)](const HttpCall& call) {
               return set_faults(call.req, faults, streams, requests, reset);
             });
  routes.add(http::verb::get, "/api/v1/test/requests", [&requests](const HttpCall&) {
    return json_response(http::status::ok, requests.to_json());
  });
}

}  // namespace hubd
