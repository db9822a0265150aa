// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer harness for the host service's decoders (SV8, SV6): the first
// byte picks the decoder (hello, hello reply, request, reply, store), the
// rest is its input. Nothing may crash, hang or allocate past the frame;
// whatever decodes must encode back to what decodes the same, and an
// accepted request frame is canonical (it re-encodes to its own bytes).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "service/protocol.h"
#include "service/store.h"

namespace {

using namespace portres::sim::service;  // NOLINT: a harness

void Check(bool condition) {
  if (!condition) std::abort();
}

bool SameReply(const Reply& a, const Reply& b) {
  return a.status == b.status && a.value == b.value && a.range == b.range &&
         a.rows == b.rows && a.text == b.text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view in(reinterpret_cast<const char*>(data + 1),
                             size - 1);
  switch (data[0] % 5) {
    case 0:
      if (auto h = DecodeHello(in); h.ok()) {
        Check(EncodeHello(*h) == in);
      }
      break;
    case 1:
      if (auto h = DecodeHelloReply(in); h.ok()) {
        auto again = DecodeHelloReply(EncodeHelloReply(*h));
        Check(again.ok() && again->status == h->status &&
              again->pid == h->pid && again->elevated == h->elevated &&
              again->profile == h->profile && again->version == h->version);
      }
      break;
    case 2:
      if (auto q = DecodeRequest(in); q.ok()) {
        Check(EncodeRequest(*q) == in);
        auto again = DecodeRequest(EncodeRequest(*q));
        Check(again.ok() && *again == *q);
      }
      break;
    case 3:
      if (auto r = DecodeReply(in); r.ok()) {
        auto again = DecodeReply(EncodeReply(*r));
        Check(again.ok() && SameReply(*again, *r));
      }
      break;
    default:
      if (auto c = DecodeStore(in); c.ok()) {
        auto again = DecodeStore(EncodeStore(*c));
        Check(again.ok() && *again == *c);
      }
      break;
  }
  return 0;
}
