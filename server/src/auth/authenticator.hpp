// Credentials → Principal: an `Authorization: Bearer <JWT>` header (HS256/RS256), or else the
// simple-mode session cookie (an HS256 token under a server-side key). Also issues both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/acl.hpp"
#include "auth/jwt.hpp"
#include "net/http.hpp"

namespace hubd {

inline constexpr std::string_view kSessionCookie = "hubd_session";

struct AuthFailure {
  Refusal refusal;
  std::string reason;  // for logs and metrics; never the credential itself
};

class Authenticator {
 public:
  Authenticator(const Acl& acl, JwtOptions bearer, std::string session_secret,
                std::int64_t session_ttl);

  std::optional<Principal> authenticate(std::string_view authorization,
                                        std::string_view cookie_header, std::int64_t now_seconds,
                                        AuthFailure& failure) const;
  // The same, from a request's Authorization and Cookie headers.
  std::optional<Principal> authenticate(const Request& req, std::int64_t now_seconds,
                                        AuthFailure& failure) const;

  // `Set-Cookie` value for a data-file user.
  std::string session_cookie(const User& user, std::int64_t now_seconds) const;
  static std::string clear_cookie();

  // A bearer token signed with the HS256 secret; empty when none is configured.
  std::string issue_token(const User& user, std::int64_t ttl_seconds,
                          std::int64_t now_seconds) const;

 private:
  const Acl& acl_;
  JwtOptions bearer_options_;
  JwtVerifier bearer_;
  std::string session_secret_;
  JwtVerifier session_;
  std::int64_t session_ttl_;
};

// The value of one cookie in a Cookie header, or empty.
std::string_view cookie_value(std::string_view header, std::string_view name);

}  // namespace hubd
