// Maps a request path to a file under the static root: percent-decoding, no traversal (no
// `..`, no hidden segments, no symlink escaping the root), index.html for directories and
// extension-less paths (single-page app routes).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/http.hpp"

namespace hubd {

struct StaticFile {
  std::string path;
  std::string_view mime;
};

std::optional<StaticFile> resolve_static(const std::string& root, std::string_view target);

std::string_view mime_type(std::string_view path);

// GET or HEAD of a file under `root`: 404 when there is none, 405 for other methods.
Response serve_static(const std::string& root, const Request& req);

}  // namespace hubd
