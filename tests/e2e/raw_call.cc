#include "tests/e2e/raw_call.h"

#include <future>
#include <utility>

#include "absl/time/clock.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::e2e {
namespace {

// Writes every request, then half-closes; reads until the server ends the
// call. One read and one write may be outstanding at a time.
class BytesCall final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit BytesCall(const std::vector<std::string>& requests) {
    for (const std::string& request : requests) {
      grpc::Slice slice(request);
      outgoing_.emplace_back(&slice, 1);
    }
  }

  void Start() {
    StartRead(&incoming_);
    WriteNext();
    StartCall();
  }

  RawReply Wait() {
    RawReply reply;
    reply.status = done_.get_future().get();
    reply.responses = std::move(responses_);
    return reply;
  }

  void OnWriteDone(bool ok) override {
    if (ok) WriteNext();  // when not ok the call is over; OnDone follows
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (incoming_.Dump(&slices).ok()) {
      for (const grpc::Slice& slice : slices) {
        bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
      }
    }
    responses_.push_back(std::move(bytes));
    StartRead(&incoming_);
  }

  void OnDone(const grpc::Status& status) override { done_.set_value(status); }

 private:
  void WriteNext() {
    if (next_ < outgoing_.size()) {
      StartWrite(&outgoing_[next_++]);
    } else if (!writes_done_) {
      writes_done_ = true;
      StartWritesDone();
    }
  }

  std::vector<grpc::ByteBuffer> outgoing_;
  size_t next_ = 0;
  bool writes_done_ = false;
  grpc::ByteBuffer incoming_;
  std::vector<std::string> responses_;
  std::promise<grpc::Status> done_;
};

}  // namespace

RawReply RawCall(const std::shared_ptr<grpc::Channel>& channel, std::string_view method,
                 const std::vector<std::string>& requests, const std::string& token,
                 absl::Duration deadline) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", crm::StrCat("Bearer ", token));
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  BytesCall call(requests);
  stub.PrepareBidiStreamingCall(&context, std::string(method), grpc::StubOptions(), &call);
  call.Start();
  return call.Wait();
}

const google::protobuf::MethodDescriptor* FindMethod(std::string_view full_name) {
  const size_t slash = full_name.find('/');
  if (slash == std::string_view::npos) return nullptr;
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(full_name.substr(0, slash)));
  if (service == nullptr) return nullptr;
  return service->FindMethodByName(std::string(full_name.substr(slash + 1)));
}

std::string CallPath(const google::protobuf::MethodDescriptor& method) {
  return crm::StrCat("/", method.service()->full_name(), "/", method.name());
}

absl::StatusOr<std::string> SerializeText(const google::protobuf::Descriptor& type,
                                          const std::string& text) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(&type)->New());
  google::protobuf::TextFormat::Parser parser;
  if (!parser.ParseFromString(text, message.get())) {
    return absl::InvalidArgumentError(
        crm::StrCat("not a ", type.full_name(), " in text format: ", text.substr(0, 200)));
  }
  // Invalid UTF-8 in a string field is what some cases send on purpose;
  // protobuf only logs it while writing the bytes as they are.
  google::protobuf::LogSilencer quiet;
  std::string bytes;
  if (!message->SerializePartialToString(&bytes)) {
    return absl::InternalError(crm::StrCat("cannot serialize ", text.substr(0, 200)));
  }
  return bytes;
}

std::string DescribeBytes(const google::protobuf::Descriptor& type, const std::string& bytes) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(&type)->New());
  google::protobuf::LogSilencer quiet;
  if (!message->ParsePartialFromString(bytes)) {
    return crm::StrCat("<", bytes.size(), " bytes that do not parse as ", type.full_name(), ">");
  }
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetTruncateStringFieldLongerThan(64);
  std::string text;
  printer.PrintToString(*message, &text);
  constexpr size_t kShown = 600;
  if (text.size() > kShown) {
    text = crm::StrCat(CutUtf8(text, kShown), "… (", text.size(), " characters)");
  }
  return text;
}

}  // namespace crm::e2e
