// Building blocks of the JSON API: responses, error bodies, headers and request bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "net/http.hpp"

namespace hubd {

Response json_response(http::status status, const nlohmann::json& body);

// {"error":{"code":..., "message":...}}
Response error_response(int status, const std::string& code, const std::string& message);

// 405 with `Allow: <allow>`.
Response method_not_allowed(const std::string& allow);

std::string_view header(const Request& req, http::field field);
std::string_view header(const Request& req, std::string_view name);

// The body as a JSON object nested at most `kMaxJsonDepth` deep, or a 400 in `error`.
inline constexpr std::size_t kMaxJsonDepth = 64;
std::optional<nlohmann::json> json_body(const Request& req, Response& error);

// A string member, or empty when absent or not a string.
std::string string_field(const nlohmann::json& object, const char* name);

}  // namespace hubd
