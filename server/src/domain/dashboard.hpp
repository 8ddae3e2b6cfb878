// Seed 003's backends: analyzed items per configuration (tickers), aggregated metrics, the
// public dashboard stream and per-configuration streams, a metrics timer and, in demo mode,
// an item generator.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <random>

#include "domain/service.hpp"
#include "hub/publisher.hpp"
#include "hub/sse_dialect.hpp"
#include "hub/stream_gate.hpp"
#include "hub/stream_watch.hpp"

namespace hubd {

struct DashboardOptions {
  std::int64_t heartbeat_ms = 15000;
  std::int64_t metrics_interval_ms = 10000;
  std::size_t max_streams = 500;  // public and per-configuration streams together
  bool generators = false;        // demo items every few seconds
  bool user_header = false;       // X-User-ID identifies the caller (dev login, test mode)
};

class DashboardService final : public DomainService {
 public:
  // `streams`: the service counts its own open streams (the cap, and whether anyone watches
  // the public dashboard).
  DashboardService(Publisher& publisher, const Acl& acl, boost::asio::any_io_executor executor,
                   StreamGate& gate, StreamWatch& streams, DashboardOptions options);

  void add_routes(DomainRouter& routes) override;
  void reset(const nlohmann::json& model) override;

 private:
  struct Configuration {
    std::string id, workspace, name;
    std::vector<std::string> tickers;
  };

  // {totals, sentiment: {positive, neutral, negative}, tags: {tag: count}}
  nlohmann::json metrics(const std::string& workspace, const std::string& config_id) const;
  nlohmann::json add_item(const Configuration& config, const std::string& title,
                          const std::string& sentiment, const std::vector<std::string>& tags,
                          std::int64_t at);
  // The configuration of `?configId=` (or the path) for an authenticated reader; the public
  // workspace when `id` is empty.
  const Configuration* config_for(const ApiCall& call, const std::string& id, Response& error);
  std::optional<Principal> reader(const ApiCall& call, Response& error) const;

  Response get_metrics(const ApiCall& call);
  Response list_items(const ApiCall& call);
  Response post_item(const ApiCall& call);
  Response list_configurations(const ApiCall& call);
  RouteResult stream(const ApiCall& call, const std::string& config_id);

  void arm_metrics();
  void arm_generator();
  void count_stream(const StreamInfo& stream, bool opened);

  Publisher& publisher_;
  const Acl& acl_;
  StreamGate& gate_;
  DashboardOptions options_;
  std::size_t public_streams_ = 0, config_streams_ = 0;
  std::string public_workspace_;
  std::map<std::string, Configuration> configs_;
  std::map<std::string, std::deque<nlohmann::json>> items_;  // by workspace, newest first
  std::map<std::string, std::string> last_published_;        // workspace → metrics JSON
  std::shared_ptr<const SseDialect> public_dialect_, config_dialect_;
  boost::asio::steady_timer metrics_timer_, generator_timer_;
  std::mt19937 rng_{std::random_device{}()};
  std::uint64_t next_id_ = 0;
};

}  // namespace hubd
