#include "net/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/http_util.hpp"
#include "net/responses.hpp"

namespace hubd {
namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

std::string_view mime_type(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
  };
  const auto dot = path.rfind('.');
  if (dot != std::string_view::npos && path.find('/', dot) == std::string_view::npos) {
    const auto ext = path.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (e == ext) return type;
    }
  }
  return "application/octet-stream";
}

std::optional<StaticFile> resolve_static(const std::string& root, std::string_view target) {
  if (root.empty() || target.empty() || target.front() != '/') return std::nullopt;
  target = target_path(target);
  const auto decoded = percent_decode(target);
  if (!decoded || decoded->find('\0') != std::string::npos ||
      decoded->find('\\') != std::string::npos) {
    return std::nullopt;
  }
  fs::path relative;
  for (std::size_t start = 1; start <= decoded->size();) {
    auto end = decoded->find('/', start);
    if (end == std::string::npos) end = decoded->size();
    const std::string_view segment(decoded->data() + start, end - start);
    if (!segment.empty()) {
      if (segment.front() == '.') return std::nullopt;  // `..`, `.env`, `.git`
      relative /= std::string(segment);
    }
    start = end + 1;
  }

  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path candidate = canonical_root / relative;
  if (fs::is_directory(candidate, ec)) candidate /= "index.html";
  if (!fs::is_regular_file(candidate, ec)) {
    if (relative.has_extension()) return std::nullopt;
    candidate = canonical_root / "index.html";  // a client-side route
  }
  const fs::path real = fs::canonical(candidate, ec);
  if (ec || !inside(canonical_root, real) || !fs::is_regular_file(real, ec)) return std::nullopt;
  return StaticFile{real.string(), mime_type(real.string())};
}

Response serve_static(const std::string& root, const Request& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return method_not_allowed("GET, HEAD");
  const auto file = resolve_static(root, req.target());
  if (!file) return error_response(404, "not_found", "no such file");
  std::ifstream in(file->path, std::ios::binary);
  if (!in) return error_response(404, "not_found", "no such file");
  std::ostringstream content;
  content << in.rdbuf();
  Response res{http::status::ok, 11};
  res.set(http::field::content_type, file->mime);
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = content.str();
  return res;
}

}  // namespace hubd
