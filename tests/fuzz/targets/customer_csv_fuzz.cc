// The customer file of `crmctl import customers` on any file: a header is
// taken or refused with a message naming the columns, and every data row
// is either refused locally with a valid UTF-8 reason (it goes into the
// rejected-rows file) or becomes an import row the request can carry: its
// text valid UTF-8 (else the server cannot parse the request at all), its
// line the record's.

#include <cstdint>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "tests/fuzz/targets/fuzz_check.h"
#include "tools/crmctl/csv_reader.h"
#include "tools/crmctl/customer_csv.h"

namespace {

using crm::crmctl::CsvReader;
using crm::crmctl::CsvRecord;
using crm::crmctl::CustomerCsvLayout;
using crm::fuzz::IsValidUtf8;
namespace v1 = ::crm::customer::v1;

// Every string the row carries, so none can break the request.
void CheckStrings(const google::protobuf::Message& message, int line) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    using Type = google::protobuf::FieldDescriptor;
    if (field->type() == Type::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          FUZZ_CHECK(IsValidUtf8(reflection->GetRepeatedString(message, field, i)), "line %d: %s",
                     line, field->full_name().c_str());
        }
      } else {
        FUZZ_CHECK(IsValidUtf8(reflection->GetString(message, field)), "line %d: %s", line,
                   field->full_name().c_str());
      }
    } else if (field->type() == Type::TYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          CheckStrings(reflection->GetRepeatedMessage(message, field, i), line);
        }
      } else {
        CheckStrings(reflection->GetMessage(message, field), line);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in{std::string(crm::fuzz::AsText(data, size))};
  CsvReader reader(in);
  CsvRecord record;
  if (!reader.Next(&record)) return 0;
  const absl::StatusOr<CustomerCsvLayout> layout =
      CustomerCsvLayout::FromHeader(record, "erp-fuzz");
  if (!layout.ok()) {
    FUZZ_CHECK(layout.status().code() == absl::StatusCode::kInvalidArgument);
    const std::string message(layout.status().message());
    FUZZ_CHECK(IsValidUtf8(message), "%s", message.c_str());
    return 0;
  }
  while (reader.Next(&record)) {
    const absl::StatusOr<v1::ImportRow> row = layout->ToRow(record);
    if (!row.ok()) {
      const std::string message(row.status().message());
      FUZZ_CHECK(IsValidUtf8(message), "line %d: %s", record.line, message.c_str());
      continue;
    }
    FUZZ_CHECK(row->row_number() == record.line);
    CheckStrings(*row, record.line);
  }
  return 0;
}
