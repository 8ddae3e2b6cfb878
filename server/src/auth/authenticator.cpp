#include "auth/authenticator.hpp"

#include "net/responses.hpp"

namespace hubd {
namespace {

JwtOptions session_options(const std::string& secret) {
  JwtOptions o;
  o.hs256_secret = secret;
  return o;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const auto pair = trim(header.substr(0, semi));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      return trim(pair.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

Authenticator::Authenticator(const Acl& acl, JwtOptions bearer, std::string session_secret,
                             std::int64_t session_ttl)
    : acl_(acl),
      bearer_options_(bearer),
      bearer_(std::move(bearer)),
      session_secret_(session_secret.empty() ? random_bytes(32) : std::move(session_secret)),
      session_(session_options(session_secret_)),
      session_ttl_(session_ttl) {}

std::optional<Principal> Authenticator::authenticate(std::string_view authorization,
                                                     std::string_view cookie_header,
                                                     std::int64_t now_seconds,
                                                     AuthFailure& failure) const {
  const JwtVerifier* verifier = nullptr;
  std::string_view token;
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() ||
        !std::equal(kBearer.begin(), kBearer.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      failure = {{401, "unauthorized", "expected Authorization: Bearer <token>"}, "bad_scheme"};
      return std::nullopt;
    }
    token = trim(authorization.substr(kBearer.size()));
    verifier = &bearer_;
  } else if (auto cookie = cookie_value(cookie_header, kSessionCookie); !cookie.empty()) {
    token = cookie;
    verifier = &session_;
  } else {
    failure = {{401, "unauthorized", "credentials required"}, "missing_credentials"};
    return std::nullopt;
  }

  const JwtResult result = verifier->verify(token, now_seconds);
  if (result.error != JwtError::None) {
    const std::string reason(to_string(result.error));
    const bool expired = result.error == JwtError::Expired;
    failure = {{401, expired ? "token_expired" : "invalid_token",
                expired ? "the token has expired" : "invalid token: " + reason},
               (verifier == &session_ ? "session_" : "") + reason};
    return std::nullopt;
  }
  Refusal refusal;
  auto principal = acl_.principal(result.claims, refusal);
  if (!principal) {
    failure = {refusal, refusal.code};
    return std::nullopt;
  }
  if (auto exp = result.claims.find("exp"); exp != result.claims.end()) {
    principal->expires_at =
        static_cast<std::int64_t>(exp->get<double>()) + bearer_options_.leeway_seconds;
  }
  return principal;
}

std::optional<Principal> Authenticator::authenticate(const Request& req, std::int64_t now_seconds,
                                                     AuthFailure& failure) const {
  return authenticate(header(req, http::field::authorization), header(req, http::field::cookie),
                      now_seconds, failure);
}

std::string Authenticator::session_cookie(const User& user, std::int64_t now_seconds) const {
  const nlohmann::json claims = {
      {"sub", user.id}, {"iat", now_seconds}, {"exp", now_seconds + session_ttl_}};
  return std::string(kSessionCookie) + "=" + sign_hs256(claims, session_secret_) +
         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(session_ttl_);
}

std::string Authenticator::clear_cookie() {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
}

std::string Authenticator::issue_token(const User& user, std::int64_t ttl_seconds,
                                       std::int64_t now_seconds) const {
  if (bearer_options_.hs256_secret.empty()) return {};
  nlohmann::json claims = {{"sub", user.id},
                           {"workspace", user.workspace},
                           {"role", user.role},
                           {"iat", now_seconds},
                           {"exp", now_seconds + ttl_seconds}};
  if (!bearer_options_.issuer.empty()) claims["iss"] = bearer_options_.issuer;
  if (!bearer_options_.audience.empty()) claims["aud"] = bearer_options_.audience;
  return sign_hs256(claims, bearer_options_.hs256_secret);
}

}  // namespace hubd
