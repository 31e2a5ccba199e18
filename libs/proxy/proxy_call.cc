#include "libs/proxy/proxy_call.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "libs/status/status.h"

namespace crm::proxy {
namespace {

// Headers gRPC itself owns or that describe the caller's own connection.
bool IsTransportHeader(std::string_view key) {
  return key.empty() || key[0] == ':' || absl::StartsWith(absl::string_view(key.data(), key.size()), "grpc-") ||
         key == "te" || key == "content-type" || key == "user-agent" || key == "host";
}

}  // namespace

ProxyCall::ProxyCall(grpc::GenericCallbackServerContext* incoming, Backend* backend,
                     const ProxyOptions& options)
    : incoming_(incoming), backend_(backend) {
  CopyMetadata(options);
  SetDeadline(options);
  if (options.prepare) {
    if (absl::Status refused = options.prepare(*incoming_, outgoing_context_); !refused.ok()) {
      Finish(status::ToGrpc(refused));
      return;
    }
  }
  if (!backend_->TryStartCall()) {
    Finish(backend_->overloaded());
    return;
  }
  live_sides_ = 2;
  backend_->stub().PrepareBidiStreamingCall(&outgoing_context_, incoming_->method(),
                                            grpc::StubOptions(), &outgoing_);
  // Held until we stop reading the caller, so the backend call cannot end
  // (and free its stream) while we may still write to it.
  outgoing_.AddHold();
  outgoing_.StartRead(&response_);
  outgoing_.StartCall();
  StartRead(&request_);
}

void ProxyCall::CopyMetadata(const ProxyOptions& options) {
  for (const auto& [key_ref, value_ref] : incoming_->client_metadata()) {
    const std::string key(key_ref.data(), key_ref.size());
    if (IsTransportHeader(key) ||
        std::find(options.dropped_metadata.begin(), options.dropped_metadata.end(), key) !=
            options.dropped_metadata.end()) {
      continue;
    }
    outgoing_context_.AddMetadata(key, std::string(value_ref.data(), value_ref.size()));
  }
}

void ProxyCall::SetDeadline(const ProxyOptions& options) {
  const absl::Time now = absl::Now();
  absl::Time deadline = now + options.default_deadline;
  const absl::Time asked = absl::FromChrono(incoming_->deadline());
  if (asked < absl::InfiniteFuture() && asked - now < absl::Hours(24 * 365)) deadline = asked;
  deadline = std::min(deadline, now + options.max_deadline);
  outgoing_context_.set_deadline(absl::ToChronoTime(deadline));
}

// Caller -> backend.
void ProxyCall::OnReadDone(bool ok) {
  if (ok) {
    outgoing_.StartWrite(&request_);
  } else {
    outgoing_.StartWritesDone();  // the caller half-closed (or went away)
    outgoing_.RemoveHold();
  }
}

void ProxyCall::Outgoing::OnWriteDone(bool ok) {
  if (ok) {
    call_->StartRead(&call_->request_);
  } else {
    RemoveHold();  // the backend call is ending; its OnDone finishes ours
  }
}

// Backend -> caller.
void ProxyCall::Outgoing::OnReadDone(bool ok) {
  if (!ok) return;  // no more responses; OnDone follows
  AddHold();        // released when the caller has it
  call_->StartWrite(&call_->response_);
}

void ProxyCall::OnWriteDone(bool ok) {
  if (ok) {
    outgoing_.StartRead(&response_);
  } else {
    outgoing_context_.TryCancel();  // the caller is gone
  }
  outgoing_.RemoveHold();
}

void ProxyCall::Outgoing::OnDone(const grpc::Status& status) {
  for (const auto& [key, value] : call_->outgoing_context_.GetServerTrailingMetadata()) {
    const std::string name(key.data(), key.size());
    if (IsTransportHeader(name)) continue;
    call_->incoming_->AddTrailingMetadata(name, std::string(value.data(), value.size()));
  }
  call_->backend_->EndCall();  // before the caller can see the call end
  call_->Finish(status);
  call_->Release();
}

void ProxyCall::OnCancel() { outgoing_context_.TryCancel(); }

void ProxyCall::OnDone() { Release(); }

void ProxyCall::Release() {
  if (live_sides_.fetch_sub(1) == 1) delete this;
}

}  // namespace crm::proxy
