#include <catch2/catch.hpp>

#include "auth/acl.hpp"
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
