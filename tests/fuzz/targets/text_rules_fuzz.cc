// The free-text checks on any input: Utf8Length agrees with a strict
// reference decoder, TrimSpace is stable and only trims, and TextError and
// LegalNameError accept only valid UTF-8 without control characters within
// the length bounds, refusing with a message that is itself valid UTF-8.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/customer/rules/text_rules.h"
#include "tests/fuzz/targets/fuzz_check.h"

namespace {

using crm::fuzz::DecodeStrictUtf8;
using crm::fuzz::IsValidUtf8;
namespace rules = crm::customer;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the length bounds, the rest is the value.
  const size_t min_chars = data[0] % 4;
  const size_t max_chars = min_chars + data[0] / 4;
  const std::string_view value = crm::fuzz::AsText(data + 1, size - 1);
  const std::optional<std::u32string> decoded = DecodeStrictUtf8(value);

  const std::optional<size_t> length = rules::Utf8Length(value);
  FUZZ_CHECK(length.has_value() == decoded.has_value());
  if (decoded.has_value()) FUZZ_CHECK(*length == decoded->size());

  const std::string trimmed = rules::TrimSpace(value);
  FUZZ_CHECK(rules::TrimSpace(trimmed) == trimmed);
  FUZZ_CHECK(value.find(trimmed) != std::string_view::npos);
  if (decoded.has_value()) FUZZ_CHECK(IsValidUtf8(trimmed));

  const std::optional<std::string> error = rules::TextError("note", value, min_chars, max_chars);
  if (error.has_value()) {
    FUZZ_CHECK(error->starts_with("note: "), "%s", error->c_str());
    FUZZ_CHECK(IsValidUtf8(*error), "%s", error->c_str());
  } else {
    FUZZ_CHECK(decoded.has_value());
    FUZZ_CHECK(crm::fuzz::HasNoControls(*decoded));
    FUZZ_CHECK(decoded->size() >= min_chars && decoded->size() <= max_chars);
  }

  const std::optional<std::string> name_error = rules::LegalNameError(value);
  if (name_error.has_value()) {
    FUZZ_CHECK(IsValidUtf8(*name_error), "%s", name_error->c_str());
  } else {
    FUZZ_CHECK(decoded.has_value());
    FUZZ_CHECK(crm::fuzz::HasNoControls(*decoded));
    FUZZ_CHECK(decoded->size() >= 2 && decoded->size() <= 100);
  }
  return 0;
}
