#include "tools/crmctl/call_retry.h"

#include <string>
#include <string_view>

#include "absl/random/random.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"

namespace crm::crmctl {
namespace {

using google::protobuf::FieldDescriptor;

// The verbs of the AIP methods that only read.
constexpr std::string_view kReadVerbs[] = {"Get",    "BatchGet", "List",    "Lookup",
                                           "Search", "Find",     "Resolve", "Watch"};

bool IsRead(std::string_view message_name) {
  for (std::string_view verb : kReadVerbs) {
    if (message_name.size() > verb.size() && message_name.starts_with(verb) &&
        // "Lists..." or "Getter..." would not be the verb.
        message_name[verb.size()] >= 'A' && message_name[verb.size()] <= 'Z') {
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsRepeatable(const google::protobuf::Message& request) {
  const google::protobuf::Descriptor* descriptor = request.GetDescriptor();
  const google::protobuf::Reflection* reflection = request.GetReflection();
  const FieldDescriptor* request_id = descriptor->FindFieldByName("request_id");
  if (request_id != nullptr && !request_id->is_repeated() &&
      request_id->type() == FieldDescriptor::TYPE_STRING &&
      !reflection->GetString(request, request_id).empty()) {
    return true;
  }
  const FieldDescriptor* validate_only = descriptor->FindFieldByName("validate_only");
  if (validate_only != nullptr && !validate_only->is_repeated() &&
      validate_only->type() == FieldDescriptor::TYPE_BOOL &&
      reflection->GetBool(request, validate_only)) {
    return true;
  }
  return IsRead(descriptor->name());
}

absl::Status RetryCall(const RetryPolicy& policy, bool repeatable,
                       absl::FunctionRef<absl::Status()> attempt) {
  return RetryCall(policy, repeatable, attempt, [](absl::Duration delay) {
    absl::SleepFor(delay);
    return true;
  });
}

absl::Status RetryCall(const RetryPolicy& policy, bool repeatable,
                       absl::FunctionRef<absl::Status()> attempt,
                       absl::FunctionRef<bool(absl::Duration)> wait) {
  absl::BitGen random;
  const absl::Time start = absl::Now();
  for (int attempts = 1;; ++attempts) {
    absl::Status status = attempt();
    if (status.ok()) return status;
    const absl::Duration elapsed = absl::Now() - start;
    const RetryDecision decision =
        DecideRetry(policy, status, repeatable, attempts, elapsed, absl::Uniform(random, 0.0, 1.0));
    if (decision.action != RetryDecision::Action::kRetry) {
      return ExplainRetries(status, decision, policy, attempts, elapsed);
    }
    if (!wait(decision.delay)) return status;
  }
}

}  // namespace crm::crmctl
