// JSON Web Token verification (HS256 with a shared secret, RS256 with a PEM public key) and
// HS256 signing for test-mode tokens and session cookies.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace hubd {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

enum class JwtError {
  None,
  Malformed,      // not three base64url parts of JSON objects
  AlgNotAllowed,  // none, unknown, or no key configured for it
  BadSignature,
  Expired,
  NotYetValid,
  BadIssuer,
  BadAudience,
  MissingSubject,
};

std::string_view to_string(JwtError error);

struct JwtOptions {
  std::string hs256_secret;      // empty: HS256 refused
  std::string rs256_public_pem;  // PEM text; empty: RS256 refused
  std::string issuer;            // empty: not checked
  std::string audience;          // empty: not checked
  std::int64_t leeway_seconds = 0;
};

struct JwtResult {
  JwtError error = JwtError::None;
  nlohmann::json claims;  // set when error == None
};

class JwtVerifier {
 public:
  // Throws std::runtime_error when the PEM key cannot be read.
  explicit JwtVerifier(JwtOptions options);
  ~JwtVerifier();
  JwtVerifier(const JwtVerifier&) = delete;
  JwtVerifier& operator=(const JwtVerifier&) = delete;

  JwtResult verify(std::string_view token, std::int64_t now_seconds) const;
  bool enabled() const;

 private:
  struct Key;
  JwtOptions options_;
  std::unique_ptr<Key> rsa_;
};

// HS256 token of these claims (header {"alg":"HS256","typ":"JWT"}).
std::string sign_hs256(const nlohmann::json& claims, std::string_view secret);

// Equal contents, compared in time that depends on the lengths only (secrets, signatures).
bool secret_equal(std::string_view a, std::string_view b);

// `bytes` random bytes from the OS CSPRNG.
std::string random_bytes(std::size_t bytes);

}  // namespace hubd
