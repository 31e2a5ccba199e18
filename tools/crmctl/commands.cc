#include "tools/crmctl/commands.h"

#include <vector>

#include "tools/crmctl/activity_commands.h"
#include "tools/crmctl/collaboration_commands.h"
#include "tools/crmctl/contact_commands.h"
#include "tools/crmctl/contract_commands.h"
#include "tools/crmctl/customer_commands.h"
#include "tools/crmctl/duplicate_commands.h"
#include "tools/crmctl/health_command.h"
#include "tools/crmctl/hierarchy_commands.h"
#include "tools/crmctl/import_commands.h"
#include "tools/crmctl/login_commands.h"
#include "tools/crmctl/merge_commands.h"
#include "tools/crmctl/opportunity_commands.h"
#include "tools/crmctl/org_commands.h"
#include "tools/crmctl/pipeline_commands.h"
#include "tools/crmctl/quality_commands.h"
#include "tools/crmctl/scoring_commands.h"
#include "tools/crmctl/token_command.h"

namespace crm::crmctl {
namespace {

std::vector<CommandSpec> BuildCommands() {
  std::vector<CommandSpec> commands = CustomerCommands();
  for (std::vector<CommandSpec> group :
       {DuplicateCommands(), MergeCommands(), ContactCommands(), QualityCommands(),
        HierarchyCommands(), ImportCommands(), OpportunityCommands(), ActivityCommands(),
        PipelineCommands(), ContractCommands(), CollaborationCommands(), ScoringCommands(),
        OrgCommands(), LoginCommands()}) {
    for (CommandSpec& command : group) commands.push_back(std::move(command));
  }
  commands.push_back(HealthCommand());
  commands.push_back(TokenCommand());
  commands.push_back({.path = "help",
                      .args = "[COMMAND...]",
                      .max_args = 3,
                      .summary = "show help for crmctl or one command"});
  return commands;
}

}  // namespace

std::span<const CommandSpec> AllCommands() {
  static const std::vector<CommandSpec> kCommands = BuildCommands();
  return kCommands;
}

}  // namespace crm::crmctl
