// The flat forms js/ reads in bulk: an EffectBatch as abi::kEffectWords float64 per effect
// (text as UTF-16 offsets into the batch's blob), the Health and Metrics records.
#pragma once

#include <cstdint>
#include <iterator>
#include <vector>

#include "abi.hpp"
#include "ssehub/hub.hpp"

namespace ssehub {

class EffectRecords {
 public:
  // Flattens `batch`, which must outlive the next encode(); returns its effect count.
  std::uint32_t encode(const EffectBatch& batch);
  const double* data() const { return records_.data(); }
  const EffectBatch* batch() const { return batch_; }

 private:
  std::vector<double> records_;
  const EffectBatch* batch_ = nullptr;
};

void encode_health(const Health& health, double (&out)[abi::kHealthWords]);
void encode_metrics(const Metrics& metrics, double (&out)[std::size(abi::kMetrics)]);

}  // namespace ssehub
