// The bad-input corpus (bad_input_corpus.txt) sent through the gateway as
// raw bytes: each case must get its status code and name its field in the
// BadRequest details, every error must be one a client can read, and no
// refused call may write anything.
#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "gtest/gtest.h"
#include "libs/pg/embedded_file.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/gateway/known_services.h"
#include "tests/e2e/probe_world.h"
#include "tests/e2e/raw_call.h"

namespace crm {
extern const EmbeddedFile kBadInputCorpus[];
}  // namespace crm

namespace crm::e2e {
namespace {

// A row of the ImportCustomers stream is refused in its result, not by the
// call's status: the corpus says ROW_REJECTED for those.
constexpr std::string_view kRowRejected = "ROW_REJECTED";

// A field the error must name, and text its description must not hold.
struct ExpectedField {
  std::string path;
  std::string not_saying;  // empty: anything
};

struct CorpusCase {
  int line = 0;
  std::string method;              // "package.Service/Method"
  std::string as;                  // a role of ProbeWorld::TokenAs
  std::vector<std::string> codes;  // status code names or ROW_REJECTED; any of them
  std::vector<ExpectedField> fields;
  std::string request;  // text format with placeholders
};

std::string_view Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// `text` cut at each `separator`, into at most `max_parts` parts.
std::vector<std::string_view> Split(std::string_view text, std::string_view separator,
                                    size_t max_parts = std::string_view::npos) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const size_t at = text.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + separator.size());
  }
  parts.push_back(text);
  return parts;
}

// "CustomerService/GetCustomer" -> "crm.customer.v1.CustomerService/GetCustomer".
std::string FullMethodName(std::string_view short_name) {
  const std::vector<std::string_view> parts = Split(short_name, "/", 2);
  if (parts.size() != 2) return std::string(short_name);
  for (const google::protobuf::ServiceDescriptor* service : gateway::KnownServices()) {
    if (service->name() == parts[0] || service->full_name() == parts[0]) {
      return crm::StrCat(service->full_name(), "/", parts[1]);
    }
  }
  return std::string(short_name);
}

// Lines "METHOD | AS | CODE | FIELDS | REQUEST"; '#' starts a comment line.
std::vector<CorpusCase> LoadCorpus() {
  std::vector<CorpusCase> cases;
  const std::string_view text = kBadInputCorpus[0].contents;
  int line_number = 0;
  for (std::string_view line : Split(text, "\n")) {
    ++line_number;
    std::string trimmed(Trim(line));
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (trimmed.ends_with(" |")) trimmed.push_back(' ');  // an empty request
    const std::vector<std::string_view> columns = Split(trimmed, " | ", 5);
    CorpusCase c;
    c.line = line_number;
    if (columns.size() != 5) {
      c.codes = {"MALFORMED"};  // reported by the test of this case
      c.request = trimmed;
      cases.push_back(std::move(c));
      continue;
    }
    c.method = FullMethodName(Trim(columns[0]));
    c.as = std::string(Trim(columns[1]));
    for (std::string_view code : Split(Trim(columns[2]), "/")) c.codes.emplace_back(Trim(code));
    const std::string_view fields = Trim(columns[3]);
    if (fields != "-") {
      for (std::string_view field : Split(fields, ",")) {
        const std::vector<std::string_view> parts = Split(Trim(field), "^", 2);
        c.fields.push_back({std::string(parts[0]), parts.size() > 1 ? std::string(parts[1]) : ""});
      }
    }
    c.request = std::string(Trim(columns[4]));
    cases.push_back(std::move(c));
  }
  return cases;
}

// gtest names a failing case with this.
void PrintTo(const CorpusCase& c, std::ostream* out) {
  *out << "bad_input_corpus.txt:" << c.line << " " << c.method << " as " << c.as;
}

const std::vector<CorpusCase>& Corpus() {
  static const auto* cases = new std::vector<CorpusCase>(LoadCorpus());
  return *cases;
}

using Violations = std::vector<std::pair<std::string, std::string>>;  // field, description

// A whole import refused for one row names the row ("rows[3].customer.uscc");
// the corpus names the field within the row, as a row's result does.
std::string WithinRow(std::string field) {
  if (field.starts_with("rows[")) {
    const size_t dot = field.find("].");
    if (dot != std::string::npos) field.erase(0, dot + 2);
  }
  return field;
}

Violations StatusViolations(const grpc::Status& status) {
  Violations violations;
  for (const auto& violation : status::GetFieldViolations(status::FromGrpc(status))) {
    violations.emplace_back(WithinRow(violation.field()), violation.description());
  }
  return violations;
}

// The refusals of every row of an import reply (ImportCustomers or
// ImportStructure); `all_rejected` is false when a row was written or no row
// was reported.
Violations RowViolations(const google::protobuf::MethodDescriptor& method, const RawReply& reply,
                         bool* all_rejected) {
  Violations violations;
  *all_rejected = false;
  if (method.output_type() == customer::v1::ImportCustomersResponse::descriptor()) {
    int results = 0;
    bool rejected = true;
    for (const std::string& bytes : reply.responses) {
      customer::v1::ImportCustomersResponse response;
      if (!response.ParseFromString(bytes)) continue;
      for (const customer::v1::ImportRowResult& result : response.results()) {
        ++results;
        rejected = rejected && result.outcome() == customer::v1::ImportRowResult::REJECTED;
        for (const auto& v : result.violations()) {
          violations.emplace_back(v.field(), v.description());
        }
      }
    }
    *all_rejected = rejected && results > 0;
  } else if (method.output_type() == hierarchy::v1::ImportStructureResponse::descriptor()) {
    hierarchy::v1::ImportStructureResponse response;
    if (reply.responses.size() == 1 && response.ParseFromString(reply.responses[0])) {
      for (const auto& problem : response.problems()) {
        violations.emplace_back(problem.field(), problem.reason());
      }
      *all_rejected = response.imported() == 0 && response.problems_size() > 0;
    }
  }
  return violations;
}

std::string Describe(const Violations& violations) {
  std::vector<std::string> parts;
  for (const auto& [field, description] : violations) {
    parts.push_back(crm::StrCat(field, ": ", description.substr(0, 120)));
  }
  return crm::StrCat("[", absl::StrJoin(parts, "; "), "]");
}

// Each expected field is named, and its description avoids what it must not say.
void ExpectFields(const std::vector<ExpectedField>& expected, const Violations& violations,
                  const std::string& context) {
  for (const ExpectedField& want : expected) {
    bool named = false;
    for (const auto& [field, description] : violations) {
      if (!FieldCovers(want.path, field)) continue;
      named = true;
      EXPECT_TRUE(want.not_saying.empty() || description.find(want.not_saying) == std::string::npos)
          << "the violation of " << field << " says '" << want.not_saying
          << "', not what was wrong: " << description << "\n"
          << context;
    }
    EXPECT_TRUE(named) << "no violation names " << want.path << "\n" << context;
  }
}

class BadInputCorpusTest : public ::testing::TestWithParam<CorpusCase> {
 protected:
  static void SetUpTestSuite() {
    gateway::GatewayConfig config;
    config.rate_limit = {.per_second = 5000, .burst = 5000};  // hundreds of calls in a row
    servers_.Start("bad_input_corpus", config);
    if (servers_.gateway.server == nullptr) return;
    world_.Seed(servers_);
    channel_ = grpc::CreateChannel(crm::StrCat("127.0.0.1:", servers_.gateway.server->port()),
                                   grpc::InsecureChannelCredentials());
  }
  static void TearDownTestSuite() {
    channel_.reset();
    servers_.Stop();
  }
  void SetUp() override { ASSERT_NE(channel_, nullptr) << "the suite did not start"; }

  static inline gateway::testing::SuiteServers servers_;
  static inline ProbeWorld world_;
  static inline std::shared_ptr<grpc::Channel> channel_;
};

TEST_P(BadInputCorpusTest, IsRefusedWithItsFieldAndWritesNothing) {
  const CorpusCase& c = GetParam();
  ASSERT_NE(c.codes.front(), "MALFORMED")
      << "bad_input_corpus.txt:" << c.line << ": want METHOD | AS | CODE | FIELDS | REQUEST";
  SCOPED_TRACE(crm::StrCat("bad_input_corpus.txt:", c.line, " ", c.method, " as ", c.as));
  const google::protobuf::MethodDescriptor* method = FindMethod(c.method);
  ASSERT_NE(method, nullptr) << "no method " << c.method;
  for (const std::string& code : c.codes) {
    grpc::StatusCode parsed;
    ASSERT_TRUE(code == kRowRejected || ParseCodeName(code, &parsed)) << "no code " << code;
    if (code == kRowRejected || code == "INVALID_ARGUMENT") {
      ASSERT_FALSE(c.fields.empty()) << "a refused input names the field it expects";
    }
  }

  const std::string text = world_.Expand(c.request);
  const absl::StatusOr<std::string> bytes = SerializeText(*method->input_type(), text);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const absl::Duration deadline = method->server_streaming() && !method->client_streaming()
                                      ? absl::Seconds(3)
                                      : absl::Seconds(15);
  const std::string before = world_.Fingerprint();
  const RawReply reply =
      RawCall(channel_, CallPath(*method), {*bytes}, world_.TokenAs(c.as), deadline);
  const std::string after = world_.Fingerprint();

  const Violations status_violations = StatusViolations(reply.status);
  bool all_rejected = false;
  const Violations row_violations =
      reply.status.ok() ? RowViolations(*method, reply, &all_rejected) : Violations();
  const std::string got =
      crm::StrCat(CodeName(reply.status.error_code()), " ", Describe(status_violations), " ",
                  reply.status.error_message().substr(0, 300),
                  row_violations.empty() ? "" : crm::StrCat(" rows ", Describe(row_violations)));
  const std::string context =
      crm::StrCat("got ", got, "\nsent ", DescribeBytes(*method->input_type(), *bytes));

  const std::string got_code = reply.status.ok() && all_rejected
                                   ? std::string(kRowRejected)
                                   : CodeName(reply.status.error_code());
  RecordProperty("got", got.substr(0, 200));
  const bool code_as_expected =
      std::find(c.codes.begin(), c.codes.end(), got_code) != c.codes.end();
  EXPECT_TRUE(code_as_expected) << "want " << absl::StrJoin(c.codes, " or ") << "; " << context;
  if (code_as_expected) {
    ExpectFields(c.fields, got_code == kRowRejected ? row_violations : status_violations, context);
  }
  for (const std::string& problem : ErrorHygieneProblems(reply.status)) {
    ADD_FAILURE() << problem << "; " << context;
  }
  for (const auto& [field, description] : row_violations) {
    EXPECT_LE(description.size(), 1024u) << field << "; " << context;
  }
  EXPECT_EQ(after, before) << "a refused call wrote; " << context;
}

std::string CaseName(const ::testing::TestParamInfo<CorpusCase>& info) {
  std::string method = info.param.method.substr(info.param.method.find('/') + 1);
  return crm::StrCat("line", info.param.line, "_", method.empty() ? "Malformed" : method);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputCorpusTest, ::testing::ValuesIn(Corpus()), CaseName);

TEST(BadInputCorpusCoverageTest, HasAtLeast200CasesAndCoversEveryPublicRpc) {
  EXPECT_GE(Corpus().size(), 200u);
  std::set<std::string> covered;
  for (const CorpusCase& c : Corpus()) covered.insert(c.method);
  for (const google::protobuf::ServiceDescriptor* service : gateway::KnownServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string name = crm::StrCat(service->full_name(), "/", service->method(i)->name());
      EXPECT_TRUE(covered.contains(name)) << "no bad-input case for " << name;
    }
  }
}

}  // namespace
}  // namespace crm::e2e
