// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "service/protocol.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "portres/status.h"

namespace portres::sim::service {
namespace {

enum class Kind : uint8_t { kHello = 1, kHelloReply, kRequest, kReply };

// Little-endian appends.
class Writer {
 public:
  explicit Writer(Kind kind) { U8(static_cast<uint8_t>(kind)); }
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Bytes(v, 2); }
  void U32(uint32_t v) { Bytes(v, 4); }
  void U64(uint64_t v) { Bytes(v, 8); }
  void Text(absl::string_view text) {
    U32(static_cast<uint32_t>(text.size()));
    out_.append(text.data(), text.size());
  }
  void Status(const absl::Status& status) {
    U8(static_cast<uint8_t>(status.code()));
    const std::optional<uint32_t> code =
        status.ok() ? std::nullopt : WindowsErrorCode(status);
    U8(code.has_value() ? 1 : 0);
    U32(code.value_or(0));
    Text(status.message());
  }
  std::string Take() { return std::move(out_); }

 private:
  void Bytes(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  std::string out_;
};

// Bounds-checked reads; the first failure sticks and names the field.
class Reader {
 public:
  Reader(absl::string_view in, Kind kind) : in_(in) {
    if (U8("kind") != static_cast<uint8_t>(kind) && error_.empty()) {
      error_ = absl::StrCat("frame kind is not ", static_cast<int>(kind));
    }
  }
  uint8_t U8(absl::string_view field) {
    return static_cast<uint8_t>(Bytes(field, 1));
  }
  uint16_t U16(absl::string_view field) {
    return static_cast<uint16_t>(Bytes(field, 2));
  }
  uint32_t U32(absl::string_view field) {
    return static_cast<uint32_t>(Bytes(field, 4));
  }
  uint64_t U64(absl::string_view field) { return Bytes(field, 8); }
  std::string Text(absl::string_view field, uint32_t max) {
    const uint32_t size = U32(field);
    if (!error_.empty()) return {};
    if (size > max || size > in_.size()) {
      Fail(absl::StrCat(field, " length ", size, " exceeds the frame"));
      return {};
    }
    std::string text(in_.substr(0, size));
    in_.remove_prefix(size);
    return text;
  }
  // An enum stored as one byte, accepted only up to `last`.
  template <typename E>
  E Enum(absl::string_view field, E last) {
    const uint8_t raw = U8(field);
    if (raw > static_cast<uint8_t>(last)) {
      Fail(absl::StrCat(field, " ", static_cast<int>(raw), " is not known"));
    }
    return static_cast<E>(raw);
  }
  absl::Status Status() {
    const uint8_t code = U8("status code");
    const uint8_t has_windows = U8("windows code flag");
    const uint32_t windows = U32("windows code");
    std::string message = Text("status message", 1 << 16);
    if (!error_.empty()) return absl::OkStatus();
    if (code > static_cast<uint8_t>(absl::StatusCode::kUnauthenticated) ||
        has_windows > 1 || (code == 0 && (has_windows || !message.empty()))) {
      Fail("status is not well-formed");
      return absl::OkStatus();
    }
    if (code == 0) return absl::OkStatus();
    absl::Status status(static_cast<absl::StatusCode>(code), message);
    if (has_windows) {
      status.SetPayload(kWindowsErrorPayloadUrl,
                        absl::Cord(absl::StrCat(windows)));
    }
    return status;
  }
  void Fail(std::string error) {
    if (error_.empty()) error_ = std::move(error);
  }
  // OK only if every read fitted and nothing is left over.
  absl::Status Finish(absl::string_view what) {
    if (error_.empty() && !in_.empty()) {
      error_ = absl::StrCat(in_.size(), " bytes after the end");
    }
    if (error_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("malformed ", what, ": ", error_));
  }

 private:
  uint64_t Bytes(absl::string_view field, size_t n) {
    if (!error_.empty()) return 0;
    if (in_.size() < n) {
      Fail(absl::StrCat("truncated at ", field));
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) {
      v |= uint64_t{static_cast<uint8_t>(in_[i])} << (8 * i);
    }
    in_.remove_prefix(n);
    return v;
  }
  absl::string_view in_;
  std::string error_;
};

bool KnownOp(uint8_t raw) {
  return (raw >= static_cast<uint8_t>(Op::kOpenSocket) &&
          raw <= static_cast<uint8_t>(Op::kLookupPersistent)) ||
         (raw >= static_cast<uint8_t>(Op::kSpawnProcess) &&
          raw <= static_cast<uint8_t>(Op::kShutdown));
}

}  // namespace

bool IsProcessCall(Op op) {
  return static_cast<uint8_t>(op) < static_cast<uint8_t>(Op::kSpawnProcess);
}

absl::string_view OpName(Op op) {
  switch (op) {
    case Op::kOpenSocket: return "OpenSocket";
    case Op::kCloseSocket: return "CloseSocket";
    case Op::kBind: return "Bind";
    case Op::kSetOption: return "SetOption";
    case Op::kGetOption: return "GetOption";
    case Op::kAcquire: return "Acquire";
    case Op::kRelease: return "Release";
    case Op::kAssociate: return "Associate";
    case Op::kCreatePersistent: return "CreatePersistent";
    case Op::kDeletePersistent: return "DeletePersistent";
    case Op::kLookupPersistent: return "LookupPersistent";
    case Op::kSpawnProcess: return "SpawnProcess";
    case Op::kExitProcess: return "ExitProcess";
    case Op::kReboot: return "Reboot";
    case Op::kAddSystemReservation: return "AddSystemReservation";
    case Op::kSetDynamicPortRange: return "SetDynamicPortRange";
    case Op::kGetDynamicPortRange: return "GetDynamicPortRange";
    case Op::kExcludedPortRanges: return "ExcludedPortRanges";
    case Op::kCheckInvariants: return "CheckInvariants";
    case Op::kDumpState: return "DumpState";
    case Op::kOwners: return "Owners";
    case Op::kShutdown: return "Shutdown";
  }
  return "unknown";
}

std::string EncodeHello(const Hello& hello) {
  Writer w(Kind::kHello);
  w.U32(hello.magic);
  w.U16(hello.version);
  return w.Take();
}

// The magic and version are read before anything else, so that a client of
// any other version, whatever its later layout, gets the version refusal.
absl::StatusOr<Hello> DecodeHello(absl::string_view payload) {
  Reader r(payload, Kind::kHello);
  Hello hello;
  hello.magic = r.U32("magic");
  hello.version = r.U16("version");
  if (hello.magic != kMagic) r.Fail("not a portres client (bad magic)");
  if (absl::Status s = r.Finish("hello"); !s.ok()) return s;
  return hello;
}

std::string EncodeHelloReply(const HelloReply& reply) {
  Writer w(Kind::kHelloReply);
  w.Status(reply.status);
  w.U16(reply.version);
  w.U32(reply.pid);
  w.U8(reply.elevated ? 1 : 0);
  w.Text(reply.profile);
  return w.Take();
}

absl::StatusOr<HelloReply> DecodeHelloReply(absl::string_view payload) {
  Reader r(payload, Kind::kHelloReply);
  HelloReply reply;
  reply.status = r.Status();
  reply.version = r.U16("version");
  reply.pid = r.U32("pid");
  reply.elevated = r.Enum<uint8_t>("elevated", 1) != 0;
  reply.profile = r.Text("profile", 256);
  if (absl::Status s = r.Finish("hello reply"); !s.ok()) return s;
  return reply;
}

std::string EncodeRequest(const Request& q) {
  Writer w(Kind::kRequest);
  w.U8(static_cast<uint8_t>(q.op));
  w.U32(q.pid);
  w.U64(q.socket);
  w.U64(q.token.value());
  w.U8(static_cast<uint8_t>(q.family));
  w.U8(static_cast<uint8_t>(q.type));
  w.U32(static_cast<uint32_t>(q.ip_protocol));
  w.U8(static_cast<uint8_t>(q.protocol));
  w.U8(static_cast<uint8_t>(q.option));
  w.U32(q.value);
  w.U16(q.range.start);
  w.U16(q.range.count);
  w.U8(static_cast<uint8_t>(q.address.family));
  for (uint8_t b : q.address.bytes) w.U8(b);
  w.U16(q.port);
  return w.Take();
}

absl::StatusOr<Request> DecodeRequest(absl::string_view payload) {
  Reader r(payload, Kind::kRequest);
  Request q;
  const uint8_t op = r.U8("op");
  if (!KnownOp(op)) r.Fail(absl::StrCat("op ", op, " is not known"));
  q.op = static_cast<Op>(op);
  q.pid = r.U32("pid");
  q.socket = r.U64("socket");
  q.token = Token(r.U64("token"));
  q.family = r.Enum("family", AddressFamily::kInet6);
  q.type = r.Enum("socket type", SocketType::kRaw);
  q.ip_protocol = static_cast<int32_t>(r.U32("ip protocol"));
  q.protocol = r.Enum("protocol", Protocol::kUdp);
  q.option = r.Enum("option", SocketOption::kCpuAffinity);
  q.value = r.U32("value");
  q.range.start = r.U16("range start");
  q.range.count = r.U16("range count");
  q.address.family = r.Enum("address family", AddressFamily::kInet6);
  for (uint8_t& b : q.address.bytes) b = r.U8("address");
  q.port = r.U16("port");
  if (absl::Status s = r.Finish("request"); !s.ok()) return s;
  return q;
}

std::string EncodeReply(const Reply& reply) {
  Writer w(Kind::kReply);
  w.Status(reply.status);
  w.U64(reply.value);
  w.U16(reply.range.start);
  w.U16(reply.range.count);
  w.U32(static_cast<uint32_t>(reply.rows.size()));
  for (const ExcludedRange& row : reply.rows) {
    w.U16(row.start);
    w.U16(row.end);
    w.U8(row.administered ? 1 : 0);
  }
  w.Text(reply.text);
  w.U8(reply.more ? 1 : 0);
  return w.Take();
}

absl::StatusOr<Reply> DecodeReply(absl::string_view payload) {
  Reader r(payload, Kind::kReply);
  Reply reply;
  reply.status = r.Status();
  reply.value = r.U64("value");
  reply.range.start = r.U16("range start");
  reply.range.count = r.U16("range count");
  const uint32_t rows = r.U32("row count");
  // Each row is 5 bytes: a count the frame cannot hold is refused before
  // anything is allocated for it.
  if (rows > payload.size() / 5) r.Fail("row count exceeds the frame");
  for (uint32_t i = 0; i < rows && i <= payload.size() / 5; ++i) {
    ExcludedRange row;
    row.start = r.U16("row start");
    row.end = r.U16("row end");
    row.administered = r.Enum<uint8_t>("row administered", 1) != 0;
    reply.rows.push_back(row);
  }
  reply.text = r.Text("text", kMaxReplyFrame);
  reply.more = r.Enum<uint8_t>("more", 1) != 0;
  if (absl::Status s = r.Finish("reply"); !s.ok()) return s;
  return reply;
}

std::string Framed(absl::string_view payload) {
  std::string frame(4, '\0');
  const uint32_t size = static_cast<uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<char>(size >> (8 * i));
  frame.append(payload.data(), payload.size());
  return frame;
}

absl::Status WriteFrame(int fd, absl::string_view payload) {
  const std::string frame = Framed(payload);
  absl::string_view rest = frame;
  while (!rest.empty()) {
    const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::UnavailableError(
          absl::StrCat("send: ", std::strerror(errno)));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

namespace {

// OK, OUT_OF_RANGE at end of stream before any byte, DATA_LOSS after some.
absl::Status ReadExactly(int fd, char* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::recv(fd, out + done, size - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::UnavailableError(
          absl::StrCat("recv: ", std::strerror(errno)));
    }
    if (n == 0) {
      return done == 0 ? absl::OutOfRangeError("connection closed")
                       : absl::DataLossError("connection closed mid-frame");
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadFrame(int fd, uint32_t max_payload, std::string* payload) {
  unsigned char header[4];
  if (absl::Status s = ReadExactly(fd, reinterpret_cast<char*>(header), 4);
      !s.ok()) {
    return s;
  }
  const uint32_t size = uint32_t{header[0]} | uint32_t{header[1]} << 8 |
                        uint32_t{header[2]} << 16 | uint32_t{header[3]} << 24;
  if (size == 0 || size > max_payload) {
    return absl::InvalidArgumentError(absl::StrCat(
        "frame of ", size, " bytes (the limit is ", max_payload, ")"));
  }
  payload->resize(size);
  absl::Status s = ReadExactly(fd, payload->data(), size);
  if (absl::IsOutOfRange(s)) {
    return absl::DataLossError("connection closed mid-frame");
  }
  return s;
}

namespace {

using Clock = std::chrono::steady_clock;

// `from` + `d`, saturating: an infinite (or huge) duration never passes.
Clock::time_point After(Clock::time_point from, absl::Duration d) {
  if (d >= absl::Hours(24 * 365)) return Clock::time_point::max();
  return from + absl::ToChronoNanoseconds(d);
}

}  // namespace

absl::Status FrameReader::Fill(absl::Duration spin,
                               Clock::time_point deadline) {
  // Only a partial frame is left here (Read takes every whole one first):
  // moving it to the front keeps the buffer at one frame and one chunk
  // however the peer pipelines, and happens at most once per frame.
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  char chunk[4096];
  const Clock::time_point spin_until = After(Clock::now(), spin);
  bool polling = spin > absl::ZeroDuration();
  for (int i = 0;; ++i) {
    // Without a deadline recv itself sleeps: one system call, not two.
    const bool sleep_in_recv = !polling && deadline == Clock::time_point::max();
    if (!polling && !sleep_in_recv) {
      // Sleep until data arrives or the deadline passes.
      const Clock::time_point now = Clock::now();
      if (now >= deadline) {
        return absl::DeadlineExceededError("no complete frame in time");
      }
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
      const int wait_ms =
          static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      const int ready = ::poll(&p, 1, wait_ms);
      if (ready < 0 && errno != EINTR) {
        return absl::UnavailableError(
            absl::StrCat("poll: ", std::strerror(errno)));
      }
      if (ready <= 0) continue;  // EINTR, or the deadline: checked above
    }
    const ssize_t n =
        ::recv(fd_, chunk, sizeof(chunk), sleep_in_recv ? 0 : MSG_DONTWAIT);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return absl::OkStatus();
    }
    if (n == 0) {
      return buffer_.empty()
                 ? absl::OutOfRangeError("connection closed")
                 : absl::DataLossError("connection closed mid-frame");
    }
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
      if (polling && (i & 15) == 15 && Clock::now() >= spin_until) {
        polling = false;
      }
      continue;
    }
    return absl::UnavailableError(absl::StrCat("recv: ", std::strerror(errno)));
  }
}

absl::Status FrameReader::Read(uint32_t max_payload, std::string* payload,
                               const ReadLimits& limits) {
  const Clock::time_point called = Clock::now();
  const Clock::time_point whole = After(called, limits.whole);
  // When the current frame's first byte was seen: now, if it is here.
  Clock::time_point began = Clock::time_point::max();
  for (;;) {
    const absl::string_view have =
        absl::string_view(buffer_).substr(start_);
    if (!have.empty() && began == Clock::time_point::max()) {
      began = Clock::now();
    }
    if (have.size() >= 4) {
      const uint32_t size = uint32_t{static_cast<uint8_t>(have[0])} |
                            uint32_t{static_cast<uint8_t>(have[1])} << 8 |
                            uint32_t{static_cast<uint8_t>(have[2])} << 16 |
                            uint32_t{static_cast<uint8_t>(have[3])} << 24;
      if (size == 0 || size > max_payload) {
        return absl::InvalidArgumentError(absl::StrCat(
            "frame of ", size, " bytes (the limit is ", max_payload, ")"));
      }
      if (have.size() >= 4 + size) {
        payload->assign(have.data() + 4, size);
        start_ += 4 + size;
        return absl::OkStatus();
      }
    }
    const Clock::time_point deadline =
        std::min(whole, began == Clock::time_point::max()
                            ? Clock::time_point::max()
                            : After(began, limits.rest));
    if (absl::Status s = Fill(limits.spin, deadline); !s.ok()) return s;
  }
}

absl::Status WriteReply(int fd, const Reply& reply) {
  if (reply.text.size() <= kReplyTextPiece) {
    return WriteFrame(fd, EncodeReply(reply));
  }
  Reply piece = reply;
  absl::string_view text = reply.text;
  piece.text = std::string(text.substr(0, kReplyTextPiece));
  piece.more = true;
  for (;;) {
    text.remove_prefix(piece.text.size());
    piece.more = !text.empty();
    if (absl::Status s = WriteFrame(fd, EncodeReply(piece)); !s.ok()) {
      return s;
    }
    if (text.empty()) return absl::OkStatus();
    piece = Reply{.text = std::string(text.substr(0, kReplyTextPiece))};
  }
}

absl::StatusOr<Reply> ReadReply(FrameReader& reader,
                                const ReadLimits& limits) {
  std::string payload;
  if (absl::Status s = reader.Read(kMaxReplyFrame, &payload, limits);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Reply> reply = DecodeReply(payload);
  while (reply.ok() && reply->more) {
    if (absl::Status s = reader.Read(kMaxReplyFrame, &payload, limits);
        !s.ok()) {
      return s;
    }
    absl::StatusOr<Reply> piece = DecodeReply(payload);
    if (!piece.ok()) return piece.status();
    reply->text.append(piece->text);
    reply->more = piece->more;
  }
  return reply;
}

}  // namespace portres::sim::service
