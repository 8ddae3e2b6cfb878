#include "domain/dashboard.hpp"

#include <set>

#include "core/clock.hpp"
#include "net/sse.hpp"

namespace hubd {
namespace {

constexpr std::size_t kItemsKept = 1000;  // per workspace
constexpr std::int64_t kGeneratorMs = 3000;
const std::vector<std::string> kSentiments = {"positive", "neutral", "negative"};

Frame metrics_frame(const nlohmann::json& metrics) {
  return std::make_shared<const std::string>(format_event("", "metrics", metrics.dump()));
}

}  // namespace

DashboardService::DashboardService(Publisher& publisher, const Acl& acl,
                                   boost::asio::any_io_executor executor, StreamGate& gate,
                                   StreamWatch& streams, DashboardOptions options)
    : publisher_(publisher),
      acl_(acl),
      gate_(gate),
      options_(options),
      public_dialect_(std::make_shared<const SseDialect>(
          "dashboard",
          std::map<std::string, std::string>{{"dashboard.metrics", "metrics"},
                                             {"dashboard.new_item", "new_item"}},
          ": heartbeat\n\n", options.heartbeat_ms, true)),
      config_dialect_(std::make_shared<const SseDialect>(
          "dashboard-config", std::map<std::string, std::string>{{"dashboard.new_item", "ticker"}},
          ": heartbeat\n\n", options.heartbeat_ms, true)),
      metrics_timer_(executor),
      generator_timer_(executor) {
  streams.on_open([this](const StreamInfo& s) { count_stream(s, true); });
  streams.on_close([this](const StreamInfo& s) { count_stream(s, false); });
  arm_metrics();
  if (options_.generators) arm_generator();
}

void DashboardService::count_stream(const StreamInfo& stream, bool opened) {
  std::size_t* count = stream.dialect == public_dialect_   ? &public_streams_
                       : stream.dialect == config_dialect_ ? &config_streams_
                                                           : nullptr;
  if (count) opened ? ++*count : --*count;
}

void DashboardService::reset(const nlohmann::json& model) {
  configs_.clear();
  items_.clear();
  const auto dashboard = model.value("dashboard", nlohmann::json::object());
  public_workspace_ = dashboard.value("publicWorkspace", "");
  for (const auto& c : dashboard.value("configurations", nlohmann::json::array())) {
    configs_[c.at("id")] = Configuration{c.at("id"), c.at("workspace"), c.value("name", ""),
                                         c.value("tickers", std::vector<std::string>{})};
  }
  const std::int64_t now = now_ms();
  for (const auto& item : dashboard.value("items", nlohmann::json::array())) {
    auto config = configs_.find(item.value("configId", ""));
    if (config == configs_.end()) continue;
    add_item(config->second, item.value("title", ""), item.value("sentiment", "neutral"),
             item.value("tags", std::vector<std::string>{}), now);
  }
}

nlohmann::json DashboardService::metrics(const std::string& workspace,
                                         const std::string& config_id) const {
  std::size_t total = 0;
  std::map<std::string, std::size_t> sentiment = {{"positive", 0}, {"neutral", 0}, {"negative", 0}};
  std::map<std::string, std::size_t> tags;
  if (auto it = items_.find(workspace); it != items_.end()) {
    for (const auto& item : it->second) {
      if (!config_id.empty() && item["configId"] != config_id) continue;
      ++total;
      ++sentiment[item["sentiment"].get<std::string>()];
      for (const auto& tag : item["tags"]) ++tags[tag.get<std::string>()];
    }
  }
  return {{"totals", total}, {"sentiment", sentiment}, {"tags", tags}};
}

nlohmann::json DashboardService::add_item(const Configuration& config, const std::string& title,
                                          const std::string& sentiment,
                                          const std::vector<std::string>& tags, std::int64_t at) {
  nlohmann::json item = {{"id", "it-" + std::to_string(++next_id_)},
                         {"title", title},
                         {"sentiment", sentiment},
                         {"tags", tags},
                         {"configId", config.id},
                         {"at", iso8601(at)}};
  auto& list = items_[config.workspace];
  list.push_front(item);
  if (list.size() > kItemsKept) list.pop_back();
  return item;
}

std::optional<Principal> DashboardService::reader(const ApiCall& call, Response& error) const {
  if (call.who) return call.who;
  // Seed 003 authenticates with X-User-ID: honored in dev-login and test mode only.
  const std::string_view user_id = header(call.req, "X-User-ID");
  if (!user_id.empty() && options_.user_header) {
    if (const User* u = acl_.user(std::string(user_id)))
      return Principal{u->id, u->workspace, u->role, std::nullopt, true};
    error = error_response(401, "unauthorized", "X-User-ID names no known user");
    return std::nullopt;
  }
  error = call.auth_error;
  return std::nullopt;
}

const DashboardService::Configuration* DashboardService::config_for(const ApiCall& call,
                                                                    const std::string& id,
                                                                    Response& error) {
  auto who = reader(call, error);
  if (!who) return nullptr;
  if (!acl_.may_read(who->role, "dashboard.new_item")) {
    error = error_response(403, "forbidden", "role " + who->role + " may not read dashboards");
    return nullptr;
  }
  return owned(configs_, id, *who, "configuration", error);
}

void DashboardService::add_routes(DomainRouter& routes) {
  using V = http::verb;
  routes.add(V::get, "v2/stream", [this](const ApiCall& c) { return stream(c, ""); });
  routes.add(V::get, "v2/configurations/*/stream",
             [this](const ApiCall& c) { return stream(c, c.segs[2]); });
  routes.add(V::get, "v2/configurations",
             [this](const ApiCall& c) { return list_configurations(c); });
  routes.add(V::get, "v2/metrics", [this](const ApiCall& c) { return get_metrics(c); });
  routes.add(V::get, "v2/items", [this](const ApiCall& c) { return list_items(c); });
  routes.add(V::post, "v2/items", [this](const ApiCall& c) { return post_item(c); });
}

Response DashboardService::get_metrics(const ApiCall& call) {
  const std::string id = call.query_value("configId");
  if (id.empty()) return json_response(http::status::ok, metrics(public_workspace_, ""));
  Response error;
  const Configuration* config = config_for(call, id, error);
  if (!config) return error;
  return json_response(http::status::ok, metrics(config->workspace, config->id));
}

Response DashboardService::list_items(const ApiCall& call) {
  Response error;
  auto limit = parse_limit(call, 50, kItemsKept, error);
  if (!limit) return error;
  const std::string id = call.query_value("configId");
  std::string workspace = public_workspace_;
  if (!id.empty()) {
    const Configuration* config = config_for(call, id, error);
    if (!config) return error;
    workspace = config->workspace;
  }
  auto items = nlohmann::json::array();
  for (const auto& item : items_[workspace]) {
    if (items.size() == *limit) break;
    if (id.empty() || item["configId"] == id) items.push_back(item);
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response DashboardService::list_configurations(const ApiCall& call) {
  Response error;
  auto who = reader(call, error);
  if (!who) return error;
  auto items = nlohmann::json::array();
  for (const auto& [id, c] : configs_) {
    if (c.workspace == who->workspace)
      items.push_back({{"id", c.id}, {"name", c.name}, {"tickers", c.tickers}});
  }
  return json_response(http::status::ok, {{"items", items}});
}

Response DashboardService::post_item(const ApiCall& call) {
  Response error;
  const Principal* who = need_write(call, acl_, "dashboard.new_item", error);
  if (!who) return error;
  auto body = json_body(call.req, error);
  if (!body) return error;
  const std::string config_id = string_field(*body, "configId");
  const Configuration* config = owned(configs_, config_id, *who, "configuration", error);
  if (!config) return error;
  auto title = clean_text(*body, "title", 200);
  if (!title) return bad_request("invalid_title", "title must be a non-empty string");
  const std::string sentiment = string_field(*body, "sentiment");
  if (std::find(kSentiments.begin(), kSentiments.end(), sentiment) == kSentiments.end())
    return bad_request("invalid_sentiment", "sentiment must be positive, neutral or negative");
  std::vector<std::string> tags;
  const auto raw_tags = body->value("tags", nlohmann::json::array());
  if (!raw_tags.is_array() || raw_tags.size() > 10)
    return bad_request("invalid_tags", "tags must be an array of at most 10 words");
  for (const auto& tag : raw_tags) {
    if (!tag.is_string() || !is_valid_id(tag.get<std::string>()) || tag.size() > 32)
      return bad_request("invalid_tags", "each tag must match [A-Za-z0-9._:@-]{1,32}");
    tags.push_back(tag);
  }
  auto item = add_item(*config, *title, sentiment, tags, call.now_ms);
  publisher_.emit(who->workspace, "dashboard.new_item", config_id, item);
  return json_response(http::status::created, item);
}

RouteResult DashboardService::stream(const ApiCall& call, const std::string& config_id) {
  Response error;
  const Configuration* config = nullptr;
  std::optional<Principal> who;
  if (!config_id.empty()) {
    config = config_for(call, config_id, error);
    if (!config) return error;
    who = reader(call, error);
  }
  if (public_streams_ + config_streams_ >= options_.max_streams) {
    auto res = error_response(503, "dashboard_full", "too many open dashboard streams");
    res.set(http::field::retry_after, "5");
    return res;
  }
  if (!config) {
    if (public_workspace_.empty()) return not_found("dashboard", "public");
    Grant grant{public_workspace_, {"dashboard.metrics", "dashboard.new_item"}, std::nullopt};
    return gate_.admit(call.req, nullptr, std::move(grant), public_dialect_,
                       {metrics_frame(metrics(public_workspace_, ""))});
  }
  Grant grant{
      config->workspace, {"dashboard.new_item"}, std::unordered_set<std::string>{config->id}};
  return gate_.admit(call.req, &*who, std::move(grant), config_dialect_,
                     {metrics_frame(metrics(config->workspace, config->id))});
}

void DashboardService::arm_metrics() {
  metrics_timer_.expires_after(std::chrono::milliseconds(options_.metrics_interval_ms));
  metrics_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    // Every dashboard workspace whose metrics changed, and the public one while streams
    // watch it (at least one `metrics` event per interval).
    std::set<std::string> workspaces;
    for (const auto& [id, c] : configs_) workspaces.insert(c.workspace);
    const bool watched = public_streams_ > 0;
    for (const auto& ws : workspaces) {
      auto now = metrics(ws, "");
      auto text = now.dump();
      if (last_published_[ws] == text && !(watched && ws == public_workspace_)) continue;
      last_published_[ws] = std::move(text);
      publisher_.emit(ws, "dashboard.metrics", "metrics", std::move(now));
    }
    arm_metrics();
  });
}

void DashboardService::arm_generator() {
  generator_timer_.expires_after(std::chrono::milliseconds(kGeneratorMs));
  generator_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    std::vector<const Configuration*> candidates;
    for (const auto& [id, c] : configs_) {
      if (c.workspace == public_workspace_ && !c.tickers.empty()) candidates.push_back(&c);
    }
    if (!candidates.empty()) {
      static const std::vector<std::string> kHeadlines = {"beats estimates",   "misses guidance",
                                                          "announces buyback", "faces probe",
                                                          "launches product",  "cuts forecast"};
      auto pick = [this](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
      };
      const Configuration& c = *candidates[pick(candidates.size())];
      const std::string& ticker = c.tickers[pick(c.tickers.size())];
      auto item = add_item(c, ticker + " " + kHeadlines[pick(kHeadlines.size())],
                           kSentiments[pick(kSentiments.size())], {ticker}, now_ms());
      publisher_.emit(c.workspace, "dashboard.new_item", c.id, std::move(item));
    }
    arm_generator();
  });
}

}  // namespace hubd
