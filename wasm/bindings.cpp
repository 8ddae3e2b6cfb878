// The one file that knows it runs in WebAssembly: a C ABI over the core for js/. Calls are
// coarse (one per received chunk); results are read in bulk from linear memory. Every
// layout and export here is declared in boundary/abi.hpp, which js/src/abi.ts mirrors.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>

#include "abi.hpp"
#include "effect_records.hpp"
#include "parser_batch.hpp"
#include "ssehub/config_json.hpp"
#include "ssehub/hub.hpp"
#include "ssehub/parser.hpp"

namespace {

using ssehub::TimeMs;

struct ParserHandle {
  explicit ParserHandle(ssehub::ParserOptions options) : parser(batch, options) {}
  ssehub::ParserBatch batch;
  ssehub::Parser parser;
  std::string input;  // reusable buffer JS copies each chunk into
};

struct HubHandle {
  explicit HubHandle(ssehub::Config config) : hub(std::move(config)) {}
  ssehub::Hub hub;
  std::string input;
  ssehub::EffectRecords records;
  double health[ssehub::abi::kHealthWords] = {};
  double metrics[std::size(ssehub::abi::kMetrics)] = {};

  std::uint32_t encode(const ssehub::EffectBatch& batch) { return records.encode(batch); }
  std::string_view in(std::uint32_t offset, std::uint32_t size) const {
    return {input.data() + offset, size};
  }
};

std::string scratch;  // the configuration JSON on its way to ssehub_hub_create

TimeMs ms(double now) { return static_cast<TimeMs>(now); }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_abi_version() {
  constexpr std::uint32_t kVersion = ssehub::abi::version();
  return kVersion;
}

// Room for `size` bytes that the next ssehub_hub_create reads.
EMSCRIPTEN_KEEPALIVE char* ssehub_scratch(std::uint32_t size) {
  scratch.resize(size);
  return scratch.data();
}

// NUL-terminated: why the last ssehub_hub_create failed.
EMSCRIPTEN_KEEPALIVE const char* ssehub_scratch_text() { return scratch.c_str(); }

// A hub from the JSON configuration in the scratch buffer; null, with the reason in the
// scratch buffer, when the configuration is invalid.
EMSCRIPTEN_KEEPALIVE HubHandle* ssehub_hub_create(std::uint32_t size) {
  std::string error;
  auto config = ssehub::config_from_json({scratch.data(), size}, error);
  if (!config) {
    scratch = error;
    return nullptr;
  }
  return new HubHandle(std::move(*config));
}

EMSCRIPTEN_KEEPALIVE void ssehub_hub_destroy(HubHandle* h) { delete h; }

EMSCRIPTEN_KEEPALIVE char* ssehub_hub_input(HubHandle* h, std::uint32_t size) {
  if (h->input.size() < size) h->input.resize(size);
  return h->input.data();
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_start(HubHandle* h, double now) {
  return h->encode(h->hub.start(ms(now)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_stop(HubHandle* h, double now) {
  return h->encode(h->hub.stop(ms(now)));
}

// Topic then resource id, concatenated in the input buffer; 0 for an invalid filter.
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
  return h->encode(
      h->hub.opened(ms(now), conn, status, h->in(0, content_type_size), ms(retry_after_ms)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_received(HubHandle* h, double now, std::uint32_t conn,
                                                       std::uint32_t size) {
  return h->encode(h->hub.received(ms(now), conn, h->in(0, size)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_closed(HubHandle* h, double now, std::uint32_t conn,
                                                     std::uint32_t error) {
  return h->encode(h->hub.closed(
      ms(now), conn, error == 0 ? ssehub::CloseReason::Eof : ssehub::CloseReason::NetworkError));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_timer(HubHandle* h, double now) {
  return h->encode(h->hub.timer(ms(now)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_visibility(HubHandle* h, double now, int hidden) {
  return h->encode(h->hub.visibility(ms(now), hidden != 0));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_frozen(HubHandle* h, double now, int frozen) {
  return h->encode(h->hub.frozen(ms(now), frozen != 0));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_network(HubHandle* h, double now, int online) {
  return h->encode(h->hub.network(ms(now), online != 0));
}

// The token is in the input buffer.
EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_credentials(HubHandle* h, double now,
                                                          std::uint32_t size) {
  return h->encode(h->hub.credentials(ms(now), h->in(0, size)));
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_credentials_failed(HubHandle* h, double now) {
  return h->encode(h->hub.credentials_failed(ms(now)));
}

EMSCRIPTEN_KEEPALIVE const double* ssehub_hub_effects(HubHandle* h) { return h->records.data(); }

EMSCRIPTEN_KEEPALIVE const std::uint32_t* ssehub_hub_subs(HubHandle* h) {
  return h->records.batch() ? h->records.batch()->subs().data() : nullptr;
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_subs_size(HubHandle* h) {
  return h->records.batch() ? static_cast<std::uint32_t>(h->records.batch()->subs().size()) : 0;
}

EMSCRIPTEN_KEEPALIVE const char* ssehub_hub_text(HubHandle* h) {
  return h->records.batch() ? h->records.batch()->text().data() : nullptr;
}

EMSCRIPTEN_KEEPALIVE std::uint32_t ssehub_hub_text_size(HubHandle* h) {
  return h->records.batch() ? static_cast<std::uint32_t>(h->records.batch()->text().size()) : 0;
}

EMSCRIPTEN_KEEPALIVE const double* ssehub_hub_health(HubHandle* h) {
  ssehub::encode_health(h->hub.health(), h->health);
  return h->health;
}

EMSCRIPTEN_KEEPALIVE const double* ssehub_hub_metrics(HubHandle* h) {
  ssehub::encode_metrics(h->hub.metrics(), h->metrics);
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

namespace {

template <class R, class... A>
constexpr std::size_t arity(R (*)(A...)) {
  return sizeof...(A);
}

#define SSEHUB_DEFINED(name) \
  ssehub::abi::Defined { #name, arity(&ssehub_##name) }
static_assert(ssehub::abi::matches({
                  SSEHUB_DEFINED(abi_version),
                  SSEHUB_DEFINED(scratch),
                  SSEHUB_DEFINED(scratch_text),
                  SSEHUB_DEFINED(hub_create),
                  SSEHUB_DEFINED(hub_destroy),
                  SSEHUB_DEFINED(hub_input),
                  SSEHUB_DEFINED(hub_start),
                  SSEHUB_DEFINED(hub_stop),
                  SSEHUB_DEFINED(hub_subscribe),
                  SSEHUB_DEFINED(hub_unsubscribe),
                  SSEHUB_DEFINED(hub_opened),
                  SSEHUB_DEFINED(hub_received),
                  SSEHUB_DEFINED(hub_closed),
                  SSEHUB_DEFINED(hub_timer),
                  SSEHUB_DEFINED(hub_visibility),
                  SSEHUB_DEFINED(hub_frozen),
                  SSEHUB_DEFINED(hub_network),
                  SSEHUB_DEFINED(hub_credentials),
                  SSEHUB_DEFINED(hub_credentials_failed),
                  SSEHUB_DEFINED(hub_effects),
                  SSEHUB_DEFINED(hub_subs),
                  SSEHUB_DEFINED(hub_subs_size),
                  SSEHUB_DEFINED(hub_text),
                  SSEHUB_DEFINED(hub_text_size),
                  SSEHUB_DEFINED(hub_health),
                  SSEHUB_DEFINED(hub_metrics),
                  SSEHUB_DEFINED(parser_create),
                  SSEHUB_DEFINED(parser_destroy),
                  SSEHUB_DEFINED(parser_input),
                  SSEHUB_DEFINED(parser_feed),
                  SSEHUB_DEFINED(parser_end),
                  SSEHUB_DEFINED(parser_records),
                  SSEHUB_DEFINED(parser_text),
                  SSEHUB_DEFINED(parser_text_size),
              }),
              "bindings.cpp and abi.hpp's kExports disagree");
#undef SSEHUB_DEFINED

}  // namespace
