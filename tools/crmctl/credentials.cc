#include "tools/crmctl/credentials.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/jwt/development_token.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/client_context.h"

namespace crm::crmctl {
namespace {

// Far above any real JWT; stops a wrong --token-file from being read whole.
constexpr size_t kMaxTokenSize = 64 * 1024;

constexpr char kTokenFileName[] = "crmctl/token";

absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

// The status for a failed system call on `path`, e.g.
// "cannot read /x: No such file or directory".
absl::Status FileError(int error_number, std::string_view action, std::string_view path) {
  return absl::ErrnoToStatus(error_number,
                             crm::StrCat(std::string(action), " ", std::string(path)));
}

// `status` with `context` before its message, keeping its code.
absl::Status WithContext(const absl::Status& status, std::string_view context) {
  return absl::Status(status.code(),
                      crm::StrCat(std::string(context), ": ", std::string(status.message())));
}

absl::StatusOr<std::string> ParseToken(std::string_view text, std::string_view what) {
  const absl::string_view token = absl::StripAsciiWhitespace(AbslView(text));
  if (token.empty()) {
    return absl::InvalidArgumentError(crm::StrCat(std::string(what), " holds no token"));
  }
  for (const char c : token) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(
          crm::StrCat(std::string(what), " holds more than one word; a token is one"));
    }
  }
  // The token goes into the authorization header, which takes printable
  // ASCII only (gRPC aborts the call on anything else); a JWT is base64url.
  if (!IsLegalMetadataValue(std::string_view(token.data(), token.size()))) {
    return absl::InvalidArgumentError(
        crm::StrCat(std::string(what),
                    " holds a character a token cannot have; a token is printable "
                    "ASCII"));
  }
  return std::string(token);
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string path(dir);
  if (!path.ends_with('/')) path += '/';
  path += name;
  return path;
}

// Creates `dir` and its missing parents, each readable by the owner only.
absl::Status MakeDirectories(const std::filesystem::path& dir) {
  std::filesystem::path partial;
  for (const std::filesystem::path& part : dir) {
    partial /= part;
    std::error_code error;
    if (std::filesystem::is_directory(partial, error)) continue;
    if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      return FileError(errno, "cannot create the directory", partial.string());
    }
  }
  return absl::OkStatus();
}

// Closes a file descriptor on every path out.
class FileDescriptor final {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }

  int get() const { return fd_; }
  // Closes now, for the error close() may report after a write.
  int Close() {
    const int result = close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<Credential> FindCredential(const CredentialInputs& inputs) {
  if (!inputs.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(inputs.token_file);
    if (!token.ok()) return WithContext(token.status(), "--token-file");
    return Credential{
        .token = *std::move(token),
        .source = CredentialSource::kTokenFile,
        .origin = crm::StrCat("--token-file ", DisplayPath(inputs.token_file, inputs.home))};
  }
  if (!inputs.env_token.empty()) {
    absl::StatusOr<std::string> token = ParseToken(inputs.env_token, "CRM_TOKEN");
    if (!token.ok()) return token.status();
    return Credential{.token = *std::move(token),
                      .source = CredentialSource::kEnvironment,
                      .origin = "CRM_TOKEN"};
  }
  if (!inputs.saved_token_path.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(inputs.saved_token_path);
    if (token.ok()) {
      return Credential{.token = *std::move(token),
                        .source = CredentialSource::kSaved,
                        .origin = DisplayPath(inputs.saved_token_path, inputs.home)};
    }
    // No file just means no `crmctl login` yet.
    if (!absl::IsNotFound(token.status())) {
      return WithContext(token.status(), "the token saved by crmctl login");
    }
  }
  absl::StatusOr<std::string> token =
      jwt::DevelopmentToken(inputs.user, inputs.org_unit, inputs.roles, inputs.lifetime);
  if (!token.ok()) return token.status();
  return Credential{
      .token = *std::move(token),
      .source = CredentialSource::kDevelopment,
      .origin = crm::StrCat("a development token for ", inputs.user, "@", inputs.org_unit)};
}

std::string SavedTokenPath(std::string_view xdg_config_home, std::string_view home) {
  // The XDG base directory spec says to ignore a relative XDG_CONFIG_HOME.
  if (xdg_config_home.starts_with('/')) {
    return JoinPath(xdg_config_home, kTokenFileName);
  }
  if (home.empty()) return "";
  return JoinPath(JoinPath(home, ".config"), kTokenFileName);
}

std::string DisplayPath(std::string_view path, std::string_view home) {
  while (home.size() > 1 && home.ends_with('/')) home.remove_suffix(1);
  if (home.empty() || home == "/" || !path.starts_with(home) ||
      (path.size() > home.size() && path[home.size()] != '/')) {
    return std::string(path);
  }
  return crm::StrCat("~", std::string(path.substr(home.size())));
}

absl::StatusOr<std::string> ReadToken(std::istream& in, std::string_view what) {
  std::string text;
  char buffer[4096];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxTokenSize) {
      return absl::InvalidArgumentError(crm::StrCat(std::string(what), " is too long for a token"));
    }
  }
  if (in.bad()) {
    return absl::DataLossError(crm::StrCat("cannot read ", std::string(what)));
  }
  return ParseToken(text, what);
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  // errno says why the open failed (NotFound: no login yet).
  if (!in) return FileError(errno, "cannot read", path);
  return ReadToken(in, path);
}

absl::Status SaveToken(const std::string& path, std::string_view token) {
  const std::filesystem::path target(path);
  if (target.has_parent_path()) {
    absl::Status status = MakeDirectories(target.parent_path());
    if (!status.ok()) return status;
  }
  // Written beside the target and renamed over it, so a reader never sees
  // half a token and the old one stays if anything fails.
  std::string temporary =
      (target.parent_path() / ("." + target.filename().string() + "-XXXXXX")).string();
  FileDescriptor file(mkstemp(temporary.data()));
  if (file.get() < 0) return FileError(errno, "cannot write", path);
  auto fail = [&](std::string_view action) {
    const int error_number = errno;
    unlink(temporary.c_str());
    return FileError(error_number, action, path);
  };
  // mkstemp already creates 0600; say so in case it ever does not.
  if (fchmod(file.get(), 0600) != 0) return fail("cannot protect");
  std::string text = crm::StrCat(std::string(token), "\n");
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t count = write(file.get(), rest.data(), rest.size());
    if (count < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    rest.remove_prefix(static_cast<size_t>(count));
  }
  if (fsync(file.get()) != 0 || file.Close() != 0) return fail("cannot write");
  if (rename(temporary.c_str(), path.c_str()) != 0) return fail("cannot write");
  return absl::OkStatus();
}

absl::StatusOr<bool> RemoveSavedToken(const std::string& path) {
  if (unlink(path.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  return FileError(errno, "cannot remove", path);
}

}  // namespace crm::crmctl
