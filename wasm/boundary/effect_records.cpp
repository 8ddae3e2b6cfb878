#include "effect_records.hpp"

#include "utf16.hpp"

namespace ssehub {

std::uint32_t EffectRecords::encode(const EffectBatch& batch) {
  batch_ = &batch;
  records_.assign(batch.size() * abi::kEffectWords, 0.0);
  const std::string& text = batch.text();
  // ASCII text, the common case: UTF-16 offsets are the byte offsets.
  const bool ascii = utf16_length(text) == text.size();
  std::uint32_t byte_cursor = 0, unit_cursor = 0;
  auto units_to = [&](std::uint32_t byte_offset) {
    if (ascii) return byte_offset;
    if (byte_offset < byte_cursor) byte_cursor = unit_cursor = 0;
    unit_cursor += utf16_length({text.data() + byte_cursor, byte_offset - byte_cursor});
    byte_cursor = byte_offset;
    return unit_cursor;
  };
  double* r = records_.data();
  for (const Effect& e : batch.effects()) {
    r[abi::kKind] = static_cast<double>(e.kind);
    r[abi::kFlag] = e.flag ? 1.0 : 0.0;
    r[abi::kReason] = static_cast<double>(e.reason);
    r[abi::kCode] = static_cast<double>(e.code);
    r[abi::kConn] = static_cast<double>(e.conn);
    r[abi::kNumber] = e.number;
    r[abi::kTime] = static_cast<double>(e.time);
    r[abi::kSubsOffset] = static_cast<double>(e.subs_offset);
    r[abi::kSubsCount] = static_cast<double>(e.subs_count);
    double* field = r + abi::kText0;
    for (const TextRef& ref : e.text) {
      if (ref.size != 0) {
        const std::uint32_t start = units_to(ref.offset);
        field[0] = static_cast<double>(start);
        field[1] = static_cast<double>(units_to(ref.offset + ref.size) - start);
      }
      field += 2;
    }
    r += abi::kEffectWords;
  }
  return static_cast<std::uint32_t>(batch.size());
}

void encode_health(const Health& h, double (&out)[abi::kHealthWords]) {
  out[abi::kState] = static_cast<double>(h.state);
  out[abi::kHealthReason] = static_cast<double>(h.reason);
  out[abi::kSince] = static_cast<double>(h.since);
  out[abi::kAttempt] = static_cast<double>(h.attempt);
  out[abi::kNextRetryAt] = static_cast<double>(h.next_retry_at);
  out[abi::kLastEventAt] = static_cast<double>(h.last_event_at);
  out[abi::kHttpStatus] = static_cast<double>(h.http_status);
}

void encode_metrics(const Metrics& m, double (&out)[std::size(abi::kMetrics)]) {
  for (std::size_t i = 0; i < std::size(abi::kMetrics); ++i) {
    out[i] = static_cast<double>(m.*abi::kMetrics[i].member);
  }
}

}  // namespace ssehub
