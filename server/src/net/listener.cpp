#include "net/listener.hpp"

#include <boost/asio/ip/address.hpp>

#include "core/log.hpp"

namespace hubd {

namespace asio = boost::asio;

Listener::Listener(asio::io_context& io, HttpService& service, HttpLimits limits)
    : service_(service), limits_(limits), acceptor_(io), retry_(io) {}

std::uint16_t Listener::listen(const std::string& bind, std::uint16_t port) {
  const tcp::endpoint endpoint(asio::ip::make_address(bind), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  acceptor_.non_blocking(true);  // accept() below drains the queue without blocking
  accept();
  return acceptor_.local_endpoint().port();
}

void Listener::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  retry_.cancel();
}

void Listener::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Out of descriptors, typically: back off briefly instead of spinning.
      log_line("error", "accept_failed", {{"error", ec.message()}});
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([this](const boost::system::error_code& e) {
        if (!e) accept();
      });
      return;
    }
    serve(std::move(socket));
    // Empty the listen queue before anything else runs, as nginx's multi_accept does: one
    // accept per event-loop turn lets a reconnect storm overflow the backlog, and dropped
    // SYNs come back only after the kernel's 1, 3, 7, 15 s retransmits.
    for (boost::system::error_code more; acceptor_.is_open();) {
      tcp::socket next = acceptor_.accept(more);
      if (more) break;  // would block (queue empty), or an error the async path will see
      serve(std::move(next));
    }
    accept();
  });
}

void Listener::serve(tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<HttpSession>(service_, limits_, std::move(socket))->run();
}

}  // namespace hubd
