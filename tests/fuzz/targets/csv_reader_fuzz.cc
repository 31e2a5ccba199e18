// crmctl's CSV reader and writer. The input is read two ways: as a file (the
// reader ends, line numbers only grow and stay within the file, every record
// has a field), and as records: written out by EncodeCsvRecord (what
// `import customers` writes its rejected rows with) or with every field
// quoted, they read back as the same fields, CRLF in a field read as LF, on
// the lines where they were written.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/targets/fuzz_check.h"
#include "tools/crmctl/csv_reader.h"
#include "tools/crmctl/customer_csv.h"

namespace {

using crm::crmctl::CsvReader;
using crm::crmctl::CsvRecord;

size_t CountLines(std::string_view text) {
  size_t lines = 0;
  for (const char c : text) lines += c == '\n';
  return lines + (text.empty() || text.back() == '\n' ? 0 : 1);
}

void ReadAsFile(std::string_view text) {
  std::istringstream in{std::string(text)};
  CsvReader reader(in);
  CsvRecord record;
  int previous_line = 0;
  size_t records = 0;
  const size_t lines = CountLines(text);
  while (reader.Next(&record)) {
    ++records;
    FUZZ_CHECK(record.line > previous_line);
    FUZZ_CHECK(static_cast<size_t>(record.line) <= lines);
    FUZZ_CHECK(!record.fields.empty());
    previous_line = record.line;
    FUZZ_CHECK(records <= lines);
  }
}

std::string Quoted(const std::string& field) {
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// What the reader makes of a quoted field: a line break inside quotes
// becomes LF, so a CR just before one is dropped.
std::string AsRead(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\r' && i + 1 < field.size() && field[i + 1] == '\n') continue;
    out += field[i];
  }
  return out;
}

void RoundTrip(FuzzedDataProvider& input) {
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  std::string file;
  const bool crlf = input.ConsumeBool();
  const bool quote_all = input.ConsumeBool();
  while (input.remaining_bytes() > 0 && records.size() < 64) {
    std::vector<std::string> fields;
    const size_t count = input.ConsumeIntegralInRange<size_t>(1, 8);
    for (size_t i = 0; i < count; ++i) fields.push_back(input.ConsumeRandomLengthString(64));
    // The record starts on the line after every line break so far.
    lines.push_back(1 + static_cast<int>(std::count(file.begin(), file.end(), '\n')));
    if (quote_all) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) file += ',';
        file += Quoted(fields[i]);
      }
    } else {
      file += crm::crmctl::EncodeCsvRecord(fields);
    }
    file += crlf ? "\r\n" : "\n";
    records.push_back(std::move(fields));
  }

  std::istringstream in(file);
  CsvReader reader(in);
  CsvRecord record;
  for (size_t i = 0; i < records.size(); ++i) {
    FUZZ_CHECK(reader.Next(&record), "record %zu of %zu missing", i + 1, records.size());
    // Bytes that are not UTF-8 are read as they are, but flagged.
    bool utf8 = true;
    for (const std::string& field : records[i]) utf8 = utf8 && crm::fuzz::IsValidUtf8(field);
    if (utf8) {
      FUZZ_CHECK(record.error.empty(), "record %zu: %s", i + 1, record.error.c_str());
    } else {
      FUZZ_CHECK(record.error.find("is not valid UTF-8") != std::string::npos, "record %zu: %s",
                 i + 1, record.error.c_str());
      FUZZ_CHECK(crm::fuzz::IsValidUtf8(record.error));
    }
    FUZZ_CHECK(record.line == lines[i], "record %zu on line %d, written on %d", i + 1, record.line,
               lines[i]);
    FUZZ_CHECK(record.fields.size() == records[i].size(), "record %zu: %zu fields, wrote %zu",
               i + 1, record.fields.size(), records[i].size());
    for (size_t f = 0; f < records[i].size(); ++f) {
      FUZZ_CHECK(record.fields[f] == AsRead(records[i][f]), "record %zu field %zu", i + 1, f + 1);
    }
  }
  FUZZ_CHECK(!reader.Next(&record));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ReadAsFile(crm::fuzz::AsText(data, size));
  FuzzedDataProvider input(data, size);
  RoundTrip(input);
  return 0;
}
