#include "auth/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace hubd {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

std::optional<nlohmann::json> parse_object(std::string_view b64) {
  auto text = base64url_decode(b64);
  if (!text) return std::nullopt;
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

// A NumericDate claim: absent is fine, present must be a number.
bool numeric_claim(const nlohmann::json& claims, const char* name, std::optional<double>& out) {
  auto it = claims.find(name);
  if (it == claims.end()) return true;
  if (!it->is_number()) return false;
  out = it->get<double>();
  return true;
}

}  // namespace

struct JwtVerifier::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = decode_char(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero: one encoding per byte string.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string_view to_string(JwtError error) {
  switch (error) {
    case JwtError::None:
      return "none";
    case JwtError::Malformed:
      return "malformed";
    case JwtError::AlgNotAllowed:
      return "alg_not_allowed";
    case JwtError::BadSignature:
      return "bad_signature";
    case JwtError::Expired:
      return "expired";
    case JwtError::NotYetValid:
      return "not_yet_valid";
    case JwtError::BadIssuer:
      return "bad_issuer";
    case JwtError::BadAudience:
      return "bad_audience";
    case JwtError::MissingSubject:
      return "missing_subject";
  }
  return "unknown";
}

JwtVerifier::JwtVerifier(JwtOptions options) : options_(std::move(options)) {
  if (options_.rs256_public_pem.empty()) return;
  BIO* bio = BIO_new_mem_buf(options_.rs256_public_pem.data(),
                             static_cast<int>(options_.rs256_public_pem.size()));
  EVP_PKEY* pkey = bio ? PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (!pkey || EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
    EVP_PKEY_free(pkey);
    throw std::runtime_error("jwt public key: not a PEM RSA public key");
  }
  rsa_ = std::make_unique<Key>();
  rsa_->pkey = pkey;
}

JwtVerifier::~JwtVerifier() = default;

bool JwtVerifier::enabled() const { return !options_.hs256_secret.empty() || rsa_ != nullptr; }

JwtResult JwtVerifier::verify(std::string_view token, std::int64_t now_seconds) const {
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return {JwtError::Malformed, {}};
  }
  const auto header = parse_object(token.substr(0, dot1));
  const auto claims = parse_object(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = base64url_decode(token.substr(dot2 + 1));
  if (!header || !claims || !signature) return {JwtError::Malformed, {}};

  // No JWS extensions are understood, so any critical one must be refused (RFC 7515 4.1.11).
  if (header->contains("crit")) return {JwtError::Malformed, {}};
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return {JwtError::AlgNotAllowed, {}};
  const std::string_view signed_part = token.substr(0, dot2);
  if (*alg == "HS256" && !options_.hs256_secret.empty()) {
    const std::string expected = hmac_sha256(options_.hs256_secret, signed_part);
    if (!secret_equal(*signature, expected)) return {JwtError::BadSignature, {}};
  } else if (*alg == "RS256" && rsa_) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, rsa_->pkey) == 1 &&
        EVP_DigestVerify(
            ctx, reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
            reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) return {JwtError::BadSignature, {}};
  } else {
    return {JwtError::AlgNotAllowed, {}};
  }

  std::optional<double> exp, nbf;
  if (!numeric_claim(*claims, "exp", exp) || !numeric_claim(*claims, "nbf", nbf)) {
    return {JwtError::Malformed, {}};
  }
  const auto now = static_cast<double>(now_seconds);
  const auto leeway = static_cast<double>(options_.leeway_seconds);
  if (exp && now >= *exp + leeway) return {JwtError::Expired, {}};
  if (nbf && now + leeway < *nbf) return {JwtError::NotYetValid, {}};

  if (!options_.issuer.empty()) {
    auto iss = claims->find("iss");
    if (iss == claims->end() || *iss != options_.issuer) return {JwtError::BadIssuer, {}};
  }
  if (!options_.audience.empty()) {
    auto aud = claims->find("aud");
    bool match = false;
    if (aud != claims->end() && aud->is_string()) match = *aud == options_.audience;
    if (aud != claims->end() && aud->is_array()) {
      for (const auto& a : *aud) match = match || a == options_.audience;
    }
    if (!match) return {JwtError::BadAudience, {}};
  }
  auto sub = claims->find("sub");
  if (sub == claims->end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
    return {JwtError::MissingSubject, {}};
  }
  return {JwtError::None, *claims};
}

std::string sign_hs256(const nlohmann::json& claims, std::string_view secret) {
  const std::string signing =
      base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url_encode(claims.dump());
  return signing + "." + base64url_encode(hmac_sha256(secret, signing));
}

bool secret_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_bytes(std::size_t bytes) {
  std::string out(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

}  // namespace hubd
