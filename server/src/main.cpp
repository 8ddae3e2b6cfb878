#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <iostream>

#include "app/app.hpp"
#include "auth/jwt.hpp"
#include "core/log.hpp"

namespace {

// With no data file, a built-in model: one workspace whose single admin user reads every
// topic published to it.
nlohmann::json default_model() {
  return nlohmann::json::parse(R"({
    "workspaces": [{"id": "default"}],
    "roles": {"admin": ["*"]},
    "topics": ["project.lifecycle", "quality-gate.progress", "quality-gate.summary",
               "section.conflict", "section.diff"],
    "users": [{"id": "admin", "workspace": "default", "role": "admin"}]
  })");
}

}  // namespace

int main(int argc, char** argv) {
  hubd::Config config;
  const auto parsed = hubd::parse_config(
      argc, argv, [](const char* name) { return std::getenv(name); }, config);
  if (parsed.outcome == hubd::ParseOutcome::Help) {
    std::cout << parsed.message;
    return 0;
  }
  if (parsed.outcome == hubd::ParseOutcome::Error) {
    std::cerr << "hubd: " << parsed.message << '\n';
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  try {
    if (config.test_mode && config.jwt_secret.empty()) {
      // Test tokens need a key; this one lives and dies with the process.
      config.jwt_secret = hubd::base64url_encode(hubd::random_bytes(32));
    }
    auto model = config.data_file.empty() ? default_model() : hubd::read_model(config.data_file);
    boost::asio::io_context ioc{1};
    hubd::App app(ioc, config, std::move(model));
    boost::asio::signal_set signals(ioc, SIGTERM, SIGINT);
    signals.async_wait([&app](const boost::system::error_code& ec, int) {
      if (!ec) app.drain();
    });
    boost::asio::signal_set hangup(ioc, SIGHUP);
    std::function<void()> on_hangup = [&] {
      hangup.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec) return;
        app.reload();
        on_hangup();
      });
    };
    on_hangup();
    app.start();
    ioc.run();
  } catch (const std::exception& e) {
    hubd::log_line("error", "fatal", {{"error", e.what()}});
    return 1;
  }
  return 0;
}
