// Events/s through the whole hub natively: parse, envelope scan, sequence check, routing
// and the Deliver effect, for 1, 10 and 100 subscriptions on the stream's topics, with
// 200-byte payloads fed in 16 KiB chunks as a socket would deliver them.
#include <benchmark/benchmark.h>

#include <string>

#include "ssehub/hub.hpp"

namespace {

constexpr int kTopics = 10;

std::string topic(int i) { return "project.t" + std::to_string(i); }

std::string make_stream(std::size_t events) {
  const std::string payload = "{\"text\":\"" + std::string(180, 'x') + "\"}";
  std::string s;
  for (std::size_t seq = 1; seq <= events; ++seq) {
    const std::string t = topic(static_cast<int>(seq % kTopics));
    s += "id: " + std::to_string(seq) + "\nevent: " + t + "\ndata: {\"topic\":\"" + t +
         "\",\"resourceId\":\"r" + std::to_string(seq % 7) + "\",\"payload\":" + payload +
         ",\"sequence\":" + std::to_string(seq) + ",\"emittedAt\":1700000000000}\n\n";
  }
  return s;
}

void BM_HubDeliver(benchmark::State& state) {
  const auto subscriptions = static_cast<int>(state.range(0));
  constexpr std::size_t kEvents = 20000;
  constexpr std::size_t kChunk = 16384;
  const std::string stream = make_stream(kEvents);
  std::uint64_t deliveries = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ssehub::Config config;
    config.url = "http://127.0.0.1/api/v1/events";
    ssehub::Hub hub(config);
    for (int i = 0; i < subscriptions; ++i) {
      // A mix as a page has it: exact topics, one per resource, and patterns.
      const std::string t = i % 5 == 4 ? "project.*" : topic(i % kTopics);
      hub.subscribe({t, i % 3 == 2 ? "r" + std::to_string(i % 7) : ""});
    }
    hub.start(0);
    hub.opened(0, 1, 200, "text/event-stream", -1);
    state.ResumeTiming();
    for (std::size_t off = 0; off < stream.size(); off += kChunk) {
      const auto& batch = hub.received(1, 1, std::string_view(stream).substr(off, kChunk));
      benchmark::DoNotOptimize(batch.size());
    }
    deliveries += hub.metrics().deliveries;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kEvents));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.counters["deliveries/event"] =
      static_cast<double>(deliveries) / static_cast<double>(state.iterations() * kEvents);
}
BENCHMARK(BM_HubDeliver)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace
