#include <catch2/catch.hpp>

#include "net/router.hpp"

using hubd::http::verb;

namespace {

struct Call {
  verb m;
  std::vector<std::string> segs;
  verb method() const { return m; }
};

std::string body(const std::optional<hubd::RouteResult>& r) {
  REQUIRE(r);
  return std::get<hubd::Response>(*r).body();
}

hubd::Response answer(const std::string& text) {
  hubd::Response res{hubd::http::status::ok, 11};
  res.body() = text;
  return res;
}

}  // namespace

TEST_CASE("paths split on '/', nothing decoded", "[router]") {
  using V = std::vector<std::string>;
  CHECK(hubd::split_path("/api/v1/events") == V{"api", "v1", "events"});
  CHECK(hubd::split_path("projects/p%2F1") == V{"projects", "p%2F1"});
  CHECK(hubd::split_path("/") == V{""});
  CHECK(hubd::split_path("/a//b/") == V{"a", "", "b", ""});
}

TEST_CASE("a route table: method + pattern → handler, 405 with Allow, else nothing", "[router]") {
  hubd::Router<Call> routes;
  routes.add(verb::get, "items", [](const Call&) { return answer("list"); });
  routes.add(verb::post, "items", [](const Call&) { return answer("add"); });
  routes.add(verb::get, "items/*", [](const Call& c) { return answer("get " + c.segs[1]); });
  routes.add(verb::delete_, "items/*", [](const Call&) { return answer("delete"); });
  routes.add(verb::get, "items/*/stream", [](const Call&) { return answer("stream"); });

  CHECK(body(routes.route({verb::get, {"items"}})) == "list");
  CHECK(body(routes.route({verb::post, {"items"}})) == "add");
  CHECK(body(routes.route({verb::get, {"items", "i-7"}})) == "get i-7");
  CHECK(body(routes.route({verb::get, {"items", "i-7", "stream"}})) == "stream");

  const auto wrong = routes.route({verb::put, {"items", "i-7"}});
  REQUIRE(wrong);
  const auto& res = std::get<hubd::Response>(*wrong);
  CHECK(res.result_int() == 405);
  CHECK(res[hubd::http::field::allow] == "GET, DELETE");

  CHECK_FALSE(routes.route({verb::get, {"items", "i-7", "other"}}));
  CHECK_FALSE(routes.route({verb::get, {"others"}}));
}

TEST_CASE("a table's extra Allow method, and a route for any method", "[router]") {
  hubd::Router<Call> routes("OPTIONS");
  routes.add(verb::post, "/api/v1/publish", [](const Call&) { return answer("published"); });
  routes.add(hubd::Router<Call>::kAnyMethod, "/api/v1/token",
             [](const Call&) { return answer("off"); });
  const auto get = routes.route({verb::get, hubd::split_path("/api/v1/publish")});
  REQUIRE(get);
  CHECK(std::get<hubd::Response>(*get)[hubd::http::field::allow] == "POST, OPTIONS");
  CHECK(body(routes.route({verb::delete_, hubd::split_path("/api/v1/token")})) == "off");
}
