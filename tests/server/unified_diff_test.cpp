#include <catch2/catch.hpp>

#include "domain/unified_diff.hpp"

using hubd::unified_diff;

TEST_CASE("equal texts have no diff", "[diff]") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "x", "y").empty());
  CHECK(unified_diff("", "", "x", "y").empty());
}

TEST_CASE("one changed line in the middle, three lines of context", "[diff]") {
  const std::string from = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string to = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
  CHECK(unified_diff(from, to, "a", "b") ==
        "--- a\n+++ b\n"
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
}

TEST_CASE("insertions and deletions at the edges", "[diff]") {
  CHECK(unified_diff("", "new\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
  CHECK(unified_diff("old\n", "", "a", "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-old\n");
  CHECK(unified_diff("b\nc\n", "a\nb\nc\n", "a", "b") ==
        "--- a\n+++ b\n@@ -1,2 +1,3 @@\n+a\n b\n c\n");
}

TEST_CASE("far-apart changes are separate hunks; near ones merge", "[diff]") {
  std::string from, to;
  for (int i = 1; i <= 20; ++i) {
    from += std::to_string(i) + "\n";
    to += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  const auto two = unified_diff(from, to, "a", "b");
  CHECK(two.find("@@ -1,5 +1,5 @@") != std::string::npos);
  CHECK(two.find("@@ -15,6 +15,6 @@") != std::string::npos);
  std::string near = from;
  near.replace(near.find("\n5\n"), 3, "\ny\n");
  const auto one = unified_diff(from.substr(0, 30), near.substr(0, 30), "a", "b");
  CHECK(one.find("@@", 3) == one.find("@@"));  // a single hunk header
}

TEST_CASE("a missing final newline is a change and is marked", "[diff]") {
  CHECK(unified_diff("a\nb\n", "a\nb", "x", "y") ==
        "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n");
}

TEST_CASE("the LCS keeps common lines between changes", "[diff]") {
  const auto d = unified_diff("a\nb\nc\nd\n", "a\nc\nd\ne\n", "x", "y");
  CHECK(d == "--- x\n+++ y\n@@ -1,4 +1,4 @@\n a\n-b\n c\n d\n+e\n");
}

TEST_CASE("huge inputs fall back to one replacement hunk", "[diff]") {
  std::string from, to;
  for (int i = 0; i < 1500; ++i) {
    from += "a" + std::to_string(i) + "\n";
    to += "b" + std::to_string(i) + "\n";
  }
  const auto d = unified_diff(from, to, "x", "y");
  CHECK(d.rfind("--- x\n+++ y\n@@ -1,1500 +1,1500 @@\n-a0\n", 0) == 0);
  CHECK(d.find("+b1499\n") != std::string::npos);
}
