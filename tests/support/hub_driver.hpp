// Drives an ssehub::Hub the way js/ does, on a virtual clock: performs its effects
// (one timer, one transport), keeps copies of everything it said, and lets a test act as
// the server and the page.
#pragma once

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ssehub/hub.hpp"

namespace ssehub::testing {

struct Rec {
  EffectKind kind;
  bool flag;
  Reason reason;
  TelemetryCode code;
  ConnId conn;
  double number;
  TimeMs time;
  std::vector<SubId> subs;
  std::string text[4];
};

struct Delivery {
  std::string topic, resource, payload, id;
  std::uint64_t sequence;
  bool is_json;
};

class Driver {
 public:
  explicit Driver(Config config) : hub(std::move(config)) {}

  Hub hub;
  TimeMs now = 1'000'000;
  TimeMs timer_at = 0;  // the one armed timer, 0 = none
  ConnId conn = 0;      // the transport the hub asked for and has not closed
  std::vector<Rec> log;
  std::map<SubId, std::vector<Delivery>> delivered;
  std::map<SubId, std::vector<Rec>> snapshots;
  std::vector<Rec> opens;
  int credentials_asked = 0;
  int fallback_toggles = 0;

  void apply(const EffectBatch& batch) {
    for (const Effect& e : batch.effects()) {
      Rec r{e.kind, e.flag, e.reason, e.code, e.conn, e.number, e.time, {}, {}};
      r.subs.assign(batch.subs_of(e), batch.subs_of(e) + e.subs_count);
      for (int i = 0; i < 4; ++i) r.text[i] = std::string(batch.str(e, i));
      switch (e.kind) {
        case EffectKind::Open:
          conn = e.conn;
          opens.push_back(r);
          break;
        case EffectKind::Close:
          if (conn == e.conn) conn = 0;
          break;
        case EffectKind::Timer:
          timer_at = e.time;
          break;
        case EffectKind::NeedCredentials:
          ++credentials_asked;
          break;
        case EffectKind::Fallback:
          ++fallback_toggles;
          break;
        case EffectKind::Deliver:
          for (SubId s : r.subs) {
            delivered[s].push_back({r.text[0], r.text[1], r.text[2], r.text[3],
                                    static_cast<std::uint64_t>(r.number), r.flag});
          }
          break;
        case EffectKind::Snapshot:
          for (SubId s : r.subs) snapshots[s].push_back(r);
          break;
        default:
          break;
      }
      log.push_back(std::move(r));
    }
  }

  void start() { apply(hub.start(now)); }
  void stop() { apply(hub.stop(now)); }

  // Moves the clock, firing the timer whenever it is due, as a browser would. A timer
  // that keeps re-arming without time passing is a busy loop: an error.
  void advance(TimeMs ms) {
    const TimeMs until = now + ms;
    int fired_without_progress = 0;
    while (timer_at != 0 && timer_at <= until) {
      fired_without_progress = timer_at > now ? 0 : fired_without_progress + 1;
      if (fired_without_progress > 100) throw std::runtime_error("the hub's timer spins");
      now = std::max(now, timer_at);
      timer_at = 0;
      apply(hub.timer(now));
    }
    now = until;
  }

  // The server answers the pending open.
  void respond(std::uint32_t status, std::string_view content_type = "text/event-stream",
               TimeMs retry_after = -1) {
    apply(hub.opened(now, conn, status, content_type, retry_after));
  }
  void open_ok() { respond(200, "text/event-stream; charset=utf-8"); }
  void send(std::string_view bytes) { apply(hub.received(now, conn, bytes)); }
  void drop(CloseReason reason = CloseReason::NetworkError) {
    const ConnId c = conn;
    conn = 0;
    apply(hub.closed(now, c, reason));
  }

  std::size_t count(EffectKind kind) const {
    return static_cast<std::size_t>(
        std::count_if(log.begin(), log.end(), [&](const Rec& r) { return r.kind == kind; }));
  }
  std::size_t count(TelemetryCode code) const {
    return static_cast<std::size_t>(std::count_if(log.begin(), log.end(), [&](const Rec& r) {
      return r.kind == EffectKind::Telemetry && r.code == code;
    }));
  }
  HealthState state() const { return hub.health().state; }
  // The delay until the scheduled retry.
  TimeMs retry_in() const { return hub.health().next_retry_at - now; }
};

inline std::string envelope(std::string_view topic, std::uint64_t sequence,
                            std::string_view payload = "{}", std::string_view resource = "r1") {
  std::string s = "id: " + std::to_string(sequence) + "\nevent: " + std::string(topic) +
                  "\ndata: {\"topic\":\"" + std::string(topic) + "\",\"resourceId\":\"" +
                  std::string(resource) + "\",\"payload\":" + std::string(payload) +
                  ",\"sequence\":" + std::to_string(sequence) + ",\"emittedAt\":1700000000000}\n\n";
  return s;
}

}  // namespace ssehub::testing
