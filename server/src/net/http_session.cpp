#include "net/http_session.hpp"

#include <nlohmann/json.hpp>

#include "core/log.hpp"

namespace hubd {

namespace beast = boost::beast;

namespace {

Response internal_error() {
  Response res{http::status::internal_server_error, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = R"({"error":{"code":"internal","message":"internal error"}})";
  return res;
}

}  // namespace

HttpSession::HttpSession(HttpService& service, const HttpLimits& limits, tcp::socket socket)
    : service_(service), limits_(limits), stream_(std::move(socket)) {
  boost::system::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  remote_ = ec ? "unknown" : endpoint.address().to_string();
}

void HttpSession::run() { read(); }

void HttpSession::read() {
  parser_.emplace();
  parser_->header_limit(limits_.header_bytes);
  parser_->body_limit(limits_.body_bytes);
  stream_.expires_after(limits_.timeout);
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
  const bool head = request.method() == http::verb::head;
  const bool keep_alive = request.keep_alive();
  // Set once a response is on its way: a failure after that cannot answer again.
  auto replied = std::make_shared<bool>(false);
  auto reply = [self = shared_from_this(), replied, head, keep_alive](Response response) {
    if (*replied) return;
    *replied = true;
    self->write(std::move(response), !keep_alive || self->service_.closing(), head);
  };
  try {
    RouteResult result = service_.handle(request, remote_);
    if (auto* upgrade = std::get_if<Upgrade>(&result)) {
      *replied = true;  // the socket is the stream's from here
      stream_.expires_never();
      upgrade->take(stream_.release_socket(), request.version() >= 11);
    } else if (auto* later = std::get_if<Deferred>(&result)) {
      later->run(reply);
    } else {
      reply(std::get<Response>(std::move(result)));
    }
  } catch (const std::exception& e) {
    // A bug must cost one request, not the hub.
    log_line("error", "request_failed", {{"error", e.what()}, {"method", request.method_string()}});
    if (*replied) return close();
    reply(internal_error());
  }
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
  stream_.expires_after(limits_.timeout);
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
