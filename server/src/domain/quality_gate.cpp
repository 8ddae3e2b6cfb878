#include "domain/quality_gate.hpp"

namespace hubd {

const std::vector<std::string>& gate_stages() {
  static const std::vector<std::string> stages = {"format", "links", "todos", "spelling"};
  return stages;
}

std::vector<std::string> stage_blockers(std::string_view stage,
                                        const std::vector<SectionText>& sections) {
  std::vector<std::string> out;
  for (const auto& s : sections) {
    const auto& text = s.content;
    if (stage == "format" && text.find_first_not_of(" \t\n") == std::string::npos) {
      out.push_back("section " + s.id + " is empty");
    } else if (stage == "links" && text.find("http://") != std::string::npos) {
      out.push_back("section " + s.id + " links over plain http://");
    } else if (stage == "todos" && text.find("TODO") != std::string::npos) {
      out.push_back("section " + s.id + " still has a TODO");
    } else if (stage == "spelling" && text.find("teh ") != std::string::npos) {
      out.push_back("section " + s.id + " misspells \"the\"");
    }
  }
  return out;
}

}  // namespace hubd
