#include "tools/crmctl/import_commands.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/csv_reader.h"
#include "tools/crmctl/customer_csv.h"
#include "tools/crmctl/exit_status.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/json_printer.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using Clock = std::chrono::steady_clock;

// ImportCustomers takes at most this many rows per message.
constexpr int kRowsPerMessage = 1000;
constexpr char kReasonsColumn[] = "rejected_reasons";
// How often progress is shown: on a terminal a bar redrawn in place, else a
// line now and then (a log file should not fill with them).
constexpr auto kBarInterval = std::chrono::milliseconds(200);
constexpr auto kLineInterval = std::chrono::seconds(5);
constexpr int kBarWidth = 24;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double RowsPerSecond(int64_t rows, double seconds) { return seconds > 0 ? rows / seconds : 0; }

// Rows by outcome.
struct Tally {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t done() const { return created + updated + unchanged + rejected; }
};

// Progress on stderr: rows answered so far and their rate; on a terminal
// also a bar of the share of the file read.
class Progress final {
 public:
  Progress(std::ostream& err, bool terminal, uintmax_t file_bytes)
      : err_(err), terminal_(terminal), file_bytes_(file_bytes) {}

  void Update(int64_t rows, uintmax_t bytes_read, bool force = false) {
    const Clock::time_point now = Clock::now();
    if (!force && now - last_ < (terminal_ ? kBarInterval : kLineInterval)) return;
    last_ = now;
    const int64_t rate = static_cast<int64_t>(RowsPerSecond(rows, SecondsSince(start_)));
    if (!terminal_) {
      err_ << "import: " << GroupDigits(rows) << " rows done, " << GroupDigits(rate) << " rows/s\n";
      return;
    }
    const double share =
        file_bytes_ == 0 ? 1.0 : std::min(1.0, static_cast<double>(bytes_read) / file_bytes_);
    const int filled = static_cast<int>(share * kBarWidth);
    err_ << "\r[" << std::string(filled, '#') << std::string(kBarWidth - filled, '.') << "] "
         << static_cast<int>(share * 100) << "%  " << GroupDigits(rows) << " rows  "
         << GroupDigits(rate) << " rows/s   " << std::flush;
    shown_ = true;
  }

  // Ends the bar's line.
  void Finish() {
    if (shown_) err_ << '\n';
  }

 private:
  std::ostream& err_;
  const bool terminal_;
  const uintmax_t file_bytes_;
  const Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
  bool shown_ = false;
};

// Rows sent and not yet answered, the tally, and the rejected-rows file,
// shared by the thread that sends and the one that reads the answers.
class ImportState final {
 public:
  ImportState(std::string rejected_path, std::vector<std::string> header)
      : rejected_path_(std::move(rejected_path)), header_(std::move(header)) {}

  void Sent(int64_t row_number, std::vector<std::string> fields) {
    std::lock_guard lock(mutex_);
    pending_[row_number] = std::move(fields);
  }

  // A row the server (or crmctl itself) did not take.
  absl::Status Reject(const std::vector<std::string>& fields, const std::string& reasons) {
    std::lock_guard lock(mutex_);
    ++tally_.rejected;
    return WriteRejected(fields, reasons);
  }

  absl::Status Answer(const v1::ImportRowResult& result) {
    std::lock_guard lock(mutex_);
    auto sent = pending_.find(result.row_number());
    std::vector<std::string> fields;
    if (sent != pending_.end()) {
      fields = std::move(sent->second);
      pending_.erase(sent);
    }
    switch (result.outcome()) {
      case v1::ImportRowResult::CREATED:
        ++tally_.created;
        return absl::OkStatus();
      case v1::ImportRowResult::UPDATED:
        ++tally_.updated;
        return absl::OkStatus();
      case v1::ImportRowResult::UNCHANGED:
        ++tally_.unchanged;
        return absl::OkStatus();
      default:
        break;
    }
    ++tally_.rejected;
    std::vector<std::string> reasons;
    for (const v1::ImportViolation& violation : result.violations()) {
      reasons.push_back(violation.description());
    }
    if (reasons.empty()) reasons.push_back("rejected without a reason");
    return WriteRejected(fields, absl::StrJoin(reasons, "; "));
  }

  Tally tally() const {
    std::lock_guard lock(mutex_);
    return tally_;
  }

  bool wrote_rejected() const {
    std::lock_guard lock(mutex_);
    return rejected_.is_open();
  }

 private:
  absl::Status WriteRejected(std::vector<std::string> fields, const std::string& reasons) {
    if (!rejected_.is_open()) {
      rejected_.open(rejected_path_, std::ios::binary | std::ios::trunc);
      std::vector<std::string> header = header_;
      header.push_back(kReasonsColumn);
      rejected_ << EncodeCsvRecord(header) << '\n';
    }
    fields.push_back(reasons);
    rejected_ << EncodeCsvRecord(fields) << '\n';
    if (!rejected_) {
      return absl::ErrnoToStatus(errno, crm::StrCat("cannot write ", rejected_path_));
    }
    return absl::OkStatus();
  }

  mutable std::mutex mutex_;
  const std::string rejected_path_;
  const std::vector<std::string> header_;
  absl::flat_hash_map<int64_t, std::vector<std::string>> pending_;
  Tally tally_;
  std::ofstream rejected_;
};

using ImportStream =
    grpc::ClientReaderWriterInterface<v1::ImportCustomersRequest, v1::ImportCustomersResponse>;

// Reads answers until the server ends the call; the first local failure
// (the rejected-rows file) is kept in `error`.
void ReadAnswers(ImportStream& stream, ImportState& state, Progress& progress,
                 const std::atomic<uintmax_t>& bytes_read, absl::Status& error) {
  v1::ImportCustomersResponse response;
  while (stream.Read(&response)) {
    for (const v1::ImportRowResult& result : response.results()) {
      if (absl::Status s = state.Answer(result); !s.ok() && error.ok()) error = s;
    }
    progress.Update(state.tally().done(), bytes_read.load());
  }
}

void PrintSummary(const Invocation& invocation, const std::string& path, const Tally& tally,
                  double seconds, const std::string& rejected_path, bool wrote_rejected,
                  std::ostream& out) {
  const double rate = RowsPerSecond(tally.done(), seconds);
  if (invocation.options.output == OutputFormat::kJson) {
    google::protobuf::Struct summary;
    auto& fields = *summary.mutable_fields();
    fields["file"].set_string_value(path);
    fields["rows"].set_number_value(static_cast<double>(tally.done()));
    fields["created"].set_number_value(static_cast<double>(tally.created));
    fields["updated"].set_number_value(static_cast<double>(tally.updated));
    fields["unchanged"].set_number_value(static_cast<double>(tally.unchanged));
    fields["rejected"].set_number_value(static_cast<double>(tally.rejected));
    fields["seconds"].set_number_value(seconds);
    fields["rowsPerSecond"].set_number_value(static_cast<int64_t>(rate));
    if (wrote_rejected) fields["rejectedFile"].set_string_value(rejected_path);
    PrintJson(summary, out).IgnoreError();
    return;
  }
  out << "Imported " << GroupDigits(tally.done()) << " rows from " << path << " in "
      << FormatDecimal(seconds, 1) << " s (" << GroupDigits(static_cast<int64_t>(rate))
      << " rows/s): " << GroupDigits(tally.created) << " created, " << GroupDigits(tally.updated)
      << " updated, " << GroupDigits(tally.unchanged) << " unchanged, "
      << GroupDigits(tally.rejected) << " rejected.\n";
  if (wrote_rejected) {
    out << "Rejected rows, each with its reasons in the last column: " << rejected_path << "\n";
  }
}

absl::Status RunImportCustomers(const Invocation& invocation, const Connection& connection,
                                std::ostream& out) {
  const std::string& path = invocation.args.at(0);
  const std::string rejected_path =
      invocation.flags.Get("rejected")
          .value_or(crm::StrCat(
              path.size() > 4 && path.ends_with(".csv") ? path.substr(0, path.size() - 4) : path,
              ".rejected.csv"));
  if (rejected_path == path) {
    return UsageError("--rejected: must not be the file being imported");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::ErrnoToStatus(errno, crm::StrCat("cannot read ", path));
  std::error_code size_error;
  const uintmax_t file_bytes = std::filesystem::file_size(path, size_error);

  CsvReader reader(file);
  CsvRecord record;
  if (!reader.Next(&record)) {
    return absl::InvalidArgumentError(
        crm::StrCat(path, " is empty; it starts with a header naming its columns, e.g. ",
                    CustomerCsvColumnList()));
  }
  absl::StatusOr<CustomerCsvLayout> layout =
      CustomerCsvLayout::FromHeader(record, invocation.flags.Get("source-system").value_or(""));
  if (!layout.ok()) {
    return absl::InvalidArgumentError(crm::StrCat(path, " ", layout.status().message()));
  }

  ImportState state(rejected_path, record.fields);
  Progress progress(connection.err, invocation.options.show_progress, size_error ? 0 : file_bytes);
  std::atomic<uintmax_t> bytes_read{0};
  const Clock::time_point start = Clock::now();

  std::unique_ptr<grpc::ClientContext> context = connection.contexts.New();
  // One call for the whole file: --timeout would cut a large import short.
  context->set_deadline(std::chrono::system_clock::time_point::max());
  std::unique_ptr<ImportStream> stream = connection.customers.ImportCustomers(context.get());
  absl::Status read_error;
  // The server reads on only after its answers went out, so answers are
  // read beside the sending, or both sides would wait on each other.
  std::thread reader_thread([&] { ReadAnswers(*stream, state, progress, bytes_read, read_error); });

  absl::Status local_error;
  int64_t rows = 0;
  v1::ImportCustomersRequest request;
  auto send = [&]() -> bool {
    if (request.rows_size() == 0) return true;
    const std::streamoff position = file.tellg();
    if (position > 0) bytes_read = static_cast<uintmax_t>(position);
    const bool sent = stream->Write(request);
    request.Clear();
    return sent;
  };
  bool open = true;
  while (open && reader.Next(&record)) {
    ++rows;
    absl::StatusOr<v1::ImportRow> row = layout->ToRow(record);
    if (!row.ok()) {
      if (absl::Status s = state.Reject(record.fields, std::string(row.status().message()));
          !s.ok()) {
        local_error = s;
        break;
      }
      continue;
    }
    state.Sent(row->row_number(), record.fields);
    *request.add_rows() = *std::move(row);
    if (request.rows_size() == kRowsPerMessage) open = send();
  }
  if (open && local_error.ok()) send();
  if (file.bad() && local_error.ok()) {
    local_error = absl::DataLossError(crm::StrCat("cannot read ", path));
  }
  if (!local_error.ok()) context->TryCancel();
  stream->WritesDone();
  reader_thread.join();
  const absl::Status call = status::FromGrpc(stream->Finish());
  const double seconds = SecondsSince(start);
  const Tally tally = state.tally();
  progress.Update(tally.done(), file_bytes, /*force=*/true);
  progress.Finish();

  if (!local_error.ok()) return local_error;
  if (!read_error.ok()) return read_error;
  if (rows == 0) return absl::InvalidArgumentError(crm::StrCat(path, " has a header but no rows"));
  PrintSummary(invocation, path, tally, seconds, rejected_path, state.wrote_rejected(), out);
  if (!call.ok()) {
    connection.err << "note: the rows answered above are written; the import stopped at "
                   << GroupDigits(tally.done()) << " of " << GroupDigits(rows)
                   << " rows, and importing the file again finishes it\n";
    return call;
  }
  if (tally.rejected > 0) {
    connection.err << GroupDigits(tally.rejected) << " of " << GroupDigits(rows)
                   << " rows were rejected; fix them in " << rejected_path
                   << " (drop its last column) and import that file\n";
    return ExitQuietly(kExitSomeRejected, "some rows were rejected");
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<CommandSpec> ImportCommands() {
  return {
      {.path = "import customers",
       .args = "FILE.csv",
       .min_args = 1,
       .max_args = 1,
       .summary = "create or update customers from an ERP/OA CSV file",
       .details = crm::StrCat(
           "The file starts with a header naming its columns, in any order:\n  ",
           CustomerCsvColumnList(),
           "\nsource_id and legal_name are required, and source_system unless "
           "--source-system gives it. Each row creates or updates the customer linked "
           "to source_system:source_id (a new reference is linked to the live customer "
           "with the same USCC, never duplicated); every field is taken as given, an "
           "empty one clears it. ownership_type is state-owned, private, foreign, "
           "joint-venture or other; size_band micro, small, medium, large or very-large; "
           "owner_org_unit (sub-east) is used only when a row creates a customer, and "
           "defaults to your own; tags are separated by ';'. Rows are validated like "
           "\"customer create\" and written in batches, each batch whole or not at all; "
           "importing the same file again changes nothing. Rejected rows go to the "
           "--rejected file with their reasons in a last column. Progress shows on "
           "stderr. The import is one call, so --timeout does not limit it. Exit status "
           "0 when every row was taken, 3 when some were rejected, 1 when the import "
           "failed (rows answered before are written). Needs the hq_admin or "
           "integration role."),
       .flags = {{.name = "rejected",
                  .value_name = "FILE",
                  .help = "where rejected rows go (default FILE.rejected.csv), written "
                          "only when a row is rejected"},
                 {.name = "source-system",
                  .value_name = "SYSTEM",
                  .help = "source_system of rows that leave it empty, e.g. erp-sap"}},
       .run = RunImportCustomers},
  };
}

}  // namespace crm::crmctl
