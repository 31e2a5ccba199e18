#include "libs/pg/migration_file.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/pg/error.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::pg {
namespace {

constexpr std::string_view kSuffix = ".sql";
constexpr size_t kMinDigits = 4;
constexpr size_t kMaxDigits = 9;  // fits an int column

absl::Status BadName(std::string_view file_name) {
  return status::Error(
      absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_MIGRATION_NAME",
      crm::StrCat("migration file name \"", file_name, "\" must look like 0001_description.sql"),
      {{"file", std::string(file_name)}});
}

bool IsDescriptionChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

}  // namespace

absl::StatusOr<int> ParseMigrationVersion(std::string_view file_name) {
  if (!absl::EndsWith(crm::ToAbsl(file_name), crm::ToAbsl(kSuffix))) return BadName(file_name);
  const std::string_view stem = file_name.substr(0, file_name.size() - kSuffix.size());
  const size_t underscore = stem.find('_');
  if (underscore == std::string_view::npos) return BadName(file_name);
  const std::string_view digits = stem.substr(0, underscore);
  const std::string_view description = stem.substr(underscore + 1);
  if (digits.size() < kMinDigits || digits.size() > kMaxDigits ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); })) {
    return BadName(file_name);
  }
  if (description.empty() ||
      !std::all_of(description.begin(), description.end(), IsDescriptionChar)) {
    return BadName(file_name);
  }
  int version = 0;
  if (!absl::SimpleAtoi(crm::ToAbsl(digits), &version)) return BadName(file_name);
  return version;
}

std::vector<std::string> ReplacedChecksums(std::string_view contents) {
  constexpr std::string_view kPrefix = "-- replaces checksum ";
  constexpr size_t kHexDigits = 64;
  std::vector<std::string> checksums;
  for (absl::string_view line : absl::StrSplit(crm::ToAbsl(contents), '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, crm::ToAbsl(kPrefix))) continue;
    if (line.size() != kHexDigits || !std::all_of(line.begin(), line.end(), [](char c) {
          return absl::ascii_isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
        })) {
      continue;
    }
    checksums.emplace_back(line);
  }
  return checksums;
}

absl::StatusOr<std::vector<MigrationFile>> OrderMigrations(absl::Span<const EmbeddedFile> files) {
  std::vector<MigrationFile> out;
  out.reserve(files.size());
  for (const EmbeddedFile& file : files) {
    absl::StatusOr<int> version = ParseMigrationVersion(file.name);
    if (!version.ok()) return version.status();
    out.push_back({*version, file.name, file.contents, ReplacedChecksums(file.contents)});
  }
  std::sort(out.begin(), out.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain,
                           "DB_DUPLICATE_MIGRATION_VERSION",
                           crm::StrCat("migrations ", out[i - 1].name, " and ", out[i].name,
                                       " share version ", out[i].version, "; renumber one of them"),
                           {{"version", crm::StrCat(out[i].version)}});
    }
  }
  return out;
}

}  // namespace crm::pg
