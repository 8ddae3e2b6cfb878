#include <catch2/catch.hpp>

#include "auth/acl.hpp"
#include "auth/authenticator.hpp"

using hubd::Acl;
using hubd::Principal;
using hubd::Refusal;
using hubd::Scope;

namespace {

const Acl& seed() {
  static const Acl acl = Acl::from_file(HUBD_SEED_FILE);
  return acl;
}

Principal as(const char* user) {
  const auto* u = seed().user(user);
  REQUIRE(u);
  return {u->id, u->workspace, u->role, std::nullopt};
}

}  // namespace

TEST_CASE("topic patterns", "[acl]") {
  CHECK(hubd::topic_matches("*", "anything"));
  CHECK(hubd::topic_matches("section.*", "section.diff"));
  CHECK_FALSE(hubd::topic_matches("section.*", "section"));
  CHECK_FALSE(hubd::topic_matches("section.*", "sectionx.diff"));
  CHECK(hubd::topic_matches("chat.message", "chat.message"));
  CHECK_FALSE(hubd::topic_matches("chat.message", "chat.messages"));
}

TEST_CASE("no scope: every readable topic of the user's workspace", "[acl]") {
  Refusal r;
  auto admin = seed().grant(as("alice"), {}, r);
  REQUIRE(admin);
  CHECK(admin->workspace == "acme");
  CHECK(admin->topics.size() == 21);
  CHECK_FALSE(admin->resources);

  auto reviewer = seed().grant(as("carol"), {}, r);
  REQUIRE(reviewer);
  for (const auto& t : reviewer->topics) CHECK(t.rfind("quality-gate.", 0) == std::string::npos);

  auto other = seed().grant(as("gina"), {}, r);
  REQUIRE(other);
  CHECK(other->workspace == "globex");
}

TEST_CASE("scopes: existence, kind, nesting, workspace", "[acl]") {
  Refusal r;
  auto grant = [&r](const char* user, Scope s) { return seed().grant(as(user), s, r); };

  SECTION("a project scope covers its documents and sections") {
    auto g = grant("bob", {"p-apollo", "", "", {}});
    REQUIRE(g);
    REQUIRE(g->resources);
    CHECK(g->resources->count("p-apollo"));
    CHECK(g->resources->count("d-apollo-plan"));
    CHECK(g->resources->count("s-apollo-intro"));
    CHECK_FALSE(g->resources->count("p-hermes"));
  }
  SECTION("a section scope covers its ancestors too") {
    auto g = grant("carol", {"", "", "s-apollo-intro", {"section.conflict", "project.lifecycle"}});
    REQUIRE(g);
    CHECK(*g->resources ==
          std::unordered_set<std::string>{"s-apollo-intro", "d-apollo-spec", "p-apollo"});
    CHECK(g->topics == std::vector<std::string>{"section.conflict", "project.lifecycle"});
  }
  SECTION("unknown resources and wrong kinds are 404") {
    CHECK_FALSE(grant("alice", {"p-nope", "", "", {}}));
    CHECK(r.status == 404);
    CHECK_FALSE(grant("alice", {"d-apollo-spec", "", "", {}}));  // a document named as project
    CHECK(r.status == 404);
    CHECK_FALSE(grant("alice", {"p-hermes", "d-apollo-spec", "", {}}));  // not nested
    CHECK(r.status == 404);
  }
  SECTION("another workspace's resources are 403 (tenant isolation)") {
    CHECK_FALSE(grant("alice", {"p-globex-zeus", "", "", {}}));
    CHECK(r.status == 403);
    CHECK_FALSE(grant("gina", {"", "d-apollo-spec", "", {}}));
    CHECK(r.status == 403);
    CHECK_FALSE(grant("gina", {"", "", "s-apollo-intro", {}}));
    CHECK(r.status == 403);
  }
  SECTION("topics the role may not read are 403, unknown topics 404") {
    CHECK_FALSE(grant("carol", {"", "", "", {"quality-gate.progress"}}));
    CHECK(r.status == 403);
    CHECK_FALSE(grant("victor", {"", "", "", {"chat.message", "project.lifecycle"}}));
    CHECK(r.status == 403);  // no partial stream
    CHECK_FALSE(grant("alice", {"", "", "", {"no.such.topic"}}));
    CHECK(r.status == 404);
    CHECK_FALSE(grant("alice", {"", "", "", {"Bad\nTopic"}}));
    CHECK(r.status == 404);
    CHECK(r.message.find('\n') == std::string::npos);
  }
}

TEST_CASE("principals from token claims", "[acl]") {
  Refusal r;
  auto p = seed().principal({{"sub", "bob"}}, r);
  REQUIRE(p);
  CHECK(p->workspace == "acme");
  CHECK(p->role == "author");
  // A known user cannot claim another workspace or a stronger role.
  CHECK_FALSE(seed().principal({{"sub", "bob"}, {"workspace", "globex"}}, r));
  CHECK(r.status == 403);
  p = seed().principal({{"sub", "bob"}, {"role", "admin"}}, r);
  REQUIRE(p);
  CHECK(p->role == "author");
  // An external subject (Clerk/Auth0) needs a known workspace and role.
  p = seed().principal({{"sub", "user_2x"}, {"workspace", "globex"}, {"role", "viewer"}}, r);
  REQUIRE(p);
  CHECK(p->workspace == "globex");
  CHECK_FALSE(seed().principal({{"sub", "user_2x"}}, r));
  CHECK_FALSE(
      seed().principal({{"sub", "user_2x"}, {"workspace", "initech"}, {"role", "admin"}}, r));
  CHECK_FALSE(seed().principal({{"sub", "user_2x"}, {"workspace", "acme"}, {"role", "root"}}, r));
}

TEST_CASE("refresh after a reload: role changes apply, removed users are gone", "[acl]") {
  auto model = nlohmann::json::parse(R"({
    "workspaces": [{"id": "w"}, {"id": "v"}],
    "roles": {"admin": ["*"], "viewer": ["a.x"]},
    "topics": ["a.x", "b.y"],
    "users": [{"id": "u", "workspace": "w", "role": "admin"}]
  })");
  const Acl before = Acl::from_json(model);
  Refusal r;
  const auto u = before.principal({{"sub", "u"}}, r);
  REQUIRE(u);
  const auto external = before.principal({{"sub", "x"}, {"workspace", "w"}, {"role", "viewer"}}, r);
  REQUIRE(external);
  const auto old_grant = before.grant(*u, {}, r);

  model["users"][0]["role"] = "viewer";
  const Acl demoted = Acl::from_json(model);
  const auto now = demoted.refresh(*u);
  REQUIRE(now);
  CHECK(now->role == "viewer");
  CHECK_FALSE(*demoted.grant(*now, {}, r) == *old_grant);
  CHECK(demoted.refresh(*external)->role == "viewer");  // claims, not the directory

  model["users"][0]["workspace"] = "v";
  CHECK_FALSE(Acl::from_json(model).refresh(*u));
  model["users"] = nlohmann::json::array();
  CHECK_FALSE(Acl::from_json(model).refresh(*u));
  CHECK(before.grant(*u, {}, r) == old_grant);
}

TEST_CASE("invalid models are refused with a message", "[acl]") {
  CHECK_THROWS_WITH(Acl::from_json(nlohmann::json::array()), Catch::Contains("object"));
  CHECK_THROWS_WITH(
      Acl::from_json({{"roles", {{"admin", {"*"}}}},
                      {"users", {{{"id", "u"}, {"workspace", "nope"}, {"role", "admin"}}}}}),
      Catch::Contains("unknown workspace"));
  CHECK_THROWS_WITH(
      Acl::from_json(
          {{"roles", {{"admin", {"*"}}}},
           {"workspaces", {{{"id", "w"}}}},
           {"projects", {{{"id", "p"}, {"workspace", "w"}}, {{"id", "p"}, {"workspace", "w"}}}}}),
      Catch::Contains("duplicate"));
  CHECK_THROWS_WITH(Acl::from_json({{"roles", {}}, {"topics", {"Bad Topic"}}}),
                    Catch::Contains("topic"));
  CHECK_THROWS(Acl::from_file("/nonexistent/seed.json"));
}

TEST_CASE("authenticator: bearer, cookie, and their failures", "[acl][auth]") {
  hubd::JwtOptions o;
  o.hs256_secret = "0123456789abcdef0123456789abcdef";
  hubd::Authenticator auth(seed(), o, "session-secret-0123456789abcdef", 3600);
  const std::int64_t now = 1'800'000'000;
  hubd::AuthFailure f;

  const std::string token = auth.issue_token(*seed().user("bob"), 60, now);
  auto p = auth.authenticate("Bearer " + token, "", now, f);
  REQUIRE(p);
  CHECK(p->user == "bob");
  CHECK(p->expires_at == now + 60);

  CHECK_FALSE(auth.authenticate("", "", now, f));
  CHECK(f.refusal.status == 401);
  CHECK_FALSE(auth.authenticate("Basic abc", "", now, f));
  CHECK(f.refusal.status == 401);
  CHECK_FALSE(auth.authenticate("Bearer " + token, "", now + 61, f));
  CHECK(f.refusal.code == "token_expired");
  CHECK(f.reason.find(token) == std::string::npos);

  const std::string set_cookie = auth.session_cookie(*seed().user("carol"), now);
  CHECK(set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("SameSite=Lax") != std::string::npos);
  const std::string cookie = "theme=dark; " + set_cookie.substr(0, set_cookie.find(';'));
  p = auth.authenticate("", cookie, now, f);
  REQUIRE(p);
  CHECK(p->user == "carol");
  // A cookie value is not a bearer token and vice versa: different keys.
  const std::string cookie_token = std::string(hubd::cookie_value(cookie, hubd::kSessionCookie));
  CHECK_FALSE(auth.authenticate("Bearer " + cookie_token, "", now, f));
  CHECK_FALSE(auth.authenticate("", std::string(hubd::kSessionCookie) + "=" + token, now, f));
}
