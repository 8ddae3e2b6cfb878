// What the core needs to know of credentials and URLs, without a crypto or URL library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ssehub/hub.hpp"

namespace ssehub {

// A JWT's `exp` claim in milliseconds; nullopt for anything that is not a JWT with one.
// The signature is not checked: the server does that; the client only plans a refresh.
std::optional<TimeMs> jwt_expiry_ms(std::string_view token);

// Appends `s` percent-encoded for a query component (RFC 3986 unreserved kept).
void append_query_component(std::string& out, std::string_view s);

}  // namespace ssehub
