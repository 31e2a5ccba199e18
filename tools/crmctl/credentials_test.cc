#include "tools/crmctl/credentials.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "libs/jwt/development_token.h"
#include "libs/jwt/verifier.h"

namespace crm::crmctl {
namespace {

// A fresh directory, removed with everything in it at the end.
class TempDir final {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "crmctl-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

mode_t Mode(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

absl::StatusOr<jwt::Claims> VerifyDevelopmentToken(const std::string& token) {
  jwt::KeySet keys;
  EXPECT_TRUE(keys.AddHmacSecret(jwt::kDevelopmentKeyId, jwt::kDevelopmentSecret).ok());
  const jwt::Verifier verifier(
      std::move(keys), {.issuer = jwt::kDevelopmentIssuer, .audience = jwt::kDevelopmentAudience});
  return verifier.Verify(token, absl::Now());
}

class CredentialsTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }

  CredentialInputs Inputs() const {
    return {.saved_token_path = SavedTokenPath("", dir_.path()),
            .home = dir_.path(),
            .user = "li.si",
            .org_unit = "sub-east",
            .roles = {"sales"},
            .lifetime = absl::Hours(1)};
  }

  TempDir dir_;
};

TEST_F(CredentialsTest, TheEnvironmentTokenGoesBeforeTheSavedOne) {
  CredentialInputs inputs = Inputs();
  WriteFile(inputs.saved_token_path, "saved.token\n");
  inputs.env_token = "env.token";
  absl::StatusOr<Credential> credential = FindCredential(inputs);
  ASSERT_TRUE(credential.ok()) << credential.status();
  EXPECT_EQ(credential->token, "env.token");
  EXPECT_EQ(credential->source, CredentialSource::kEnvironment);
  EXPECT_EQ(credential->origin, "CRM_TOKEN");
}

TEST_F(CredentialsTest, TheTokenFileGoesBeforeTheEnvironment) {
  CredentialInputs inputs = Inputs();
  inputs.env_token = "env.token";
  inputs.token_file = dir_.path() + "/idp-token";
  WriteFile(inputs.token_file, "  file.token\r\n");
  absl::StatusOr<Credential> credential = FindCredential(inputs);
  ASSERT_TRUE(credential.ok()) << credential.status();
  EXPECT_EQ(credential->token, "file.token");
  EXPECT_EQ(credential->source, CredentialSource::kTokenFile);
  EXPECT_EQ(credential->origin, "--token-file ~/idp-token");
}

TEST_F(CredentialsTest, TheSavedTokenGoesBeforeADevelopmentToken) {
  CredentialInputs inputs = Inputs();
  WriteFile(inputs.saved_token_path, "saved.token\n");
  absl::StatusOr<Credential> credential = FindCredential(inputs);
  ASSERT_TRUE(credential.ok()) << credential.status();
  EXPECT_EQ(credential->token, "saved.token");
  EXPECT_EQ(credential->source, CredentialSource::kSaved);
  EXPECT_EQ(credential->origin, "~/.config/crmctl/token");
}

TEST_F(CredentialsTest, WithNothingElseADevelopmentTokenIsMinted) {
  const absl::Time before = absl::Now();
  absl::StatusOr<Credential> credential = FindCredential(Inputs());
  ASSERT_TRUE(credential.ok()) << credential.status();
  EXPECT_EQ(credential->source, CredentialSource::kDevelopment);
  EXPECT_EQ(credential->origin, "a development token for li.si@sub-east");
  absl::StatusOr<jwt::Claims> claims = VerifyDevelopmentToken(credential->token);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "li.si");
  EXPECT_EQ(claims->extra["org_unit"], "sub-east");
  EXPECT_EQ(claims->extra["roles"], nlohmann::json({"sales"}));
  // JWT times are whole seconds.
  EXPECT_GE(claims->expire_time, before + absl::Hours(1) - absl::Seconds(1));
}

TEST_F(CredentialsTest, AnUnreadableTokenIsAnErrorNotAnotherCaller) {
  CredentialInputs inputs = Inputs();
  inputs.token_file = dir_.path() + "/missing";
  absl::StatusOr<Credential> credential = FindCredential(inputs);
  EXPECT_EQ(credential.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(credential.status().message().rfind("--token-file: cannot read ", 0), 0u)
      << credential.status();

  inputs = Inputs();
  WriteFile(inputs.saved_token_path, "\n");
  credential = FindCredential(inputs);
  EXPECT_EQ(credential.status().code(), absl::StatusCode::kInvalidArgument);

  // A directory where the token should be.
  inputs.saved_token_path = dir_.path();
  credential = FindCredential(inputs);
  EXPECT_FALSE(credential.ok());
}

TEST_F(CredentialsTest, SavedTokenPathFollowsXdg) {
  EXPECT_EQ(SavedTokenPath("/cfg", "/home/li"), "/cfg/crmctl/token");
  EXPECT_EQ(SavedTokenPath("/cfg/", "/home/li"), "/cfg/crmctl/token");
  // The spec says a relative XDG_CONFIG_HOME is ignored.
  EXPECT_EQ(SavedTokenPath("cfg", "/home/li"), "/home/li/.config/crmctl/token");
  EXPECT_EQ(SavedTokenPath("", "/home/li"), "/home/li/.config/crmctl/token");
  EXPECT_EQ(SavedTokenPath("", ""), "");
}

TEST_F(CredentialsTest, DisplayPathShortensHome) {
  EXPECT_EQ(DisplayPath("/home/li/.config/crmctl/token", "/home/li"), "~/.config/crmctl/token");
  EXPECT_EQ(DisplayPath("/home/li/.config/crmctl/token", "/home/li/"), "~/.config/crmctl/token");
  EXPECT_EQ(DisplayPath("/home/lisa/token", "/home/li"), "/home/lisa/token");
  EXPECT_EQ(DisplayPath("/cfg/crmctl/token", ""), "/cfg/crmctl/token");
  EXPECT_EQ(DisplayPath("/cfg/crmctl/token", "/"), "/cfg/crmctl/token");
}

TEST_F(CredentialsTest, SaveTokenIsPrivateAndReplacesTheOldOne) {
  const std::string path = dir_.path() + "/config/crmctl/token";
  ASSERT_TRUE(SaveToken(path, "first").ok());
  ASSERT_TRUE(SaveToken(path, "second").ok());
  EXPECT_EQ(ReadFile(path), "second\n");
  EXPECT_EQ(Mode(path), 0600);
  EXPECT_EQ(Mode(dir_.path() + "/config/crmctl"), 0700);
  EXPECT_EQ(Mode(dir_.path() + "/config"), 0700);
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path() + "/config/crmctl")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);

  absl::StatusOr<bool> removed = RemoveSavedToken(path);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  removed = RemoveSavedToken(path);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(*removed);
}

TEST_F(CredentialsTest, ReadTokenWantsOneWord) {
  std::istringstream good("  eyJ.a.b \n");
  absl::StatusOr<std::string> token = ReadToken(good, "standard input");
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "eyJ.a.b");

  std::istringstream empty(" \n");
  EXPECT_EQ(ReadToken(empty, "standard input").status().message(), "standard input holds no token");
  std::istringstream two("Bearer eyJ.a.b\n");
  EXPECT_EQ(ReadToken(two, "standard input").status().code(), absl::StatusCode::kInvalidArgument);
}

// The token is sent as the authorization header, where gRPC aborts the
// process on anything but printable ASCII.
TEST_F(CredentialsTest, ATokenIsPrintableAscii) {
  for (const std::string text : {"eyJ.令牌.b",
                                 "eyJ.a\x01"
                                 "b",
                                 "eyJ.a\x7f", "eyJ.\xff"}) {
    std::istringstream in(text);
    const absl::StatusOr<std::string> token = ReadToken(in, "standard input");
    ASSERT_FALSE(token.ok()) << text;
    EXPECT_EQ(token.status().message(),
              "standard input holds a character a token cannot have; a token "
              "is printable ASCII");
  }
  const absl::StatusOr<Credential> credential =
      FindCredential({.env_token = "abc\xc3\xa9", .user = "admin", .org_unit = "hq"});
  ASSERT_FALSE(credential.ok());
  EXPECT_EQ(credential.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(credential.status().message(),
            "CRM_TOKEN holds a character a token cannot have; a token is "
            "printable ASCII");
}

}  // namespace
}  // namespace crm::crmctl
