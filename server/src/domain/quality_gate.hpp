// The quality gate's stages and what blocks each, as pure functions of a document's sections.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hubd {

struct SectionText {
  std::string id;
  std::string content;
};

// format (empty sections), links (plain http), todos (TODO markers), spelling ("teh").
const std::vector<std::string>& gate_stages();

// The blockers one stage finds, one message per offending section, in section order.
std::vector<std::string> stage_blockers(std::string_view stage,
                                        const std::vector<SectionText>& sections);

}  // namespace hubd
