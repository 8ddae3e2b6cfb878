// Native parser throughput: MB/s and events/s for 100 B, 1 KiB and 64 KiB events, fed in
// 64 KiB chunks as a socket would deliver them, and byte by byte as the worst case.
#include <benchmark/benchmark.h>

#include <string>

#include "ssehub/parser.hpp"

namespace {

class Counter final : public ssehub::ParserHandler {
 public:
  std::size_t events = 0;
  std::size_t bytes = 0;
  void on_event(const ssehub::SseEvent& e) override {
    ++events;
    bytes += e.data.size();
  }
};

// A stream of envelope-like events whose data line is `event_bytes` long.
std::string make_stream(std::size_t event_bytes, std::size_t total_bytes) {
  std::string stream;
  for (std::size_t seq = 1; stream.size() < total_bytes; ++seq) {
    std::string frame = "id: " + std::to_string(seq) + "\nevent: project.lifecycle\ndata: ";
    frame.append(event_bytes, 'x');
    frame += "\n\n";
    stream += frame;
  }
  return stream;
}

void BM_Parse(benchmark::State& state) {
  const auto event_bytes = static_cast<std::size_t>(state.range(0));
  const auto chunk = static_cast<std::size_t>(state.range(1));
  const std::string stream = make_stream(event_bytes, chunk == 1 ? 1 << 20 : 16 << 20);
  std::size_t events = 0;
  for (auto _ : state) {
    Counter counter;
    ssehub::Parser parser(counter);
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      parser.feed(std::string_view(stream).substr(i, chunk));
    }
    parser.end();
    events += counter.events;
    benchmark::DoNotOptimize(counter.bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(stream.size() * state.iterations()));
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_Parse)
    ->ArgNames({"event_bytes", "chunk"})
    ->Args({100, 64 << 10})
    ->Args({1 << 10, 64 << 10})
    ->Args({64 << 10, 64 << 10})
    ->Args({100, 1})
    ->Args({1 << 10, 1})
    ->Unit(benchmark::kMillisecond);
