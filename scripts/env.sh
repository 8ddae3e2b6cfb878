# Sourced by the scripts: the environment every build needs.
# Debian's emscripten finds its JS optimizer's acorn through NODE_PATH.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}

# configure_and_build PRESET: configure once, then build incrementally.
configure_and_build() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}
