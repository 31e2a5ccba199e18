#include "libs/request/serve.h"

#include <memory>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"
#include "libs/idempotency/request_log.h"
#include "libs/status/status.h"

namespace crm::request {
namespace {

// Request messages built at run time, so the test needs no service's protos:
// Mutate {name, request_id}, Read {name}, Odd {repeated string request_id}.
class Messages {
 public:
  Messages() {
    google::protobuf::FileDescriptorProto file;
    file.set_name("serve_test.proto");
    file.set_package("crm.request.test");
    file.set_syntax("proto3");
    AddMessage(file, "Mutate", {{"name", false}, {"request_id", false}});
    AddMessage(file, "Read", {{"name", false}});
    AddMessage(file, "Odd", {{"request_id", true}});
    file_ = pool_.BuildFile(file);
  }

  std::unique_ptr<google::protobuf::Message> New(const std::string& type) {
    const google::protobuf::Descriptor* descriptor = file_->FindMessageTypeByName(type);
    return std::unique_ptr<google::protobuf::Message>(factory_.GetPrototype(descriptor)->New());
  }

  static void Set(google::protobuf::Message& message, const std::string& field,
                  const std::string& value) {
    const google::protobuf::FieldDescriptor* f = message.GetDescriptor()->FindFieldByName(field);
    if (f->is_repeated()) {
      message.GetReflection()->AddString(&message, f, value);
    } else {
      message.GetReflection()->SetString(&message, f, value);
    }
  }

 private:
  static void AddMessage(google::protobuf::FileDescriptorProto& file, const std::string& name,
                         std::initializer_list<std::pair<std::string, bool>> fields) {
    google::protobuf::DescriptorProto* message = file.add_message_type();
    message->set_name(name);
    int number = 1;
    for (const auto& [field_name, repeated] : fields) {
      google::protobuf::FieldDescriptorProto* field = message->add_field();
      field->set_name(field_name);
      field->set_number(number++);
      field->set_type(google::protobuf::FieldDescriptorProto::TYPE_STRING);
      field->set_label(repeated ? google::protobuf::FieldDescriptorProto::LABEL_REPEATED
                                : google::protobuf::FieldDescriptorProto::LABEL_OPTIONAL);
    }
  }

  google::protobuf::DescriptorPool pool_;
  const google::protobuf::FileDescriptor* file_ = nullptr;
  google::protobuf::DynamicMessageFactory factory_;
};

auth::v1::Principal Alice() {
  auth::v1::Principal principal;
  principal.set_user("users/alice");
  principal.set_org_unit("orgUnits/hq");
  return principal;
}

TEST(HandleTest, AnUnverifiedPrincipalStopsTheCallBeforeTheHandler) {
  Messages messages;
  auto request = messages.New("Read");
  bool ran = false;
  absl::Status status = Handle(absl::UnauthenticatedError("no principal"), "GetThing", "rid-1",
                               *request, [&](const Actor&, status::FieldViolations&) {
                                 ran = true;
                                 return absl::OkStatus();
                               });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(ran);
}

TEST(HandleTest, TheActorNamesThePrincipalMethodAndCallRequestId) {
  Messages messages;
  auto request = messages.New("Read");
  Actor seen;
  absl::Status status = Handle(Alice(), "GetThing", "rid-1", *request,
                               [&](const Actor& actor, status::FieldViolations& violations) {
                                 seen = actor;
                                 EXPECT_TRUE(violations.empty());
                                 return absl::OkStatus();
                               });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen.principal.user(), "users/alice");
  EXPECT_EQ(seen.method, "GetThing");
  EXPECT_EQ(seen.request_id, "rid-1");
  EXPECT_FALSE(seen.idempotency.has_value()) << "a request without request_id is not replayed";
}

TEST(HandleTest, ARequestIdBecomesTheIdempotencyKeyOfMethodUserAndBody) {
  Messages messages;
  auto request = messages.New("Mutate");
  Messages::Set(*request, "name", "things/1");
  Messages::Set(*request, "request_id", "7f1c2d7e-0000-4000-8000-000000000001");
  Actor seen;
  ASSERT_TRUE(Handle(Alice(), "MoveThing", "rid-1", *request,
                     [&](const Actor& actor, status::FieldViolations&) {
                       seen = actor;
                       return absl::OkStatus();
                     })
                  .ok());
  ASSERT_TRUE(seen.idempotency.has_value());
  EXPECT_EQ(seen.idempotency->request_id, "7f1c2d7e-0000-4000-8000-000000000001");
  EXPECT_EQ(seen.idempotency->method, "MoveThing");
  EXPECT_EQ(seen.idempotency->actor, "users/alice");
  EXPECT_EQ(seen.idempotency->request_hash, idempotency::RequestHash(*request));

  // Another body under the same id hashes differently, so the log refuses it.
  Messages::Set(*request, "name", "things/2");
  EXPECT_NE(seen.idempotency->request_hash, idempotency::RequestHash(*request));
}

TEST(HandleTest, ABadRequestIdIsAViolationBesideTheHandlersOwn) {
  Messages messages;
  auto request = messages.New("Mutate");
  Messages::Set(*request, "request_id", "not an id!");
  bool acted = false;
  absl::Status status =
      Handle(Alice(), "MoveThing", "", *request,
             [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
               EXPECT_FALSE(actor.idempotency.has_value());
               violations.Add("name", "name: is required");
               if (!violations.empty()) return violations.ToStatus("test.crm");
               acted = true;
               return absl::OkStatus();
             });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(acted);
  std::vector<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(status)) {
    fields.push_back(violation.field());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"request_id", "name"}));
}

TEST(HandleTest, AHandlerThatIgnoresViolationsFailsInsteadOfActing) {
  Messages messages;
  auto request = messages.New("Mutate");
  Messages::Set(*request, "request_id", std::string(129, 'a'));
  absl::Status status =
      Handle(Alice(), "MoveThing", "", *request,
             [](const Actor&, status::FieldViolations&) { return absl::OkStatus(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
}

TEST(HandleTest, OnlyASingularStringFieldIsTheRequestId) {
  Messages messages;
  auto request = messages.New("Odd");
  Messages::Set(*request, "request_id", "abc");
  Actor seen;
  ASSERT_TRUE(
      Handle(Alice(), "Odd", "", *request, [&](const Actor& actor, status::FieldViolations&) {
        seen = actor;
        return absl::OkStatus();
      }).ok());
  EXPECT_FALSE(seen.idempotency.has_value());
}

TEST(HandleTest, TheHandlersErrorIsTheAnswer) {
  Messages messages;
  auto request = messages.New("Read");
  absl::Status status = Handle(
      Alice(), "GetThing", "", *request,
      [](const Actor&, status::FieldViolations&) { return absl::NotFoundError("no such thing"); });
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace crm::request
