// ListCustomers' filter and order_by parsers on any input: a parsed filter
// holds only allow-listed values (an industry section, region digits, an
// org unit name, at most 20 tags of valid text), written back in the
// canonical form it parses to the same filter, and every refusal is an
// INVALID_ARGUMENT whose message names the parameter and is valid UTF-8.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/customer/rules/codes.h"
#include "services/customer/rules/customer_filter.h"
#include "tests/fuzz/targets/fuzz_check.h"

namespace {

using crm::fuzz::DecodeStrictUtf8;
using crm::fuzz::IsValidUtf8;
namespace rules = crm::customer;

void CheckText(const std::string& value, size_t max_chars) {
  const std::optional<std::u32string> text = DecodeStrictUtf8(value);
  FUZZ_CHECK(text.has_value());
  FUZZ_CHECK(!text->empty() && text->size() <= max_chars);
  FUZZ_CHECK(crm::fuzz::HasNoControls(*text));
}

std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The filter in the grammar's canonical form.
std::string Canonical(const rules::CustomerFilter& filter) {
  std::string out;
  auto term = [&](std::string_view text) {
    if (!out.empty()) out += " AND ";
    out += text;
  };
  if (filter.name_contains) term("name:" + Quoted(*filter.name_contains));
  if (filter.industry) term("industry = " + Quoted(*filter.industry));
  if (filter.region_exact) term("region = " + Quoted(*filter.region_exact));
  if (filter.region_prefix) term("region = " + Quoted(*filter.region_prefix + "*"));
  if (filter.owner_org_unit) term("owner_org_unit = " + Quoted(*filter.owner_org_unit));
  if (filter.state) {
    term(*filter.state == rules::CustomerStateFilter::kActive ? "state = ACTIVE"
                                                              : "state = DELETED");
  }
  for (const std::string& tag : filter.tags_all) term("tags:" + Quoted(tag));
  return out;
}

void CheckRefusal(const absl::Status& status, std::string_view prefix) {
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  FUZZ_CHECK(message.starts_with(prefix), "%s", message.c_str());
  FUZZ_CHECK(IsValidUtf8(message), "%s", message.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = crm::fuzz::AsText(data, size);

  const absl::StatusOr<rules::CustomerFilter> filter = rules::ParseCustomerFilter(input);
  if (!filter.ok()) {
    CheckRefusal(filter.status(), "filter: ");
  } else {
    FUZZ_CHECK(IsValidUtf8(input));
    FUZZ_CHECK(!(filter->region_exact && filter->region_prefix));
    if (filter->name_contains) CheckText(*filter->name_contains, 100);
    if (filter->industry) FUZZ_CHECK(rules::IsIndustrySection(*filter->industry));
    if (filter->region_exact) {
      FUZZ_CHECK(!rules::RegionError(*filter->region_exact).has_value());
    }
    if (filter->region_prefix) {
      FUZZ_CHECK(!rules::RegionPrefixError(*filter->region_prefix).has_value());
    }
    if (filter->owner_org_unit) {
      const std::string& unit = *filter->owner_org_unit;
      FUZZ_CHECK(unit.starts_with("orgUnits/") && unit.size() > 9 && unit.size() <= 72);
      for (const char c : unit.substr(9)) {
        FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
      }
    }
    FUZZ_CHECK(filter->tags_all.size() <= 20);
    for (const std::string& tag : filter->tags_all) CheckText(tag, 32);

    const std::string canonical = Canonical(*filter);
    // Longer than the limit only when the input was near it.
    if (DecodeStrictUtf8(canonical)->size() <= 2000) {
      const absl::StatusOr<rules::CustomerFilter> reparsed = rules::ParseCustomerFilter(canonical);
      FUZZ_CHECK(reparsed.ok(), "%s: %s", canonical.c_str(),
                 std::string(reparsed.status().message()).c_str());
      FUZZ_CHECK(*reparsed == *filter, "%s", canonical.c_str());
    }
  }

  const absl::StatusOr<rules::CustomerOrder> order = rules::ParseCustomerOrderBy(input);
  if (!order.ok()) CheckRefusal(order.status(), "order_by: ");
  return 0;
}
