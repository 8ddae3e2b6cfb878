// Random inputs in a random order: the hub never crashes, and its promises hold after
// every input: polling exactly while degraded or disabled, never a second Open while a
// transport is open, each Deliver naming live subscriptions, and sequences per topic only ever
// rising.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "../support/hub_driver.hpp"
#include "ssehub/hub.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

constexpr std::string_view kFragments[] = {
    "event: a\ndata: {\"topic\":\"a\",\"resourceId\":\"r\",\"payload\":{},\"sequence\":",
    "}\n\n",
    "event: hub.snapshot\ndata: {\"topic\":\"a\",\"sequence\":",
    ",\"items\":[]}\n\n",
    "event: hub.error\ndata: {\"code\":\"token_expired\"}\n\n",
    ": hb\n\n",
    "retry: 10\n\n",
    "event: hub.ready\ndata: {\"heartbeatMs\":100}\n\n",
    "event: ping\ndata: {}\n\n",
    "data: {\"topic\":\"b.x\",\"sequence\":"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  ssehub::Config config;
  config.url = "http://h/e";
  config.protocol = data[0] & 1 ? ssehub::Protocol::Plain : ssehub::Protocol::Envelope;
  config.use_credentials = data[0] & 2;
  config.pause_when_hidden = data[0] & 4;
  config.max_frame_bytes = 64;
  config.retry.jitter = static_cast<ssehub::Jitter>((data[0] >> 3) & 3);
  ssehub::testing::Driver d(config);
  std::set<ssehub::SubId> live;
  std::map<std::string, std::uint64_t> last;  // per topic, in envelope mode
  std::size_t seen = 0;
  bool transport = false;  // an Open not yet followed by a Close or a close from the server

  for (std::size_t i = 1; i < size;) {
    const std::uint8_t op = data[i++];
    const std::uint8_t arg = i < size ? data[i] : 0;
    switch (op % 16) {
      case 0:
        d.start();
        break;
      case 1:
        d.stop();
        break;
      case 2:
        d.respond(arg % 2 ? 200 : 400u + arg, arg % 3 ? "text/event-stream" : "x/y", arg);
        break;
      case 3:
        transport = false;
        d.drop(arg % 2 ? ssehub::CloseReason::Eof : ssehub::CloseReason::NetworkError);
        break;
      case 4:
        d.advance(arg * 97);
        break;
      case 5:
        d.apply(d.hub.visibility(d.now, arg & 1));
        break;
      case 6:
        d.apply(d.hub.network(d.now, arg & 1));
        break;
      case 7:
        d.apply(d.hub.frozen(d.now, arg & 1));
        break;
      case 8:
        d.apply(d.hub.credentials(d.now, arg & 1 ? "a.eyJleHAiOjF9.b" : "t"));
        break;
      case 9:
        d.apply(d.hub.credentials_failed(d.now));
        break;
      case 10: {
        static const char* kFilters[] = {"a", "b.*", "*", "b.x", "", "a.*"};
        const auto id = d.hub.subscribe({kFilters[arg % 6], arg & 8 ? "r" : ""});
        if (id != 0) live.insert(id);
        break;
      }
      case 11:
        if (!live.empty()) {
          const auto it = std::next(live.begin(), arg % live.size());
          d.hub.unsubscribe(*it);
          live.erase(it);
        }
        break;
      case 12: {  // a well-formed fragment, with a number where one fits
        std::string s(kFragments[arg % std::size(kFragments)]);
        if (s.back() == ':') s += std::to_string(arg);
        d.send(s);
        break;
      }
      default: {  // raw bytes
        const std::size_t n = std::min<std::size_t>(arg % 32, size - i);
        d.send(std::string_view(reinterpret_cast<const char*>(data) + i, n));
        i += n;
        break;
      }
    }
    if (i < size) ++i;
    const auto state = d.hub.health().state;
    require(d.hub.polling() ==
            (state == ssehub::HealthState::Degraded || state == ssehub::HealthState::Disabled));
    for (; seen < d.log.size(); ++seen) {
      const auto& r = d.log[seen];
      if (r.kind == ssehub::EffectKind::Open) {
        require(!transport);
        transport = true;
      }
      if (r.kind == ssehub::EffectKind::Close) transport = false;
      if (r.kind == ssehub::EffectKind::Deliver) {
        for (auto s : r.subs) require(live.count(s) == 1);
        if (config.protocol == ssehub::Protocol::Envelope) {
          auto& l = last[r.text[0]];
          require(static_cast<std::uint64_t>(r.number) > l);
          l = static_cast<std::uint64_t>(r.number);
        }
      }
      if (r.kind == ssehub::EffectKind::Snapshot) {
        auto& l = last[r.text[0]];
        require(static_cast<std::uint64_t>(r.number) >= l);
        l = static_cast<std::uint64_t>(r.number);
      }
    }
  }
  return 0;
}
