// The hub's Config from the JSON the JS layer (or a tool) sends: camelCase names, every
// field optional but `url`. Unknown fields and wrong types are errors, said in `error`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ssehub/hub.hpp"

namespace ssehub {

std::optional<Config> config_from_json(std::string_view text, std::string& error);

}  // namespace ssehub
