// Loads the shared SSE fixtures of tests/fixtures/sse: input chunks and expected records.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ssehub/parser.hpp"

namespace ssehub::testing {

struct SseFixture {
  std::string name;
  std::string description;
  std::vector<std::string> chunks;
  ParserOptions options;
  nlohmann::json expect;
};

inline std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i < hex.size();) {
    if (hex[i] == ' ') {
      ++i;
      continue;
    }
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    i += 2;
  }
  return bytes;
}

inline std::vector<SseFixture> load_sse_fixtures(const std::filesystem::path& dir) {
  std::vector<SseFixture> fixtures;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const auto doc = nlohmann::json::parse(in);
    SseFixture f;
    f.name = entry.path().stem().string();
    f.description = doc.value("description", "");
    if (doc.contains("input")) {
      for (const auto& c : doc["input"]) f.chunks.push_back(c.get<std::string>());
    } else {
      for (const auto& c : doc["inputHex"]) f.chunks.push_back(from_hex(c.get<std::string>()));
    }
    if (doc.contains("options")) {
      f.options.max_frame_bytes = doc["options"].value("maxFrameBytes", f.options.max_frame_bytes);
    }
    f.expect = doc["expect"];
    fixtures.push_back(std::move(f));
  }
  std::sort(fixtures.begin(), fixtures.end(),
            [](const SseFixture& a, const SseFixture& b) { return a.name < b.name; });
  return fixtures;
}

}  // namespace ssehub::testing
