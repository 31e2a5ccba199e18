#include "libs/status/error_bounds.h"

#include <cstdio>

#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"

namespace crm::status {
namespace {

constexpr std::string_view kEllipsis = "…";

// `text` with every byte that does not start a valid UTF-8 character shown
// as \xNN.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (DecodeUtf8(text, &pos).has_value()) {
      out.append(text.substr(start, pos - start));
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(text[pos]));
      out += escaped;
      ++pos;
    }
  }
  return out;
}

}  // namespace

std::string BoundedText(std::string_view text, size_t max_bytes) {
  std::string valid = ValidUtf8(text);
  if (valid.size() <= max_bytes) return valid;
  const size_t room = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  return StrCat(CutUtf8(valid, room), kEllipsis);
}

void BoundErrorInfo(google::rpc::ErrorInfo& info) {
  info.set_reason(BoundedText(info.reason(), kMaxFieldBytes));
  info.set_domain(BoundedText(info.domain(), kMaxFieldBytes));
  for (auto& [key, value] : *info.mutable_metadata()) {
    value = BoundedText(value, kMaxMetadataValueBytes);
  }
}

void BoundBadRequest(google::rpc::BadRequest& bad_request) {
  size_t used = 0;
  int kept = 0;
  const int total = bad_request.field_violations_size();
  for (; kept < total; ++kept) {
    auto* violation = bad_request.mutable_field_violations(kept);
    violation->set_field(BoundedText(violation->field(), kMaxFieldBytes));
    violation->set_description(BoundedText(violation->description(), kMaxDescriptionBytes));
    const size_t size = violation->ByteSizeLong();
    if (used + size > kMaxViolationBytes && kept > 0) break;
    used += size;
  }
  if (kept == total) return;
  bad_request.mutable_field_violations()->DeleteSubrange(kept, total - kept);
  auto* last = bad_request.mutable_field_violations(kept - 1);
  const std::string note = StrCat(" (and ", total - kept, " more violations not shown)");
  last->set_description(
      StrCat(BoundedText(last->description(), kMaxDescriptionBytes - note.size()), note));
}

}  // namespace crm::status
