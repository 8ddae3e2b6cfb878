#include "net/http_session.hpp"

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "core/log.hpp"

namespace hubd {

namespace beast = boost::beast;

HttpSession::HttpSession(App& app, tcp::socket socket) : app_(app), stream_(std::move(socket)) {
  boost::system::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  remote_ = ec ? "unknown" : endpoint.address().to_string();
}

void HttpSession::run() { read(); }

void HttpSession::read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(app_.config().max_header_bytes));
  parser_->body_limit(static_cast<std::uint64_t>(app_.config().max_payload_bytes));
  stream_.expires_after(std::chrono::milliseconds(app_.config().request_timeout));
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](const beast::error_code& ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(const beast::error_code& ec) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset) {
    return close();
  }
  if (ec) {
    int status = 400;
    std::string code = "bad_request";
    if (ec == http::error::header_limit) status = 431, code = "headers_too_large";
    if (ec == http::error::body_limit) status = 413, code = "payload_too_large";
    if (ec == http::error::partial_message) return close();
    Response res{static_cast<http::status>(status), 11};
    res.set(http::field::content_type, "application/json");
    res.body() = nlohmann::json{{"error", {{"code", code}, {"message", ec.message()}}}}.dump();
    return write(std::move(res), true, false);
  }

  Request request = parser_->release();
  RouteResult result = Response{};
  try {
    result = app_.handle(request, remote_);
  } catch (const std::exception& e) {
    // A bug must cost one request, not the hub.
    log_line("error", "request_failed", {{"error", e.what()}, {"method", request.method_string()}});
    Response res{http::status::internal_server_error, 11};
    res.set(http::field::content_type, "application/json");
    res.body() = R"({"error":{"code":"internal","message":"internal error"}})";
    result = std::move(res);
  }
  if (auto* accept = std::get_if<StreamAccept>(&result)) {
    stream_.expires_never();
    app_.open_stream(stream_.release_socket(), std::move(*accept), request.version() >= 11);
    return;
  }
  auto& response = std::get<Response>(result);
  const bool close_after = !request.keep_alive() || app_.draining();
  write(std::move(response), close_after, request.method() == http::verb::head);
}

void HttpSession::write(Response response, bool close_after, bool head) {
  response.keep_alive(!close_after);
  response.prepare_payload();
  if (head) {
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  response_ = std::make_shared<Response>(std::move(response));
  stream_.expires_after(std::chrono::milliseconds(app_.config().request_timeout));
  http::async_write(
      stream_, *response_,
      [self = shared_from_this(), close_after](const beast::error_code& ec, std::size_t) {
        self->response_.reset();
        if (ec || close_after) return self->close();
        self->read();
      });
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace hubd
