#include "tools/crmctl/common_flags.h"

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {

FlagSpec EtagFlag() {
  return {.name = "etag",
          .value_name = "ETAG",
          .help =
              "change only if the record still has this etag (from get); "
              "ABORTED otherwise"};
}

std::vector<FlagSpec> ListFlags(bool show_deleted) {
  std::vector<FlagSpec> flags = {
      {.name = "page-size",
       .value_name = "N",
       .help = "items per page (server default 50, at most 1000)"},
      {.name = "page-token",
       .value_name = "TOKEN",
       .help = "continue from a previous page's next_page_token"},
      {.name = "all", .help = "fetch every page and print them as one list"},
  };
  if (show_deleted) {
    flags.push_back({.name = "show-deleted", .help = "include deleted records"});
  }
  return flags;
}

absl::Status ParsePageSize(const FlagValues& flags, int32_t* page_size) {
  *page_size = 0;
  const std::optional<std::string> text = flags.Get("page-size");
  if (!text.has_value()) return absl::OkStatus();
  if (!absl::SimpleAtoi(*text, page_size)) {
    return UsageError(crm::StrCat("--page-size: \"", *text, "\" is not a number"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RequiredFlag(const FlagValues& flags, std::string_view flag) {
  std::string value = flags.Get(flag).value_or("");
  if (value.empty()) return UsageError(crm::StrCat("--", std::string(flag), " is required"));
  return value;
}

absl::StatusOr<ReportSubject> ParseReportSubject(const FlagValues& flags,
                                                 const std::vector<std::string>& allowed) {
  std::vector<std::string> given;
  // "--org-unit, --customer or --group", "... and --group".
  const auto listed = [&](const char* last_joiner) {
    std::string text;
    for (size_t i = 0; i < allowed.size(); ++i) {
      crm::StrAppend(&text, i == 0 ? "" : (i + 1 == allowed.size() ? last_joiner : ", "), "--",
                     allowed[i]);
    }
    return text;
  };
  for (const std::string& flag : allowed) {
    if (flags.Has(flag)) given.push_back(flag);
  }
  if (given.size() != 1) {
    return UsageError(given.empty() ? crm::StrCat("give what to report on: ", listed(" or "))
                                    : crm::StrCat("give only one of ", listed(" and ")));
  }
  const std::string& flag = given.front();
  const std::string value = *flags.Get(flag);
  absl::StatusOr<std::string> name;
  if (flag == "org-unit") {
    name = CheckedOrgUnitName(value);
  } else if (flag == "customer") {
    name = CustomerName(value);
  } else if (flag == "group") {
    name = CheckedNodeName(value);
  } else {
    name = CheckedContractName(value);
  }
  if (!name.ok()) return FlagError(flag, name.status().message());
  return ReportSubject{.flag = flag, .name = *std::move(name)};
}

}  // namespace crm::crmctl
