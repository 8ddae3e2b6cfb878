// One accepted connection serving plain HTTP requests (keep-alive, header/body limits, an
// idle timeout) until a request becomes an event stream and the socket moves on.
#pragma once

#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/http.hpp"

namespace hubd {

// What a connection serves: one result per request.
class HttpService {
 public:
  virtual ~HttpService() = default;
  virtual RouteResult handle(const Request& request, const std::string& remote) = 0;
  // Responses end their connection (the hub is draining).
  virtual bool closing() const = 0;
};

struct HttpLimits {
  std::uint32_t header_bytes = 8 * 1024;
  std::uint64_t body_bytes = 64 * 1024;
  std::chrono::milliseconds timeout{30000};  // idle, and per request
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(HttpService& service, const HttpLimits& limits, tcp::socket socket);
  void run();

 private:
  using Parser = http::request_parser<http::string_body>;

  void read();
  void on_read(const boost::beast::error_code& ec);
  void write(Response response, bool close, bool head);
  void close();

  HttpService& service_;
  const HttpLimits& limits_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::shared_ptr<Response> response_;
  std::string remote_;
};

}  // namespace hubd
