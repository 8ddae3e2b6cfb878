#include "hub/publisher.hpp"

#include <chrono>

#include "core/clock.hpp"
#include "core/log.hpp"

namespace hubd {

void BrokerPublisher::publish(PublishInput input, Broker::Published done) {
  const auto started = std::chrono::steady_clock::now();
  broker_.publish(std::move(input), now_ms(),
                  [this, started, done = std::move(done)](const PublishResult& result) {
                    const std::chrono::duration<double> took =
                        std::chrono::steady_clock::now() - started;
                    const Event& event = *result.event;
                    metrics_.published();
                    metrics_.delivered(result.receivers);
                    metrics_.fanout_seconds(took.count());
                    log_line("info", "publish",
                             {{"topic", event.topic},
                              {"workspace", event.workspace},
                              {"resourceId", event.resource_id},
                              {"sequence", event.sequence},
                              {"receivers", result.receivers}});
                    if (done) done(result);
                  });
}

}  // namespace hubd
