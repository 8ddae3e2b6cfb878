#include "app/app.hpp"

#include <cstdio>

#include "auth/session_routes.hpp"
#include "core/log.hpp"
#include "domain/activity.hpp"
#include "domain/chat.hpp"
#include "domain/dashboard.hpp"
#include "domain/debates.hpp"
#include "domain/projects.hpp"
#include "hub/health_routes.hpp"
#include "hub/publish_route.hpp"

namespace hubd {
namespace {

JwtOptions jwt_options(const Config& c) {
  JwtOptions o;
  o.hs256_secret = c.jwt_secret;
  o.issuer = c.jwt_issuer;
  o.audience = c.jwt_audience;
  o.leeway_seconds = c.jwt_leeway;
  if (!c.jwt_public_key.empty()) {
    std::FILE* f = std::fopen(c.jwt_public_key.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read --jwt-public-key " + c.jwt_public_key);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
      o.rs256_public_pem.append(buf, n);
    std::fclose(f);
  }
  return o;
}

}  // namespace

App::App(boost::asio::io_context& io, Config config, nlohmann::json model)
    : io_(io),
      config_(std::move(config)),
      model_(std::move(model)),
      acl_(Acl::from_json(model_)),
      auth_(acl_, jwt_options(config_), config_.session_secret, config_.session_ttl),
      broker_(BrokerLimits{static_cast<std::size_t>(config_.replay_count), config_.replay_age,
                           static_cast<std::size_t>(config_.replay_bytes),
                           static_cast<std::size_t>(config_.latest_per_topic),
                           static_cast<std::size_t>(config_.latest_bytes)}),
      publisher_(broker_, metrics_),
      limiter_(LimitOptions{config_.max_connections_per_user, config_.max_connections,
                            config_.connect_rate, static_cast<double>(config_.connect_burst)}),
      cors_(config_.cors_origins),
      streams_(io, broker_, limiter_, metrics_, faults_,
               StreamSettings{config_.heartbeat_interval, config_.retry_ms,
                              static_cast<std::size_t>(config_.send_queue_bytes),
                              config_.drain_timeout}),
      admission_(config_.enable_event_stream, streams_, limiter_, metrics_, faults_, cors_, auth_,
                 acl_),
      domain_(auth_, acl_, metrics_),
      dispatcher_(cors_, config_.static_root, [this] { return streams_.draining(); }),
      listener_(io, dispatcher_,
                HttpLimits{static_cast<std::uint32_t>(config_.max_header_bytes),
                           static_cast<std::uint64_t>(config_.max_payload_bytes),
                           std::chrono::milliseconds(config_.request_timeout)}) {
  const auto executor = io.get_executor();
  services_.push_back(
      std::make_unique<ProjectsService>(publisher_, acl_, executor, config_.gate_stage_ms));
  services_.push_back(std::make_unique<ActivityService>(publisher_, acl_, admission_, faults_,
                                                        config_.ping_interval));
  services_.push_back(
      std::make_unique<ChatService>(publisher_, acl_, executor, streams_,
                                    ChatOptions{config_.chat_rate, config_.system_interval}));
  services_.push_back(std::make_unique<DashboardService>(
      publisher_, acl_, executor, admission_, streams_,
      DashboardOptions{config_.heartbeat_interval, config_.metrics_interval,
                       static_cast<std::size_t>(config_.max_dashboard_streams),
                       config_.demo_generators, config_.dev_login || config_.test_mode}));
  services_.push_back(std::make_unique<DebateService>(
      publisher_, acl_, executor, admission_,
      DebateOptions{config_.heartbeat_interval, config_.debate_turn_ms}));
  for (const auto& service : services_) service->add_routes(domain_.routes());
  reset_domain();

  admission_.add_routes(api_);
  add_publish_route(api_, publisher_, acl_, metrics_, config_.publisher_token);
  add_session_routes(api_, auth_, acl_, {config_.dev_login, config_.test_mode});
  domain_.add_act_route(api_, config_.test_mode || config_.dev_login);
  add_faults_route(api_, config_.test_mode, faults_, streams_, requests_,
                   [this] { reset_domain(); });
  if (config_.test_mode) dispatcher_.log_requests(&requests_);
  add_health_routes(ops_, streams_, limiter_, broker_, metrics_, config_.enable_event_stream,
                    config_.publisher_token);
  dispatcher_.add(api_);
  dispatcher_.add(ops_);
  dispatcher_.add([this](const HttpCall& call) { return domain_.route(call); });
}

void App::reset_domain() {
  for (const auto& service : services_) service->reset(model_);
}

void App::start() {
  const std::uint16_t port =
      listener_.listen(config_.bind, static_cast<std::uint16_t>(config_.port));
  std::printf("{\"event\":\"listening\",\"port\":%u}\n", static_cast<unsigned>(port));
  std::fflush(stdout);
  log_line("info", "listening",
           {{"port", port},
            {"bind", config_.bind},
            {"eventStream", config_.enable_event_stream},
            {"testMode", config_.test_mode},
            {"heartbeatMs", config_.heartbeat_interval}});
}

void App::drain() {
  if (streams_.draining()) return;
  log_line("info", "draining", {{"streams", streams_.open_streams()}});
  listener_.close();
  streams_.drain([this] {
    log_line("info", "stopped", {});
    io_.stop();
  });
}

void App::reload() {
  if (config_.data_file.empty()) return;
  try {
    auto model = read_model(config_.data_file);
    acl_ = Acl::from_json(model);
    model_ = std::move(model);  // the next {reset: true} restores this state
  } catch (const std::exception& e) {
    log_line("error", "reload_failed", {{"error", e.what()}});
    return;
  }
  const std::size_t revoked = streams_.revoke_ungranted(acl_);
  log_line("info", "reloaded", {{"file", config_.data_file}, {"streamsRevoked", revoked}});
}

}  // namespace hubd
