// Cross-origin access for the origins of CORS_ORIGIN: preflights, and the headers that let an
// allowed origin read a response.
#pragma once

#include <string>
#include <vector>

#include "net/http.hpp"

namespace hubd {

class Cors {
 public:
  explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // The request's Origin when it is allowed, else empty.
  std::string allowed_origin(const Request& req) const;
  // OPTIONS on any path: 204 for an allowed origin, else 403.
  Response preflight(const Request& req) const;
  // The headers of a response to an allowed `origin`.
  static void expose(Response& res, const std::string& origin);

 private:
  std::vector<std::string> origins_;
};

}  // namespace hubd
