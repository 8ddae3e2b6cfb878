#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "net/static_files.hpp"

namespace fs = std::filesystem;

namespace {

struct Root {
  fs::path dir = fs::temp_directory_path() / ("hubd-static-" + std::to_string(::getpid()));
  fs::path outside = dir.string() + "-secret.txt";
  Root() {
    fs::create_directories(dir / "assets");
    std::ofstream(dir / "index.html") << "<h1>hub</h1>";
    std::ofstream(dir / "assets" / "core.wasm") << "\0asm";
    std::ofstream(dir / ".env") << "SECRET=1";
    std::ofstream(outside) << "secret";
    fs::create_symlink(outside, dir / "escape.txt");
  }
  ~Root() {
    fs::remove_all(dir);
    fs::remove(outside);
  }
};

}  // namespace

TEST_CASE("static files resolve inside the root only", "[static]") {
  Root r;
  const std::string root = r.dir.string();
  auto f = hubd::resolve_static(root, "/assets/core.wasm?v=1");
  REQUIRE(f);
  CHECK(f->mime == "application/wasm");
  f = hubd::resolve_static(root, "/");
  REQUIRE(f);
  CHECK(fs::path(f->path).filename() == "index.html");
  f = hubd::resolve_static(root, "/dashboard/settings");  // a client-side route
  REQUIRE(f);
  CHECK(fs::path(f->path).filename() == "index.html");

  for (const char* bad : {"/../secret.txt", "/assets/../../x.txt", "/%2e%2e/%2e%2e/etc/passwd",
                          "/.env", "/escape.txt", "/missing.js", "/a%00b.txt", "/bad%zz.js",
                          "/..%5c..%5cwin.ini", "relative.txt", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(hubd::resolve_static(root, bad));
  }
  CHECK_FALSE(hubd::resolve_static("", "/index.html"));
}
