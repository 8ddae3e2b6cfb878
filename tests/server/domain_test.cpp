#include <catch2/catch.hpp>

#include <map>
#include <memory>

#include "auth/acl.hpp"
#include "domain/call.hpp"
#include "domain/quality_gate.hpp"
#include "hub/sse_dialect.hpp"

using nlohmann::json;

TEST_CASE("quality gate stages find their blockers per section", "[domain]") {
  const std::vector<hubd::SectionText> sections = {
      {"s1", "fine text\n"}, {"s2", "TODO: finish, see http://x"}, {"s3", "  \n"}};
  CHECK(hubd::gate_stages() == std::vector<std::string>{"format", "links", "todos", "spelling"});
  CHECK(hubd::stage_blockers("format", sections) ==
        std::vector<std::string>{"section s3 is empty"});
  CHECK(hubd::stage_blockers("links", sections).size() == 1);
  CHECK(hubd::stage_blockers("todos", sections) ==
        std::vector<std::string>{"section s2 still has a TODO"});
  CHECK(hubd::stage_blockers("spelling", sections).empty());
}

TEST_CASE("roles write what `writes` says, else what they read", "[domain]") {
  const auto acl = hubd::Acl::from_file(HUBD_SEED_FILE);
  CHECK(acl.may_write("admin", "project.lifecycle"));
  CHECK(acl.may_write("reviewer", "section.conflict"));
  CHECK_FALSE(acl.may_write("reviewer", "debate.utterance"));
  CHECK(acl.may_write("viewer", "debate.intervention"));
  CHECK_FALSE(acl.may_write("viewer", "dashboard.new_item"));
  CHECK(acl.may_read("viewer", "dashboard.new_item"));
  CHECK_FALSE(acl.may_read("nobody", "dashboard.new_item"));
  const auto implicit = hubd::Acl::from_json(
      {{"roles", {{"r", {"a.*"}}}}, {"topics", {"a.b"}}, {"workspaces", json::array()}});
  CHECK(implicit.may_write("r", "a.b"));
  CHECK_THROWS_WITH(hubd::Acl::from_json({{"roles", {{"r", {"a.*"}}}}, {"writes", {{"x", {}}}}}),
                    Catch::Contains("unknown role"));
}

TEST_CASE("a plain dialect frame: the sequence as id, the topic's event name, the payload",
          "[domain]") {
  hubd::SseDialect dialect("activity", {{"activity.created", "activity:new"}},
                           "event: ping\ndata: {}\n\n", 30000, true);
  hubd::Event e;
  e.sequence = 7;
  e.topic = "activity.created";
  e.payload = R"({"id":"act-1"})";
  const auto frame = dialect.render(e);
  CHECK(*frame == "id: 7\nevent: activity:new\ndata: {\"id\":\"act-1\"}\n\n");
  CHECK(dialect.render(e) == frame);  // one frame shared by the fan-out
  e.sequence = 8;
  e.topic = "other.topic";
  CHECK(*dialect.render(e) == "id: 8\nevent: other.topic\ndata: {\"id\":\"act-1\"}\n\n");
  CHECK(*dialect.heartbeat() == "event: ping\ndata: {}\n\n");
}

TEST_CASE("the tenant guard: a resource of the caller's workspace, else the same 404 as none",
          "[domain]") {
  struct Item {
    std::string workspace;
  };
  std::map<std::string, Item> items = {{"i-1", {"acme"}}, {"i-2", {"globex"}}};
  std::map<std::uint64_t, std::shared_ptr<Item>> shared = {
      {7, std::make_shared<Item>(Item{"acme"})}};
  const hubd::Principal alice{"alice", "acme", "admin", std::nullopt, true};
  hubd::Response error;

  CHECK(hubd::owned(items, "i-1", alice, "item", error) == &items["i-1"]);
  CHECK(hubd::owned(shared, 7, alice, "item", "n-7", error) == shared[7].get());

  const auto refused = [&](auto* found) {
    REQUIRE(found == nullptr);
    CHECK(error.result_int() == 404);
    return json::parse(error.body())["error"]["message"].get<std::string>();
  };
  CHECK(refused(hubd::owned(items, "i-2", alice, "item", error)) == "unknown item i-2");
  CHECK(refused(hubd::owned(items, "i-3", alice, "item", error)) == "unknown item i-3");
  CHECK(refused(hubd::owned(shared, 8, alice, "item", "n-8", error)) == "unknown item n-8");
  // An id that is not a valid id is not echoed back.
  CHECK(refused(hubd::owned(items, "a b", alice, "item", error)) == "unknown item");
}
