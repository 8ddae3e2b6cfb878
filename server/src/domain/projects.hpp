// Seed 000's backends: project lifecycle, quality gate runs on documents, and section drafts
// saved against a base version (a stale base is a conflict with a unified diff).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>

#include "domain/quality_gate.hpp"
#include "domain/service.hpp"
#include "hub/publisher.hpp"

namespace hubd {

class ProjectsService final : public DomainService {
 public:
  ProjectsService(Publisher& publisher, const Acl& acl, boost::asio::any_io_executor executor,
                  std::int64_t gate_stage_ms)
      : publisher_(publisher),
        acl_(acl),
        executor_(std::move(executor)),
        gate_stage_ms_(gate_stage_ms) {}

  void add_routes(DomainRouter& routes) override;
  void reset(const nlohmann::json& model) override;

 private:
  struct Project {
    std::string id, workspace, name, state, status;
    std::int64_t version = 1, updated_at = 0;
    std::string updated_by;
  };
  struct Document {
    std::string id, workspace, project_id, name;
    std::vector<std::string> sections;
  };
  struct Section {
    std::string id, workspace, document_id, content;
    std::int64_t version = 1, updated_at = 0;
    std::string updated_by;
  };
  struct GateRun {
    std::string id, document_id, workspace;
    std::size_t stage = 0;
    nlohmann::json stages = nlohmann::json::array();  // the latest progress of each stage
    nlohmann::json summary;                           // null until the run ends
    std::vector<nlohmann::json> blockers;
    boost::asio::steady_timer timer;
    explicit GateRun(const boost::asio::any_io_executor& executor) : timer(executor) {}
  };

  static nlohmann::json to_json(const Project& p);
  static nlohmann::json to_json(const Section& s);
  nlohmann::json to_json(const Document& d) const;

  Response get_project(const ApiCall& call, const std::string& id);
  Response list_projects(const ApiCall& call);
  Response change_project(const ApiCall& call, const std::string& id, const std::string& action);
  Response get_document(const ApiCall& call, const std::string& id);
  Response start_gate(const ApiCall& call, const std::string& document_id);
  Response latest_gate(const ApiCall& call, const std::string& document_id);
  Response get_section(const ApiCall& call, const std::string& id);
  Response save_section(const ApiCall& call, const std::string& id);

  void gate_progress(GateRun& run, const std::string& status);
  void gate_step(const std::shared_ptr<GateRun>& run);
  void schedule(const std::shared_ptr<GateRun>& run);

  Publisher& publisher_;
  const Acl& acl_;
  boost::asio::any_io_executor executor_;
  std::int64_t gate_stage_ms_;
  std::map<std::string, Project> projects_;
  std::map<std::string, Document> documents_;
  std::map<std::string, Section> sections_;
  std::map<std::string, std::shared_ptr<GateRun>> runs_;  // the latest run per document
  std::uint64_t next_run_ = 0;
};

}  // namespace hubd
