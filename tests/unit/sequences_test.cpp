// Sequence tracking on its own: what is new, what is a duplicate, where a reconnect resumes,
// what a snapshot and a restarted hub change, and which snapshot items a resource sees.
// hub_stream_test.cpp covers the same through the Hub's effects.
#include <catch2/catch.hpp>
#include <string>

#include "sequences.hpp"

using ssehub::read_sequence;
using ssehub::Sequences;
using ssehub::Snapshot;

TEST_CASE("events: new per topic, duplicates refused, resume from the highest", "[sequences]") {
  Sequences s;
  CHECK(s.last() == 0);
  CHECK(s.resume_id().empty());

  CHECK(s.accept_event("a", 1));
  CHECK(s.accept_event("b", 2));
  CHECK(s.accept_event("a", 3));
  CHECK(s.last() == 3);
  CHECK(s.resume_id() == "3");

  // A replay after a reconnect overlaps: what each topic has seen is refused.
  CHECK_FALSE(s.accept_event("a", 3));
  CHECK_FALSE(s.accept_event("b", 2));
  CHECK_FALSE(s.accept_event("a", 1));
  // Per topic, not overall: b has not seen 3, and a lower sequence on a new topic is new.
  CHECK(s.accept_event("b", 3));
  CHECK(s.accept_event("c", 1));
  CHECK(s.last() == 3);
  CHECK(s.accept_event("a", 9007199254740991));
  CHECK(s.resume_id() == "9007199254740991");
}

TEST_CASE("a snapshot brings its topic up to date; the resume point stays", "[sequences]") {
  Sequences s;
  CHECK(s.accept_event("doc", 5));
  CHECK(s.accept_event("chat", 6));
  CHECK(s.accept_snapshot("doc", 40));
  CHECK(s.last() == 6);  // chat may still owe events between 6 and 40
  CHECK(s.resume_id() == "6");

  CHECK_FALSE(s.accept_event("doc", 39));  // covered by the snapshot
  CHECK(s.accept_event("chat", 7));        // another topic is not
  CHECK(s.accept_snapshot("doc", 40));     // the same snapshot again still applies
  CHECK_FALSE(s.accept_snapshot("doc", 12));
  CHECK(s.accept_event("doc", 41));
  CHECK(s.last() == 41);
  CHECK(s.accept_snapshot("new", 3));  // a topic never seen
  CHECK_FALSE(s.accept_event("new", 3));
}

TEST_CASE("a hub whose sequence is behind ours restarted: tracking starts over", "[sequences]") {
  Sequences s;
  CHECK_FALSE(s.restart_if_behind(0));  // nothing seen yet: nothing to be behind
  CHECK(s.accept_event("a", 41));
  CHECK(s.accept_event("b", 42));
  CHECK_FALSE(s.restart_if_behind(42));  // level with us
  CHECK_FALSE(s.restart_if_behind(50));  // ahead: events to replay, not a restart
  CHECK_FALSE(s.restart_if_behind(-1));  // not a sequence
  CHECK(s.last() == 42);

  CHECK(s.restart_if_behind(3));
  CHECK(s.last() == 0);
  CHECK(s.resume_id().empty());
  CHECK(s.accept_event("a", 4));  // below what a had seen, new in the new hub's numbers
  CHECK(s.resume_id() == "4");
}

TEST_CASE("sequences are JSON integers from 1 to 2^53 - 1", "[sequences]") {
  CHECK(read_sequence("1") == 1u);
  CHECK(read_sequence("9007199254740991") == 9007199254740991u);
  CHECK(read_sequence("1e3") == 1000u);
  for (const char* bad : {"0", "-3", "1.5", "9007199254740992", "\"7\"", "null", "", "7x"}) {
    INFO(bad);
    CHECK_FALSE(read_sequence(bad));
  }
}

TEST_CASE("hub.snapshot is read, and malformed ones refused", "[sequences]") {
  std::string scratch;
  const auto snap =
      Snapshot::read(R"({"topic":"doc\u002estate","sequence":40,"items":[{"a":1}]})", scratch);
  REQUIRE(snap);
  CHECK(snap->topic == "doc.state");
  CHECK(snap->sequence == 40);
  CHECK(snap->items == R"([{"a":1}])");

  for (const char* bad : {
           R"({"sequence":40,"items":[]})",                      // no topic
           R"({"topic":"t","items":[]})",                        // no sequence
           R"({"topic":"t","sequence":0,"items":[]})",           // not a sequence
           R"({"topic":"t","sequence":4})",                      // no items
           R"({"topic":"t","sequence":4,"items":{}})",           // items not an array
           R"({"topic":7,"sequence":4,"items":[]})",             // topic not a string
           R"({"topic":"t","sequence":4,"items":[]} trailing)",  // not one object
       }) {
    INFO(bad);
    CHECK_FALSE(Snapshot::read(bad, scratch));
  }
}

TEST_CASE("a snapshot's items for one resource", "[sequences]") {
  std::string scratch, out;
  const auto snap = Snapshot::read(R"({"topic":"doc","sequence":9,"items":[)"
                                   R"({"resourceId":"d1","payload":1},)"
                                   R"({"resourceId":"d2","payload":2},)"
                                   R"({"resourceId":7,"payload":3},)"
                                   R"({"resourceId":"x\/y","payload":4},)"
                                   R"({"payload":5},)"
                                   R"({"resourceId":"d1","payload":6}]})",
                                   scratch);
  REQUIRE(snap);
  CHECK(snap->items_for("", out) == snap->items);  // no filter: the text as it came
  CHECK(snap->items_for("d1", out) ==
        R"([{"resourceId":"d1","payload":1},{"resourceId":"d1","payload":6}])");
  CHECK(snap->items_for("7", out) == R"([{"resourceId":7,"payload":3}])");  // numeric ids
  CHECK(snap->items_for("x/y", out) == R"([{"resourceId":"x\/y","payload":4}])");
  CHECK(snap->items_for("nobody", out) == "[]");
}
