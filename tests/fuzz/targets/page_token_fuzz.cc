// The page-token codec. The input is read two ways: as a token to decode
// (anything but a token this key issued is refused with INVALID_ARGUMENT on
// page_token, and whatever decodes re-encodes to a token that decodes to the
// same cursor), and as a cursor to encode (it decodes back unchanged for its
// own query only, and no changed character of the token yields another
// cursor).

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "libs/pagination/page_token_codec.h"
#include "libs/status/status.h"
#include "tests/fuzz/targets/fuzz_check.h"

namespace {

using crm::pagination::PageCursor;
using crm::pagination::PageTokenCodec;

constexpr char kKey[] = "fuzz-page-token-key-0123456789abcdef";
constexpr size_t kMaxTokenLength = 4096;
constexpr size_t kMaxKeyParts = 32;

void CheckRefusal(const absl::Status& status) {
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument, "%s", status.ToString().c_str());
  const auto violations = crm::status::GetFieldViolations(status);
  FUZZ_CHECK(violations.size() == 1 && violations[0].field() == "page_token");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const PageTokenCodec codec(kKey);
  FuzzedDataProvider input(data, size);
  const std::string fingerprint = input.ConsumeRandomLengthString(64);

  // Decoding what came in.
  const std::string token = input.ConsumeRandomLengthString(kMaxTokenLength + 16);
  const absl::StatusOr<PageCursor> decoded = codec.Decode(token, fingerprint);
  if (!decoded.ok()) {
    CheckRefusal(decoded.status());
    FUZZ_CHECK(!token.empty());
  } else {
    const std::string reencoded = codec.Encode(fingerprint, *decoded);
    const absl::StatusOr<PageCursor> again = codec.Decode(reencoded, fingerprint);
    FUZZ_CHECK(again.ok() && again->last_key == decoded->last_key);
  }

  // Encoding a cursor made of the rest.
  PageCursor cursor;
  const size_t parts = input.ConsumeIntegralInRange<size_t>(0, kMaxKeyParts);
  for (size_t i = 0; i < parts && input.remaining_bytes() > 0; ++i) {
    cursor.last_key.push_back(input.ConsumeRandomLengthString(256));
  }
  const std::string encoded = codec.Encode(fingerprint, cursor);
  FUZZ_CHECK(!encoded.empty());
  for (const char c : encoded) {
    FUZZ_CHECK((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '=');
  }
  if (encoded.size() > kMaxTokenLength) return 0;  // never issued that long
  const absl::StatusOr<PageCursor> round_trip = codec.Decode(encoded, fingerprint);
  FUZZ_CHECK(round_trip.ok(), "%s", round_trip.status().ToString().c_str());
  FUZZ_CHECK(round_trip->last_key == cursor.last_key);

  // Another query's token is refused.
  const absl::StatusOr<PageCursor> other = codec.Decode(encoded, fingerprint + "x");
  FUZZ_CHECK(!other.ok());
  CheckRefusal(other.status());

  // A changed character is refused, or at most spells the same bytes.
  if (input.remaining_bytes() >= 2) {
    std::string altered = encoded;
    const size_t at = input.ConsumeIntegralInRange<size_t>(0, altered.size() - 1);
    const char replacement = static_cast<char>(input.ConsumeIntegral<uint8_t>());
    if (replacement != altered[at]) {
      altered[at] = replacement;
      const absl::StatusOr<PageCursor> result = codec.Decode(altered, fingerprint);
      if (result.ok()) {
        FUZZ_CHECK(result->last_key == cursor.last_key, "'%s' decoded to another cursor",
                   altered.c_str());
      } else {
        CheckRefusal(result.status());
      }
    }
  }
  return 0;
}
