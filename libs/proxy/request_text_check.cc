#include "libs/proxy/request_text_check.h"

#include <cstdio>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"

namespace crm::proxy {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// Deeper nesting than any of our messages has; protobuf's own limit is 100.
constexpr int kMaxDepth = 64;

// Walks one message's fields; false on malformed wire data.
bool Walk(const Descriptor& type, google::protobuf::io::CodedInputStream& in,
          const std::string& prefix, int depth, std::vector<InvalidText>* found) {
  absl::flat_hash_map<int, int> seen;  // repeated field number -> elements so far
  while (const uint32_t tag = in.ReadTag()) {
    const FieldDescriptor* field = type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    const bool text_or_message =
        field != nullptr &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED &&
        (field->type() == FieldDescriptor::TYPE_STRING ||
         field->type() == FieldDescriptor::TYPE_MESSAGE);
    if (!text_or_message) {
      if (!WireFormatLite::SkipField(&in, tag)) return false;
      continue;
    }
    std::string path = StrCat(prefix, field->name());
    if (field->is_repeated()) StrAppend(&path, "[", seen[field->number()]++, "]");
    uint32_t length = 0;
    if (!in.ReadVarint32(&length)) return false;
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      std::string value;
      if (!in.ReadString(&value, static_cast<int>(length))) return false;
      if (const size_t bad = FirstInvalidUtf8(value); bad != std::string_view::npos) {
        found->push_back({.field = std::move(path),
                          .offset = bad,
                          .byte = static_cast<unsigned char>(value[bad])});
      }
      continue;
    }
    if (depth >= kMaxDepth) return false;
    const auto limit = in.PushLimit(static_cast<int>(length));
    if (!Walk(*field->message_type(), in, StrCat(path, "."), depth + 1, found)) return false;
    if (!in.ConsumedEntireMessage()) return false;
    in.PopLimit(limit);
  }
  return true;
}

std::string Flatten(const grpc::ByteBuffer& message) {
  std::vector<grpc::Slice> slices;
  std::string flat;
  if (!message.Dump(&slices).ok()) return flat;
  for (const grpc::Slice& slice : slices) {
    flat.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return flat;
}

}  // namespace

std::vector<InvalidText> FindInvalidText(const Descriptor& type, std::string_view wire) {
  std::vector<InvalidText> found;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(wire.data()),
                                            static_cast<int>(wire.size()));
  Walk(type, in, "", 0, &found);
  return found;
}

absl::Status RequestTextCheck::Check(std::string_view method,
                                     const grpc::ByteBuffer& message) const {
  // "/package.Service/Method" -> "package.Service.Method"
  std::string full_name(method.substr(method.empty() || method[0] != '/' ? 0 : 1));
  const size_t slash = full_name.find('/');
  if (slash == std::string::npos) return absl::OkStatus();
  full_name[slash] = '.';
  const google::protobuf::MethodDescriptor* descriptor = pool_->FindMethodByName(full_name);
  if (descriptor == nullptr) return absl::OkStatus();

  const std::vector<InvalidText> invalid =
      FindInvalidText(*descriptor->input_type(), Flatten(message));
  if (invalid.empty()) return absl::OkStatus();
  status::FieldViolations violations;
  for (const InvalidText& text : invalid) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", text.byte);
    violations.Add(text.field,
                   StrCat(text.field, ": not valid UTF-8 (byte ", byte, " at offset ", text.offset,
                          "); send text as UTF-8, converting e.g. a GBK export first"));
  }
  return violations.ToStatus("gateway.crm",
                             "the request has text that is not UTF-8; send all text as UTF-8");
}

}  // namespace crm::proxy
