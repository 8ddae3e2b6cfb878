#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <catch2/catch.hpp>
#include <memory>

#include "auth/jwt.hpp"

using hubd::base64url_encode;
using hubd::JwtError;
using hubd::JwtOptions;
using hubd::JwtVerifier;
using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef";

std::string forge(const json& header, const json& claims, const std::string& signature) {
  return base64url_encode(header.dump()) + "." + base64url_encode(claims.dump()) + "." +
         base64url_encode(signature);
}

JwtOptions hs256() {
  JwtOptions o;
  o.hs256_secret = kSecret;
  return o;
}

struct RsaKey {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  ~RsaKey() { EVP_PKEY_free(key); }

  std::string public_pem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return pem;
  }

  std::string sign(const json& header, const json& claims) const {
    const std::string signing =
        base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(signing.data()),
                   signing.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(signing.data()), signing.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    return signing + "." + base64url_encode(sig);
  }
};

}  // namespace

TEST_CASE("base64url round trip and strictness", "[jwt]") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
    CHECK(hubd::base64url_decode(base64url_encode(s)) == s);
  }
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK_FALSE(hubd::base64url_decode("a"));     // impossible length
  CHECK_FALSE(hubd::base64url_decode("ab=="));  // padding is not base64url
  CHECK_FALSE(hubd::base64url_decode("a+b/"));  // standard alphabet
  CHECK_FALSE(hubd::base64url_decode("Zm9="));
  CHECK_FALSE(hubd::base64url_decode("Zh"));  // non-zero trailing bits
}

TEST_CASE("HS256: a valid token passes with its claims", "[jwt]") {
  JwtVerifier v(hs256());
  const auto token = hubd::sign_hs256({{"sub", "alice"}, {"exp", kNow + 60}}, kSecret);
  const auto r = v.verify(token, kNow);
  REQUIRE(r.error == JwtError::None);
  CHECK(r.claims["sub"] == "alice");
}

TEST_CASE("HS256: every rejection", "[jwt]") {
  JwtOptions o = hs256();
  o.issuer = "https://issuer.example";
  o.audience = "sse-hub";
  JwtVerifier v(o);
  const json good = {{"sub", "alice"},
                     {"exp", kNow + 60},
                     {"nbf", kNow - 60},
                     {"iss", "https://issuer.example"},
                     {"aud", "sse-hub"}};
  auto sign = [](json claims) { return hubd::sign_hs256(claims, kSecret); };
  auto with = [&good](const char* key, json value) {
    json c = good;
    c[key] = value;
    return c;
  };
  CHECK(v.verify(sign(good), kNow).error == JwtError::None);
  CHECK(v.verify(sign(with("aud", json::array({"x", "sse-hub"}))), kNow).error == JwtError::None);

  SECTION("alg none") {
    const auto token = forge({{"alg", "none"}, {"typ", "JWT"}}, good, "");
    CHECK(v.verify(token, kNow).error == JwtError::AlgNotAllowed);
    CHECK(v.verify(token.substr(0, token.size()), kNow).error == JwtError::AlgNotAllowed);
  }
  SECTION("alg mismatch: RS256 header with no RSA key, HS384, missing alg") {
    CHECK(v.verify(forge({{"alg", "RS256"}}, good, "sig"), kNow).error == JwtError::AlgNotAllowed);
    CHECK(v.verify(forge({{"alg", "HS384"}}, good, "sig"), kNow).error == JwtError::AlgNotAllowed);
    CHECK(v.verify(forge({{"typ", "JWT"}}, good, "sig"), kNow).error == JwtError::AlgNotAllowed);
  }
  SECTION("bad signature") {
    auto token = sign(good);
    token.back() = token.back() == 'A' ? 'B' : 'A';
    CHECK(v.verify(token, kNow).error == JwtError::BadSignature);
    CHECK(v.verify(hubd::sign_hs256(good, "another-secret-of-32-bytes......"), kNow).error ==
          JwtError::BadSignature);
    const auto t = sign(good);
    const auto tampered = t.substr(0, t.find('.') + 1) +
                          base64url_encode(with("sub", "mallory").dump()) + t.substr(t.rfind('.'));
    CHECK(v.verify(tampered, kNow).error == JwtError::BadSignature);
  }
  SECTION("expired, not yet valid") {
    CHECK(v.verify(sign(with("exp", kNow)), kNow).error == JwtError::Expired);
    CHECK(v.verify(sign(with("exp", kNow - 1)), kNow).error == JwtError::Expired);
    CHECK(v.verify(sign(with("nbf", kNow + 1)), kNow).error == JwtError::NotYetValid);
    CHECK(v.verify(sign(with("exp", "tomorrow")), kNow).error == JwtError::Malformed);
  }
  SECTION("issuer and audience") {
    CHECK(v.verify(sign(with("iss", "https://evil.example")), kNow).error == JwtError::BadIssuer);
    json no_iss = good;
    no_iss.erase("iss");
    CHECK(v.verify(sign(no_iss), kNow).error == JwtError::BadIssuer);
    CHECK(v.verify(sign(with("aud", "other")), kNow).error == JwtError::BadAudience);
    CHECK(v.verify(sign(with("aud", json::array({"other"}))), kNow).error == JwtError::BadAudience);
  }
  SECTION("subject") {
    CHECK(v.verify(sign(with("sub", "")), kNow).error == JwtError::MissingSubject);
    CHECK(v.verify(sign(with("sub", 7)), kNow).error == JwtError::MissingSubject);
  }
  SECTION("unknown critical header extensions") {
    const std::string signing =
        base64url_encode(R"({"alg":"HS256","crit":["exp"]})") + "." + base64url_encode(good.dump());
    const auto signed_token = hubd::sign_hs256(good, kSecret);
    const auto sig = signed_token.substr(signed_token.rfind('.'));
    CHECK(v.verify(signing + sig, kNow).error == JwtError::Malformed);
  }
  SECTION("malformed") {
    for (const char* t :
         {"", ".", "..", "a.b.c", "a.b", "a.b.c.d", "e30.e30", "W10.e30.", "e30.W10."}) {
      CAPTURE(t);
      const auto e = v.verify(t, kNow).error;
      CHECK((e == JwtError::Malformed || e == JwtError::AlgNotAllowed));
    }
  }
}

TEST_CASE("leeway applies to exp and nbf", "[jwt]") {
  JwtOptions o = hs256();
  o.leeway_seconds = 30;
  JwtVerifier v(o);
  CHECK(v.verify(hubd::sign_hs256({{"sub", "a"}, {"exp", kNow - 10}}, kSecret), kNow).error ==
        JwtError::None);
  CHECK(v.verify(hubd::sign_hs256({{"sub", "a"}, {"nbf", kNow + 10}}, kSecret), kNow).error ==
        JwtError::None);
  CHECK(v.verify(hubd::sign_hs256({{"sub", "a"}, {"exp", kNow - 31}}, kSecret), kNow).error ==
        JwtError::Expired);
}

TEST_CASE("RS256 verifies with the public key; HS256 is refused without a secret", "[jwt]") {
  RsaKey key;
  RsaKey other;
  JwtOptions o;
  o.rs256_public_pem = key.public_pem();
  JwtVerifier v(o);
  const json claims = {{"sub", "bob"}, {"exp", kNow + 60}};
  CHECK(v.verify(key.sign({{"alg", "RS256"}, {"typ", "JWT"}}, claims), kNow).error ==
        JwtError::None);
  CHECK(v.verify(other.sign({{"alg", "RS256"}}, claims), kNow).error == JwtError::BadSignature);
  // The classic confusion attack: HS256 keyed with the public key text.
  CHECK(v.verify(hubd::sign_hs256(claims, o.rs256_public_pem), kNow).error ==
        JwtError::AlgNotAllowed);
  CHECK(v.verify(key.sign({{"alg", "RS256"}}, {{"sub", "bob"}, {"exp", kNow - 1}}), kNow).error ==
        JwtError::Expired);
}

TEST_CASE("a public key that is not PEM RSA is refused at startup", "[jwt]") {
  JwtOptions o;
  o.rs256_public_pem = "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n";
  CHECK_THROWS(JwtVerifier(o));
}
