// What backends and the seed products publish with. The hub's own implementation passes each
// event to the broker and counts and logs it; products hold only this interface.
#pragma once

#include <string>

#include "hub/broker.hpp"
#include "hub/metrics.hpp"

namespace hubd {

class Publisher {
 public:
  virtual ~Publisher() = default;
  // `done` (may be empty) gets the event's sequence and receivers, inline or later.
  virtual void publish(PublishInput input, Broker::Published done = {}) = 0;

  // No meta, nobody waiting for the result. `audience`: only that user's streams receive it.
  void emit(const std::string& workspace, const std::string& topic, const std::string& resource_id,
            nlohmann::json payload, std::string audience = {}) {
    publish({workspace, topic, resource_id, std::move(payload), nullptr, std::move(audience)});
  }
};

class BrokerPublisher final : public Publisher {
 public:
  BrokerPublisher(Broker& broker, Metrics& metrics) : broker_(broker), metrics_(metrics) {}
  void publish(PublishInput input, Broker::Published done) override;

 private:
  Broker& broker_;
  Metrics& metrics_;
};

}  // namespace hubd
