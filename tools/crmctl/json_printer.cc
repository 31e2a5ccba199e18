#include "tools/crmctl/json_printer.h"

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/strings/str_cat.h"

namespace crm::crmctl {
namespace {

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message, bool add_whitespace) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = add_whitespace;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        crm::StrCat("cannot print the response as JSON: ", status.ToString()));
  }
  return json;
}

}  // namespace

absl::Status PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  absl::StatusOr<std::string> json = ToJson(message, /*add_whitespace=*/true);
  if (!json.ok()) return json.status();
  // add_whitespace already ends the document with a newline.
  out << *json;
  if (json->empty() || json->back() != '\n') out << '\n';
  return absl::OkStatus();
}

absl::Status PrintJsonLine(const google::protobuf::Message& message, std::ostream& out) {
  absl::StatusOr<std::string> json = ToJson(message, /*add_whitespace=*/false);
  if (!json.ok()) return json.status();
  // Without whitespace the printer puts no line break inside a document.
  out << *json << '\n';
  return absl::OkStatus();
}

}  // namespace crm::crmctl
