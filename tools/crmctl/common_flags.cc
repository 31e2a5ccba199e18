#include "tools/crmctl/common_flags.h"

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
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

}  // namespace crm::crmctl
