// Rarely run code (configuration, control frames, connecting) is kept out of line and out
// of the hot paths it would otherwise be inlined into: the hot paths stay tight and the
// Wasm module small.
#pragma once

#define SSEHUB_COLD [[gnu::cold, gnu::noinline]]
