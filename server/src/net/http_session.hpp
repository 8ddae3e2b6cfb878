// One accepted connection serving plain HTTP requests (keep-alive, header/body limits, an
// idle timeout) until a request becomes an event stream and the socket moves on.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

namespace hubd {

class App;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(App& app, boost::asio::ip::tcp::socket socket);
  void run();

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  void read();
  void on_read(const boost::beast::error_code& ec);
  void write(Response response, bool close, bool head);
  void close();

  App& app_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::shared_ptr<Response> response_;
  std::string remote_;
};

}  // namespace hubd
