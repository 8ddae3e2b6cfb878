// Test mode's failures on demand: POST /api/v1/test/faults sets them; GET
// /api/v1/test/requests reads the requests served since the last reset.
#pragma once

#include <chrono>
#include <functional>

#include "net/request_log.hpp"
#include "net/router.hpp"

namespace hubd {

class Streams;

struct Faults {
  bool fail_mutations = false;  // mark-as-read answers 500
  bool stop_heartbeats = false;
  bool stall_writes = false;
  int refuse_status = 0;
  std::chrono::steady_clock::time_point refuse_until{};
};

// 404 unless `enabled` (test mode). `reset` puts the seed products back to the data file
// and clears `requests`.
void add_faults_route(Router<HttpCall>& routes, bool enabled, Faults& faults, Streams& streams,
                      RequestLog& requests, std::function<void()> reset);

}  // namespace hubd
