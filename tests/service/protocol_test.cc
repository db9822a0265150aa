// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The wire protocol's decoders (SV8): every frame round-trips, and
// anything else — truncated, padded, unknown kinds, ops and enums, lengths
// past the frame — is refused with a message naming the problem.

#include "service/protocol.h"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "absl/strings/str_cat.h"
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
  text[text.size() - 5] = 9;  // the text's length byte (before `more`)
  EXPECT_THAT(DecodeReply(text).status(),
              Refused("exceeds the frame"));
}

TEST(ProtocolTest, AMalformedStatusIsRefused) {
  std::string frame = EncodeReply({.status = absl::OkStatus()});
  frame[1] = 17;  // past absl's last code
  EXPECT_THAT(DecodeReply(frame).status(),
              Refused("status is not well-formed"));
}

// A connected pair of stream sockets, closed at the end of the test.
class SocketPair {
 public:
  SocketPair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  ~SocketPair() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int reader() const { return fds_[0]; }
  int writer() const { return fds_[1]; }

 private:
  int fds_[2] = {-1, -1};
};

// A peer that pipelines (its next frames always arrive with the last one)
// used to grow the reader's buffer without end: it held every byte since
// it was last empty. It now holds one frame and one recv's worth.
TEST(FrameReaderTest, APipeliningPeerCannotGrowTheBuffer) {
  SocketPair pair;
  FrameReader reader(pair.reader());
  const std::string frame = Framed(EncodeRequest(SampleRequest()));
  // 2,000 frames written in pieces that never end on a frame boundary, so
  // the buffer is never found empty.
  std::string stream;
  for (int i = 0; i < 2000; ++i) stream += frame;
  stream += frame.substr(0, 3);
  std::thread writer([&] {
    for (size_t at = 0; at < stream.size(); at += 1000) {
      const std::string piece = stream.substr(at, 1000);
      ASSERT_EQ(::send(pair.writer(), piece.data(), piece.size(), 0),
                static_cast<ssize_t>(piece.size()));
    }
  });
  std::string payload;
  size_t most = 0;
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(reader.Read(kMaxRequestFrame, &payload).ok());
    ASSERT_EQ(payload, EncodeRequest(SampleRequest()));
    most = std::max(most, reader.held_bytes());
  }
  writer.join();
  EXPECT_LE(most, 2 * (4096 + kMaxRequestFrame + 4)) << "bytes held";
}

TEST(FrameReaderTest, AFrameThatStopsHalfwayMissesItsDeadline) {
  SocketPair pair;
  FrameReader reader(pair.reader());
  const std::string frame = Framed("hello");
  ASSERT_EQ(::send(pair.writer(), frame.data(), 3, 0), 3);
  std::string payload;
  const auto start = std::chrono::steady_clock::now();
  const absl::Status read =
      reader.Read(kMaxRequestFrame, &payload, {.rest = absl::Milliseconds(50)});
  EXPECT_EQ(read.code(), absl::StatusCode::kDeadlineExceeded) << read;
  EXPECT_GE(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(50));
  // The rest arrives: the frame is whole again.
  ASSERT_EQ(::send(pair.writer(), frame.data() + 3, frame.size() - 3, 0),
            static_cast<ssize_t>(frame.size() - 3));
  EXPECT_TRUE(reader.Read(kMaxRequestFrame, &payload).ok());
  EXPECT_EQ(payload, "hello");
}

TEST(FrameReaderTest, AnIdlePeerMissesOnlyAWholeFrameDeadline) {
  SocketPair pair;
  FrameReader reader(pair.reader());
  std::string payload;
  // Between frames a peer may idle: `rest` starts at a frame's first byte.
  std::thread late([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string frame = Framed("late");
    ASSERT_EQ(::send(pair.writer(), frame.data(), frame.size(), 0),
              static_cast<ssize_t>(frame.size()));
  });
  EXPECT_TRUE(reader
                  .Read(kMaxRequestFrame, &payload,
                        {.rest = absl::Milliseconds(20)})
                  .ok());
  late.join();
  EXPECT_EQ(payload, "late");
  EXPECT_EQ(reader
                .Read(kMaxRequestFrame, &payload,
                      {.whole = absl::Milliseconds(20)})
                .code(),
            absl::StatusCode::kDeadlineExceeded);
}

// A reply whose text is longer than a frame may be (the owners table of a
// process with 250,000 sockets) travels in pieces and arrives whole.
TEST(ReplyTest, ATextLongerThanAFrameArrivesWhole) {
  SocketPair pair;
  std::string text;
  for (int i = 0; text.size() < 3 * size_t{kMaxReplyFrame}; ++i) {
    absl::StrAppend(&text, "row ", i, "\n");
  }
  const Reply sent{.status = WindowsError(kErrorNotFound, "no"),
                   .value = 7,
                   .rows = {{5000, 5009, true}},
                   .text = text};
  std::thread writer([&] { EXPECT_TRUE(WriteReply(pair.writer(), sent).ok()); });
  FrameReader reader(pair.reader());
  absl::StatusOr<Reply> got = ReadReply(reader, {});
  writer.join();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->text, text);
  EXPECT_EQ(got->value, 7u);
  EXPECT_EQ(WindowsErrorCode(got->status), kErrorNotFound);
  ASSERT_EQ(got->rows.size(), 1u);
  EXPECT_FALSE(got->more);
}

}  // namespace
}  // namespace portres::sim::service
