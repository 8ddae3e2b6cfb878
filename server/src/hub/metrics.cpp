#include "hub/metrics.hpp"

#include <unistd.h>
#include <fstream>
#include <sstream>

namespace hubd {
namespace {

void counter(std::ostream& out, const char* name, const char* help, std::uint64_t value) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n"
      << name << ' ' << value << '\n';
}

void labelled(std::ostream& out, const char* name, const char* help, const char* label,
              const std::map<std::string, std::uint64_t>& values) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n";
  for (const auto& [key, value] : values) {
    out << name << '{' << label << "=\"" << key << "\"} " << value << '\n';
  }
}

void gauge(std::ostream& out, const char* name, const char* help, double value) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n"
      << name << ' ' << value << '\n';
}

double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace

void Metrics::fanout_seconds(double seconds) {
  ++fanout_count_;
  fanout_sum_ += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++fanout_buckets_[i];
  }
}

std::string Metrics::render(std::int64_t open_streams, std::size_t buffered_events) const {
  std::ostringstream out;
  out.precision(10);
  gauge(out, "hubd_streams_open", "Open event streams.", static_cast<double>(open_streams));
  gauge(out, "hubd_replay_buffered_events", "Events held in replay buffers.",
        static_cast<double>(buffered_events));
  gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", resident_bytes());
  counter(out, "hubd_stream_connects_total", "Streams opened.", connects_);
  labelled(out, "hubd_stream_refusals_total", "Stream requests refused, by reason.", "reason",
           refusals_);
  labelled(out, "hubd_stream_closes_total", "Streams closed, by reason.", "reason", closes_);
  labelled(out, "hubd_auth_failures_total", "Failed authentications, by reason.", "reason",
           auth_failures_);
  counter(out, "hubd_events_published_total", "Events published.", published_);
  counter(out, "hubd_deliveries_total", "Event frames queued to streams.", deliveries_);
  counter(out, "hubd_drops_total", "Event frames dropped (a stream closed as too slow).", drops_);
  counter(out, "hubd_replay_hits_total", "Resumes fully served from replay buffers.", replay_hits_);
  counter(out, "hubd_replay_misses_total", "Resumes that needed a snapshot.", replay_misses_);
  counter(out, "hubd_snapshots_sent_total", "hub.snapshot frames sent.", snapshots_);
  counter(out, "hubd_slow_consumer_disconnects_total", "Streams closed for a full send queue.",
          slow_consumers_);
  const char* h = "hubd_fanout_seconds";
  out << "# HELP " << h << " Time to queue one published event to every receiver.\n# TYPE " << h
      << " histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    out << h << "_bucket{le=\"" << kBuckets[i] << "\"} " << fanout_buckets_[i] << '\n';
  }
  out << h << "_bucket{le=\"+Inf\"} " << fanout_count_ << '\n'
      << h << "_sum " << fanout_sum_ << '\n'
      << h << "_count " << fanout_count_ << '\n';
  return out.str();
}

}  // namespace hubd
