// The one file that knows it runs in WebAssembly: a C ABI over the core for js/.
// Calls are coarse (one per received chunk); results are read in bulk from the heap.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "ssehub/config_json.hpp"
#include "ssehub/hub.hpp"
#include "ssehub/parser.hpp"
#include "ssehub/parser_batch.hpp"

namespace {

struct ParserHandle {
  explicit ParserHandle(ssehub::ParserOptions options) : parser(batch, options) {}
  ssehub::ParserBatch batch;
  ssehub::Parser parser;
  std::string input;  // reusable buffer JS copies each chunk into
};

// A hub and the flat form of its last effect batch: kRecord doubles per effect, text as
// UTF-16 (offset, length) into the batch's blob so JS decodes it once per call.
struct HubHandle {
  static constexpr std::size_t kRecord = 17;
  explicit HubHandle(ssehub::Config config) : hub(std::move(config)) {}
  ssehub::Hub hub;
  std::string input;
  std::vector<double> records;
  const ssehub::EffectBatch* last = nullptr;
  double health[7] = {};
  double metrics[14] = {};

  std::uint32_t encode(const ssehub::EffectBatch& batch) {
    last = &batch;
    records.clear();
    records.reserve(batch.size() * kRecord);
    const std::string& text = batch.text();
    // ASCII text, the common case: UTF-16 offsets are the byte offsets.
    const bool ascii = ssehub::utf16_length(text) == text.size();
    std::uint32_t byte_cursor = 0, unit_cursor = 0;
    auto units_to = [&](std::uint32_t byte_offset) {
      if (ascii) return byte_offset;
      if (byte_offset < byte_cursor) byte_cursor = unit_cursor = 0;
      unit_cursor += ssehub::utf16_length({text.data() + byte_cursor, byte_offset - byte_cursor});
      byte_cursor = byte_offset;
      return unit_cursor;
    };
    for (const ssehub::Effect& e : batch.effects()) {
      records.insert(records.end(),
                     {static_cast<double>(e.kind), e.flag ? 1.0 : 0.0,
                      static_cast<double>(e.reason), static_cast<double>(e.code),
                      static_cast<double>(e.conn), e.number, static_cast<double>(e.time),
                      static_cast<double>(e.subs_offset), static_cast<double>(e.subs_count)});
      for (const ssehub::TextRef& ref : e.text) {
        if (ref.size == 0) {
          records.insert(records.end(), {0.0, 0.0});
          continue;
        }
        const std::uint32_t start = units_to(ref.offset);
        const std::uint32_t end = units_to(ref.offset + ref.size);
        records.insert(records.end(),
                       {static_cast<double>(start), static_cast<double>(end - start)});
      }
    }
    return static_cast<std::uint32_t>(batch.size());
  }

  std::string_view in(std::uint32_t offset, std::uint32_t size) const {
    return {input.data() + offset, size};
  }
};

std::string scratch;  // the configuration JSON on its way to ssehub_hub_create

}  // namespace

extern "C" {

// Room for `size` bytes that the next ssehub_hub_create reads.
EMSCRIPTEN_KEEPALIVE char* ssehub_scratch(std::uint32_t size) {
  scratch.resize(size);
  return scratch.data();
}

// Comma-separated names of an enum, in value order: 0 health states, 1 reasons, 2
// telemetry codes (from value 1).
EMSCRIPTEN_KEEPALIVE const char* ssehub_names(std::uint32_t table) {
  static std::string names[3];
  std::string& out = names[table % 3];
  if (out.empty()) {
    auto add = [&](std::string_view name) {
      if (!out.empty()) out += ',';
      out.append(name);
    };
    if (table == 0) {
      for (int i = 0; i <= static_cast<int>(ssehub::HealthState::Disabled); ++i) {
        add(ssehub::to_string(static_cast<ssehub::HealthState>(i)));
      }
    } else if (table == 1) {
      for (int i = 0; i <= static_cast<int>(ssehub::Reason::Disabled); ++i) {
        add(ssehub::to_string(static_cast<ssehub::Reason>(i)));
      }
    } else {
      for (int i = 1; i <= static_cast<int>(ssehub::TelemetryCode::Stale); ++i) {
        add(ssehub::to_string(static_cast<ssehub::TelemetryCode>(i)));
      }
    }
  }
  return out.c_str();
}

// A hub from the JSON configuration in the scratch buffer; null, with the reason in the
// scratch buffer (read it with ssehub_scratch_text), when the configuration is invalid.
EMSCRIPTEN_KEEPALIVE HubHandle* ssehub_hub_create(std::uint32_t size) {
  std::string error;
  auto config = ssehub::config_from_json({scratch.data(), size}, error);
  if (!config) {
    scratch = error;
    return nullptr;
  }
  return new HubHandle(std::move(*config));
}

EMSCRIPTEN_KEEPALIVE const char* ssehub_scratch_text() { return scratch.c_str(); }

EMSCRIPTEN_KEEPALIVE void ssehub_hub_destroy(HubHandle* h) { delete h; }

EMSCRIPTEN_KEEPALIVE char* ssehub_hub_input(HubHandle* h, std::uint32_t size) {
  if (h->input.size() < size) h->input.resize(size);
  return h->input.data();
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_start(HubHandle* h, double now) {
  return h->encode(h->hub.start(static_cast<ssehub::TimeMs>(now)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_stop(HubHandle* h, double now) {
  return h->encode(h->hub.stop(static_cast<ssehub::TimeMs>(now)));
}

// Topic then resource id, concatenated in the input buffer.
EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_subscribe(HubHandle* h, std::uint32_t topic_size,
                                                        std::uint32_t resource_size) {
  return h->hub.subscribe(
      {std::string(h->in(0, topic_size)), std::string(h->in(topic_size, resource_size))});
}

EMSCRIPTEN_KEEPALIVE void ssehub_hub_unsubscribe(HubHandle* h, std::uint32_t id) {
  h->hub.unsubscribe(id);
}

// The content type is in the input buffer; retry_after_ms < 0: none.
EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_opened(HubHandle* h, double now, std::uint32_t conn,
                                                     std::uint32_t status,
                                                     std::uint32_t content_type_size,
                                                     double retry_after_ms) {
  return h->encode(h->hub.opened(static_cast<ssehub::TimeMs>(now), conn, status,
                                 h->in(0, content_type_size),
                                 static_cast<ssehub::TimeMs>(retry_after_ms)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_received(HubHandle* h, double now, std::uint32_t conn,
                                                       std::uint32_t size) {
  return h->encode(h->hub.received(static_cast<ssehub::TimeMs>(now), conn, h->in(0, size)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_closed(HubHandle* h, double now, std::uint32_t conn,
                                                     std::uint32_t reason) {
  return h->encode(
      h->hub.closed(static_cast<ssehub::TimeMs>(now), conn,
                    reason == 0 ? ssehub::CloseReason::Eof : ssehub::CloseReason::NetworkError));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_timer(HubHandle* h, double now) {
  return h->encode(h->hub.timer(static_cast<ssehub::TimeMs>(now)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_visibility(HubHandle* h, double now, int hidden) {
  return h->encode(h->hub.visibility(static_cast<ssehub::TimeMs>(now), hidden != 0));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_frozen(HubHandle* h, double now, int frozen) {
  return h->encode(h->hub.frozen(static_cast<ssehub::TimeMs>(now), frozen != 0));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_network(HubHandle* h, double now, int online) {
  return h->encode(h->hub.network(static_cast<ssehub::TimeMs>(now), online != 0));
}

// The token is in the input buffer.
EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_credentials(HubHandle* h, double now,
                                                          std::uint32_t size) {
  return h->encode(h->hub.credentials(static_cast<ssehub::TimeMs>(now), h->in(0, size)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_credentials_failed(HubHandle* h, double now) {
  return h->encode(h->hub.credentials_failed(static_cast<ssehub::TimeMs>(now)));
}

EMSCRIPTEN_KEEPALIVE const double* ssehub_hub_effects(HubHandle* h) { return h->records.data(); }

EMSCRIPTEN_KEEPALIVE const std::uint32_t* ssehub_hub_subs(HubHandle* h) {
  return h->last ? h->last->subs().data() : nullptr;
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_subs_size(HubHandle* h) {
  return h->last ? static_cast<std::uint32_t>(h->last->subs().size()) : 0;
}

EMSCRIPTEN_KEEPALIVE const char* ssehub_hub_text(HubHandle* h) {
  return h->last ? h->last->text().data() : nullptr;
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_text_size(HubHandle* h) {
  return h->last ? static_cast<std::uint32_t>(h->last->text().size()) : 0;
}

// [state, reason, since, attempt, nextRetryAt, lastEventAt, httpStatus]
EMSCRIPTEN_KEEPALIVE const double* ssehub_hub_health(HubHandle* h) {
  const ssehub::Health& s = h->hub.health();
  const double values[] = {
      static_cast<double>(s.state),         static_cast<double>(s.reason),
      static_cast<double>(s.since),         static_cast<double>(s.attempt),
      static_cast<double>(s.next_retry_at), static_cast<double>(s.last_event_at),
      static_cast<double>(s.http_status)};
  std::copy(std::begin(values), std::end(values), h->health);
  return h->health;
}

// [connects, opens, reconnects, disconnects, authFailures, fallbackActivations, events,
//  deliveries, duplicates, snapshots, badFrames, heartbeats, stale, bytes]
EMSCRIPTEN_KEEPALIVE const double* ssehub_hub_metrics(HubHandle* h) {
  const ssehub::Metrics& m = h->hub.metrics();
  const std::uint64_t values[] = {m.connects,    m.opens,         m.reconnects,
                                  m.disconnects, m.auth_failures, m.fallback_activations,
                                  m.events,      m.deliveries,    m.duplicates,
                                  m.snapshots,   m.bad_frames,    m.heartbeats,
                                  m.stale,       m.bytes};
  for (std::size_t i = 0; i < std::size(values); ++i)
    h->metrics[i] = static_cast<double>(values[i]);
  return h->metrics;
}

EMSCRIPTEN_KEEPALIVE ParserHandle* ssehub_parser_create(std::uint32_t max_frame_bytes) {
  ssehub::ParserOptions options;
  if (max_frame_bytes != 0) options.max_frame_bytes = max_frame_bytes;
  return new ParserHandle(options);
}

EMSCRIPTEN_KEEPALIVE void ssehub_parser_destroy(ParserHandle* h) { delete h; }

// Room for `size` input bytes; valid until the next call into the module.
EMSCRIPTEN_KEEPALIVE char* ssehub_parser_input(ParserHandle* h, std::uint32_t size) {
  if (h->input.size() < size) h->input.resize(size);
  return h->input.data();
}

// Parses `size` bytes from the input buffer; returns the number of records.
EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_parser_feed(ParserHandle* h, std::uint32_t size) {
  h->batch.clear();
  h->parser.feed({h->input.data(), size});
  return static_cast<std::uint32_t>(h->batch.record_count());
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_parser_end(ParserHandle* h) {
  h->batch.clear();
  h->parser.end();
  return static_cast<std::uint32_t>(h->batch.record_count());
}

EMSCRIPTEN_KEEPALIVE const std::uint32_t* ssehub_parser_records(ParserHandle* h) {
  return h->batch.words().data();
}

EMSCRIPTEN_KEEPALIVE const char* ssehub_parser_text(ParserHandle* h) {
  return h->batch.text().data();
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_parser_text_size(ParserHandle* h) {
  return static_cast<std::uint32_t>(h->batch.text().size());
}

}  // extern "C"
