// The USCC rules on any input: normalising is stable, a code accepted has 18
// allowed characters and the right check character (and no other check
// character would pass), and every refusal is a readable message.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/customer/rules/uscc.h"
#include "tests/fuzz/targets/fuzz_check.h"

namespace {

using crm::customer::ExpectedCheckCharacter;
using crm::customer::kUsccCharacters;
using crm::customer::kUsccLength;
using crm::customer::NormalizeUscc;
using crm::customer::UsccError;
using crm::fuzz::IsValidUtf8;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw = crm::fuzz::AsText(data, size);
  const std::string normalized = NormalizeUscc(raw);
  // What is stored normalises to itself: one rule everywhere.
  FUZZ_CHECK(NormalizeUscc(normalized) == normalized);
  if (IsValidUtf8(raw)) FUZZ_CHECK(IsValidUtf8(normalized));

  const std::optional<std::string> error = UsccError(normalized);
  if (!error.has_value()) {
    FUZZ_CHECK(normalized.size() == kUsccLength);
    for (const char c : normalized) {
      FUZZ_CHECK(kUsccCharacters.find(c) != std::string_view::npos);
    }
    FUZZ_CHECK(ExpectedCheckCharacter(normalized.substr(0, kUsccLength - 1)) == normalized.back());
    // The check character catches a change of the last character.
    for (const char c : kUsccCharacters) {
      if (c == normalized.back()) continue;
      std::string other = normalized;
      other.back() = c;
      FUZZ_CHECK(UsccError(other).has_value(), "%s passed as well", other.c_str());
    }
  } else {
    FUZZ_CHECK(error->starts_with("uscc: "), "%s", error->c_str());
    FUZZ_CHECK(IsValidUtf8(*error), "%s", error->c_str());
  }

  if (size >= kUsccLength - 1) {
    const char expected = ExpectedCheckCharacter(raw.substr(0, kUsccLength - 1));
    FUZZ_CHECK(expected == '\0' || kUsccCharacters.find(expected) != std::string_view::npos);
  }
  return 0;
}
