// hubd wired together: each layer gets only the pieces it uses. Single-threaded: everything
// runs on one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/config.hpp"
#include "auth/acl.hpp"
#include "auth/authenticator.hpp"
#include "domain/domain_api.hpp"
#include "domain/service.hpp"
#include "hub/admission.hpp"
#include "hub/faults.hpp"
#include "hub/limits.hpp"
#include "hub/memory_broker.hpp"
#include "hub/metrics.hpp"
#include "hub/publisher.hpp"
#include "hub/streams.hpp"
#include "net/cors.hpp"
#include "net/dispatcher.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"

namespace hubd {

class App {
 public:
  // `model` is the data file: the authorization model and the seed products' initial state.
  App(boost::asio::io_context& io, Config config, nlohmann::json model);

  // Binds and listens; prints {"event":"listening","port":N}. Throws on bind failure.
  void start();
  // SIGTERM: stop accepting, ask every stream to come back later, stop once they are gone.
  void drain();
  // SIGHUP: reload the data file; streams whose grant changed get access_revoked.
  void reload();

 private:
  void reset_domain();

  boost::asio::io_context& io_;
  const Config config_;
  nlohmann::json model_;  // what the test-mode reset restores
  Acl acl_;
  Authenticator auth_;
  Metrics metrics_;
  Faults faults_;
  RequestLog requests_;
  MemoryBroker broker_;
  BrokerPublisher publisher_;
  ConnectionLimiter limiter_;
  Cors cors_;
  Streams streams_;
  StreamAdmission admission_;
  DomainApi domain_;
  std::vector<std::unique_ptr<DomainService>> services_;
  Router<HttpCall> api_{"OPTIONS"};  // /api/v1/...: preflights answer there
  Router<HttpCall> ops_;             // /healthz, /metrics
  Dispatcher dispatcher_;
  Listener listener_;
};

}  // namespace hubd
