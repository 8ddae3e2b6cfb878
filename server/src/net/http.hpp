// The HTTP types every layer speaks: a request, and what a handler answers it with.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <variant>

namespace hubd {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// The connection becomes an event stream: `take` gets the socket (`chunked` for HTTP/1.1).
struct Upgrade {
  std::function<void(tcp::socket socket, bool chunked)> take;
};

// The response comes later (e.g. after a round trip to a shared broker): `run` starts the
// work and calls `reply` once, inline or later.
using Reply = std::function<void(Response response)>;
struct Deferred {
  std::function<void(Reply reply)> run;
};

using RouteResult = std::variant<Response, Upgrade, Deferred>;

}  // namespace hubd
