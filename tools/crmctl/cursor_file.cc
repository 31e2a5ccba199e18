#include "tools/crmctl/cursor_file.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"

namespace crm::crmctl {
namespace {

// Far above any real cursor; stops a wrong path from being read whole.
constexpr std::streamsize kMaxCursorFileSize = 64 * 1024;

absl::Status FileError(int error_number, std::string_view action, std::string_view path) {
  return absl::ErrnoToStatus(error_number,
                             crm::StrCat(std::string(action), " ", std::string(path)));
}

}  // namespace

absl::StatusOr<std::optional<std::string>> ReadCursorFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    return FileError(errno, "cannot read", path);
  }
  std::string text(static_cast<size_t>(kMaxCursorFileSize) + 1, '\0');
  in.read(text.data(), kMaxCursorFileSize + 1);
  if (in.bad()) return FileError(errno, "cannot read", path);
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > static_cast<size_t>(kMaxCursorFileSize)) {
    return absl::FailedPreconditionError(crm::StrCat(path, " is too long for a cursor file"));
  }
  const absl::string_view cursor = absl::StripAsciiWhitespace(text);
  if (cursor.empty()) {
    return absl::FailedPreconditionError(
        crm::StrCat(path,
                    " holds no cursor; remove it to start again from --since or "
                    "the oldest change kept"));
  }
  for (const char c : cursor) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return absl::FailedPreconditionError(
          crm::StrCat(path, " holds more than one word; a cursor file holds one cursor"));
    }
  }
  return std::string(cursor);
}

absl::Status SaveCursorFile(const std::string& path, std::string_view cursor) {
  const std::filesystem::path target(path);
  std::string temporary =
      (target.parent_path() / ("." + target.filename().string() + "-XXXXXX")).string();
  const int file = mkstemp(temporary.data());
  if (file < 0) return FileError(errno, "cannot write", path);
  auto fail = [&](std::string_view action) {
    const int error_number = errno;
    close(file);
    unlink(temporary.c_str());
    return FileError(error_number, action, path);
  };
  const std::string text = crm::StrCat(std::string(cursor), "\n");
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t count = write(file, rest.data(), rest.size());
    if (count < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    rest.remove_prefix(static_cast<size_t>(count));
  }
  if (fsync(file) != 0) return fail("cannot write");
  if (close(file) != 0) {
    const int error_number = errno;
    unlink(temporary.c_str());
    return FileError(error_number, "cannot write", path);
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    const int error_number = errno;
    unlink(temporary.c_str());
    return FileError(error_number, "cannot write", path);
  }
  return absl::OkStatus();
}

}  // namespace crm::crmctl
