// The listening socket: every pending connection is accepted in one turn and served as an
// HttpSession.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <string>

#include "net/http_session.hpp"

namespace hubd {

class Listener {
 public:
  Listener(boost::asio::io_context& io, HttpService& service, HttpLimits limits);

  // Binds, listens and starts accepting; the bound port (`port` 0 picks a free one). Throws
  // on bind failure.
  std::uint16_t listen(const std::string& bind, std::uint16_t port);
  // No more connections; those accepted carry on.
  void close();

 private:
  void accept();
  void serve(tcp::socket socket);

  HttpService& service_;
  HttpLimits limits_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
};

}  // namespace hubd
