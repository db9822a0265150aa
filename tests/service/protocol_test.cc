// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The wire protocol's decoders (SV8): every frame round-trips, and
// anything else — truncated, padded, unknown kinds, ops and enums, lengths
// past the frame — is refused with a message naming the problem.

#include "sim/service/protocol.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "absl/strings/match.h"

namespace portres::sim::service {
namespace {

// An INVALID_ARGUMENT status whose message names `fragment`.
MATCHER_P(Refused, fragment,
          std::string("is INVALID_ARGUMENT naming \"") + fragment + "\"") {
  *result_listener << "status is " << arg;
  return arg.code() == absl::StatusCode::kInvalidArgument &&
         absl::StrContains(arg.message(), fragment);
}

Request SampleRequest() {
  return {.op = Op::kBind,
          .pid = 1004,
          .socket = 0x1234,
          .token = Token(0xfedcba9876543210ull),
          .family = AddressFamily::kInet6,
          .type = SocketType::kDatagram,
          .ip_protocol = -7,
          .protocol = Protocol::kUdp,
          .option = SocketOption::kIpv6Only,
          .value = 1,
          .range = {5000, 20},
          .address = IpAddress::V4Mapped(IpAddress::V4(10, 1, 2, 3)),
          .port = 65535};
}

TEST(ProtocolTest, RequestRoundTripsEveryField) {
  const Request q = SampleRequest();
  absl::StatusOr<Request> back = DecodeRequest(EncodeRequest(q));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, q);
}

TEST(ProtocolTest, ReplyRoundTripsStatusWindowsCodeRowsAndText) {
  Reply r{.status = WindowsError(10048, "Bind"),
          .value = 77,
          .range = {49152, 100},
          .rows = {{5000, 5009, true}, {6000, 6000, false}},
          .text = "owners"};
  absl::StatusOr<Reply> back = DecodeReply(EncodeReply(r));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->status, r.status);
  EXPECT_EQ(WindowsErrorCode(back->status), 10048u);
  EXPECT_EQ(back->value, 77u);
  EXPECT_EQ(back->range, r.range);
  EXPECT_EQ(back->rows, r.rows);
  EXPECT_EQ(back->text, "owners");
}

TEST(ProtocolTest, HelloRoundTripsAndRefusesAForeignMagic) {
  absl::StatusOr<Hello> hello = DecodeHello(EncodeHello({}));
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->version, kProtocolVersion);
  EXPECT_THAT(DecodeHello(EncodeHello({.magic = 0x12345678})).status(),
              Refused("bad magic"));
}

TEST(ProtocolTest, EveryTruncationOfARequestIsRefused) {
  const std::string frame = EncodeRequest(SampleRequest());
  for (size_t size = 0; size < frame.size(); ++size) {
    absl::StatusOr<Request> q = DecodeRequest(frame.substr(0, size));
    EXPECT_THAT(q.status(), Refused("malformed request"))
        << "size " << size;
  }
}

TEST(ProtocolTest, ARequestWithBytesAfterItsEndIsRefused) {
  EXPECT_THAT(DecodeRequest(EncodeRequest(SampleRequest()) + "x").status(),
              Refused("1 bytes after the end"));
}

TEST(ProtocolTest, UnknownOpsAndEnumValuesAreRefused) {
  std::string frame = EncodeRequest(SampleRequest());
  std::string bad_op = frame;
  bad_op[1] = 20;  // between the process calls and the controls
  EXPECT_THAT(DecodeRequest(bad_op).status(),
              Refused("op 20 is not known"));
  std::string bad_family = frame;
  bad_family[22] = 2;  // family: after kind, op, pid, socket, token
  EXPECT_THAT(DecodeRequest(bad_family).status(),
              Refused("family 2 is not known"));
  std::string wrong_kind = frame;
  wrong_kind[0] = 4;  // a reply's kind
  EXPECT_FALSE(DecodeRequest(wrong_kind).ok());
}

TEST(ProtocolTest, AReplyClaimingMoreRowsOrTextThanItHoldsIsRefused) {
  std::string frame = EncodeReply({.rows = {{1, 2, false}}});
  // The row count sits after kind (1), status (1+1+4+4), value (8), range (4).
  const size_t at = 1 + 10 + 8 + 4;
  frame[at + 3] = 0x7f;  // about two billion rows
  EXPECT_THAT(DecodeReply(frame).status(),
              Refused("row count exceeds the frame"));
  std::string text = EncodeReply({.text = "abc"});
  text[text.size() - 4] = 9;  // the text's length byte, now past the end
  EXPECT_THAT(DecodeReply(text).status(),
              Refused("exceeds the frame"));
}

TEST(ProtocolTest, AMalformedStatusIsRefused) {
  std::string frame = EncodeReply({.status = absl::OkStatus()});
  frame[1] = 17;  // past absl's last code
  EXPECT_THAT(DecodeReply(frame).status(),
              Refused("status is not well-formed"));
}

}  // namespace
}  // namespace portres::sim::service
