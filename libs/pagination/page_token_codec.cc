#include "libs/pagination/page_token_codec.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "libs/crypto/crypto.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::pagination {
namespace {

constexpr char kVersion = '\x01';
constexpr std::string_view kContext = "crm-page-token-v1";
constexpr size_t kDigestSize = 8;
constexpr size_t kTagSize = 16;
constexpr size_t kHeaderSize = 1 + kDigestSize;
// Far above any real keyset; bounds the work an adversarial token can cause.
constexpr size_t kMaxTokenLength = 4096;
constexpr uint64_t kMaxKeyParts = 32;

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::optional<uint64_t> ReadVarint(std::string_view& in) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

std::string Digest(std::string_view query_fingerprint) {
  return crypto::Sha256(query_fingerprint).substr(0, kDigestSize);
}

std::optional<PageCursor> ParseCursor(std::string_view in) {
  const std::optional<uint64_t> count = ReadVarint(in);
  if (!count.has_value() || *count > kMaxKeyParts) return std::nullopt;
  PageCursor cursor;
  cursor.last_key.reserve(*count);
  for (uint64_t i = 0; i < *count; ++i) {
    const std::optional<uint64_t> size = ReadVarint(in);
    if (!size.has_value() || *size > in.size()) return std::nullopt;
    cursor.last_key.emplace_back(in.substr(0, *size));
    in.remove_prefix(*size);
  }
  if (!in.empty()) return std::nullopt;
  return cursor;
}

absl::Status BadToken(std::string_view domain, std::string description) {
  status::FieldViolations violations;
  violations.Add("page_token", description);
  return violations.ToStatus(domain, description);
}

absl::Status Malformed(std::string_view domain) {
  return BadToken(domain,
                  "page_token is malformed or was altered; pass the "
                  "next_page_token of the previous response unchanged, or "
                  "omit it to start from the first page");
}

absl::Status OtherQuery(std::string_view domain) {
  return BadToken(domain,
                  "page_token does not belong to this query; repeat the "
                  "request that returned it with the same parent, filter, "
                  "order_by and other parameters, or omit page_token to start "
                  "from the first page");
}

}  // namespace

PageTokenCodec::PageTokenCodec(std::string key) : key_(std::move(key)) {}

std::string PageTokenCodec::Tag(std::string_view query_fingerprint, std::string_view body) const {
  std::string data(kContext);
  AppendVarint(data, query_fingerprint.size());
  data.append(query_fingerprint);
  data.append(body);
  return crypto::HmacSha256(key_, data).substr(0, kTagSize);
}

std::string PageTokenCodec::Encode(std::string_view query_fingerprint,
                                   const PageCursor& cursor) const {
  std::string body(1, kVersion);
  body.append(Digest(query_fingerprint));
  AppendVarint(body, cursor.last_key.size());
  for (const std::string& part : cursor.last_key) {
    AppendVarint(body, part.size());
    body.append(part);
  }
  body.append(Tag(query_fingerprint, body));
  return crypto::Base64UrlEncode(body);
}

absl::StatusOr<PageCursor> PageTokenCodec::Decode(std::string_view token,
                                                  std::string_view query_fingerprint,
                                                  std::string_view domain) const {
  if (token.empty()) return PageCursor{};
  if (token.size() > kMaxTokenLength) return Malformed(domain);
  const std::optional<std::string> raw = crypto::Base64UrlDecode(token);
  if (!raw.has_value() || raw->size() < kHeaderSize + kTagSize || raw->front() != kVersion) {
    return Malformed(domain);
  }
  const std::string_view bytes = *raw;
  const std::string_view body = bytes.substr(0, bytes.size() - kTagSize);
  const std::string_view tag = bytes.substr(bytes.size() - kTagSize);
  if (body.substr(1, kDigestSize) != Digest(query_fingerprint)) {
    return OtherQuery(domain);
  }
  if (!crypto::ConstantTimeEquals(Tag(query_fingerprint, body), tag)) {
    return Malformed(domain);
  }
  std::optional<PageCursor> cursor = ParseCursor(body.substr(kHeaderSize));
  if (!cursor.has_value()) return Malformed(domain);
  return *std::move(cursor);
}

std::vector<std::string> PageTokenCodec::ResumeAfter(std::string_view token,
                                                     std::string_view query_fingerprint,
                                                     size_t key_size, std::string_view what,
                                                     status::FieldViolations& violations) const {
  if (token.empty()) return {};
  absl::StatusOr<PageCursor> cursor = Decode(token, query_fingerprint);
  if (!cursor.ok() || cursor->last_key.size() != key_size) {
    violations.Add("page_token", crm::StrCat("page_token: not a token from a previous ", what));
    return {};
  }
  return std::move(cursor->last_key);
}

}  // namespace crm::pagination
